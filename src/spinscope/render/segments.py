"""Cutting an analysed text into segments at every span and claim boundary.

Each segment is a maximal stretch of text covered by one fixed set of spans and claims, so a
renderer can wrap it once with everything that applies to it, and overlapping spans stay
visible. Offsets are Python string indices, exactly as in :class:`~spinscope.analysis.Span`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol


class Ranged(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    spans: tuple[int, ...]
    """Indices (into the span sequence) of the spans covering this segment, in index order."""
    claims: tuple[int, ...]
    """Indices (into the claim sequence) of the claims covering this segment, in index order."""


def _clamped(item: Ranged, length: int) -> tuple[int, int]:
    start = min(max(item.start, 0), length)
    end = min(max(item.end, start), length)
    return start, end


def segment_text(text: str, spans: Sequence[Ranged], claims: Sequence[Ranged] = ()) -> list[Segment]:
    """Split ``text`` at all boundaries of ``spans`` and ``claims``; empty ranges are ignored.

    Concatenating the ``text`` of the returned segments gives back ``text`` exactly.
    """
    length = len(text)
    span_ranges = [_clamped(s, length) for s in spans]
    claim_ranges = [_clamped(c, length) for c in claims]
    starts: dict[int, list[tuple[str, int]]] = {}
    ends: dict[int, list[tuple[str, int]]] = {}
    for kind, ranges in (("span", span_ranges), ("claim", claim_ranges)):
        for index, (start, end) in enumerate(ranges):
            if start < end:
                starts.setdefault(start, []).append((kind, index))
                ends.setdefault(end, []).append((kind, index))
    cuts = sorted({0, length, *starts, *ends})
    active: dict[str, set[int]] = {"span": set(), "claim": set()}
    segments: list[Segment] = []
    for left, right in pairwise(cuts):
        for kind, index in ends.get(left, ()):
            active[kind].discard(index)
        for kind, index in starts.get(left, ()):
            active[kind].add(index)
        segments.append(
            Segment(
                left, right, text[left:right], tuple(sorted(active["span"])), tuple(sorted(active["claim"]))
            )
        )
    return segments


def assign_lanes(spans: Sequence[Ranged]) -> tuple[int, ...]:
    """Give every span a lane (0, 1, ...) so that overlapping spans never share one.

    Greedy interval colouring in start order: a span takes the lowest lane that is free at
    its start, so the number of lanes equals the deepest overlap.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, i))
    lanes = [0] * len(spans)
    lane_free_at: list[int] = []  # lane -> offset where its current span ends
    for i in order:
        start, end = spans[i].start, spans[i].end
        for lane, free_at in enumerate(lane_free_at):
            if free_at <= start:
                lanes[i] = lane
                lane_free_at[lane] = end
                break
        else:
            lanes[i] = len(lane_free_at)
            lane_free_at.append(end)
    return tuple(lanes)


def word_count(text: str) -> int:
    """Whitespace-separated words, the unit of the 'per 1,000 words' rates."""
    return len(text.split())
