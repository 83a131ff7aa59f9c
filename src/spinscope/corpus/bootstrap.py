"""Bootstrap intervals for differences between two corpora's rates per 1,000 words.

Documents are the unit of resampling: each replicate draws, with replacement, as many
documents as each side has, and recomputes the ratio of summed counts to summed words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from spinscope.corpus.stats import PER_WORDS

_BLOCK = 200  # replicates drawn at once (bounds memory: block x documents weights)


@dataclass(frozen=True, slots=True)
class BootstrapResult:
    difference: npt.NDArray[np.float64]
    """Observed rate A minus rate B, per column."""
    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    p_value: npt.NDArray[np.float64]
    """Two-sided bootstrap p-value for 'no difference', per column."""
    resamples: int
    level: float


def _rates(
    weights: npt.NDArray[np.float64], counts: npt.NDArray[np.float64], words: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return PER_WORDS * (weights @ counts) / (weights @ words)[:, None]


def bootstrap_rate_difference(
    counts_a: npt.NDArray[np.float64],
    words_a: npt.NDArray[np.float64],
    counts_b: npt.NDArray[np.float64],
    words_b: npt.NDArray[np.float64],
    *,
    resamples: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> BootstrapResult:
    """Percentile intervals for rate(A) - rate(B) of each column of ``counts`` (documents x columns)."""
    rng = np.random.default_rng(seed)
    n_a, n_b = len(words_a), len(words_b)
    observed = (
        _rates(np.ones((1, n_a)), counts_a, words_a)[0] - _rates(np.ones((1, n_b)), counts_b, words_b)[0]
    )
    blocks: list[npt.NDArray[np.float64]] = []
    for start in range(0, resamples, _BLOCK):
        m = min(_BLOCK, resamples - start)
        weights_a = rng.multinomial(n_a, np.full(n_a, 1.0 / n_a), size=m).astype(np.float64)
        weights_b = rng.multinomial(n_b, np.full(n_b, 1.0 / n_b), size=m).astype(np.float64)
        blocks.append(_rates(weights_a, counts_a, words_a) - _rates(weights_b, counts_b, words_b))
    replicates = np.concatenate(blocks)
    alpha = 1.0 - level
    low = np.nanquantile(replicates, alpha / 2, axis=0)
    high = np.nanquantile(replicates, 1 - alpha / 2, axis=0)
    valid = np.isfinite(replicates).sum(axis=0)
    at_or_below = (replicates <= 0).sum(axis=0)
    at_or_above = (replicates >= 0).sum(axis=0)
    p = np.minimum(1.0, 2.0 * (np.minimum(at_or_below, at_or_above) + 1) / (valid + 1))
    return BootstrapResult(observed, low, high, p, resamples, level)


def holm_adjust(p_values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Holm-Bonferroni adjusted p-values (controls the family-wise error over all techniques)."""
    m = len(p_values)
    order = np.argsort(p_values)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
