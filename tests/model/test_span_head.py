"""The NumPy span head: its error function, features and save/load round trip."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from spinscope.errors import ModelIntegrityError
from spinscope.model.span_head import SpanHead, erf, span_features


def test_erf_matches_the_exact_function() -> None:
    x = np.linspace(-7.0, 7.0, 20001)
    exact = np.array([math.erf(v) for v in x])
    assert np.abs(erf(x) - exact).max() < 1.5e-7
    assert erf(np.array([0.0]))[0] == 0.0
    assert np.all(np.diff(erf(x)) >= 0)  # monotone


def test_erf_is_odd_and_keeps_float32_inputs() -> None:
    x = np.array([-2.5, -0.1, 0.3, 4.0], dtype=np.float32)
    assert np.allclose(erf(x), -erf(-x), atol=0)


def test_span_features_are_mean_first_and_last() -> None:
    hidden = np.arange(12, dtype=np.float32).reshape(4, 3)
    feats = span_features(hidden, [(1, 3), (0, 1)])
    assert feats.shape == (2, 9)
    assert feats[0].tolist() == [4.5, 5.5, 6.5, 3, 4, 5, 6, 7, 8]
    assert feats[1].tolist() == [0, 1, 2] * 3
    assert span_features(hidden, []).shape == (0, 9)


def test_head_gives_a_distribution_per_span_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    head = SpanHead(
        rng.normal(size=(9, 5)).astype(np.float32),
        rng.normal(size=5).astype(np.float32),
        rng.normal(size=(5, 4)).astype(np.float32),
        rng.normal(size=4).astype(np.float32),
    )
    hidden = rng.normal(size=(6, 3)).astype(np.float32)
    probs = head(hidden, [(0, 2), (2, 6)])
    assert probs.shape == (2, 4)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    head.save(tmp_path / "head.npz")
    again = SpanHead.load(tmp_path / "head.npz")
    assert np.array_equal(again(hidden, [(0, 2), (2, 6)]), probs)


def test_unreadable_head_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "head.npz"
    bad.write_bytes(b"not numpy")
    with pytest.raises(ModelIntegrityError, match=r"head\.npz"):
        SpanHead.load(bad)
