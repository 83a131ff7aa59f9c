"""The span verifier: a calibrated probability that an annotator marked a candidate span.

A logistic model over the candidate's features (:mod:`spinscope.decode.features`), followed by
an isotonic map learned on out-of-fold predictions, so that among spans scored 0.7 about 70 %
overlap a span that annotators marked with the same technique. Fitted by
``benchmarks/cv.py calibrate`` on the predictions of cross-validation fold models; NumPy only
at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

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
        np.savez(
            path,
            feature_names=np.array(self.feature_names),
            mean=self.mean,
            scale=self.scale,
            coef=self.coef,
            intercept=np.array(self.intercept),
            iso_x=self.iso_x,
            iso_y=self.iso_y,
        )

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
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelIntegrityError(f"{path}: unreadable span verifier ({exc})") from exc
        if list(verifier.feature_names) != expected_features:
            raise ModelIntegrityError(
                f"{path}: the verifier was fitted on other features than this version computes; "
                "refit it with benchmarks/cv.py calibrate"
            )
        return verifier
