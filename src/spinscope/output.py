"""Writing output files atomically: an interrupted run never leaves a half-written file.
New files get the mode the umask gives (0644 under umask 022), as ``open`` would; a file
that exists keeps its mode; a read-only file is an error, never silently replaced."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from spinscope.errors import OutputError

try:
    import fcntl
except ImportError:  # not POSIX: abandoned temporary files are not swept
    fcntl = None  # type: ignore[assignment]


def _mode_for(path: Path) -> int:
    """The mode the written file gets: the existing file's, else 0666 less the umask."""
    try:
        existing = path.stat().st_mode
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if stat.S_ISDIR(existing):
        raise OutputError(f"{path}: is a folder; give a file name, such as {path / 'result.txt'}")
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
    held = _hold(fd)
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
    finally:
        os.close(held)
    _remove_abandoned(path)


def _hold(fd: int) -> int:
    """Mark a temporary file as being written, until the returned descriptor is closed (after
    the rename); a writer that was killed no longer holds its file."""
    held = os.dup(fd)
    if fcntl is not None:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return held


def _remove_abandoned(path: Path) -> None:
    """Delete temporary files of ``path`` left by writers that were killed (``kill -9`` during
    the write); files that a live writer holds are left alone."""
    if fcntl is None:
        return
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            part.unlink(missing_ok=True)
        except OSError:  # held by a writer at work
            pass
        finally:
            os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)
