"""The shipped int8 model agrees with the fp32 export it was quantised from."""

from __future__ import annotations

import numpy as np

from spinscope.analyzer import default_model_dir
from spinscope.train.encoder_source import sha256_file
from tests.support import FIXTURES

REFERENCE = FIXTURES / "fp32_reference.npz"


def test_int8_outputs_agree_with_fp32(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    with np.load(REFERENCE) as data:
        reference = data["probs"].astype(np.float32)
        reference_sha = str(data["int8_sha256"])
    shipped_sha = sha256_file(default_model_dir() / analyzer.card.onnx_file)
    assert reference_sha == shipped_sha, "model changed: rerun tools/quantization_reference.py"
    (encoded,) = list(analyzer.model.encode([fixture_article]))
    probs = encoded.outputs.probs
    assert probs.shape == reference.shape
    assert float(np.abs(probs - reference).mean()) < 0.02
    threshold = analyzer.card.span_threshold
    channel = analyzer.card.any_channel
    agree = (probs[:, channel] >= threshold) == (reference[:, channel] >= threshold)
    assert agree.mean() >= 0.95
