"""The human-readable model card written next to card.json."""

from __future__ import annotations

from pathlib import Path

from spinscope.model.card import ModelCard


def write_model_card_markdown(card: ModelCard, path: Path) -> None:
    history = card.training.get("history", [])
    epoch_lines = "\n".join(
        f"| {h.get('epoch')} | {h.get('seconds')} | {h.get('loss', '')} | {h.get('si_f1', '')} | "
        f"{h.get('tc_micro_f1', '')} | {h.get('e2e_f1', '')} |"
        for h in history
    )
    metrics = card.metrics
    intervals = card.training.get("validation_intervals", {})

    def interval(task: str) -> str:
        ci = intervals.get(task)
        return f"{ci['low']}-{ci['high']}" if ci else "n/a"

    averaged = card.training.get("averaged_with", [])
    soup = ""
    if averaged:
        runs = "\n".join(f"   `{run.get('command', run.get('checkpoint'))}`" for run in averaged)
        soup = f"""
**Weight averaging.** The shipped weights are the mean of {len(averaged) + 1} fine-tuning runs
from the same encoder (a "model soup": an ensemble's accuracy at one model's cost). The other
runs, trained first:
{runs}
"""
    text = f"""# Model card: {card.name} {card.version}

**What it does.** Finds spans of text that use one of 14 persuasion techniques (the SemEval-2020
Task 11 inventory) and names the technique of each span. It describes rhetoric; it says nothing
about whether a statement is true, and it takes no side.

**Architecture.** Base encoder: {card.base_encoder}, fine-tuned. A token head gives, for every
sub-word token, the probability of lying inside a span of each technique and inside any span;
runs of tokens above the detection threshold ({card.span_threshold}) become spans. A span head
(two dense layers over the mean, first and last hidden state of the run) names the technique;
a second technique is added when its probability reaches {card.extra_label_threshold}.
{_windows(card)}; each token is read from the window where it is most central.
Exported to ONNX and quantised to int8 (dynamic, per channel).

**Training data.** {card.training.get("data", "")}
Held-out validation: 40 articles listed in `spinscope/train/splits/ptc-validation.txt` (never
used for training or tuning). Thresholds tuned on 20 dev articles (`ptc-dev.txt`).

**Validation scores (int8 model, 40 held-out articles).**

| metric | value | 95 % interval (articles resampled) |
|---|---|---|
| SI F1 | {metrics.get("si_f1", "n/a")} | {interval("si")} |
| TC micro-F1 (gold spans) | {metrics.get("tc_micro_f1", "n/a")} | {interval("tc")} |
| End-to-end F1 | {metrics.get("e2e_f1", "n/a")} | {interval("e2e")} |

**Training run** (seconds per epoch; dev scores of the PyTorch model at threshold 0.5):

| epoch | seconds | loss | dev SI F1 | dev TC F1 | dev e2e F1 |
|---|---|---|---|---|---|
{epoch_lines}

{soup}{_distillation(card)}{_name_blind(card)}{_verifier(card)}
**Retrain.** `pip install '.[train]'` then `{card.training.get("command", "spinscope train")}`
(seeded; interrupt and rerun to resume from the last checkpoint).

**Limits.** Trained on English text: mostly news from 2017-2019 (plus any extra data named
above); expect lower accuracy on other genres, other languages and other periods. Rare
techniques (slogans, clichés, bandwagon, whataboutism) are found far less reliably than loaded
language and name calling. {_score_limit(card)}
"""
    path.write_text(text, encoding="utf-8")


def _training_config(card: ModelCard) -> dict[str, object]:
    """The training options the card records (empty for a card without them)."""
    config = card.training.get("config", {})
    return config if isinstance(config, dict) else {}


def _distillation(card: ModelCard) -> str:
    teacher = _training_config(card).get("distill_from")
    if not teacher:
        return ""
    return f"""
**Distillation.** Trained on targets that mix the gold labels with the token and span-head
outputs of a larger teacher model (the run `{Path(str(teacher)).name}`), which also labels
unlabelled text; this model keeps the architecture and speed above.
"""


def _name_blind(card: ModelCard) -> str:
    if not card.name_blind:
        return ""
    config = _training_config(card)
    if config.get("name_blind"):
        trained = "Trained and run"
    elif config.get("swap_sides"):
        trained = (
            "Trained also on a copy of every training text that names a side, with its\n"
            "sides swapped (`--swap-sides`), and run"
        )
    else:
        trained = "Run"
    persons = "Persons' names are read as written"
    if config.get("swap_persons"):
        persons += (
            ",\nbut training also saw every text that names a person with other persons' names"
            " in their\nplace (`--swap-persons`)"
        )
    return f"""
**Name-blind.** {trained} with the names of sides (peoples, countries, faiths, parties,
political camps in spinscope's gazetteer, `spinscope/data/sides-*.tsv`) replaced by invented
names in its input, in the order a text names them: a text and its copy with two sides swapped
reach the model alike. {persons}. `--see-names` reads every name.
"""


def _verifier(card: ModelCard) -> str:
    if not card.verifier_file:
        return ""
    fitted = card.training.get("verifier", {})
    cv = fitted.get("cv", {}) if isinstance(fitted, dict) else {}
    figures = ""
    if cv:
        figures = (
            f" Cross-fitted on {cv.get('candidates')} out-of-fold candidates from {cv.get('folds')} folds: "
            f'ROC AUC {cv.get("auc_same")} for "overlaps an annotated span of this technique" '
            f"(the uncalibrated score: {cv.get('auc_raw_same')}); at the display threshold "
            f"{cv.get('shown_precision_any', 0):.0%} of shown spans overlap an annotated span."
        )
    hidden = ""
    if card.unreliable_techniques:
        hidden = (
            " Spans of " + ", ".join(card.unreliable_techniques) + " (none of those shown out of fold "
            "was right) appear only when every candidate is asked for (`--min-score 0`)."
        )
    return f"""
**Calibrated scores.** `{card.verifier_file}` holds a span verifier (logistic model and isotonic
map over span features and a word lexicon without names): `span.score` estimates the probability
that an annotator marked an overlapping span with that technique. The default view shows spans
scoring at least {card.display_threshold}.{figures}{hidden}
"""


def _score_limit(card: ModelCard) -> str:
    if card.verifier_file:
        return "Calibration was measured on PTC news articles; on other genres it may drift."
    return "Scores are model confidences, not calibrated probabilities."


def _windows(card: ModelCard) -> str:
    if card.window_fitted:
        return (
            f"Windows of up to {card.window_tokens} tokens, at most {card.window_stride} apart,\n"
            "each only as long as their number and overlap need"
        )
    return f"Windows of {card.window_tokens} tokens, stride {card.window_stride}"
