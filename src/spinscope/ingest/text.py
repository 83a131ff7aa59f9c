"""Reading text files with errors that name the file and the problem."""

from __future__ import annotations

import sys
from pathlib import Path

from spinscope.errors import InputDecodeError, InputNotFoundError

_BINARY_SAMPLE = 8192


def decode_bytes(data: bytes, source: str) -> str:
    """Decode UTF-8 exactly (offsets index this text); name ``source`` and byte offset on failure."""
    nul = data.find(b"\x00", 0, _BINARY_SAMPLE)
    if nul != -1:
        raise InputDecodeError(
            f"{source}: looks like a binary file (NUL byte at byte offset {nul}), not UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputDecodeError(
            f"{source}: not valid UTF-8 at byte offset {exc.start} "
            f"(byte 0x{data[exc.start]:02x}); convert the file to UTF-8 first"
        ) from exc
    return text


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file exactly as stored (no newline translation)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputNotFoundError(f"{path}: is a folder, expected a text file") from exc
    except PermissionError as exc:
        raise InputNotFoundError(f"{path}: permission denied") from exc
    return decode_bytes(data, str(path))


def read_text_source(source: str) -> str:
    """Read a path, or standard input when ``source`` is ``-``."""
    if source == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    return read_text_file(Path(source))
