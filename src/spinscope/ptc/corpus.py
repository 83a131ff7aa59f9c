"""Reading and writing SemEval-2020 Task 11 (PTC) files.

This is the only place where PTC label strings meet spinscope's technique ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import InputFormatError, InputNotFoundError
from spinscope.ingest.text import read_text_file
from spinscope.techniques import TECHNIQUES

_ARTICLE_NAME = re.compile(r"^article(?P<id>[^.]+)\.txt$")


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One row of a PTC label file; ``technique`` is a spinscope id or None (SI rows)."""

    article_id: str
    start: int
    end: int
    technique: str | None = None


def article_id_from_path(path: Path) -> str:
    match = _ARTICLE_NAME.match(path.name)
    if match:
        return match.group("id")
    return path.stem


def iter_articles(articles_dir: Path, ids: Iterable[str] | None = None) -> Iterator[Article]:
    """Yield the articles of a folder of ``articleID.txt`` files, sorted by id."""
    if not articles_dir.is_dir():
        raise InputNotFoundError(f"{articles_dir}: no such folder of articles")
    wanted = set(ids) if ids is not None else None
    paths = sorted(articles_dir.glob("*.txt"), key=article_id_from_path)
    if not paths:
        raise InputFormatError(f"{articles_dir}: folder holds no .txt articles")
    for path in paths:
        article_id = article_id_from_path(path)
        if wanted is not None and article_id not in wanted:
            continue
        yield Article(article_id, read_text_file(path))


def _label_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".labels")
        if not files:
            raise InputFormatError(f"{path}: folder holds no .labels files")
        return files
    if path.is_file():
        return [path]
    raise InputNotFoundError(f"{path}: no such label file or folder")


def read_labels(path: Path) -> list[LabelRow]:
    """Read SI rows (``id start end``) or TC rows (``id technique start end``).

    ``path`` is a file or a folder of ``.labels`` files. TC rows whose technique column is
    not a PTC label (e.g. a placeholder such as ``?``) are read with ``technique=None``.
    """
    rows: list[LabelRow] = []
    for file in _label_files(path):
        for lineno, line in enumerate(read_text_file(file).splitlines(), start=1):
            if not line.strip():
                continue
            rows.append(_parse_row(line, file, lineno))
    return rows


def _parse_row(line: str, file: Path, lineno: int) -> LabelRow:
    cols = line.rstrip("\r\n").split("\t")
    try:
        if len(cols) == 3:
            article_id, start, end = cols
            technique = None
        elif len(cols) == 4:
            article_id, label, start, end = cols
            technique = _technique_or_none(label)
        else:
            raise ValueError(f"expected 3 or 4 tab-separated columns, found {len(cols)}")
        row = LabelRow(article_id, int(start), int(end), technique)
    except ValueError as exc:
        raise InputFormatError(f"{file}:{lineno}: {exc}") from exc
    if not 0 <= row.start <= row.end:
        raise InputFormatError(f"{file}:{lineno}: span {row.start}-{row.end} is not a valid range")
    return row


def _technique_or_none(label: str) -> str | None:
    for technique in TECHNIQUES:
        if technique.ptc_label == label:
            return technique.id
    return None


def format_si_row(row: LabelRow) -> str:
    return f"{row.article_id}\t{row.start}\t{row.end}"


def format_tc_row(row: LabelRow) -> str:
    if row.technique is None:
        raise InputFormatError(f"row {row} has no technique to write")
    label = TECHNIQUES[row.technique].ptc_label
    return f"{row.article_id}\t{label}\t{row.start}\t{row.end}"


def gold_by_article(rows: Iterable[LabelRow]) -> dict[str, list[LabelRow]]:
    out: dict[str, list[LabelRow]] = {}
    for row in rows:
        out.setdefault(row.article_id, []).append(row)
    return out
