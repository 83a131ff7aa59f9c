"""The bundled claim model: its card, its files, and the scorer's input layout and batching."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from spinscope.claims.card import ClaimCard
from spinscope.claims.scorer import ClaimScorer, default_claim_model_dir, load_claim_scorer
from spinscope.errors import ModelNotFoundError

MODEL_DIR = default_claim_model_dir()
pytestmark = pytest.mark.skipif(
    not (MODEL_DIR / "card.json").is_file(), reason="the claim model is not bundled"
)


@pytest.fixture(scope="module")
def scorer() -> ClaimScorer:
    return load_claim_scorer(threads=1)


def test_card_is_complete_and_files_match() -> None:
    card = ClaimCard.load(MODEL_DIR)
    assert 0.0 < card.threshold < 1.0
    assert card.metrics["validation"]["f1"] > 0.5
    assert "research" in card.data_terms
    assert "spinscope claims train" in card.training["retrain_command"]
    assert card.training["validation_debates"] and card.training["dev_debates"]
    assert not set(card.training["validation_debates"]) & set(card.training["dev_debates"])
    total = 0
    for name, expected in card.files_sha256.items():
        data = (MODEL_DIR / name).read_bytes()
        total += len(data)
        assert hashlib.sha256(data).hexdigest() == expected, name
    assert {card.onnx_file, card.tokenizer_file} <= set(card.files_sha256)
    assert total <= 25 * 1024 * 1024


def test_token_layout_and_truncation(scorer: ClaimScorer) -> None:
    special = scorer.tokenizer.special
    ids = scorer.token_ids("Prices rose.")
    assert ids[0] == special.cls_id and ids[-1] == special.sep_id
    long_ids = scorer.token_ids("word " * 500, "context " * 500)
    assert len(long_ids) <= scorer.max_tokens
    with_context = scorer.token_ids("Prices rose.", "Before that, they fell.")
    if scorer.uses_context:
        assert len(with_context) > len(ids) and list(with_context[: len(ids)]) == list(ids)
    else:
        assert list(with_context) == list(ids)


def test_scores_are_probabilities_independent_of_batching(scorer: ClaimScorer) -> None:
    texts = [
        "Unemployment fell from 9.1 percent to 6.4 percent between 2015 and 2020.",
        "Thank you very much.",
        "",
        "The city spent 84 million crowns on the bridge, twice its annual budget.",
        "   ",
        "I believe in this country.",
    ]
    together = scorer.score(texts)
    alone = np.array([scorer.score([t])[0] for t in texts])
    assert together.shape == (6,)
    assert together[2] == 0.0 and together[4] == 0.0
    assert np.all((together >= 0.0) & (together <= 1.0))
    # one sentence per call: a score never depends on the sentences scored with it
    np.testing.assert_array_equal(together, alone)
    reordered = scorer.score(texts[::-1])[::-1]
    np.testing.assert_array_equal(together, reordered)
    assert together[0] > together[1] and together[3] > together[5]


def test_missing_model_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelNotFoundError, match="no such claim model folder"):
        load_claim_scorer(tmp_path / "absent")
    with pytest.raises(ModelNotFoundError, match=r"no card\.json"):
        load_claim_scorer(tmp_path)
