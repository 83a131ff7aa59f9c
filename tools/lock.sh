#!/usr/bin/env bash
# Regenerates the hash-pinned lock files from pyproject.toml; run after changing a dependency.
# uv resolves for every platform and Python >= 3.11 at once (--universal) and writes plain
# requirements files that pip installs with --require-hashes (docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
common=(--universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "tools/lock.sh")
"$uv" pip compile pyproject.toml "${common[@]}" -o requirements.lock
"$uv" pip compile pyproject.toml "${common[@]}" --extra test -o requirements-test.lock
# Record which dependency declarations the locks were made from (tests/test_install.py checks it).
digest=$(python3 -c 'import hashlib, json, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(hashlib.sha256(json.dumps([p["dependencies"], p["optional-dependencies"]], sort_keys=True).encode()).hexdigest())')
for lock in requirements.lock requirements-test.lock; do
    printf '# pyproject.toml dependencies sha256: %s\n' "$digest" >> "$lock"
done
