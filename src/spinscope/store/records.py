"""Plain records that go into and come out of a result store."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from spinscope.analysis import Analysis

_WORD = re.compile(r"\w+")


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: together with the model version it identifies a result."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Words for rates per 1,000 words: runs of letters/digits in any script."""
    return sum(1 for _ in _WORD.finditer(text))


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One input document. ``text`` is None when the item could not be read at all."""

    key: str
    locator: str
    text: str | None
    source: str | None = None
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    text_hash: str | None = field(init=False, default=None)
    n_words: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if self.text is not None:
            object.__setattr__(self, "text_hash", text_hash(self.text))
            object.__setattr__(self, "n_words", count_words(self.text))

    def metadata(self) -> tuple[str | None, dt.date | None, str | None, str | None, str]:
        return (self.source, self.published, self.title, self.url, self.locator)


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """A document with its analysis, or with the reason it has none."""

    document: DocumentRecord
    analysis: Analysis | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.analysis is None) == (self.error is None):
            raise ValueError("an outcome has either an analysis or an error")

    @property
    def ok(self) -> bool:
        return self.analysis is not None


@dataclass(frozen=True, slots=True)
class StoredState:
    """What the store already holds for a document key under one model setting."""

    text_hash: str | None
    done: bool
    metadata: tuple[str | None, dt.date | None, str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class SettingInfo:
    """A technique model version, its threshold and the claim model: results made under
    different settings are kept apart."""

    id: int
    name: str
    version: str
    min_score: float
    claims_model: str = ""

    @property
    def label(self) -> str:
        claims = f", claims: {self.claims_model}" if self.claims_model else ""
        return f"{self.name} {self.version} (min score {self.min_score:g}{claims})"


@dataclass(frozen=True, slots=True)
class RunCounts:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class CorpusFilter:
    """Which documents a corpus query looks at; empty fields do not filter."""

    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    keyword: str | None = None
