"""Checking that spinscope treats both sides of a conflict alike: swap the names of the sides
in a text, analyse both versions, and measure how much the result changes.

A neutral tool should find the same rhetoric whether "Armenian" or "Azerbaijani" militias are
being accused: after ``swap_names`` the spans and claims of the swapped text, with the names
swapped back, should equal the original's. :func:`compare` says how far they are from that.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spinscope.analysis import Analysis
from spinscope.errors import OptionError


@dataclass(frozen=True, slots=True)
class NamePair:
    """Two names for opposite sides; every whole-word, same-case occurrence of one becomes the other."""

    first: str
    second: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where the offsets of a text land after :meth:`NameSwapper.swap_with_offsets`."""

    edits: tuple[tuple[int, int, int, int], ...]
    """(old start, old end, new start, new end) of each replaced name, in text order."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The new (start, end) of the span [start, end); a boundary inside a replaced name
        moves out to cover the whole new name."""
        return self._point(start, at_end=False), self._point(end, at_end=True)

    def _point(self, offset: int, at_end: bool) -> int:
        shift = 0
        for old_start, old_end, new_start, new_end in self.edits:
            if offset <= old_start:
                break
            if offset < old_end:
                return new_end if at_end else new_start
            shift = new_end - old_end
        return offset + shift


class NameSwapper:
    """Swaps each pair's names in a text, both ways at once (so swapping twice restores it)."""

    def __init__(self, pairs: Sequence[NamePair]) -> None:
        mapping: dict[str, str] = {}
        for pair in pairs:
            for name, other in ((pair.first, pair.second), (pair.second, pair.first)):
                if not name.strip() or name == other:
                    raise OptionError(f"name pair {pair.first!r} / {pair.second!r}: names must differ")
                if mapping.get(name, other) != other:
                    raise OptionError(f"name {name!r} is in two pairs")
                mapping[name] = other
        self._mapping = mapping
        names = sorted(mapping, key=len, reverse=True)  # longest first: "Israelis" before "Israeli"
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")

    def swap(self, text: str) -> str:
        return self.swap_with_offsets(text)[0]

    def swap_with_offsets(self, text: str) -> tuple[str, OffsetMap]:
        """The swapped text and a map from offsets in ``text`` to offsets in it."""
        pieces: list[str] = []
        edits: list[tuple[int, int, int, int]] = []
        done = shift = 0
        for match in self._pattern.finditer(text):
            other = self._mapping[match.group(0)]
            pieces += [text[done : match.start()], other]
            new_start = match.start() + shift
            edits.append((match.start(), match.end(), new_start, new_start + len(other)))
            shift += len(other) - (match.end() - match.start())
            done = match.end()
        pieces.append(text[done:])
        return "".join(pieces), OffsetMap(tuple(edits))

    def mentions(self, text: str) -> int:
        """How many names of the pairs ``text`` contains."""
        return sum(1 for _ in self._pattern.finditer(text))


DEFAULT_PAIRS: tuple[NamePair, ...] = (
    NamePair("Armenia", "Azerbaijan"),
    NamePair("Armenian", "Azerbaijani"),
    NamePair("Armenians", "Azerbaijanis"),
    NamePair("Israel", "Palestine"),
    NamePair("Israeli", "Palestinian"),
    NamePair("Israelis", "Palestinians"),
    NamePair("Russia", "Ukraine"),
    NamePair("Russian", "Ukrainian"),
    NamePair("Russians", "Ukrainians"),
    NamePair("India", "Pakistan"),
    NamePair("Indian", "Pakistani"),
    NamePair("Democrats", "Republicans"),
    NamePair("Democratic", "Republican"),
    NamePair("liberals", "conservatives"),
    NamePair("liberal", "conservative"),
    NamePair("Trump", "Clinton"),
)
"""Opposite sides of conflicts and of politics often found in English news."""

CONTROL_PAIRS: tuple[NamePair, ...] = (
    NamePair("Monday", "Tuesday"),
    NamePair("Wednesday", "Thursday"),
    NamePair("Friday", "Sunday"),
    NamePair("January", "February"),
    NamePair("March", "April"),
    NamePair("June", "July"),
    NamePair("September", "October"),
    NamePair("November", "December"),
)
"""Pairs that carry no side: how much a neutral change of wording alone moves the results."""

UNSEEN_PAIRS: tuple[NamePair, ...] = (
    NamePair("Obama", "Bush"),
    NamePair("Muslim", "Christian"),
    NamePair("Muslims", "Christians"),
    NamePair("Catholic", "Protestant"),
    NamePair("Catholics", "Protestants"),
    NamePair("Iran", "Iraq"),
    NamePair("Iranian", "Iraqi"),
    NamePair("Kurds", "Turks"),
    NamePair("Kurdish", "Turkish"),
)
"""Opposite sides that training with ``--swap-sides`` never swaps (it swaps
:data:`DEFAULT_PAIRS`): whether a model trained to ignore some names ignores others too."""


def parse_pair(value: str) -> NamePair:
    """``"Armenian=Azerbaijani"`` -> NamePair; a clear error otherwise."""
    first, sep, second = value.partition("=")
    if not sep or not first.strip() or not second.strip():
        raise OptionError(f"name pair {value!r}: write it as NAME=OTHER, e.g. Armenian=Azerbaijani")
    return NamePair(first.strip(), second.strip())


@dataclass(frozen=True, slots=True)
class Agreement:
    """How alike two analyses are once the names are swapped back (1.0: identical)."""

    spans: float
    """Dice overlap of the (span text, technique) multisets."""
    span_places: float
    """Dice overlap of the span texts alone, whatever the technique."""
    claims: float
    """Dice overlap of the claim sentences."""
    span_score_change: float
    """Mean absolute score change over the spans found in both versions (0.0 when none)."""
    claim_score_change: float
    """Mean absolute score change over the claims found in both versions (0.0 when none)."""
    spans_original: int
    spans_swapped: int
    only_original: tuple[tuple[str, str], ...] = ()
    """(span text, technique) found only in the original text."""
    only_swapped: tuple[tuple[str, str], ...] = ()
    """(span text with the names swapped back, technique) found only in the swapped text."""


Key = TypeVar("Key", bound=Hashable)


def dice(a: Counter[Key], b: Counter[Key]) -> float:
    """2 |A ∩ B| / (|A| + |B|) for multisets; 1.0 when both are empty."""
    total = sum(a.values()) + sum(b.values())
    return 1.0 if total == 0 else 2 * sum((a & b).values()) / total


def mean_score_change(a: dict[object, list[float]], b: dict[object, list[float]]) -> float:
    """Mean |difference| over keys in both, scores of one key paired in sorted order."""
    changes = [
        abs(x - y)
        for key in a.keys() & b.keys()
        for x, y in zip(sorted(a[key]), sorted(b[key]), strict=False)
    ]
    return sum(changes) / len(changes) if changes else 0.0


def _scores(items: Iterable[tuple[object, float]]) -> dict[object, list[float]]:
    out: dict[object, list[float]] = {}
    for key, score in items:
        out.setdefault(key, []).append(score)
    return out


def compare(original: Analysis, swapped: Analysis, swapper: NameSwapper) -> Agreement:
    """Agreement of ``original`` with ``swapped`` (the analysis of the name-swapped text), after
    swapping the names in the swapped analysis's span and claim texts back."""
    back = swapper.swap
    scored_a = [((s.text, s.technique), s.score) for s in original.spans]
    scored_b = [((back(s.text), s.technique), s.score) for s in swapped.spans]  # each text swapped once
    claims_a = [(c.text, c.score) for c in original.claims]
    claims_b = [(back(c.text), c.score) for c in swapped.claims]
    spans_a, spans_b = Counter(key for key, _ in scored_a), Counter(key for key, _ in scored_b)
    return Agreement(
        spans=dice(spans_a, spans_b),
        span_places=dice(
            Counter(text for text, _ in spans_a.elements()), Counter(text for text, _ in spans_b.elements())
        ),
        claims=dice(Counter(text for text, _ in claims_a), Counter(text for text, _ in claims_b)),
        span_score_change=mean_score_change(_scores(scored_a), _scores(scored_b)),
        claim_score_change=mean_score_change(_scores(claims_a), _scores(claims_b)),
        spans_original=len(original.spans),
        spans_swapped=len(swapped.spans),
        only_original=tuple(sorted((spans_a - spans_b).elements())),
        only_swapped=tuple(sorted((spans_b - spans_a).elements())),
    )


def probe(
    texts: Sequence[str], swapper: NameSwapper, analyze_many: Callable[[list[str]], list[Analysis]]
) -> list[Agreement]:
    """Analyse every text that mentions a name of the pairs, original and swapped, and compare."""
    swaps = [(text, swapper.swap(text)) for text in texts]
    chosen = [(text, swapped) for text, swapped in swaps if swapped != text]
    results = analyze_many([text for text, _ in chosen] + [swapped for _, swapped in chosen])
    n = len(chosen)
    return [compare(results[i], results[n + i], swapper) for i in range(n)]
