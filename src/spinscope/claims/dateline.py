"""The date line of an article: a full date on a short line near the top ("January 17, 2021",
"17 January 2021", "2021-01-17", possibly after a place: "BAKU, Jan. 17, 2021 -"). When the
caller gives no publication date, it resolves relative dates in claims ("31 years ago")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

TOP_CHARACTERS = 600
"""Only this much of the start of the text is searched."""
MAX_LINE = 60
"""A date inside a longer line, or in a line that ends a sentence, is part of a sentence."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = tuple(sorted(_MONTHS, key=len, reverse=True))
"""English month names and their abbreviations, longest first (for regular expressions)."""
_MONTH = "(?P<month>" + "|".join(MONTH_NAMES) + r")\.?"
_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


@dataclass(frozen=True, slots=True)
class DateLine:
    date: dt.date
    start: int
    end: int
    """Offsets of the date in the text."""


def find_dateline(text: str) -> DateLine | None:
    """The first full date on a short line within the first :data:`TOP_CHARACTERS`, if any."""
    top = text[:TOP_CHARACTERS]
    line_start = 0
    for line in top.splitlines(keepends=True):
        stripped = line.strip()
        if len(stripped) <= MAX_LINE and not stripped.endswith((".", "!", "?", '"', "”")):
            found = _date_in(line)
            if found is not None:
                day, start, end = found
                return DateLine(day, line_start + start, line_start + end)
        line_start += len(line)
    return None


def _date_in(line: str) -> tuple[dt.date, int, int] | None:
    for pattern in _PATTERNS:
        for match in pattern.finditer(line):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                return dt.date(int(match["year"]), number, int(match["day"])), match.start(), match.end()
            except ValueError:
                continue
    return None
