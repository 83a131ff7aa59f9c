"""Finding quoted speech: character ranges of quotations, and marking what lies inside them.

Recognised: curly “…” and ‘…’, guillemets «…» ‹…› (and the reversed »…« ›…‹ order used in
German and Danish), German/Polish „…“ „…” ‚…‘, CJK 「…」 『…』, and straight "…" and '…'
where pairing is unambiguous. Block quotes of HTML input come from the HTML extraction
as ranges and are merged in with :func:`mark_quoted`. Ranges include the quote marks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spinscope.analysis import Analysis

QuoteRange = tuple[int, int]

# (opening mark, closing mark): pairs whose marks are distinct characters.
_PAIRS: tuple[tuple[str, str], ...] = (
    ("“", "”"),
    ("„", "“"),
    ("„", "”"),
    ("「", "」"),
    ("『", "』"),
    ("‚", "‘"),
)
# Guillemets point either way: «French» or »German«; the first one in a paragraph decides.
_GUILLEMETS: tuple[tuple[str, str], ...] = (("«", "»"), ("‹", "›"))
_CURLY_SINGLE = re.compile("[‘’]")
_PARAGRAPH_BREAK = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)|[\u2029]")


def find_quote_ranges(text: str) -> list[QuoteRange]:
    """Ranges [start, end) of the quotations in ``text``, marks included, sorted and merged."""
    ranges: list[QuoteRange] = []
    for start, end in _paragraphs(text):
        ranges.extend(_paired_marks(text, start, end))
        ranges.extend(_curly_single(text, start, end))
        ranges.extend(_straight(text, start, end, '"'))
        ranges.extend(_straight(text, start, end, "'"))
    return merge_ranges(ranges)


def merge_ranges(ranges: Iterable[QuoteRange]) -> list[QuoteRange]:
    """Sorted union of ranges (overlapping or nested ranges become one)."""
    merged: list[list[int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


CLAIM_QUOTED_SHARE = 0.5
"""A claim counts as quoted when more than this share of its characters lies inside quotations."""


def quoted_share(start: int, end: int, ranges: Sequence[QuoteRange]) -> float:
    """Share of the characters of [start, end) inside ``ranges`` (sorted and merged)."""
    if end <= start:
        return 0.0
    first = max(bisect.bisect_right(ranges, (start, start)) - 1, 0)
    inside = 0
    for r_start, r_end in ranges[first:]:
        if r_start >= end:
            break
        inside += max(0, min(end, r_end) - max(start, r_start))
    return inside / (end - start)


def span_is_quoted(start: int, end: int, ranges: Sequence[QuoteRange]) -> bool:
    """A technique span is quoted when it lies wholly inside one quotation."""
    return quoted_share(start, end, ranges) >= 1.0


def claim_is_quoted(start: int, end: int, ranges: Sequence[QuoteRange]) -> bool:
    """A claim sentence is quoted when most of it is quoted speech ('"...," she said.' counts)."""
    return quoted_share(start, end, ranges) > CLAIM_QUOTED_SHARE


def mark_quoted(analysis: Analysis, ranges: Iterable[QuoteRange]) -> Analysis:
    """Set ``quoted`` on the spans and claims of ``analysis`` that lie inside ``ranges`` (for
    example the character ranges of HTML block quotes); flags already set stay set."""
    merged = merge_ranges(ranges)
    if not merged:
        return analysis
    spans = tuple(
        s if s.quoted else replace(s, quoted=span_is_quoted(s.start, s.end, merged)) for s in analysis.spans
    )
    claims = tuple(
        c if c.quoted else replace(c, quoted=claim_is_quoted(c.start, c.end, merged)) for c in analysis.claims
    )
    return replace(analysis, spans=spans, claims=claims)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out


def _paired_marks(text: str, start: int, end: int) -> list[QuoteRange]:
    """Quotations delimited by distinct opening and closing marks; nesting is allowed, an
    opening mark without its closing mark in the paragraph is ignored."""
    paragraph = text[start:end]
    # where „ opens, “ closes: it must not also open an English-style quotation
    pairs = [p for p in _PAIRS if not ("„" in paragraph and p == ("“", "”"))]
    for left, right in _GUILLEMETS:
        first_left, first_right = paragraph.find(left), paragraph.find(right)
        if first_left == -1 and first_right == -1:
            continue
        reversed_order = first_left == -1 or (first_right != -1 and first_right < first_left)
        pairs.append((right, left) if reversed_order else (left, right))
    out: list[QuoteRange] = []
    for opener, closer in pairs:
        if opener not in paragraph:
            continue
        stack: list[int] = []
        for match in re.compile(f"[{opener}{closer}]").finditer(text, start, end):
            i = match.start()
            if text[i] == opener:
                stack.append(i)
            elif stack:
                out.append((stack.pop(), i + 1))
    return out


def _curly_single(text: str, start: int, end: int) -> list[QuoteRange]:
    """‘…’: the closing ’ is also the apostrophe, so it closes only when not between letters."""
    out: list[QuoteRange] = []
    stack: list[int] = []
    for match in _CURLY_SINGLE.finditer(text, start, end):
        i, ch = match.start(), match.group()
        if ch == "‘" and not _alnum_at(text, i - 1):
            stack.append(i)
        elif ch == "’" and stack and not (_alnum_at(text, i - 1) and _alnum_at(text, i + 1)):
            out.append((stack.pop(), i + 1))
    return out


def _straight(text: str, start: int, end: int, mark: str) -> list[QuoteRange]:
    """Straight quotes: an opening mark follows a space, a bracket, a dash or the paragraph start
    and precedes a non-space; a closing mark follows a non-space and precedes a space, a
    punctuation mark or the end. A pair counts only when exactly one closing candidate lies
    between an opening mark and the next one (otherwise the pairing is ambiguous)."""
    openers: list[int] = []
    closers: list[int] = []
    for match in re.compile(mark).finditer(text, start, end):
        i = match.start()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        can_open = (before.isspace() or before in "([{—–-/") and not after.isspace()
        can_close = not before.isspace() and (after.isspace() or _is_punct(after))
        if mark == "'":
            can_open = can_open and not after.isdigit()  # '90s
            can_close = can_close and not (before.isalpha() and after.isalpha())
        if can_open and not can_close:
            openers.append(i)
        elif can_close and not can_open:
            closers.append(i)
    out: list[QuoteRange] = []
    for k, opening in enumerate(openers):
        limit = openers[k + 1] if k + 1 < len(openers) else end
        first = bisect.bisect_right(closers, opening)  # closers are in text order
        between = bisect.bisect_left(closers, limit) - first
        if (mark == '"' and between) or between == 1:
            out.append((opening, closers[first] + 1))
    return out


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()
