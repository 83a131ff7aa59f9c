"""The span verifier: a calibrated probability that an annotator marked a candidate span.

A logistic model over the candidate's features (:mod:`spinscope.decode.features`, with the word
lexicon of :mod:`spinscope.decode.lexicon` that ships in the same file), followed by
an isotonic map learned on out-of-fold predictions, so that among spans scored 0.7 about 70 %
overlap a span that annotators marked with the same technique. Fitted by
``benchmarks/cv.py calibrate`` on the predictions of cross-validation fold models; NumPy only
at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.decode.lexicon import Lexicon
from spinscope.errors import ModelIntegrityError


@dataclass(frozen=True, slots=True)
class Verifier:
    feature_names: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float
    iso_x: npt.NDArray[np.float64]
    """Raw logistic probabilities at the knots of the isotonic map (increasing)."""
    iso_y: npt.NDArray[np.float64]
    """Calibrated probabilities at those knots (non-decreasing)."""
    lexicon: Lexicon | None = None
    """The word lexicon its lexical features were computed with (None: those features are 0)."""

    def raw(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        z = ((features.astype(np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def score(self, features: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Calibrated probabilities, one per row of ``features``."""
        if features.shape[1] != len(self.feature_names):
            raise ModelIntegrityError(
                f"verifier expects {len(self.feature_names)} features, got {features.shape[1]}"
            )
        return np.interp(self.raw(features), self.iso_x, self.iso_y)

    def save(self, path: Path) -> None:
        arrays: dict[str, npt.NDArray[Any]] = {
            "feature_names": np.array(self.feature_names),
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": np.array(self.intercept),
            "iso_x": self.iso_x,
            "iso_y": self.iso_y,
        }
        lexicon = self.lexicon
        if lexicon is not None:
            arrays |= {
                "lexicon_columns": np.array(lexicon.columns),
                "lexicon_words": np.array(lexicon.words),
                "lexicon_inside": lexicon.inside,
                "lexicon_total": lexicon.total,
                "lexicon_prior": lexicon.prior,
                "lexicon_smoothing": np.array(lexicon.smoothing),
            }
        np.savez_compressed(path, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path, expected_features: list[str]) -> Verifier:
        try:
            with np.load(path, allow_pickle=False) as saved:
                verifier = cls(
                    tuple(str(n) for n in saved["feature_names"]),
                    saved["mean"],
                    saved["scale"],
                    saved["coef"],
                    float(saved["intercept"]),
                    saved["iso_x"],
                    saved["iso_y"],
                    _saved_lexicon(saved),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelIntegrityError(f"{path}: unreadable span verifier ({exc})") from exc
        if list(verifier.feature_names) != expected_features:
            raise ModelIntegrityError(
                f"{path}: the verifier was fitted on other features than this version computes; "
                "refit it with benchmarks/cv.py calibrate"
            )
        techniques = [n.removeprefix("is:") for n in expected_features if n.startswith("is:")]
        if verifier.lexicon is not None and list(verifier.lexicon.columns[:-1]) != techniques:
            raise ModelIntegrityError(f"{path}: the verifier's word lexicon names other techniques")
        return verifier


def _saved_lexicon(saved: np.lib.npyio.NpzFile) -> Lexicon | None:
    if "lexicon_words" not in saved:
        return None
    return Lexicon(
        tuple(str(c) for c in saved["lexicon_columns"]),
        tuple(str(w) for w in saved["lexicon_words"]),
        saved["lexicon_inside"],
        saved["lexicon_total"],
        saved["lexicon_prior"],
        float(saved["lexicon_smoothing"]),
    )
