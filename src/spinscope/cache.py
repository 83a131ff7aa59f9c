"""Where spinscope keeps files it derives once and reuses between runs (the place-name
gazetteer, int8 models rewritten for the CPU), and how it writes them safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "SPINSCOPE_CACHE"
"""Environment variable: the folder for files spinscope derives and keeps between runs."""


def cache_home() -> Path:
    """$SPINSCOPE_CACHE, else $XDG_CACHE_HOME/spinscope, else ~/.cache/spinscope."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spinscope"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as fh:
        fh.write(data)
    try:
        os.replace(fh.name, path)
    except OSError:
        Path(fh.name).unlink(missing_ok=True)
        raise
