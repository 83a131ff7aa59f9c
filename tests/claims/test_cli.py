"""``spinscope claims predict`` with the bundled claim model, and bad-input exits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from spinscope.claims.scorer import default_claim_model_dir
from tests.support import FIXTURES

CLAIMS = FIXTURES / "claims"
needs_claim_model = pytest.mark.skipif(
    not (default_claim_model_dir() / "card.json").is_file(), reason="the claim model is not bundled"
)


@needs_claim_model
def test_predict_then_score_round_trip(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pred.csv"
    result = cli("claims", "predict", str(CLAIMS / "sentences.csv"), "-o", str(out))
    assert result.code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Sentence_id"] for r in rows] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    scores = {r["Sentence_id"]: float(r["score"]) for r in rows}
    labels = {r["Sentence_id"]: int(r["label"]) for r in rows}
    assert scores["s3"] == 0.0 and labels["s3"] == 0  # empty text: kept, scored 0
    assert scores["s6"] == 0.0 and labels["s6"] == 0  # blank text
    assert labels["s1"] == 1 and labels["s4"] == 1  # figures, amounts, dates
    assert labels["s2"] == 0  # a courtesy
    assert scores["s1"] > scores["s5"] > 0.0
    scored = cli("claims", "score", str(CLAIMS / "gold.csv"), str(out))
    assert scored.code == 0, scored.stderr
    assert "F1" in scored.stdout


@needs_claim_model
def test_predict_threshold_option(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pred.csv"
    assert (
        cli("claims", "predict", str(CLAIMS / "sentences.csv"), "-o", str(out), "--threshold", "0.99").code
        == 0
    )
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(int(r["label"]) == int(float(r["score"]) >= 0.99) for r in rows)


def test_predict_missing_text_column_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pred.csv"
    result = cli("claims", "predict", str(CLAIMS / "no_text_column.csv"), "-o", str(out))
    assert result.code == 2
    assert "missing column Text" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_predict_missing_file_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("claims", "predict", str(tmp_path / "absent.csv"), "-o", str(tmp_path / "p.csv"))
    assert result.code == 2 and "absent.csv: no such file" in result.stderr


def test_bad_published_date_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "--sample", "--published", "17/01/2021")
    assert result.code == 2
    assert "publication date '17/01/2021' is not an ISO 8601 date" in result.stderr
    assert "Traceback" not in result.stderr
