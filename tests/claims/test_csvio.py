"""The CSV files of ``spinscope claims predict`` / ``claims score``: reading, writing, scoring,
and the errors for bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from spinscope.claims.csvio import (
    Prediction,
    aligned_labels,
    read_gold,
    read_predictions,
    read_sentences,
    write_predictions,
)
from spinscope.claims.metrics import best_threshold, binary_scores
from spinscope.errors import InputDecodeError, InputFormatError, InputNotFoundError
from tests.support import FIXTURES

CLAIMS = FIXTURES / "claims"


def test_read_sentences_keeps_every_row_in_order() -> None:
    rows = read_sentences(CLAIMS / "sentences.csv")
    assert [r.sentence_id for r in rows] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert rows[2].text == "" and rows[5].text.strip() == ""
    assert rows[0].text.startswith("The harbour authority spent 84 million crowns")


def test_read_gold_maps_verdict_one_to_positive() -> None:
    assert read_gold(CLAIMS / "gold.csv") == {"s1": 1, "s2": 0, "s3": 0, "s4": 1, "s5": 0, "s6": 0}


def test_prediction_round_trip(tmp_path: Path) -> None:
    predictions = [Prediction("a", 0.91234, 1), Prediction("b,with comma", 0.0, 0), Prediction("ü", 0.5, 1)]
    out = tmp_path / "sub" / "pred.csv"
    write_predictions(out, predictions)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["Sentence_id", "score", "label"],
        ["a", "0.9123", "1"],
        ["b,with comma", "0.0000", "0"],
        ["ü", "0.5000", "1"],
    ]
    assert read_predictions(out) == {"a": 1, "b,with comma": 0, "ü": 1}


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffSentence_id,Text\r\n1,“Quoted” text\r\n".encode())
    (row,) = read_sentences(path)
    assert (row.sentence_id, row.text) == ("1", "“Quoted” text")


def test_missing_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match=r"missing column Text .*found: Sentence_id, Sentence"):
        read_sentences(CLAIMS / "no_text_column.csv")
    with pytest.raises(InputFormatError, match="missing column Verdict"):
        read_gold(CLAIMS / "sentences.csv")
    with pytest.raises(InputFormatError, match="missing column label"):
        read_predictions(CLAIMS / "gold.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputFormatError, match="no header"):
        read_sentences(empty)


def test_bad_rows(tmp_path: Path) -> None:
    bad_verdict = tmp_path / "verdict.csv"
    bad_verdict.write_text("Sentence_id,Verdict\n1,yes\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"row 2: Verdict must be an integer, got 'yes'"):
        read_gold(bad_verdict)
    duplicate = tmp_path / "dup.csv"
    duplicate.write_text("Sentence_id,Verdict\n1,1\n1,0\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="'1' appears more than once"):
        read_gold(duplicate)
    bad_label = tmp_path / "label.csv"
    bad_label.write_text("Sentence_id,label\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="label must be 0 or 1, got 2"):
        read_predictions(bad_label)
    no_id = tmp_path / "noid.csv"
    no_id.write_text("Sentence_id,Text\n,hello\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="row 2 has an empty Sentence_id"):
        read_sentences(no_id)
    extra = tmp_path / "extra.csv"
    extra.write_text("Sentence_id,Text\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="more fields than the header"):
        read_sentences(extra)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_sentences(tmp_path / "absent.csv")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("Sentence_id,Text\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputDecodeError, match="byte offset 22"):
        read_sentences(latin1)


def test_alignment_requires_every_gold_sentence() -> None:
    gold = {"a": 1, "b": 0, "c": 1}
    assert aligned_labels(gold, {"c": 0, "a": 1, "b": 0, "z": 1}, "g", "p") == ([1, 0, 1], [1, 0, 0])
    with pytest.raises(InputFormatError, match=r"p: no prediction for 1 of the 3 sentences in g \(b\)"):
        aligned_labels(gold, {"a": 1, "c": 1}, "g", "p")


def test_binary_scores_and_threshold() -> None:
    s = binary_scores([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])
    assert (s.true_positives, s.false_positives, s.false_negatives, s.support) == (2, 1, 1, 3)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert binary_scores([0, 0], [0, 0]).f1 == 0.0
    scores = np.array([0.9, 0.8, 0.3, 0.2], dtype=np.float32)
    assert 0.3 < best_threshold([1, 1, 0, 0], scores) <= 0.8


def test_claims_score_command(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("claims", "score", str(CLAIMS / "gold.csv"), str(CLAIMS / "predictions.csv"))
    assert result.code == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.strip().splitlines())
    assert lines["precision"] == "0.5000" and lines["recall"] == "0.5000" and lines["F1"] == "0.5000"
    assert lines["sentences"] == "6"


def test_claims_score_bad_gold_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("claims", "score", str(CLAIMS / "sentences.csv"), str(CLAIMS / "predictions.csv"))
    assert result.code == 2
    assert "missing column Verdict" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_claims_score_bootstrap_resamples_debates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # debate A: s1 right (true positive); debate B: s4 missed, s5 wrongly flagged
    rows = (CLAIMS / "gold.csv").read_text(encoding="utf-8").splitlines()
    debates = ["File_id", "A", "A", "A", "B", "B", "B"]
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "\n".join(f"{r},{d}" for r, d in zip(rows, debates, strict=True)) + "\n", encoding="utf-8"
    )
    result = cli("claims", "score", str(gold), str(CLAIMS / "predictions.csv"), "--bootstrap", "200")
    assert result.code == 0, result.stderr
    # A alone scores F1 1, B alone 0: the interval spans both
    assert "[0.0000, 1.0000] (200 resamples of 2 values of File_id)" in result.stdout


def test_claims_score_bootstrap_needs_the_group_column(cli) -> None:  # type: ignore[no-untyped-def]
    gold, pred = str(CLAIMS / "gold.csv"), str(CLAIMS / "predictions.csv")
    result = cli("claims", "score", gold, pred, "--bootstrap", "50")
    assert result.code == 2 and "missing column File_id" in result.stderr
    by_sentence = cli("claims", "score", gold, pred, "--bootstrap", "50", "--group-by", "")
    assert by_sentence.code == 0 and "50 resamples of 6 sentences" in by_sentence.stdout
