"""The human-readable model card shows the validation scores with their intervals."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from spinscope.analyzer import default_model_dir
from spinscope.model.card import ModelCard
from spinscope.train.model_card_md import write_model_card_markdown


def test_scores_come_with_their_bootstrap_intervals(tmp_path: Path) -> None:
    card = ModelCard.load(default_model_dir())
    training = {
        **card.training,
        "validation_intervals": {"si": {"low": 0.31, "high": 0.45}, "tc": {"low": 0.5, "high": 0.6}},
    }
    card = replace(card, metrics={"si_f1": 0.38, "tc_micro_f1": 0.55, "e2e_f1": 0.2}, training=training)
    out = tmp_path / "MODEL_CARD.md"
    write_model_card_markdown(card, out)
    text = out.read_text(encoding="utf-8")
    assert "| SI F1 | 0.38 | 0.31-0.45 |" in text
    assert "| TC micro-F1 (gold spans) | 0.55 | 0.5-0.6 |" in text
    assert "| End-to-end F1 | 0.2 | n/a |" in text  # no interval recorded
    json.dumps(card.training)  # the card stays JSON-serialisable


def test_a_verifier_and_a_teacher_are_described(tmp_path: Path) -> None:
    card = ModelCard.load(default_model_dir())
    training = {
        **card.training,
        "config": {**card.training.get("config", {}), "distill_from": "/somewhere/runs/ptc-mpnet"},
        "verifier": {"cv": {"candidates": 4000, "folds": 3, "auc_same": 0.71, "auc_raw_same": 0.55,
                            "shown_precision_any": 0.62}},
    }  # fmt: skip
    card = replace(
        card,
        training=training,
        verifier_file="verifier.npz",
        display_threshold=0.3,
        unreliable_techniques=["doubt"],
    )
    out = tmp_path / "MODEL_CARD.md"
    write_model_card_markdown(card, out)
    text = out.read_text(encoding="utf-8")
    assert "the run `ptc-mpnet`" in text and "/somewhere" not in text
    assert "spans\nscoring at least 0.3." in text
    assert "Spans of doubt" in text and "`--min-score 0`" in text
    assert "ROC AUC 0.71" in text and "62% of shown spans" in text
    assert "not calibrated probabilities" not in text
    plain = tmp_path / "PLAIN.md"
    write_model_card_markdown(replace(card, verifier_file=None, training={}), plain)
    assert "not calibrated probabilities" in plain.read_text(encoding="utf-8")


def test_a_name_blind_model_says_so_and_how_it_was_trained(tmp_path: Path) -> None:
    card = ModelCard.load(default_model_dir())
    out = tmp_path / "MODEL_CARD.md"

    def written(reads_blind: bool, **config: bool) -> str:
        training = {**card.training, "config": {**card.training.get("config", {}), **config}}
        write_model_card_markdown(replace(card, name_blind=reads_blind, training=training), out)
        return out.read_text(encoding="utf-8")

    assert "**Name-blind.** Trained and run with" in written(True, name_blind=True, swap_sides=False)
    swapped = written(True, name_blind=False, swap_sides=True)
    assert "sides swapped (`--swap-sides`), and run with" in swapped
    assert "**Name-blind.** Run with" in written(True, name_blind=False, swap_sides=False)
    assert "`--swap-persons`" not in swapped
    assert "place (`--swap-persons`)" in written(True, name_blind=False, swap_sides=True, swap_persons=True)
    assert "Name-blind" not in written(False, name_blind=True)


def test_the_windows_are_described_as_the_card_sets_them(tmp_path: Path) -> None:
    card = ModelCard.load(default_model_dir())
    out = tmp_path / "MODEL_CARD.md"
    write_model_card_markdown(replace(card, window_fitted=True), out)
    assert "Windows of up to 256 tokens, at most 224 apart,\neach only as long" in out.read_text("utf-8")
    write_model_card_markdown(replace(card, window_fitted=False), out)
    assert "Windows of 256 tokens, stride 224;" in out.read_text("utf-8")
