"""Precision, recall and F1 of the check-worthy class, and picking a decision threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from spinscope.bootstrap import ConfidenceInterval, bootstrap_interval


@dataclass(frozen=True, slots=True)
class BinaryScores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    support: int
    """Number of gold positives."""

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "support": self.support,
        }


def binary_scores(gold: npt.ArrayLike, predicted: npt.ArrayLike) -> BinaryScores:
    """Scores of the positive class (label 1); an empty denominator counts as 0."""
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    if g.shape != p.shape:
        raise ValueError(f"{g.shape[0]} gold labels but {p.shape[0]} predictions")
    tp = int(np.sum(g & p))
    fp = int(np.sum(~g & p))
    fn = int(np.sum(g & ~p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BinaryScores(precision, recall, f1, tp, fp, fn, int(g.sum()))


def best_threshold(gold: npt.ArrayLike, scores: npt.NDArray[np.float32]) -> float:
    """The threshold (on a 0.01 grid) that maximises F1 on the given data; ties go to the middle."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    f1s = np.array([binary_scores(gold, scores >= t).f1 for t in grid])
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    return float(grid[best[len(best) // 2]])


def f1_interval(  # noqa: PLR0917 -- gold, predictions and groups are parallel inputs; options are keywords
    gold: npt.ArrayLike,
    predicted: npt.ArrayLike,
    groups: Sequence[str],
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> ConfidenceInterval:
    """Bootstrap interval of the positive class's F1, resampling whole groups (e.g. debates:
    sentences of one debate are not independent)."""
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    if not (g.shape == p.shape == (len(groups),)):
        raise ValueError(f"{g.shape[0]} gold labels, {p.shape[0]} predictions, {len(groups)} groups")
    names = sorted(set(groups))
    index = {name: i for i, name in enumerate(names)}
    member = np.array([index[name] for name in groups])
    # per group: true positives, false positives, false negatives
    counts = np.zeros((len(names), 3))
    np.add.at(counts, member, np.stack([g & p, ~g & p, g & ~p], axis=1).astype(float))

    def f1(drawn: Sequence[int]) -> float:
        tp, fp, fn = counts[list(drawn)].sum(axis=0)
        return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0

    return bootstrap_interval(list(range(len(names))), f1, resamples=resamples, level=level, seed=seed)
