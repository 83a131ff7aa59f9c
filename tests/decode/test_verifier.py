"""The span verifier: calibrated scores, what it is fitted on, and how a model folder carries it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from spinscope.analyzer import Analyzer, default_model_dir
from spinscope.decode.features import feature_names
from spinscope.decode.verifier import Verifier
from spinscope.errors import ModelIntegrityError
from spinscope.model.card import ModelCard
from spinscope.model.onnx_runtime import load_model_dir
from spinscope.ptc.corpus import Article, gold_by_article, read_labels
from spinscope.ptc.verification import CandidateTable, collect_candidates
from tests.support import FIXTURES

CORPUS = FIXTURES / "sample-corpus"


def _verifier(names: list[str], weight_on: str = "confidence") -> Verifier:
    coef = np.zeros(len(names))
    coef[names.index(weight_on)] = 2.0
    return Verifier(
        tuple(names),
        np.zeros(len(names)),
        np.ones(len(names)),
        coef,
        -1.0,
        np.array([0.0, 0.5, 1.0]),
        np.array([0.05, 0.3, 0.9]),
    )


def test_scores_follow_the_isotonic_map_and_round_trip(tmp_path: Path) -> None:
    names = feature_names(["a", "b"])
    verifier = _verifier(names)
    x = np.zeros((3, len(names)), dtype=np.float32)
    x[:, names.index("confidence")] = [-5.0, 0.5, 5.0]
    scores = verifier.score(x)
    assert np.all(np.diff(scores) > 0) and scores.min() >= 0.0 and scores.max() <= 0.9
    verifier.save(tmp_path / "v.npz")
    np.testing.assert_allclose(Verifier.load(tmp_path / "v.npz", names).score(x), scores)
    with pytest.raises(ModelIntegrityError, match="other features"):
        Verifier.load(tmp_path / "v.npz", names[:-1])
    with pytest.raises(ModelIntegrityError, match="expects"):
        verifier.score(x[:, :-1])


def _table() -> CandidateTable:
    model_dir = default_model_dir()
    _, model = load_model_dir(model_dir)
    text = (CORPUS / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")
    gold = gold_by_article(read_labels(CORPUS / "vellmark-lanterns.gold.tsv"))
    # a threshold below the model's, so that some candidates miss every annotated span
    return collect_candidates(replace(model, decoding=replace(model.decoding, threshold=0.35)),
                              [Article("vellmark-lanterns", text)], gold, fold=0)  # fmt: skip


def test_candidates_are_labelled_against_the_annotations() -> None:
    table = _table()
    assert len(table) > 0
    assert table.features.shape == (len(table), len(table.names))
    assert table.same.any() and (~table.any).any()
    assert not (table.same & ~table.any).any()  # same technique implies some annotated span
    assert ((table.raw >= 0) & (table.raw <= 1)).all()


def test_a_model_folder_with_a_verifier_shows_calibrated_scores(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    shutil.copytree(default_model_dir(), model_dir)
    card = ModelCard.load(model_dir)
    verifier = _verifier(feature_names(list(card.techniques)), "technique_prob")
    verifier.save(model_dir / "verifier.npz")
    replace(card, verifier_file="verifier.npz", display_threshold=0.5).save(model_dir)
    analyzer = Analyzer.load(model_dir, claims=False)
    text = (CORPUS / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")
    shown = analyzer.analyze(text)
    every = analyzer.analyze(text, min_score=0.0)
    assert shown.min_score == 0.5
    assert all(s.score >= 0.5 for s in shown.spans)
    assert len(every.spans) > len(shown.spans) >= 0
    assert all(0.05 <= s.score <= 0.9 for s in every.spans)  # the isotonic map's range
    (model_dir / "verifier.npz").unlink()
    with pytest.raises(Exception, match=r"verifier\.npz"):
        Analyzer.load(model_dir, claims=False)


def test_verifier_fitting_is_cross_fitted_and_calibrated() -> None:
    pytest.importorskip("sklearn")
    from spinscope.train.verifier_fit import choose_display_threshold, fit_verifier

    rng = np.random.default_rng(0)
    names = feature_names(["a", "b"])
    n = 3000
    x = rng.normal(size=(n, len(names))).astype(np.float32)
    p = 1 / (1 + np.exp(-(2.0 * x[:, 0] - 0.5)))
    same = rng.random(n) < p
    table = CandidateTable(
        x, same, same | (rng.random(n) < 0.2), rng.random(n).astype(np.float32),
        rng.integers(0, 2, n), np.array(["x"] * n), np.arange(n) % 5, np.zeros(n, dtype=np.int64),
        np.ones(n, dtype=np.int64), tuple(names), ("a", "b"),
    )  # fmt: skip
    verifier, report = fit_verifier(table)
    assert report.auc_same > 0.8 and abs(report.auc_raw_same - 0.5) < 0.1
    # the signal is in 'confidence', not in the lexical columns: the same AUC without them
    assert abs(report.auc_same_without_lexicon - report.auc_same) < 0.05
    assert len(report.fold_auc_same_without_lexicon) == 5
    for b in report.reliability:
        assert abs(b.mean_score - b.observed_same) < 0.12
    assert report.shown_precision_any >= 0.6
    # 0.45 shows 55 scores, 50 of them right (91 %); 0.44 would show 56 with 89 % right
    assert choose_display_threshold(np.linspace(0, 1, 100), np.linspace(0, 1, 100) > 0.5, 0.9) == 0.45
    assert choose_display_threshold(np.zeros(100), np.zeros(100, dtype=bool)) == 1.0
    scores = verifier.score(x)
    assert np.corrcoef(scores, p)[0, 1] > 0.9


def test_unreliable_techniques_are_left_out_of_the_default_view_only(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    shutil.copytree(default_model_dir(), model_dir)
    text = (CORPUS / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")
    every = Analyzer.load(model_dir, claims=False).analyze(text, min_score=0.0)
    assert every.spans
    technique = every.spans[0].technique
    card = ModelCard.load(model_dir)
    replace(card, display_threshold=0.0001, unreliable_techniques=[technique]).save(model_dir)
    analyzer = Analyzer.load(model_dir, claims=False)
    shown = analyzer.analyze(text)  # the default view
    assert shown.spans and all(s.technique != technique for s in shown.spans)
    assert {s.technique for s in analyzer.analyze(text, min_score=0.0).spans} == {
        s.technique for s in every.spans
    }


def test_a_technique_is_unreliable_when_none_of_its_shown_candidates_is_right() -> None:
    pytest.importorskip("sklearn")
    from spinscope.train.verifier_fit import unreliable_techniques

    names = feature_names(["a", "b", "c"])
    n = 12
    technique = np.array([0] * 6 + [1] * 6)
    same = np.array([False] * 6 + [True] + [False] * 5)
    table = CandidateTable(
        np.zeros((n, len(names)), dtype=np.float32), same, same, np.zeros(n, dtype=np.float32),
        technique, np.array(["x"] * n), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64),
        np.ones(n, dtype=np.int64), tuple(names), ("a", "b", "c"),
    )  # fmt: skip
    scores = np.full(n, 0.5)
    assert unreliable_techniques(table, scores, 0.4) == ["a"]  # "b" has one right, "c" none shown
    assert unreliable_techniques(table, scores, 0.6) == []  # nothing shown: nothing to judge
