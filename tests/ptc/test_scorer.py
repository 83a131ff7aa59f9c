"""SemEval-2020 Task 11 metrics on cases computed by hand."""

from __future__ import annotations

import pytest

from spinscope.ptc.corpus import LabelRow
from spinscope.ptc.scorer import merge_intervals, score_e2e, score_si, score_tc


def si(article: str, start: int, end: int) -> LabelRow:
    return LabelRow(article, start, end)


def tc(article: str, technique: str, start: int, end: int) -> LabelRow:
    return LabelRow(article, start, end, technique)


def test_merge_intervals_merges_overlaps_and_nesting_not_touching() -> None:
    assert merge_intervals([(5, 10), (0, 3), (8, 12), (9, 11), (12, 14)]) == [(0, 3), (5, 12), (12, 14)]
    assert merge_intervals([(4, 4)]) == []


def test_si_exact_match_is_perfect() -> None:
    gold = [si("a", 0, 10), si("a", 20, 30)]
    score = score_si(gold, gold).overall
    assert score.precision == score.recall == score.f1 == 1.0


def test_si_partial_overlap_by_hand() -> None:
    # pred [0,10) vs gold [5,25): intersection 5 -> P = 5/10, R = 5/20
    score = score_si([si("a", 0, 10)], [si("a", 5, 25)]).overall
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.25)
    assert score.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_si_overlapping_and_nested_predictions_are_merged_first() -> None:
    # pred [0,10) and nested [2,6) merge to [0,10); gold [0,10) -> perfect
    score = score_si([si("a", 0, 10), si("a", 2, 6)], [si("a", 0, 10)]).overall
    assert (score.precision, score.recall, score.n_pred) == (1.0, 1.0, 1)


def test_si_one_prediction_covering_two_gold_spans() -> None:
    # pred [0,20); gold [0,5) and [10,20): P = (5+10)/20, R = (1 + 1)/2
    score = score_si([si("a", 0, 20)], [si("a", 0, 5), si("a", 10, 20)]).overall
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(1.0)


def test_si_sums_over_articles_not_averages() -> None:
    # article a: perfect (1 span); article b: one wrong span -> P = 1/2, R = 1/2
    pred = [si("a", 0, 4), si("b", 0, 4)]
    gold = [si("a", 0, 4), si("b", 10, 14)]
    score = score_si(pred, gold).overall
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)


def test_si_empty_predictions_score_zero() -> None:
    score = score_si([], [si("a", 0, 4)]).overall
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_si_both_empty_is_zero_not_an_error() -> None:
    assert score_si([], []).overall.f1 == 0.0


def test_tc_multiset_matching_on_same_span() -> None:
    gold = [
        tc("a", "doubt", 0, 5),
        tc("a", "doubt", 0, 5),
        tc("a", "slogans", 0, 5),
        tc("a", "repetition", 9, 12),
    ]
    pred = [
        tc("a", "doubt", 0, 5),
        tc("a", "slogans", 0, 5),
        tc("a", "slogans", 0, 5),
        tc("a", "repetition", 9, 12),
    ]
    score = score_tc(pred, gold)
    # matches: doubt 1, slogans 1, repetition 1 -> 3 of 4
    assert score.overall.f1 == pytest.approx(0.75)
    assert score.per_technique["doubt"].recall == pytest.approx(0.5)
    assert score.per_technique["slogans"].precision == pytest.approx(0.5)


def test_tc_prediction_on_unknown_span_does_not_match() -> None:
    score = score_tc([tc("a", "doubt", 1, 5)], [tc("a", "doubt", 0, 5)])
    assert score.overall.f1 == 0.0


def test_e2e_requires_matching_technique() -> None:
    gold = [tc("a", "doubt", 0, 10), tc("a", "slogans", 20, 30)]
    pred = [tc("a", "doubt", 0, 10), tc("a", "doubt", 20, 30)]
    score = score_e2e(pred, gold)
    # doubt: P = 1/2, R = 1/1 ; slogans: P 0 (no preds), R 0 -> micro P = 1/2, R = 1/2
    assert score.overall.precision == pytest.approx(0.5)
    assert score.overall.recall == pytest.approx(0.5)
    assert score.per_technique["doubt"].recall == 1.0
    assert score.per_technique["slogans"].f1 == 0.0
