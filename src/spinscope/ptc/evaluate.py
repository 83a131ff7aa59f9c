"""Scoring a technique model on PTC articles: SI F1, TC micro-F1 and end-to-end F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spinscope.bootstrap import ConfidenceInterval
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.intervals import f1_interval
from spinscope.ptc.predict import predict_e2e, predict_tc
from spinscope.ptc.scorer import TASK_SCORERS, Score


def gold_rows(articles: Sequence[Article], gold: dict[str, list[LabelRow]]) -> list[LabelRow]:
    return [row for a in articles for row in gold.get(a.id, [])]


@dataclass(frozen=True, slots=True)
class Predictions:
    """A model's rows for a set of articles, with the gold rows they are scored against."""

    article_ids: list[str]
    e2e: list[LabelRow]
    """Predicted spans with techniques (scored for SI and end to end)."""
    tc: list[LabelRow]
    """Techniques predicted for the gold spans."""
    gold: list[LabelRow]

    def rows(self, task: str) -> list[LabelRow]:
        """The rows a task scores: techniques of the gold spans for tc, spans for si and e2e."""
        return self.tc if task == "tc" else self.e2e


def predict_for_scoring(
    model: TechniqueModel,
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    threshold: float | None = None,
) -> Predictions:
    rows = gold_rows(articles, gold)
    return Predictions(
        [a.id for a in articles],
        predict_e2e(model, articles, threshold),
        predict_tc(model, articles, rows),
        rows,
    )


def score_predictions(predictions: Predictions) -> dict[str, Score]:
    return {task: scorer(predictions.rows(task), predictions.gold) for task, scorer in TASK_SCORERS.items()}


def evaluate_model(
    model: TechniqueModel,
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    threshold: float | None = None,
) -> dict[str, Score]:
    return score_predictions(predict_for_scoring(model, articles, gold, threshold))


def score_intervals(
    predictions: Predictions, resamples: int = 1000, level: float = 0.95, seed: int = 0
) -> dict[str, ConfidenceInterval]:
    """Bootstrap intervals of SI F1, TC micro-F1 and end-to-end F1, resampling articles."""
    return {
        task: f1_interval(
            scorer,
            predictions.rows(task),
            predictions.gold,
            predictions.article_ids,
            resamples=resamples,
            level=level,
            seed=seed,
        )
        for task, scorer in TASK_SCORERS.items()
    }


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
