"""How much a score could move on other documents: bootstrap confidence intervals.

A validation score measured on 40 articles or 7 debates is one draw. Resampling the
*documents* (articles, debates) with replacement and scoring each resample shows the spread
that comes from which documents happened to be held out. Documents, not spans or sentences,
are resampled because spans and sentences of one document are not independent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

Group = TypeVar("Group")


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    """A percentile bootstrap interval around a measured score."""

    value: float
    """The score on the documents as they are."""
    low: float
    high: float
    level: float
    """Coverage, e.g. 0.95."""
    resamples: int
    groups: int
    """How many documents were resampled."""

    def to_dict(self) -> dict[str, float | int]:
        return {
            "value": round(self.value, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "level": self.level,
            "resamples": self.resamples,
            "groups": self.groups,
        }

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def bootstrap_interval(
    groups: Sequence[Group],
    statistic: Callable[[Sequence[Group]], float],
    *,
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> ConfidenceInterval:
    """Percentile interval of ``statistic`` over ``resamples`` draws of ``len(groups)``
    groups taken with replacement (a group drawn twice counts twice).

    ``statistic`` receives the drawn groups; it must treat two copies of a group as two
    documents (for rows keyed by document id: give each copy its own id).
    """
    if not groups:
        raise ValueError("bootstrap_interval needs at least one group")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie between 0 and 1, got {level}")
    rng = np.random.default_rng(seed)
    n = len(groups)
    values = np.array(
        [statistic([groups[i] for i in rng.integers(0, n, n)]) for _ in range(resamples)],
        dtype=np.float64,
    )
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return ConfidenceInterval(statistic(list(groups)), float(low), float(high), level, resamples, n)
