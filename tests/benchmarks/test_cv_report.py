"""benchmarks/cv.py: fold summaries and paired differences between two recipes."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import load_benchmark


@pytest.fixture(scope="module")
def cv() -> ModuleType:
    return load_benchmark("cv")


def _fold(runs: Path, fold: int, si: float, tc: float, e2e: float) -> None:
    model = runs / f"fold-{fold}" / "model"
    model.mkdir(parents=True)
    metrics = {"si_f1": si, "tc_micro_f1": tc, "e2e_f1": e2e}
    (model / "card.json").write_text(json.dumps({"metrics": metrics}), encoding="utf-8")


def test_summary_and_paired_differences_use_the_common_folds(cv: ModuleType, tmp_path: Path) -> None:
    base, new = tmp_path / "base", tmp_path / "new"
    _fold(base, 0, 0.40, 0.60, 0.20)
    _fold(base, 1, 0.42, 0.62, 0.22)
    _fold(base, 2, 0.44, 0.64, 0.24)
    _fold(new, 0, 0.43, 0.60, 0.21)
    _fold(new, 1, 0.43, 0.61, 0.25)  # fold 2 not finished
    summary = cv.summarise(base)
    assert summary["si_f1"] == {"mean": 0.42, "sd": 0.02, "n": 3}
    difference = cv.paired_differences(summary, cv.summarise(new))
    assert difference["folds"] == [0, 1]
    assert difference["si_f1"] == {"mean": 0.02, "per_fold": [0.03, 0.01]}
    assert difference["tc_micro_f1"]["per_fold"] == [0.0, -0.01]


def test_a_recipe_may_be_rescored_folds_at_one_stride(cv: ModuleType, tmp_path: Path) -> None:
    rescored = {
        "folds": {
            "0": {"192": {"si_f1": 0.40}, "224": {"si_f1": 0.41, "tc_micro_f1": 0.6, "e2e_f1": 0.2}},
            "1": {"192": {"si_f1": 0.42}},  # not rescored at 224
        }
    }
    (tmp_path / "window-stride.json").write_text(json.dumps(rescored), encoding="utf-8")
    assert cv.fold_metrics(tmp_path / "window-stride.json@224") == {
        0: {"si_f1": 0.41, "tc_micro_f1": 0.6, "e2e_f1": 0.2}
    }
    assert cv.summarise(tmp_path / "window-stride.json@192")["si_f1"] == {"mean": 0.41, "sd": 0.0141, "n": 2}
