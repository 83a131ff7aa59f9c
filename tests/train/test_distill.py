"""Distillation targets from a teacher network (needs the [train] extra; tiny random encoders)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from spinscope.errors import TrainingSetupError  # noqa: E402
from spinscope.model.tokenize import SubwordTokenizer  # noqa: E402
from spinscope.ptc.corpus import Article, LabelRow  # noqa: E402
from spinscope.techniques import TECHNIQUES  # noqa: E402
from spinscope.train.distill import (  # noqa: E402
    Teacher,
    distilled_examples,
    load_outputs,
    save_outputs,
    teach,
    unlabelled_windows,
    vocabulary_map,
)
from spinscope.train.examples import article_windows  # noqa: E402
from spinscope.train.network import TechniqueNetwork  # noqa: E402

WORDS = [
    "the",
    "war",
    "was",
    "a",
    "disgrace",
    "and",
    "shameful",
    "traitors",
    "lied",
    "to",
    "everyone",
    "we",
    "must",
    "stand",
    "together",
    "now",
]
N = len(TECHNIQUES.ids)


def _encoder(folder: Path, front: list[str]) -> Path:
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece

    vocab = [*front, "[PAD]", "[UNK]", "[CLS]", "[SEP]", ".", ",", *WORDS, "##s"]
    tokenizer = Tokenizer(WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    folder.mkdir(parents=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    transformers.BertModel(config, add_pooling_layer=False).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def encoders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("encoders")
    return _encoder(root / "student", []), _encoder(root / "teacher", ["<s>", "<pad>", "</s>", "<unk>"])


def _teacher(path: Path, student: SubwordTokenizer) -> Teacher:
    network = TechniqueNetwork(path, N, span_hidden=8)
    network.eval()
    return Teacher(network, vocabulary_map(student, SubwordTokenizer(path / "tokenizer.json")), False, "t1")


def _labelled(tokenizer: SubwordTokenizer, article_id: str = "a1") -> list:  # type: ignore[type-arg]
    text = "The war was a disgrace. Traitors lied to everyone, we must stand together now."
    article = Article(article_id, text)
    rows = [LabelRow(article_id, 14, 22, "loaded_language"), LabelRow(article_id, 24, 32, "name_calling")]
    index = {t: i for i, t in enumerate(TECHNIQUES.ids)}
    return article_windows(article, rows, tokenizer, index, window_tokens=12, stride=6)


def test_vocabularies_are_matched_through_token_strings(encoders: tuple[Path, Path]) -> None:
    student = SubwordTokenizer(encoders[0] / "tokenizer.json")
    teacher = SubwordTokenizer(encoders[1] / "tokenizer.json")
    assert teacher.special.cls_id == 0 and teacher.special.sep_id == 2 and teacher.special.pad_id == 1
    id_map = vocabulary_map(student, teacher)
    war = student.vocabulary()["war"]
    assert id_map[war] == war + 4
    assert id_map[student.special.cls_id] == 0 and id_map[student.special.sep_id] == 2


def test_a_teacher_with_other_pieces_is_refused(encoders: tuple[Path, Path], tmp_path: Path) -> None:
    from tokenizers import Tokenizer
    from tokenizers.models import WordPiece

    other = Tokenizer(WordPiece({"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}, unk_token="[UNK]"))
    other.save(str(tmp_path / "tokenizer.json"))
    student = SubwordTokenizer(encoders[0] / "tokenizer.json")
    with pytest.raises(TrainingSetupError, match=r"lacks .* of the student's tokens"):
        vocabulary_map(student, SubwordTokenizer(tmp_path / "tokenizer.json"))


def test_labelled_windows_mix_gold_and_teacher(encoders: tuple[Path, Path]) -> None:
    student = SubwordTokenizer(encoders[0] / "tokenizer.json")
    teacher = _teacher(encoders[1], student)
    windows = _labelled(student)
    weights = np.full(N + 1, 3.0, dtype=np.float32)
    outputs = teach(teacher, windows, [], batch_size=2)
    gold_only = distilled_examples(windows, [], outputs, 0.0, weights)
    for before, after in zip(windows, gold_only, strict=True):
        np.testing.assert_allclose(after.token_labels, before.token_labels)
        for span in after.spans:
            assert sum(span.soft) == pytest.approx(1.0)
            assert [i for i, p in enumerate(span.soft) if p > 0] == list(span.labels)
    mixed = distilled_examples(windows, [], outputs, 0.5, weights)
    assert any(s.spans for s in mixed)
    for before, after in zip(windows, mixed, strict=True):
        assert after.token_labels.shape == before.token_labels.shape
        assert (after.token_labels[[0, -1]] == 0).all()  # specials are never inside a span
        assert ((after.token_labels >= 0) & (after.token_labels <= 1)).all()
        assert not np.allclose(after.token_labels[1:-1], before.token_labels[1:-1])
        for span in after.spans:
            assert sum(span.soft) == pytest.approx(1.0, abs=1e-5)
            assert all(span.soft[label] >= 0.5 for label in span.labels) or len(span.labels) > 1


def test_batching_does_not_change_the_targets(encoders: tuple[Path, Path]) -> None:
    student = SubwordTokenizer(encoders[0] / "tokenizer.json")
    teacher = _teacher(encoders[1], student)
    windows = _labelled(student)
    weights = np.ones(N + 1, dtype=np.float32)
    one = distilled_examples(windows, [], teach(teacher, windows, [], batch_size=1), 0.5, weights)
    many = distilled_examples(windows, [], teach(teacher, windows, [], batch_size=16), 0.5, weights)
    for a, b in zip(one, many, strict=True):
        np.testing.assert_allclose(a.token_labels, b.token_labels, atol=1e-5)


def test_unlabelled_windows_get_teacher_targets_and_cache_round_trip(
    encoders: tuple[Path, Path], tmp_path: Path
) -> None:
    student = SubwordTokenizer(encoders[0] / "tokenizer.json")
    teacher = _teacher(encoders[1], student)
    with torch.no_grad():  # make the teacher detect everything, so its runs get span targets
        teacher.network.token_head.bias[-1] = 10.0
    texts = [
        Article("u1", "We must stand together now. Traitors lied."),
        Article("u2", "The war was shameful."),
    ]
    unlabelled = unlabelled_windows(texts, student, window_tokens=8, max_windows=3, seed=1)
    assert len(unlabelled) == 3
    weights = np.ones(N + 1, dtype=np.float32)
    labelled = _labelled(student) + _labelled(student, "a2")
    outputs = teach(teacher, labelled, unlabelled)
    examples = distilled_examples(labelled, unlabelled, outputs, 0.5, weights)
    taught = examples[-3:]
    assert all(e.token_labels.shape == (len(e.input_ids), N + 1) for e in taught)
    assert all(e.spans for e in taught)
    for e in taught:
        for span in e.spans:
            assert 0 <= span.first < span.last <= len(e.input_ids) - 2
            assert span.labels == (int(np.argmax(span.soft)),)
    cache = tmp_path / "outputs.npz"
    save_outputs(cache, outputs, "t1")
    assert load_outputs(cache, "another teacher") is None
    restored = load_outputs(cache, "t1")
    assert restored is not None and sorted(restored) == sorted(outputs)
    again = distilled_examples(labelled, unlabelled, restored, 0.5, weights)
    for a, b in zip(examples, again, strict=True):
        assert a.article_id == b.article_id
        np.testing.assert_array_equal(a.input_ids, b.input_ids)
        np.testing.assert_allclose(a.token_labels, b.token_labels, atol=2e-3)
        assert [(s.first, s.last, s.labels) for s in a.spans] == [
            (s.first, s.last, s.labels) for s in b.spans
        ]
        for sa, sb in zip(a.spans, b.spans, strict=True):
            np.testing.assert_allclose(sa.soft, sb.soft, atol=1e-6)
    # a cache made for the whole pool serves a fold that leaves some windows out
    fold = [w for w in labelled if w.article_id == "a2"]
    subset = distilled_examples(fold, [], restored, 0.5, weights)
    expected = [e for e in again if e.article_id == "a2"]
    for a, b in zip(subset, expected, strict=True):
        np.testing.assert_array_equal(a.token_labels, b.token_labels)


def test_a_student_trains_from_a_teacher_run_and_resumes_from_its_cache(
    encoders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spinscope.train import encoder_source
    from spinscope.train.loop import TrainConfig, train

    for key, folder in (("tiny-student", encoders[0]), ("tiny-teacher", encoders[1])):
        spec = encoder_source.EncoderSpec(key, key, {}, lambda folder=folder: folder, "test")
        monkeypatch.setitem(encoder_source.ENCODERS, key, spec)
    data = tmp_path / "ptc"
    (data / "train-articles").mkdir(parents=True)
    (data / "train-labels-task-flc-tc").mkdir()
    texts = {
        "901": "The war was a disgrace. Traitors lied to everyone.",
        "902": "We must stand together now. The war was shameful.",
    }
    for article_id, text in texts.items():
        (data / "train-articles" / f"article{article_id}.txt").write_text(text, encoding="utf-8")
    (data / "train-labels-task-flc-tc" / "article901.task-flc-tc.labels").write_text(
        "901\tLoaded_Language\t14\t22\n901\tName_Calling,Labeling\t24\t32\n", encoding="utf-8"
    )
    (data / "train-labels-task-flc-tc" / "article902.task-flc-tc.labels").write_text(
        "902\tFlag-Waving\t0\t26\n", encoding="utf-8"
    )
    unlabeled = tmp_path / "unlabeled"
    unlabeled.mkdir()
    (unlabeled / "u1.txt").write_text("Traitors lied. We must stand together.", encoding="utf-8")
    small = {"epochs": 1, "batch_size": 2, "window_tokens": 12, "train_stride": 6, "infer_stride": 6}
    teacher_config = TrainConfig(encoder="tiny-teacher", **small)  # type: ignore[arg-type]
    train(data, tmp_path / "teacher", teacher_config, log=lambda _m: None)
    student_config = TrainConfig(
        encoder="tiny-student",
        distill_from=str(tmp_path / "teacher"),
        unlabeled=(str(unlabeled),),
        unlabeled_windows=2,
        bf16=True,
        **small,  # type: ignore[arg-type]
    )
    lines: list[str] = []
    train(data, tmp_path / "student", student_config, log=lines.append)
    assert any("labels" in line and "unlabelled" in line for line in lines)
    assert list((tmp_path / "teacher").glob("distill-outputs-*.npz"))
    lines.clear()
    train(data, tmp_path / "student2", student_config, log=lines.append)
    assert any("teacher outputs read from" in line for line in lines)
