"""Bootstrap intervals of the SemEval-2020 Task 11 scores, resampling whole articles."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spinscope.bootstrap import ConfidenceInterval, bootstrap_interval
from spinscope.ptc.corpus import LabelRow
from spinscope.ptc.scorer import Score

Scorer = Callable[[Iterable[LabelRow], Iterable[LabelRow]], Score]


def _by_article(rows: Iterable[LabelRow]) -> dict[str, list[LabelRow]]:
    grouped: dict[str, list[LabelRow]] = {}
    for row in rows:
        grouped.setdefault(row.article_id, []).append(row)
    return grouped


def _copies(by_article: dict[str, list[LabelRow]], drawn: Sequence[str]) -> list[LabelRow]:
    """The rows of the drawn articles; an article drawn twice becomes two articles."""
    return [
        LabelRow(f"{article_id}#{k}", r.start, r.end, r.technique)
        for k, article_id in enumerate(drawn)
        for r in by_article.get(article_id, [])
    ]


def f1_interval(
    scorer: Scorer,
    pred: Iterable[LabelRow],
    gold: Iterable[LabelRow],
    article_ids: Sequence[str] | None = None,
    *,
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> ConfidenceInterval:
    """Interval of ``scorer``'s overall F1 over articles drawn with replacement from
    ``article_ids`` (default: every article with a gold or predicted row)."""
    pred_by, gold_by = _by_article(pred), _by_article(gold)
    ids = list(article_ids) if article_ids is not None else sorted(pred_by.keys() | gold_by.keys())

    def f1(drawn: Sequence[str]) -> float:
        return scorer(_copies(pred_by, drawn), _copies(gold_by, drawn)).overall.f1

    return bootstrap_interval(ids, f1, resamples=resamples, level=level, seed=seed)
