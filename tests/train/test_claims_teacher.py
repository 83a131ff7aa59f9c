"""A claim model as teacher: scores per training sentence, cached in the work folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from spinscope.claims.scorer import default_claim_model_dir
from spinscope.train.claims_data import ClaimExample
from spinscope.train.claims_teacher import teacher_key, teacher_scores

EXAMPLES = [
    ClaimExample("1", "Unemployment fell to 4.1 percent last year.", 1, "d1"),
    ClaimExample("2", "Thank you very much.", 0, "d1", context="Unemployment fell."),
    ClaimExample("3", "We spent 3 billion dollars on roads in 2015.", 1, "d2"),
]


@pytest.fixture(scope="module")
def bundled() -> Path:
    model = default_claim_model_dir()
    if not (model / "card.json").is_file():
        pytest.skip("no bundled claim model")
    return model


def test_scores_match_the_teacher_and_come_back_from_the_cache(bundled: Path, tmp_path: Path) -> None:
    logged: list[str] = []
    first = teacher_scores(bundled, EXAMPLES, tmp_path, logged.append)
    assert first.shape == (3,) and first.dtype == np.float32
    assert first[0] > first[1] and first[2] > first[1]  # factual claims above a courtesy
    cached = list(tmp_path.glob("claims-teacher-*.npy"))
    assert len(cached) == 1 and not list(tmp_path.glob("*.partial.npy"))
    again = teacher_scores(bundled, EXAMPLES, tmp_path, logged.append)
    assert np.array_equal(first, again)
    assert logged[-1].startswith("teacher scores from")


def test_the_cache_key_follows_the_sentences(bundled: Path) -> None:
    assert teacher_key(bundled, EXAMPLES) == teacher_key(bundled, list(EXAMPLES))
    assert teacher_key(bundled, EXAMPLES) != teacher_key(bundled, EXAMPLES[:2])


def test_the_retrain_command_names_the_options_that_differ() -> None:
    pytest.importorskip("torch")
    from spinscope.train.claims_pipeline import retrain_command
    from spinscope.train.claims_train import ClaimTrainConfig

    plain = retrain_command(ClaimTrainConfig(), None, "1.0.0")
    assert plain.startswith("spinscope claims train --data") and "--layers" not in plain
    small = retrain_command(
        ClaimTrainConfig(epochs=3, layers=3, distill_weight=0.5), Path("/x/claims-minilm"), "2.0.0"
    )
    assert small.endswith(
        "--epochs 3 --layers 3 --distill-from claims-minilm --distill-weight 0.5 --model-version 2.0.0"
    )
