"""SemEval-2020 Task 11 metrics: span identification (SI), technique classification (TC)
and the end-to-end score (the SI formula applied within each technique).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spinscope.ptc.corpus import LabelRow

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    @classmethod
    def from_sums(cls, p_num: float, n_pred: int, r_num: float, n_gold: int) -> PRF:
        p = p_num / n_pred if n_pred else 0.0
        r = r_num / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f, n_pred, n_gold)


@dataclass(frozen=True, slots=True)
class Score:
    overall: PRF
    per_technique: dict[str, PRF] = field(default_factory=dict)


def merge_intervals(spans: Iterable[Interval]) -> list[Interval]:
    """Merge overlapping (not merely touching) half-open intervals; empty ones are dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _overlap_sums(pred: Sequence[Interval], gold: Sequence[Interval]) -> tuple[float, float]:
    """Return (Σ |s∩t|/|s|, Σ |s∩t|/|t|) over all pairs; both lists merged and sorted."""
    p_num = r_num = 0.0
    j0 = 0
    for s0, s1 in pred:
        while j0 < len(gold) and gold[j0][1] <= s0:
            j0 += 1
        j = j0
        while j < len(gold) and gold[j][0] < s1:
            t0, t1 = gold[j]
            inter = min(s1, t1) - max(s0, t0)
            if inter > 0:
                p_num += inter / (s1 - s0)
                r_num += inter / (t1 - t0)
            j += 1
    return p_num, r_num


def _si_sums(pred: Iterable[LabelRow], gold: Iterable[LabelRow]) -> tuple[float, int, float, int]:
    pred_by: dict[str, list[Interval]] = {}
    gold_by: dict[str, list[Interval]] = {}
    for row in pred:
        pred_by.setdefault(row.article_id, []).append((row.start, row.end))
    for row in gold:
        gold_by.setdefault(row.article_id, []).append((row.start, row.end))
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for article_id in pred_by.keys() | gold_by.keys():
        p = merge_intervals(pred_by.get(article_id, []))
        g = merge_intervals(gold_by.get(article_id, []))
        a, b = _overlap_sums(p, g)
        p_num, r_num = p_num + a, r_num + b
        n_pred, n_gold = n_pred + len(p), n_gold + len(g)
    return p_num, n_pred, r_num, n_gold


def score_si(pred: Iterable[LabelRow], gold: Iterable[LabelRow]) -> Score:
    return Score(PRF.from_sums(*_si_sums(pred, gold)))


def score_e2e(pred: Iterable[LabelRow], gold: Iterable[LabelRow]) -> Score:
    """Span F1 computed separately for each technique, micro-averaged over techniques."""
    pred_t: dict[str | None, list[LabelRow]] = {}
    gold_t: dict[str | None, list[LabelRow]] = {}
    for row in pred:
        pred_t.setdefault(row.technique, []).append(row)
    for row in gold:
        gold_t.setdefault(row.technique, []).append(row)
    per: dict[str, PRF] = {}
    totals = [0.0, 0, 0.0, 0]
    for technique in sorted(k for k in pred_t.keys() | gold_t.keys() if k is not None):
        sums = _si_sums(pred_t.get(technique, []), gold_t.get(technique, []))
        per[technique] = PRF.from_sums(*sums)
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
    return Score(PRF.from_sums(totals[0], int(totals[1]), totals[2], int(totals[3])), per)


def score_tc(pred: Iterable[LabelRow], gold: Iterable[LabelRow]) -> Score:
    """Micro-F1 over technique labels; labels on the same span match as a multiset."""
    gold_sets: dict[tuple[str, int, int], Counter[str]] = {}
    pred_sets: dict[tuple[str, int, int], Counter[str]] = {}
    for row in gold:
        if row.technique is not None:
            gold_sets.setdefault((row.article_id, row.start, row.end), Counter())[row.technique] += 1
    for row in pred:
        if row.technique is not None:
            pred_sets.setdefault((row.article_id, row.start, row.end), Counter())[row.technique] += 1
    matched: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for counter in gold_sets.values():
        n_gold.update(counter)
    for key, counter in pred_sets.items():
        n_pred.update(counter)
        matched.update(counter & gold_sets.get(key, Counter()))
    per = {
        t: PRF.from_sums(matched[t], n_pred[t], matched[t], n_gold[t])
        for t in sorted(n_pred.keys() | n_gold.keys())
    }
    total = sum(matched.values())
    overall = PRF.from_sums(total, sum(n_pred.values()), total, sum(n_gold.values()))
    return Score(overall, per)


TASK_SCORERS = {"si": score_si, "tc": score_tc, "e2e": score_e2e}
"""The three SemEval-2020 Task 11 tasks and their scorers (``scorer(pred, gold)``)."""
