"""Finishing an exported model: decoding tuned on dev articles, scores on validation articles,
card rewritten (no PyTorch; what tools/retune_decoding.py runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from spinscope.analyzer import default_model_dir
from spinscope.model.card import ModelCard
from spinscope.ptc.tune import SENTENCE_COVERS
from spinscope.train.model_scoring import score_and_save, tune_and_score
from spinscope.train.splits import dev_ids, validation_ids
from tests.support import FIXTURES

CORPUS = FIXTURES / "sample-corpus"


def _ptc_folder(root: Path) -> Path:
    """A PTC-layout folder whose one dev, one validation and one training article are the
    fixture article, with its gold spans."""
    text = (CORPUS / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")
    rows = (CORPUS / "vellmark-lanterns.gold.tsv").read_text(encoding="utf-8").splitlines()
    (root / "train-articles").mkdir(parents=True)
    (root / "train-labels-task-flc-tc").mkdir()
    for article_id in (dev_ids()[0], validation_ids()[0], "999999999"):
        (root / "train-articles" / f"article{article_id}.txt").write_text(text, encoding="utf-8")
        labels = "".join(f"{article_id}\t{row.split(chr(9), 1)[1]}\n" for row in rows)
        (root / "train-labels-task-flc-tc" / f"article{article_id}.task-flc-tc.labels").write_text(
            labels, encoding="utf-8"
        )
    return root


def test_tuning_and_scoring_rewrite_the_card(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    shutil.copytree(default_model_dir(), model_dir)
    before = ModelCard.load(model_dir)
    data = _ptc_folder(tmp_path / "ptc")
    lines: list[str] = []
    card = tune_and_score(model_dir, before, data, -1, lines.append)
    saved = ModelCard.load(model_dir)
    assert saved == card
    assert 0.0 < saved.span_threshold < 1.0 and saved.sentence_cover in SENTENCE_COVERS
    assert set(saved.metrics) >= {"si_f1", "tc_micro_f1", "e2e_f1"}
    assert 0.0 <= saved.metrics["si_f1"] <= 1.0
    assert saved.training["validation_intervals"]["si"]["groups"] == 1
    assert (model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert any("1 held-out validation articles" in line for line in lines)
    assert saved.files_sha256 == before.files_sha256  # model files untouched


def test_rescoring_keeps_the_decoding_and_reads_as_the_card_says(tmp_path: Path) -> None:
    from dataclasses import replace

    model_dir = tmp_path / "model"
    shutil.copytree(default_model_dir(), model_dir)
    before = ModelCard.load(model_dir)
    data = _ptc_folder(tmp_path / "ptc")
    card = score_and_save(model_dir, replace(before, name_blind=True, metrics={}), data, -1, print)
    saved = ModelCard.load(model_dir)
    assert saved == card and saved.name_blind
    assert saved.span_threshold == before.span_threshold  # decoding untouched
    assert set(saved.metrics) >= {"si_f1", "tc_micro_f1", "e2e_f1"}


def test_decoding_search_maximises_the_mean_over_folds(tmp_path: Path) -> None:
    from spinscope.model.onnx_runtime import load_model_dir
    from spinscope.ptc.corpus import gold_by_article, iter_articles, read_labels
    from spinscope.ptc.tune import TuningSet, tune_decoding, tune_decoding_on

    data = _ptc_folder(tmp_path / "ptc")
    articles = list(iter_articles(data / "train-articles"))
    gold = gold_by_article(read_labels(data / "train-labels-task-flc-tc"))
    _, model = load_model_dir(default_model_dir())
    one = TuningSet.encode(model, articles[:1], gold)
    # one set: the same search as tuning on dev articles
    alone = tune_decoding_on([one], ())
    assert alone == tune_decoding(model, articles[:1], gold)
    # two identical "folds": the mean equals each fold's score, so the same choice
    twice = tune_decoding_on([one, TuningSet.encode(model, articles[1:2], gold)], ())
    assert twice.settings == alone.settings and abs(twice.dev_si_f1 - alone.dev_si_f1) < 1e-9
    assert one.scores(alone.settings) == (alone.dev_si_f1, alone.dev_e2e_f1)
