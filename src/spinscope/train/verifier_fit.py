"""Fitting the span verifier on out-of-fold candidates, and measuring it honestly.

The candidates come from the five cross-validation fold models, each decoding the fold it never
saw. The verifier is a logistic model over the candidate features whose outputs are mapped by an
isotonic regression onto the observed rate of "an annotator marked an overlapping span with
this technique". Every figure reported here is cross-fitted: the scores of fold k come from a
logistic model and an isotonic map fitted without fold k.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import numpy.typing as npt
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from spinscope.decode.lexicon import Lexicon
from spinscope.decode.verifier import Verifier
from spinscope.errors import TrainingSetupError
from spinscope.ptc.verification import CandidateTable

MIN_SHOWN_PRECISION = 0.60
"""Default view: at least this share of shown spans overlap an annotated span (any technique)."""
THRESHOLD_STEP = 0.01
MIN_SHOWN = 50
"""A display threshold must leave at least this many out-of-fold candidates to judge it by."""
MIN_SHOWN_PER_TECHNIQUE = 5
"""A technique is judged unreliable on at least this many shown out-of-fold candidates."""
REGULARISATION = 1.0


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_score: float
    observed_same: float
    observed_any: float


@dataclass(slots=True)
class CalibrationReport:
    candidates: int
    folds: int
    auc_same: float
    """ROC AUC of the cross-fitted calibrated score for "overlaps a span of the same technique"."""
    auc_any: float
    """... for "overlaps an annotated span" (any technique)."""
    auc_raw_same: float
    auc_raw_any: float
    """The same AUCs for the score without a verifier (confidence x technique probability)."""
    display_threshold: float
    shown_share: float
    """Share of candidates at or above the display threshold."""
    shown_precision_any: float
    shown_precision_same: float
    brier: float
    reliability: list[ReliabilityBin] = field(default_factory=list)
    per_technique: dict[str, dict[str, float]] = field(default_factory=dict)
    fold_auc_same: list[float] = field(default_factory=list)
    unreliable_techniques: list[str] = field(default_factory=list)
    """Techniques with at least :data:`MIN_SHOWN_PER_TECHNIQUE` candidates at or above the display
    threshold, none of which overlaps an annotated span of that technique."""
    auc_same_without_lexicon: float = float("nan")
    """The cross-fitted AUC (same technique) of the same verifier without its lexical features."""
    fold_auc_same_without_lexicon: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _standardise(x: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    mean = x.astype(np.float64).mean(0)
    scale = x.astype(np.float64).std(0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def _fit_logistic(
    x: npt.NDArray[np.float32], y: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], float]:
    if y.all() or not y.any():
        raise TrainingSetupError("the verifier needs candidates both marked and unmarked by annotators")
    mean, scale = _standardise(x)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit((x - mean) / scale, y)
    return mean, scale, model.coef_[0].astype(np.float64), float(model.intercept_[0])


def _raw(x: npt.NDArray[np.float32], params: tuple[np.ndarray, np.ndarray, np.ndarray, float]) -> np.ndarray:
    mean, scale, coef, intercept = params
    z = ((x.astype(np.float64) - mean) / scale) @ coef + intercept
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


def _fit_isotonic(raw: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raw, y.astype(np.float64))
    return np.asarray(iso.X_thresholds_, dtype=np.float64), np.asarray(iso.y_thresholds_, dtype=np.float64)


def _oof_raw(table: CandidateTable, folds: list[int], target: np.ndarray) -> np.ndarray:
    """Raw logistic scores of each candidate from a model fitted on the other folds in ``folds``."""
    out = np.zeros(len(table))
    for k in folds:
        test = table.fold == k
        train = np.isin(table.fold, [f for f in folds if f != k])
        out[test] = _raw(table.features[test], _fit_logistic(table.features[train], target[train]))
    return out


def cross_fitted_scores(table: CandidateTable) -> np.ndarray:
    """Calibrated scores in which fold k's never depend on fold k: logistic and isotonic map
    fitted on the other folds (the isotonic map on their own out-of-fold logistic scores)."""
    folds = sorted(int(f) for f in np.unique(table.fold))
    if len(folds) < 3:
        raise TrainingSetupError(f"cross-fitting needs candidates from at least 3 folds, got {len(folds)}")
    target = table.same
    scores = np.zeros(len(table))
    for k in folds:
        others = [f for f in folds if f != k]
        train = np.isin(table.fold, others)
        inner = _oof_raw(table, others, target)[train]
        iso_x, iso_y = _fit_isotonic(inner, target[train])
        test = table.fold == k
        raw = _raw(table.features[test], _fit_logistic(table.features[train], target[train]))
        scores[test] = np.interp(raw, iso_x, iso_y)
    return scores


def choose_display_threshold(
    scores: np.ndarray, shown_ok: np.ndarray, min_precision: float = MIN_SHOWN_PRECISION
) -> float:
    """The lowest threshold (in steps of 0.01) whose shown spans are right (``shown_ok``) at
    least ``min_precision`` of the time, among thresholds that show at least
    :data:`MIN_SHOWN` candidates; 1.0 when none is."""
    chosen = 1.0
    for t in np.round(np.arange(0.0, 1.0, THRESHOLD_STEP), 2):
        shown = scores >= t
        if shown.sum() >= MIN_SHOWN and shown_ok[shown].mean() >= min_precision:
            chosen = float(t)
            break
    return chosen


def unreliable_techniques(table: CandidateTable, scores: np.ndarray, threshold: float) -> list[str]:
    """Techniques whose shown out-of-fold candidates (at least :data:`MIN_SHOWN_PER_TECHNIQUE`)
    never overlap an annotated span of that technique."""
    shown = scores >= threshold
    out = []
    for t, name in enumerate(table.techniques):
        mine = shown & (table.technique == t)
        if mine.sum() >= MIN_SHOWN_PER_TECHNIQUE and not table.same[mine].any():
            out.append(name)
    return out


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    return float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else float("nan")


def _fold_aucs(table: CandidateTable, scores: np.ndarray) -> list[float]:
    """ROC AUC (same technique) of ``scores`` within each fold, in fold order."""
    folds = sorted(int(f) for f in np.unique(table.fold))
    return [round(_auc(table.same[table.fold == k], scores[table.fold == k]), 4) for k in folds]


def _reliability(scores: np.ndarray, table: CandidateTable, bins: int = 10) -> list[ReliabilityBin]:
    edges = np.unique(np.quantile(scores, np.linspace(0, 1, bins + 1)))
    out = []
    for i, (lo, hi) in enumerate(itertools.pairwise(edges)):
        inside = (scores >= lo) & ((scores < hi) if i < len(edges) - 2 else (scores <= hi))
        if inside.any():
            out.append(
                ReliabilityBin(
                    round(float(lo), 4),
                    round(float(hi), 4),
                    int(inside.sum()),
                    round(float(scores[inside].mean()), 4),
                    round(float(table.same[inside].mean()), 4),
                    round(float(table.any[inside].mean()), 4),
                )
            )
    return out


def evaluate_scores(
    table: CandidateTable, scores: np.ndarray, threshold: float, hidden: Sequence[str] = ()
) -> CalibrationReport:
    """Figures of ``scores`` on the candidates; the default view shows those at or above
    ``threshold`` whose technique is not in ``hidden``."""
    shown = (scores >= threshold) & ~np.isin(table.technique, [table.techniques.index(h) for h in hidden])
    per_technique: dict[str, dict[str, float]] = {}
    for t, name in enumerate(table.techniques):
        mine = table.technique == t
        if mine.any():
            per_technique[name] = {
                "candidates": int(mine.sum()),
                "shown": int((mine & shown).sum()),
                "precision_same_shown": round(float(table.same[mine & shown].mean()), 4)
                if (mine & shown).any()
                else float("nan"),
                "auc_same": round(_auc(table.same[mine], scores[mine]), 4),
            }
    return CalibrationReport(
        candidates=len(table),
        folds=len(np.unique(table.fold)),
        auc_same=round(_auc(table.same, scores), 4),
        auc_any=round(_auc(table.any, scores), 4),
        auc_raw_same=round(_auc(table.same, table.raw), 4),
        auc_raw_any=round(_auc(table.any, table.raw), 4),
        display_threshold=threshold,
        shown_share=round(float(shown.mean()), 4),
        shown_precision_any=round(float(table.any[shown].mean()), 4) if shown.any() else float("nan"),
        shown_precision_same=round(float(table.same[shown].mean()), 4) if shown.any() else float("nan"),
        brier=round(float(np.mean((scores - table.same) ** 2)), 4),
        reliability=_reliability(scores, table),
        per_technique=per_technique,
        fold_auc_same=_fold_aucs(table, scores),
    )


def fit_verifier(table: CandidateTable, lexicon: Lexicon | None = None) -> tuple[Verifier, CalibrationReport]:
    """The verifier fitted on every candidate, and the cross-fitted report that says how well
    such a verifier does on folds it never saw (its display threshold included). ``lexicon``:
    the word lexicon of the shipped model's training articles, to compute its lexical features
    at run time (the table's come from each fold model's own)."""
    scores = cross_fitted_scores(table)
    threshold = choose_display_threshold(scores, table.any)
    hidden = unreliable_techniques(table, scores, threshold)
    report = evaluate_scores(table, scores, threshold, hidden)
    report.unreliable_techniques = hidden
    lexical = [k for k, name in enumerate(table.names) if name.startswith("lex_")]
    if lexical:
        plain = table.features.copy()
        plain[:, lexical] = 0.0
        without = cross_fitted_scores(replace(table, features=plain))
        report.auc_same_without_lexicon = round(_auc(table.same, without), 4)
        report.fold_auc_same_without_lexicon = _fold_aucs(table, without)
    folds = sorted(int(f) for f in np.unique(table.fold))
    mean, scale, coef, intercept = _fit_logistic(table.features, table.same)
    iso_x, iso_y = _fit_isotonic(_oof_raw(table, folds, table.same), table.same)
    verifier = Verifier(table.names, mean, scale, coef, intercept, iso_x, iso_y, lexicon)
    return verifier, report
