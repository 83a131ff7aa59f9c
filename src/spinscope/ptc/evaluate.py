"""Scoring a technique model on PTC articles: SI F1, TC micro-F1 and end-to-end F1."""

from __future__ import annotations

from collections.abc import Sequence

from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.predict import predict_e2e, predict_tc
from spinscope.ptc.scorer import Score, score_e2e, score_si, score_tc


def gold_rows(articles: Sequence[Article], gold: dict[str, list[LabelRow]]) -> list[LabelRow]:
    return [row for a in articles for row in gold.get(a.id, [])]


def evaluate_model(
    model: TechniqueModel,
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    threshold: float | None = None,
) -> dict[str, Score]:
    rows = gold_rows(articles, gold)
    e2e = predict_e2e(model, articles, threshold)
    tc = predict_tc(model, articles, rows)
    return {"si": score_si(e2e, rows), "tc": score_tc(tc, rows), "e2e": score_e2e(e2e, rows)}


def headline(scores: dict[str, Score]) -> dict[str, float]:
    return {
        "si_f1": round(scores["si"].overall.f1, 4),
        "tc_micro_f1": round(scores["tc"].overall.f1, 4),
        "e2e_f1": round(scores["e2e"].overall.f1, 4),
    }


def evaluate_headline(
    model: TechniqueModel, articles: list[Article], gold: dict[str, list[LabelRow]]
) -> dict[str, float]:
    return headline(evaluate_model(model, articles, gold))
