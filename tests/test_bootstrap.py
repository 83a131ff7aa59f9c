"""Bootstrap confidence intervals: resampling documents, not spans or sentences."""

from __future__ import annotations

import pytest

from spinscope.bootstrap import bootstrap_interval
from spinscope.claims.metrics import f1_interval
from spinscope.ptc.corpus import LabelRow
from spinscope.ptc.evaluate import Predictions, score_intervals


def test_constant_statistic_gives_a_point_interval() -> None:
    ci = bootstrap_interval(["a", "b", "c"], lambda drawn: 0.25, resamples=50)
    assert (ci.value, ci.low, ci.high) == (0.25, 0.25, 0.25)
    assert ci.groups == 3 and ci.resamples == 50


def test_interval_brackets_the_value_and_stays_in_range() -> None:
    values = {"a": 0.0, "b": 1.0, "c": 0.5, "d": 0.5}
    ci = bootstrap_interval(
        list(values), lambda drawn: sum(values[g] for g in drawn) / len(drawn), resamples=400
    )
    assert ci.value == pytest.approx(0.5)
    assert 0.0 <= ci.low < 0.5 < ci.high <= 1.0
    again = bootstrap_interval(
        list(values), lambda drawn: sum(values[g] for g in drawn) / len(drawn), resamples=400
    )
    assert (again.low, again.high) == (ci.low, ci.high)  # seeded


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one group"):
        bootstrap_interval([], lambda drawn: 0.0)
    with pytest.raises(ValueError, match="level"):
        bootstrap_interval(["a"], lambda drawn: 0.0, level=1.5)


def test_ptc_intervals_count_a_twice_drawn_article_twice() -> None:
    # Two articles, each predicted exactly: every resample scores 1.0.
    gold = [LabelRow("1", 0, 10, "doubt"), LabelRow("2", 0, 10, "doubt")]
    exact = Predictions(["1", "2"], list(gold), list(gold), gold)
    intervals = score_intervals(exact, resamples=100)
    for ci in intervals.values():
        assert (ci.value, ci.low, ci.high) == (1.0, 1.0, 1.0)

    # Article 2's prediction covers half its gold span: SI P=1, R=0.5 there.
    half = [LabelRow("1", 0, 10, "doubt"), LabelRow("2", 0, 5, "doubt")]
    partial = Predictions(["1", "2"], half, list(gold), gold)
    si = score_intervals(partial, resamples=300)["si"]
    # draws of article 1 twice give 1.0, of article 2 twice 2/3; the two articles once each
    # give 6/7, a value that needs the copies of a twice-drawn article counted as two articles
    assert si.value == pytest.approx(6 / 7)
    assert si.low == pytest.approx(2 / 3) and si.high == pytest.approx(1.0)


def test_claim_f1_interval_resamples_debates() -> None:
    # debate A: 2 true positives; debate B: 1 false positive, 1 false negative
    gold = [1, 1, 0, 1]
    predicted = [1, 1, 1, 0]
    ci = f1_interval(gold, predicted, ["A", "A", "B", "B"], resamples=300)
    assert ci.value == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert ci.low == 0.0 and ci.high == 1.0  # B alone: F1 0; A alone: F1 1
    with pytest.raises(ValueError, match="groups"):
        f1_interval([1, 0], [1, 0], ["A"])
