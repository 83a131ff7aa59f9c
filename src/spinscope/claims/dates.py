"""Normalising date expressions to ISO 8601, and the publication date they may be relative to.

"January 19, 1990" -> ``1990-01-19``, "January 1990" -> ``1990-01``, "1990" -> ``1990``. A
relative expression ("31 years ago", "last Monday", "19 January" without a year) is
resolved only against the publication date the caller gives; without one its value is
None. Parsing uses dateparser (English only, offline).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from spinscope.claims.dateline import MONTH_NAMES
from spinscope.errors import PublishedDateError

__all__ = ["DateNormaliser", "PublishedDate", "PublishedDateError", "parse_published", "published_per_text"]

# Two far-apart reference dates: an expression whose value changes with the reference is relative.
_PROBE_BASES = (datetime(2003, 3, 11, 12, 0), datetime(2017, 9, 23, 12, 0))
_DECADE_OR_CENTURY = re.compile(r"\d0s\b|\d0's\b|\bcentur(?:y|ies)\b|\bdecades?\b|\bmillenni", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d\b")
_ISO_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?")
_DATE_LIKE = re.compile(
    r"\d|\b(?:"
    + "|".join(MONTH_NAMES)
    + r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    + r"|today|tonight|yesterday|tomorrow|now|ago|days?|weeks?|fortnights?|months?|years?"
    + r"|hours?|minutes?|secs?|seconds?|morning|afternoon|evening|night|noon|midnight)\b",
    re.IGNORECASE,
)
"""What every expression dateparser resolves contains: a digit, a month or weekday, or a word of
time. spaCy's DATE mentions without one ("daily", "annual", "last summer", "Christmas") are
not dates worth reporting and skip dateparser."""


def parse_published(value: str | date | None) -> date | None:
    """The publication date as a :class:`date`; strings must be ISO 8601 (YYYY-MM-DD, a time part
    after it is allowed and ignored)."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    if _ISO_PUBLISHED.fullmatch(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError as exc:
            raise PublishedDateError(f"publication date {value!r} is not a valid date: {exc}") from exc
    raise PublishedDateError(
        f"publication date {value!r} is not an ISO 8601 date; write it as YYYY-MM-DD, e.g. 2021-01-17"
    )


PublishedDate = str | date | None
"""A publication date as callers give it: ISO 8601 text, a date, or None (unknown)."""


def published_per_text(published: PublishedDate | Sequence[PublishedDate], count: int) -> list[date | None]:
    """One parsed publication date per text: a single value applies to all ``count`` texts; a
    sequence (list, tuple) gives each text its own and must have ``count`` entries."""
    if published is None or isinstance(published, str | date):
        return [parse_published(published)] * count
    if len(published) != count:
        raise PublishedDateError(
            f"{len(published)} publication dates for {count} texts: give one per text, or a single date"
        )
    return [parse_published(value) for value in published]


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: datetime
    period: str
    """dateparser's precision: 'year', 'month', 'week', 'day' or 'time'."""


@dataclass(slots=True)
class DateNormaliser:
    """Turns date expressions into ISO 8601 strings; keeps one dateparser parser per reference date."""

    _parsers: dict[datetime, Any] = field(default_factory=dict)

    def _parse(self, text: str, base: datetime) -> ParsedDate | None:
        parser = self._parsers.get(base)
        if parser is None:
            from dateparser.date import DateDataParser

            parser = DateDataParser(
                languages=["en"],
                settings={
                    "RELATIVE_BASE": base,
                    "PREFER_DAY_OF_MONTH": "first",
                    "RETURN_AS_TIMEZONE_AWARE": False,
                },
            )
            self._parsers[base] = parser
        data = parser.get_date_data(text)
        if data.date_obj is None:
            return None
        return ParsedDate(data.date_obj, data.period or "day")

    def _probe(self, text: str) -> ParsedDate | None:
        """``text`` read against the first probe date; dateparser runs on date-like text only."""
        return self._parse(text, _PROBE_BASES[0]) if _DATE_LIKE.search(text) else None

    def read(self, text: str, published: date | None = None) -> tuple[bool, str | None]:
        """(:meth:`is_date`, :meth:`normalise`) of ``text``, parsing it once per reference date."""
        if _DECADE_OR_CENTURY.search(text):
            return _is_date(text, None), None
        probe = self._probe(text)
        found = _is_date(text, probe)
        squeezed = " ".join(text.split())
        if not found or not squeezed:
            return found, None
        return found, self._value(squeezed, probe if squeezed == text else self._probe(squeezed), published)

    def is_date(self, text: str) -> bool:
        """Whether ``text`` is a date expression worth reporting (resolvable or naming a year)."""
        return _is_date(text, None if _DECADE_OR_CENTURY.search(text) else self._probe(text))

    def normalise(self, text: str, published: date | None = None) -> str | None:
        """ISO 8601 value of ``text`` at its own precision, or None when it cannot be resolved
        (a relative expression without a publication date, a decade, a vague phrase)."""
        text = " ".join(text.split())
        if not text or _DECADE_OR_CENTURY.search(text):
            return None
        return self._value(text, self._probe(text), published)

    def _value(self, text: str, first: ParsedDate | None, published: date | None) -> str | None:
        """The value of ``text`` (whitespace squeezed), given its reading ``first`` against the
        first probe date: fixed when both probe dates read it alike, else relative to
        ``published``."""
        if first is None:
            return None
        second = self._parse(text, _PROBE_BASES[1])
        if second is None:
            return None
        if iso_value(first) == iso_value(second):
            return iso_value(first)
        if published is None:
            return None
        resolved = self._parse(text, datetime(published.year, published.month, published.day, 12, 0))
        return iso_value(resolved) if resolved is not None else None


def _is_date(text: str, probe: ParsedDate | None) -> bool:
    """A decade or century counts when it names years ("the 1990s"); anything else when it
    resolves (``probe``) or names a year."""
    if _DECADE_OR_CENTURY.search(text):
        return bool(_YEAR.search(text) or re.search(r"\d0s\b", text))
    return probe is not None or bool(_YEAR.search(text))


def iso_value(parsed: ParsedDate) -> str:
    d = parsed.value
    if parsed.period == "year":
        return f"{d.year:04d}"
    if parsed.period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if parsed.period == "week":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
