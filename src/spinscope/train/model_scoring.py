"""Finishing an exported technique model: decoding tuned on the dev articles, scores on the
validation articles (or a cross-validation fold), card and MODEL_CARD.md written. No PyTorch:
``tools/retune_decoding.py`` runs it on any model folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from spinscope.model.card import ModelCard
from spinscope.model.onnx_runtime import load_model_dir
from spinscope.ptc.evaluate import headline, predict_for_scoring, score_intervals, score_predictions
from spinscope.ptc.tune import sentence_level_techniques, tune_decoding
from spinscope.train.model_card_md import write_model_card_markdown
from spinscope.train.splits import load_ptc, validation_articles


def tune_and_score(
    model_dir: Path, card: ModelCard, data_dir: Path, holdout_fold: int, log: Callable[[str], None] = print
) -> ModelCard:
    """Tune the decoding of an exported model on the dev articles, score it on the validation
    articles (or, for a cross-validation run, on its held-out fold), and save its card."""
    data = load_ptc(data_dir, holdout_fold if holdout_fold >= 0 else None)
    _, runtime_model = load_model_dir(model_dir)
    log("tuning the decoding of the exported int8 model on the dev articles")
    tuned = tune_decoding(
        runtime_model, data.dev, data.gold, sentence_level_techniques(data.train, data.gold)
    )
    log(f"tuned: {tuned}")
    card = card.with_decoding(tuned.settings)
    card.training["dev_tuning"] = {"si_f1": round(tuned.dev_si_f1, 4), "e2e_f1": round(tuned.dev_e2e_f1, 4)}
    return score_and_save(model_dir, card, data_dir, holdout_fold, log)


def score_and_save(
    model_dir: Path, card: ModelCard, data_dir: Path, holdout_fold: int, log: Callable[[str], None] = print
) -> ModelCard:
    """Score an exported model as ``card`` sets it up on the validation articles (or, for a
    cross-validation run, on its held-out fold), and save its card with the scores."""
    data = load_ptc(data_dir, holdout_fold if holdout_fold >= 0 else None)
    card.save(model_dir)
    _, runtime_model = load_model_dir(model_dir)
    if holdout_fold >= 0:
        scored = load_ptc(data_dir, holdout_fold).held_out
        what = f"articles of cross-validation fold {holdout_fold}"
        card.training["scored_on"] = f"cross-validation fold {holdout_fold}"
    else:
        scored = validation_articles(data_dir)
        what = "held-out validation articles"
    log(f"scoring the exported int8 model on {len(scored)} {what}")
    predictions = predict_for_scoring(runtime_model, scored, data.gold)
    metrics = headline(score_predictions(predictions))
    card.metrics.update(metrics)
    card.training["validation_intervals"] = {
        task: ci.to_dict() for task, ci in score_intervals(predictions).items()
    }
    card.save(model_dir)
    write_model_card_markdown(card, model_dir / "MODEL_CARD.md")
    log(f"scores: {metrics}")
    return card
