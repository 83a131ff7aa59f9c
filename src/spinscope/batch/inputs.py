"""Reading a corpus: a folder of .txt/.html files, a JSONL file or a CSV file.

Every item of the input comes out either as a :class:`DocumentRecord` or as a
:class:`ReadFailure` that says why it could not be read, so that nothing is lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spinscope.errors import InputDecodeError, InputFormatError, InputNotFoundError, SpinscopeError
from spinscope.ingest.html import extract_page
from spinscope.ingest.text import (
    DEFAULT_MAX_INPUT_BYTES,
    check_regular_file,
    decode_bytes,
    read_bytes_limited,
)
from spinscope.store.records import DocumentRecord

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
FIELDS = ("id", "text", "source", "published", "url", "title")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input item that could not be read; ``document.text`` is None."""

    document: DocumentRecord
    reason: str


InputItem = DocumentRecord | ReadFailure


class InputSource(Protocol):
    @property
    def description(self) -> str: ...

    def count(self) -> int:
        """How many items iterating will yield (documents plus read failures)."""
        ...

    def __iter__(self) -> Iterator[InputItem]: ...


def open_input(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> InputSource:
    """The reader for ``path``: a folder, a ``.jsonl`` file or a ``.csv`` file. ``max_bytes``
    bounds each document (a file of the folder, a JSONL line, a CSV field)."""
    if path.is_dir():
        return FolderInput(path, max_bytes)
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file or folder")
    check_regular_file(path)  # a FIFO or device is refused, never waited on
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return JsonlInput(path, max_bytes)
    if suffix == ".csv":
        return CsvInput(path, max_bytes)
    raise InputFormatError(
        f"{path}: unsupported input; give a folder of .txt/.html files, a .jsonl file or a .csv file"
    )


# ---------------------------------------------------------------- record validation


def _check_unicode(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputFormatError(f"{what} is not valid Unicode (lone surrogate at index {exc.start})") from exc


def _optional_str(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputFormatError(f"'{name}' must be a string, not {type(value).__name__}")
    _check_unicode(value, f"'{name}'")
    return value


def parse_published(value: str) -> dt.date:
    """An ISO 8601 date or date-time (only the date is kept)."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise InputFormatError(
            f"'published' is not an ISO 8601 date: {value!r} (expected e.g. 2024-03-05)"
        ) from exc


def _record_key(record: Mapping[str, Any], locator: str) -> str:
    value = record.get("id")
    if value is None or value == "":
        return locator
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputFormatError(f"'id' must be a string or an integer, not {type(value).__name__}")
    key = str(value)
    _check_unicode(key, "'id'")
    return key


def document_from_record(record: Mapping[str, Any], locator: str) -> InputItem:
    """A document from one JSONL object or CSV row, or a failure naming the problem.
    Items without an id are keyed by their locator (file and line)."""
    try:
        key = _record_key(record, locator)
    except InputFormatError as exc:
        return _failure(locator, locator, exc.message)
    try:
        text = record.get("text")
        if not isinstance(text, str):
            found = "missing" if text is None else f"a {type(text).__name__}"
            raise InputFormatError(f"'text' must be a string ({found})")
        _check_unicode(text, "'text'")
        published_raw = _optional_str(record, "published")
        return DocumentRecord(
            key=key,
            locator=locator,
            text=text,
            source=_optional_str(record, "source"),
            published=parse_published(published_raw) if published_raw else None,
            title=_optional_str(record, "title"),
            url=_optional_str(record, "url"),
        )
    except InputFormatError as exc:
        return _failure(key, locator, exc.message)


def _failure(key: str, locator: str, reason: str) -> ReadFailure:
    return ReadFailure(DocumentRecord(key=key, locator=locator, text=None), f"{locator}: {reason}")


# ---------------------------------------------------------------- folder


@dataclass(frozen=True, slots=True)
class FolderInput:
    """``.txt`` and ``.html`` files under a folder, in sorted order. A document's id is its
    path relative to the folder; its source is the name of its first sub-folder, if any."""

    root: Path
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    @property
    def description(self) -> str:
        return f"folder {self.root}"

    def files(self) -> Iterator[Path]:
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES:
                yield path

    def count(self) -> int:
        return sum(1 for _ in self.files())

    def __iter__(self) -> Iterator[InputItem]:
        for path in self.files():
            yield self._read(path)

    def _read(self, path: Path) -> InputItem:
        relative = path.relative_to(self.root)
        key = relative.as_posix()
        source = relative.parts[0] if len(relative.parts) > 1 else None
        try:
            data = read_bytes_limited(path, self.max_bytes)
        except SpinscopeError as exc:
            return _failure(key, key, exc.message)
        if path.suffix.lower() in HTML_SUFFIXES:
            try:
                page = extract_page(data)
            except Exception as exc:  # trafilatura and lxml raise many types on broken pages
                return _failure(key, key, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
            if page is None:
                return _failure(key, key, "no article text found in the HTML page")
            return DocumentRecord(key, key, page.text, source, page.published, page.title)
        try:
            text = decode_bytes(data, key)
        except InputDecodeError as exc:
            return ReadFailure(DocumentRecord(key=key, locator=key, text=None, source=source), exc.message)
        return DocumentRecord(key, key, text, source)


# ---------------------------------------------------------------- JSONL


@dataclass(frozen=True, slots=True)
class JsonlInput:
    """One JSON object per line: ``{"id", "text", "source"?, "published"?, "url"?, "title"?}``.
    Blank lines are ignored; a line that cannot be read becomes a failure for that line."""

    path: Path
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    @property
    def description(self) -> str:
        return f"JSONL file {self.path}"

    def _lines(self) -> Iterator[tuple[int, bytes | None]]:
        """(line number, line) of the non-blank lines; None for a line over the size limit
        (read no further than the limit, the rest of it skipped)."""
        try:
            with self.path.open("rb") as fh:
                number = 0
                while line := fh.readline(self.max_bytes + 1):
                    number += 1
                    if len(line) > self.max_bytes and not line.endswith(b"\n"):
                        while (rest := fh.readline(2**20)) and not rest.endswith(b"\n"):
                            pass
                        yield number, None
                    elif line.strip():
                        yield number, line
        except OSError as exc:
            raise InputNotFoundError(f"{self.path}: cannot read: {exc.strerror or exc}") from exc

    def count(self) -> int:
        return sum(1 for _ in self._lines())

    def __iter__(self) -> Iterator[InputItem]:
        for number, line in self._lines():
            yield self._parse(number, line)

    def _parse(self, number: int, line: bytes | None) -> InputItem:
        locator = f"{self.path.name}:{number}"
        if line is None:
            limit = f"{self.max_bytes / 2**20:g} MiB"
            return _failure(locator, locator, f"line longer than the input limit of {limit} (--max-input-mb)")
        try:
            decoded = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            return _failure(locator, locator, f"not valid UTF-8 at byte {exc.start} of the line")
        try:
            record = json.loads(decoded)
        except json.JSONDecodeError as exc:
            reason = exc.msg.removesuffix(" at")  # json says "Unterminated string starting at"
            return _failure(locator, locator, f"not valid JSON ({reason} at column {exc.colno})")
        if not isinstance(record, dict):
            return _failure(locator, locator, f"expected a JSON object, found {type(record).__name__}")
        return document_from_record(record, locator)


# ---------------------------------------------------------------- CSV


@dataclass(frozen=True, slots=True)
class CsvInput:
    """A CSV file (UTF-8, comma-separated, header row) with a ``text`` column and optional
    ``id``, ``source``, ``published``, ``url`` and ``title`` columns; other columns are ignored."""

    path: Path
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    @property
    def description(self) -> str:
        return f"CSV file {self.path}"

    def _rows(self) -> Iterator[tuple[int, dict[str, str | None]]]:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1, self.max_bytes))
        row_number = 0
        try:
            with self.path.open("r", encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                if reader.fieldnames is None:
                    raise InputFormatError(f"{self.path}: empty CSV file (no header row)")
                if "text" not in reader.fieldnames:
                    columns = ", ".join(reader.fieldnames)
                    raise InputFormatError(f"{self.path}: no 'text' column (columns: {columns})")
                for row_number, row in enumerate(reader, start=1):
                    yield row_number, {k: v for k, v in row.items() if k in FIELDS}
        except UnicodeDecodeError as exc:
            raise InputDecodeError(
                f"{self.path}: not valid UTF-8 after data row {row_number}; convert the file to UTF-8 first"
            ) from exc
        except csv.Error as exc:
            raise InputFormatError(f"{self.path}: malformed CSV after data row {row_number}: {exc}") from exc
        except OSError as exc:
            raise InputNotFoundError(f"{self.path}: cannot read: {exc.strerror or exc}") from exc

    def count(self) -> int:
        return sum(1 for _ in self._rows())

    def __iter__(self) -> Iterator[InputItem]:
        for number, row in self._rows():
            locator = f"{self.path.name}:row {number}"
            if row.get("text") is None:
                yield _failure(_row_key(row, locator), locator, "row has fewer fields than the header")
            else:
                yield document_from_record(row, locator)


def _row_key(row: Mapping[str, Any], locator: str) -> str:
    value = row.get("id")
    return value if isinstance(value, str) and value else locator


__all__ = [
    "CsvInput",
    "FolderInput",
    "InputItem",
    "InputSource",
    "JsonlInput",
    "ReadFailure",
    "document_from_record",
    "open_input",
]
