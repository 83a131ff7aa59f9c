"""Writing output files atomically: an interrupted run never leaves a half-written file.
New files get the mode the umask gives (0644 under umask 022), as ``open`` would; a file
that exists keeps its mode; a read-only file is an error, never silently replaced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from spinscope.errors import OutputError


def _mode_for(path: Path) -> int:
    """The mode the written file gets: the existing file's, else 0666 less the umask."""
    try:
        existing = path.stat().st_mode
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if not existing & 0o222:
        raise OutputError(f"{path}: the file is read-only; remove it or choose another output file")
    return existing & 0o7777


@contextlib.contextmanager
def atomic_writer(path: Path, newline: str | None = "") -> Iterator[TextIO]:
    """Open a temporary file beside ``path``; it replaces ``path`` only if the block completes."""
    mode = _mode_for(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except PermissionError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} (permission denied)") from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)
