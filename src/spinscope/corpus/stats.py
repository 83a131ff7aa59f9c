"""Technique and claim rates per 1,000 words, for a whole corpus or per group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from spinscope.corpus.profiles import CorpusProfiles

PER_WORDS = 1000.0


def rate(count: float, words: float) -> float:
    """Occurrences per 1,000 words (NaN when there are no words)."""
    return PER_WORDS * count / words if words > 0 else float("nan")


@dataclass(frozen=True, slots=True)
class GroupRates:
    group: tuple[str, ...]
    documents: int
    words: int
    spans: int
    claims: int
    technique_rates: tuple[float, ...]
    """Spans per 1,000 words, in the order of :attr:`RateTable.techniques`."""

    @property
    def span_rate(self) -> float:
        return rate(self.spans, self.words)

    @property
    def claim_rate(self) -> float:
        return rate(self.claims, self.words)


@dataclass(frozen=True, slots=True)
class RateTable:
    by: tuple[str, ...]
    techniques: tuple[str, ...]
    rows: tuple[GroupRates, ...]
    total: GroupRates

    def group_label(self, row: GroupRates) -> str:
        return " · ".join(row.group) if row.group else "all documents"


def _group_rates(group: tuple[str, ...], p: CorpusProfiles, idx: np.ndarray) -> GroupRates:
    words = float(p.words[idx].sum())
    counts = p.counts[idx].sum(axis=0) if len(idx) else np.zeros(len(p.techniques))
    return GroupRates(
        group=group,
        documents=len(idx),
        words=int(words),
        spans=int(counts.sum()),
        claims=int(p.claims[idx].sum()),
        technique_rates=tuple(rate(float(c), words) for c in counts),
    )


def rate_table(profiles: CorpusProfiles, by: Sequence[str] = ()) -> RateTable:
    """Rates for each group (sorted by group name; undated / unsourced last) and overall."""
    by = tuple(by)
    everything = np.arange(len(profiles))
    rows: list[GroupRates] = []
    if by:
        members: dict[tuple[str, ...], list[int]] = {}
        for i, key in enumerate(profiles.group_keys(by)):
            members.setdefault(key, []).append(i)
        for key in sorted(members, key=lambda k: tuple((part.startswith("("), part) for part in k)):
            rows.append(_group_rates(key, profiles, np.array(members[key], dtype=np.int64)))
    return RateTable(by, profiles.techniques, tuple(rows), _group_rates((), profiles, everything))
