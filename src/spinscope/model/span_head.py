"""The span classifier, evaluated with NumPy on the encoder's hidden states.

Features of a token run [first, last): mean of its hidden states, the first and the last
token's state. Two dense layers (GELU between) give one logit per technique.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.blas import use_one_blas_thread
from spinscope.errors import ModelIntegrityError


def span_features(hidden: npt.NDArray[np.float32], runs: list[tuple[int, int]]) -> npt.NDArray[np.float32]:
    """(N, H) hidden states and R runs -> (R, 3H) features: mean, first, last state of each run."""
    if not runs:
        return np.zeros((0, hidden.shape[1] * 3), dtype=np.float32)
    firsts = np.array([r[0] for r in runs])
    lasts = np.array([r[1] for r in runs])
    means = np.stack([hidden[a:b].mean(axis=0) for a, b in runs])
    return np.concatenate([means, hidden[firsts], hidden[lasts - 1]], axis=1).astype(np.float32)


ERF_COEFFICIENTS = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
ERF_P = 0.3275911


def erf(x: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.float64]:
    """The error function, within 1.5e-7 of the exact value everywhere (Abramowitz and Stegun,
    formula 7.1.26), below float32's resolution of the features. NumPy has no erf, and importing
    SciPy for it cost 0.09 s of every cold start."""
    z = np.abs(x.astype(np.float64))
    t = 1.0 / (1.0 + ERF_P * z)
    poly = np.zeros_like(t)
    for coefficient in reversed(ERF_COEFFICIENTS):
        poly = (poly + coefficient) * t
    return np.sign(x) * (1.0 - poly * np.exp(-z * z))


def _gelu(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return (0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))).astype(np.float32)


def _softmax(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    z = x - x.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


@dataclass(frozen=True, slots=True)
class SpanHead:
    w1: npt.NDArray[np.float32]
    b1: npt.NDArray[np.float32]
    w2: npt.NDArray[np.float32]
    b2: npt.NDArray[np.float32]

    @classmethod
    def load(cls, path: Path) -> SpanHead:
        try:
            with np.load(path) as data:
                return cls(*(data[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2")))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelIntegrityError(f"{path}: unreadable span head: {exc}") from exc

    def save(self, path: Path) -> None:
        np.savez(path, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2)

    def __call__(
        self, hidden: npt.NDArray[np.float32], runs: list[tuple[int, int]]
    ) -> npt.NDArray[np.float32]:
        use_one_blas_thread()  # small matrices: BLAS threads would only wait for cores
        feats = span_features(hidden, runs)
        h = _gelu(feats @ self.w1 + self.b1)
        return _softmax(h @ self.w2 + self.b2)
