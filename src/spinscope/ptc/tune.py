"""Choosing decoding thresholds on the dev articles (never on the reported validation set)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spinscope.model.technique_model import EncodedBlock, TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.evaluate import gold_rows
from spinscope.ptc.scorer import score_e2e, score_si

SPAN_THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
EXTRA_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 1.01)
LOW_RATIOS = (1.0, 0.8, 0.6, 0.4)


@dataclass(frozen=True, slots=True)
class TunedThresholds:
    span_threshold: float
    extra_label_threshold: float
    span_low_ratio: float
    dev_si_f1: float
    dev_e2e_f1: float


def _rows(
    model: TechniqueModel, blocks: list[EncodedBlock], articles: Sequence[Article], threshold: float
) -> list[LabelRow]:
    rows: list[LabelRow] = []
    for encoded in blocks:
        article_id = articles[encoded.text_index].id
        rows.extend(
            LabelRow(article_id, s.start, s.end, s.technique) for s in model.block_spans(encoded, threshold)
        )
    return rows


def tune_thresholds(
    model: TechniqueModel, articles: Sequence[Article], gold: dict[str, list[LabelRow]]
) -> TunedThresholds:
    """Pick the span threshold and hysteresis ratio maximising the mean of SI and end-to-end
    F1, then the threshold for a span's second technique maximising end-to-end F1."""
    blocks = list(model.encode([a.text for a in articles]))
    rows = gold_rows(articles, gold)
    best_key: tuple[float, float] = (model.threshold, 1.0)
    best_sum, si_f1 = -1.0, 0.0
    for ratio in LOW_RATIOS:
        single = replace(model, extra_label_threshold=1.01, low_ratio=ratio)
        for threshold in SPAN_THRESHOLDS:
            pred = _rows(single, blocks, articles, threshold)
            si, e2e = score_si(pred, rows).overall.f1, score_e2e(pred, rows).overall.f1
            if si + e2e > best_sum:
                best_key, best_sum, si_f1 = (threshold, ratio), si + e2e, si
    span_threshold, ratio = best_key
    best_extra, best_e2e = 1.01, -1.0
    for extra in EXTRA_THRESHOLDS:
        candidate = replace(model, extra_label_threshold=extra, low_ratio=ratio)
        e2e = score_e2e(_rows(candidate, blocks, articles, span_threshold), rows).overall.f1
        if e2e > best_e2e:
            best_extra, best_e2e = extra, e2e
    return TunedThresholds(span_threshold, best_extra, ratio, si_f1, best_e2e)
