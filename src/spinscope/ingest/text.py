"""Reading text files with errors that name the file and the problem."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import BinaryIO

from spinscope.errors import InputDecodeError, InputNotFoundError, InputTooLargeError

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


DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Largest input read by default (32 MiB, about 5 million words); ``--max-input-mb`` raises it."""


def read_limited(stream: BinaryIO, source: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """All of ``stream``, or an InputTooLargeError once it passes ``max_bytes`` (never more is read)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{source}: larger than the input limit of {max_bytes / 2**20:g} MiB; "
            "raise it with --max-input-mb, or split the text"
        )
    return data


def check_regular_file(path: Path) -> None:
    """A one-line error unless ``path`` is a regular file. Looked up without opening it, so a
    FIFO that nobody writes to, a device or a socket is refused instead of read or waited on."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputNotFoundError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputNotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise InputNotFoundError(f"{path}: is a folder, expected a text file")
    if not stat.S_ISREG(mode):
        raise InputNotFoundError(
            f"{path}: not a regular file (a pipe, device or socket); to read a stream, "
            "send it to standard input and give - as the path"
        )


def read_bytes_limited(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; one-line errors otherwise."""
    check_regular_file(path)
    try:
        with path.open("rb") as fh:
            return read_limited(fh, str(path), max_bytes)
    except PermissionError as exc:
        raise InputNotFoundError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputNotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 text file exactly as stored (no newline translation)."""
    return decode_bytes(read_bytes_limited(path, max_bytes), str(path))


def read_text_source(source: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> str:
    """Read a path, or standard input when ``source`` is ``-`` (at most ``max_bytes``)."""
    if source == "-":
        return decode_bytes(read_limited(sys.stdin.buffer, "<stdin>", max_bytes), "<stdin>")
    return read_text_file(Path(source), max_bytes)
