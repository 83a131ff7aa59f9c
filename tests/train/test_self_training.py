"""Self-training inputs: ensembles of models, teacher targets, unlabelled texts (no PyTorch)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from spinscope.analyzer import default_model_dir
from spinscope.errors import InputFormatError, InputNotFoundError, ModelIntegrityError, TrainingSetupError
from spinscope.model.ensemble import EnsembleRunner, EnsembleSpanHead, ensemble_of, load_ensemble
from spinscope.model.onnx_runtime import load_model_dir
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article
from spinscope.train.pseudo_labels import (
    load_teacher,
    pseudo_labelled_windows,
    read_unlabeled,
    unweighted_targets,
)

CHANNELS = 3


def _model() -> TechniqueModel:
    return load_model_dir(default_model_dir())[1]


def fake_runner(ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities that depend only on each token id; hidden states of width 2."""
    x = ((ids % 89) / 89.0).astype(np.float32)[..., None]
    probs = np.concatenate([x, x / 2, 1 - x], axis=2) * mask[..., None]
    return probs.astype(np.float32), np.repeat(x, 2, axis=2)


def _teacher() -> TechniqueModel:
    return replace(_model(), runner=fake_runner)


# ---- the positive weighting undone ------------------------------------------------------------


def test_unweighted_targets_hand_computed() -> None:
    p = np.array([[0.0, 0.5, 1.0, 0.5]], dtype=np.float32)
    w = np.array([3.0, 3.0, 3.0, 1.0], dtype=np.float32)
    np.testing.assert_allclose(unweighted_targets(p, w), [[0.0, 0.25, 1.0, 0.5]], atol=1e-7)


def test_weighted_loss_optimum_of_the_targets_is_the_teacher_output() -> None:
    p = np.linspace(0.01, 0.99, 25, dtype=np.float32)[:, None].repeat(2, axis=1)
    w = np.array([2.5, 7.0], dtype=np.float32)
    q = unweighted_targets(p, w)
    # With weight w, BCE against target q is minimised at w q / (w q + 1 - q).
    np.testing.assert_allclose(w * q / (w * q + 1 - q), p, rtol=1e-5)
    assert np.all(q <= p + 1e-7)  # a weight above 1 overstates, so the targets are lower


# ---- unlabelled texts -------------------------------------------------------------------------


def test_csv_rows_joined_per_file_in_order(tmp_path: Path) -> None:
    path = tmp_path / "debates.csv"
    path.write_text(
        "Sentence_id,Text,File_id\n1,First line.,a\n2,Other debate.,b\n3,,a\n4,Second line.,a\n",
        encoding="utf-8",
    )
    texts = read_unlabeled(path)
    assert texts == [Article("a", "First line.\nSecond line."), Article("b", "Other debate.")]


def test_csv_without_file_column_gives_one_text_per_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('Text\n"One, with a comma."\nTwo.\n', encoding="utf-8")
    assert [a.text for a in read_unlabeled(path)] == ["One, with a comma.", "Two."]


def test_folder_of_text_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Café ☕ text.\r\n", encoding="utf-8")
    assert read_unlabeled(tmp_path) == [Article("x", "Café ☕ text.\r\n")]


def test_unlabelled_input_errors_name_the_input(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"nowhere\.csv"):
        read_unlabeled(tmp_path / "nowhere.csv")
    no_text = tmp_path / "no-text.csv"
    no_text.write_text("Sentence_id,Words\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"no-text\.csv: missing column Text"):
        read_unlabeled(no_text)
    empty = tmp_path / "empty.csv"
    empty.write_text("Text\n\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"empty\.csv: no non-empty Text rows"):
        read_unlabeled(empty)


# ---- pseudo-labelled windows ------------------------------------------------------------------


def _texts() -> list[Article]:
    words = " ".join(f"word{i} appeal" for i in range(400))
    return [Article("long", words), Article("short", "A short one."), Article("mid", words[:900])]


def test_windows_carry_the_teacher_targets() -> None:
    teacher = _teacher()
    weights = np.array([2.0, 1.0, 4.0], dtype=np.float32)
    windows = pseudo_labelled_windows(_texts(), teacher, 64, 1000, seed=5, positive_weights=weights)
    special = teacher.tokenizer.special
    lengths = [len(teacher.tokenizer.tokenize(a.text)) for a in _texts()]
    assert len(windows) == sum(-(-n // 62) for n in lengths)  # every token in a window, no extra ones
    for w in windows:
        assert len(w.input_ids) <= 64
        assert w.input_ids[0] == special.cls_id and w.input_ids[-1] == special.sep_id
        assert w.spans == ()
        assert w.token_labels.shape == (len(w.input_ids), CHANNELS)
        assert not w.token_labels[0].any() and not w.token_labels[-1].any()
        inner = w.input_ids[1:-1]
        x = ((inner % 89) / 89.0).astype(np.float32)[:, None]
        expected = unweighted_targets(np.concatenate([x, x / 2, 1 - x], axis=1), weights)
        np.testing.assert_allclose(w.token_labels[1:-1], expected, atol=1e-6)


def test_window_budget_and_seeded_order() -> None:
    teacher = _teacher()
    weights = np.ones(CHANNELS, dtype=np.float32)
    first = pseudo_labelled_windows(_texts(), teacher, 64, 5, seed=1, positive_weights=weights)
    again = pseudo_labelled_windows(_texts(), teacher, 64, 5, seed=1, positive_weights=weights)
    assert len(first) == 5
    assert [w.article_id for w in first] == [w.article_id for w in again]
    assert all(np.array_equal(a.input_ids, b.input_ids) for a, b in zip(first, again, strict=True))
    assert pseudo_labelled_windows(_texts(), teacher, 64, 0, seed=1, positive_weights=weights) == []


def test_teacher_needed_and_same_vocabulary(tmp_path: Path) -> None:
    with pytest.raises(TrainingSetupError, match="at least one --teacher"):
        load_teacher([], 30522)
    with pytest.raises(TrainingSetupError, match="subwords"):
        load_teacher([default_model_dir()], 1234)
    with pytest.raises(Exception, match="no such model folder"):
        load_teacher([tmp_path / "missing"], 30522)


# ---- ensembles --------------------------------------------------------------------------------


def test_ensemble_runner_averages_probabilities_and_keeps_each_hidden_state() -> None:
    def scaled(k: float):  # type: ignore[no-untyped-def]
        def run(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            p, h = fake_runner(ids, mask)
            return p * k, h + k

        return run

    ids = np.array([[101, 2000, 2001, 102]], dtype=np.int64)
    mask = np.ones_like(ids)
    probs, hidden = EnsembleRunner((scaled(1.0), scaled(0.5)))(ids, mask)
    base_p, base_h = fake_runner(ids, mask)
    np.testing.assert_allclose(probs, base_p * 0.75, rtol=1e-6)
    np.testing.assert_allclose(hidden, np.concatenate([base_h + 1.0, base_h + 0.5], axis=-1))


def test_ensemble_span_head_reads_each_members_columns() -> None:
    def head(column_value: float):  # type: ignore[no-untyped-def]
        def classify(hidden: np.ndarray, runs: list[tuple[int, int]]) -> np.ndarray:
            assert hidden.shape[1] == 2 and np.all(hidden == column_value)
            return np.full((len(runs), 2), column_value, dtype=np.float32)

        return classify

    hidden = np.concatenate([np.full((4, 2), 0.2), np.full((4, 2), 0.6)], axis=1).astype(np.float32)
    out = EnsembleSpanHead((head(0.2), head(0.6)), hidden_size=2)(hidden, [(0, 2), (1, 4)])
    np.testing.assert_allclose(out, np.full((2, 2), 0.4), rtol=1e-6)


def test_ensemble_of_one_model_twice_gives_the_models_spans(fixture_article: str) -> None:
    single = _model()
    twice = load_ensemble([default_model_dir(), default_model_dir()])
    assert twice.analyze_spans([fixture_article]) == single.analyze_spans([fixture_article])


def test_ensemble_members_must_agree() -> None:
    model = _model()
    with pytest.raises(ModelIntegrityError, match="at least one"):
        ensemble_of([], 384)
    with pytest.raises(ModelIntegrityError, match="technique lists"):
        ensemble_of([model, replace(model, techniques=model.techniques[:-1])], 384)
