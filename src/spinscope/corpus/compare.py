"""Two technique profiles side by side: which techniques' rates differ most, with
bootstrap intervals over documents and Holm-adjusted significance."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spinscope.corpus.bootstrap import bootstrap_rate_difference, holm_adjust
from spinscope.corpus.profiles import CorpusProfiles, align
from spinscope.corpus.stats import rate
from spinscope.errors import ComparisonError
from spinscope.store.reader import ExampleSpan

MIN_DOCUMENTS = 2
SIGNIFICANCE = 0.05
DEFAULT_RESAMPLES = 2000
"""Resamples of the command line and the web app alike: same data and seed, same intervals."""
MIN_RESAMPLES = 1000
"""Fewer resamples cannot give a Holm-adjusted p below 0.05 over 14 techniques (the
smallest bootstrap p-value is 2 / (resamples + 1))."""
CLAIMS = "claims"


@dataclass(frozen=True, slots=True)
class Difference:
    """One technique (or ``claims``): rates per 1,000 words on each side, A minus B."""

    technique: str
    rate_a: float
    rate_b: float
    count_a: int
    count_b: int
    difference: float
    low: float
    high: float
    p_value: float
    p_holm: float

    @property
    def significant(self) -> bool:
        return self.p_holm < SIGNIFICANCE

    @property
    def direction(self) -> str:
        if not self.significant:
            return "no clear difference"
        return "higher in A" if self.difference > 0 else "higher in B"


@dataclass(frozen=True, slots=True)
class Side:
    label: str
    documents: int
    words: int


@dataclass(frozen=True, slots=True)
class Comparison:
    a: Side
    b: Side
    techniques: tuple[Difference, ...]
    """Sorted by absolute difference, largest first."""
    claims: Difference
    resamples: int
    seed: int
    level: float
    examples: dict[str, tuple[tuple[ExampleSpan, ...], tuple[ExampleSpan, ...]]]
    """Technique id -> (examples from A, examples from B), for the top techniques."""


def _check(p: CorpusProfiles) -> None:
    if len(p) < MIN_DOCUMENTS:
        raise ComparisonError(
            f"{p.label}: {len(p)} analysed document(s); a comparison needs at least "
            f"{MIN_DOCUMENTS} on each side"
        )


def refuse_same(a: str, b: str, what: str = "source") -> None:
    """A comparison of something with itself says nothing: refuse it before any work."""
    if a == b:
        raise ComparisonError(f"A and B are the same {what} ({a!r}): choose two different ones to compare")


def compare_profiles(
    a: CorpusProfiles,
    b: CorpusProfiles,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    level: float = 0.95,
    top_examples: int = 5,
    examples_per_side: int = 2,
) -> Comparison:
    if resamples < MIN_RESAMPLES:
        raise ComparisonError(f"use at least {MIN_RESAMPLES} resamples (got {resamples})")
    _check(a)
    _check(b)
    a, b = align(a, b)
    columns_a = np.column_stack([a.counts, a.claims])
    columns_b = np.column_stack([b.counts, b.claims])
    boot = bootstrap_rate_difference(
        columns_a, a.words, columns_b, b.words, resamples=resamples, seed=seed, level=level
    )
    p_holm = holm_adjust(boot.p_value[:-1])
    names = (*a.techniques, CLAIMS)
    totals_a, totals_b = columns_a.sum(axis=0), columns_b.sum(axis=0)
    words_a, words_b = float(a.words.sum()), float(b.words.sum())
    rows = [
        Difference(
            technique=names[j],
            rate_a=rate(float(totals_a[j]), words_a),
            rate_b=rate(float(totals_b[j]), words_b),
            count_a=int(totals_a[j]),
            count_b=int(totals_b[j]),
            difference=float(boot.difference[j]),
            low=float(boot.low[j]),
            high=float(boot.high[j]),
            p_value=float(boot.p_value[j]),
            p_holm=float(p_holm[j]) if j < len(p_holm) else float(boot.p_value[j]),
        )
        for j in range(len(names))
    ]
    techniques = sorted(rows[:-1], key=lambda d: (-_magnitude(d.difference), d.technique))
    examples = {
        d.technique: (
            tuple(a.examples(d.technique, examples_per_side)),
            tuple(b.examples(d.technique, examples_per_side)),
        )
        for d in techniques[:top_examples]
        if d.count_a or d.count_b
    }
    return Comparison(
        a=Side(a.label, len(a), int(words_a)),
        b=Side(b.label, len(b), int(words_b)),
        techniques=tuple(techniques),
        claims=rows[-1],
        resamples=resamples,
        seed=seed,
        level=level,
        examples=examples,
    )


def _magnitude(value: float) -> float:
    return abs(value) if math.isfinite(value) else -1.0
