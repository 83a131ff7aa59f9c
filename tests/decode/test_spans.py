"""From token probabilities to character spans."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.decode.spans import (
    DetectionSignal,
    TokenRun,
    detection_signal,
    extend_to_grapheme,
    find_runs,
    runs_to_spans,
    snap_to_words,
)
from spinscope.errors import ModelIntegrityError
from spinscope.segment.tokens import TokenizedText


def test_find_runs_takes_maximal_runs_and_mean_confidence() -> None:
    probs = np.array([0.1, 0.6, 0.8, 0.2, 0.9, 0.5, 0.4], dtype=np.float32)
    runs = find_runs(probs, 0.5)
    assert [(r.first, r.last) for r in runs] == [(1, 3), (4, 6)]
    assert abs(runs[0].confidence - 0.7) < 1e-6
    assert find_runs(probs, 0.95) == []


def test_extend_to_grapheme_keeps_combining_marks_and_emoji_modifiers() -> None:
    text = "cafe\u0301 ok"
    assert extend_to_grapheme(text, 4) == 5
    assert extend_to_grapheme("a\u2764\ufe0f!", 2) == 3
    assert extend_to_grapheme("abc", 3) == 3


def test_runs_to_spans_adds_second_technique_above_threshold() -> None:
    text = "You traitors!"
    tokens = TokenizedText(
        np.array([1, 2, 3]), np.array([0, 4, 12]), np.array([3, 12, 13]), np.array([0, 1, 2])
    )
    probs = np.array([[0.6, 0.35, 0.05]], dtype=np.float32)
    spans = runs_to_spans(text, tokens, [TokenRun(1, 2, 0.9)], probs, ["a", "b", "c"], 0.3)
    assert [(s.technique, s.text) for s in spans] == [("a", "traitors"), ("b", "traitors")]
    assert spans[0].score > spans[1].score
    assert runs_to_spans(text, tokens, [TokenRun(1, 2, 0.9)], probs, ["a", "b", "c"], 0.5)[0].technique == "a"


def test_hysteresis_grows_runs_over_weaker_neighbours() -> None:
    probs = np.array([0.1, 0.3, 0.7, 0.35, 0.05, 0.3], dtype=np.float32)
    assert [(r.first, r.last) for r in find_runs(probs, 0.5)] == [(2, 3)]
    assert [(r.first, r.last) for r in find_runs(probs, 0.5, low_ratio=0.5)] == [(1, 4)]


def test_runs_snap_to_whole_words_and_merge() -> None:
    # "spendthrift planners": spend ##thr ##ift | planners ; word ids 0 0 0 1
    tokens = TokenizedText(
        np.array([1, 2, 3, 4]), np.array([0, 5, 8, 12]), np.array([5, 8, 11, 20]), np.array([0, 0, 0, 1])
    )
    snapped = snap_to_words([TokenRun(2, 3, 0.6), TokenRun(3, 4, 0.8)], tokens)
    assert [(r.first, r.last) for r in snapped] == [(0, 4)]
    assert snapped[0].confidence == 0.8


def test_detection_signals_keep_the_names_model_cards_store() -> None:
    assert [str(s) for s in DetectionSignal] == ["any", "any+max"]
    assert DetectionSignal.from_card("any+max") is DetectionSignal.ANY_MAX
    with pytest.raises(ModelIntegrityError, match=r"unknown detection signal 'max'; known: any, any\+max"):
        DetectionSignal.from_card("max")


def test_any_max_is_the_mean_of_the_any_channel_and_the_best_technique() -> None:
    probs = np.array([[0.2, 0.6, 0.4], [0.1, 0.0, 0.9]], dtype=np.float32)
    assert detection_signal(probs, 2, DetectionSignal.ANY).tolist() == pytest.approx([0.4, 0.9])
    assert detection_signal(probs, 2, DetectionSignal.ANY_MAX).tolist() == pytest.approx([0.5, 0.5])
