"""Choosing decoding settings on the dev articles (never on the reported validation set)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spinscope.decode.spans import DecodeSettings, DetectionSignal
from spinscope.model.technique_model import EncodedBlock, TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.evaluate import gold_rows
from spinscope.ptc.scorer import score_e2e, score_si
from spinscope.segment.sentences import sentence_bounds

SPAN_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
LOW_RATIOS = (1.0, 0.8, 0.6, 0.4)
EXTRA_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 1.01)
SENTENCE_COVERS = (1.01, 0.8, 0.65, 0.5, 0.35)
"""Shares of a sentence a span of a sentence-level technique must cover to be widened (1.01: never)."""
SENTENCE_SHARE = 0.4
"""A technique is sentence-level when at least this share of its training spans cover >= 90 % of
a sentence (doubt 0.62, causal oversimplification 0.56, black-and-white 0.55, ...)."""


@dataclass(frozen=True, slots=True)
class TunedDecoding:
    settings: DecodeSettings
    dev_si_f1: float
    dev_e2e_f1: float


def _rows(
    model: TechniqueModel, blocks: list[EncodedBlock], articles: Sequence[Article], settings: DecodeSettings
) -> list[LabelRow]:
    tuned = replace(model, decoding=settings)
    rows: list[LabelRow] = []
    for encoded in blocks:
        article_id = articles[encoded.text_index].id
        rows.extend(LabelRow(article_id, s.start, s.end, s.technique) for s in tuned.block_spans(encoded))
    return rows


def sentence_level_techniques(
    articles: Sequence[Article], gold: dict[str, list[LabelRow]], min_share: float = SENTENCE_SHARE
) -> tuple[str, ...]:
    """Techniques whose annotated spans mostly cover whole sentences, from training articles."""
    totals: dict[str, int] = {}
    whole: dict[str, int] = {}
    for article in articles:
        bounds = sentence_bounds(article.text)
        for row in gold.get(article.id, []):
            if row.technique is None:
                continue
            totals[row.technique] = totals.get(row.technique, 0) + 1
            for start, end in bounds:
                overlap = min(end, row.end) - max(start, row.start)
                if overlap >= 0.9 * (end - start):
                    whole[row.technique] = whole.get(row.technique, 0) + 1
                    break
    return tuple(sorted(t for t, n in totals.items() if whole.get(t, 0) >= min_share * n))


@dataclass(slots=True)
class TuningSet:
    """Encoded articles of one model, with their gold rows: the dev articles, or one
    cross-validation fold decoded by the model that did not train on it."""

    model: TechniqueModel
    blocks: list[EncodedBlock]
    articles: Sequence[Article]
    gold: list[LabelRow]
    _scores: dict[DecodeSettings, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def encode(
        cls, model: TechniqueModel, articles: Sequence[Article], gold: dict[str, list[LabelRow]]
    ) -> TuningSet:
        return cls(model, list(model.encode([a.text for a in articles])), articles, gold_rows(articles, gold))

    def scores(self, settings: DecodeSettings) -> tuple[float, float]:
        """(SI F1, end-to-end F1) of these articles decoded with ``settings`` (memoised)."""
        if settings not in self._scores:
            rows = _rows(self.model, self.blocks, self.articles, settings)
            self._scores[settings] = (
                score_si(rows, self.gold).overall.f1,
                score_e2e(rows, self.gold).overall.f1,
            )
        return self._scores[settings]


def tune_decoding(
    model: TechniqueModel,
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    sentence_techniques: tuple[str, ...] = (),
) -> TunedDecoding:
    """Pick detection signal, threshold and hysteresis ratio maximising SI F1 on the dev
    articles, then the second-technique threshold maximising end-to-end F1, then (for
    ``sentence_techniques``) the sentence cover maximising end-to-end F1."""
    return tune_decoding_on([TuningSet.encode(model, articles, gold)], sentence_techniques)


def tune_decoding_on(sets: Sequence[TuningSet], sentence_techniques: tuple[str, ...]) -> TunedDecoding:
    """The search of :func:`tune_decoding`, maximising the mean score over ``sets`` (for
    cross-validation: each fold decoded by its own fold model)."""

    def mean(settings: DecodeSettings, which: int) -> float:
        return sum(s.scores(settings)[which] for s in sets) / len(sets)

    detection = [
        DecodeSettings(threshold, 1.01, ratio, signal)
        for signal in DetectionSignal
        for ratio in LOW_RATIOS
        for threshold in SPAN_THRESHOLDS
    ]
    best = max(detection, key=lambda settings: mean(settings, 0))  # the first of equals, as before
    best_e2e = -1.0
    chosen = best
    for extra in EXTRA_THRESHOLDS:
        settings = replace(best, extra_label_threshold=extra)
        e2e = mean(settings, 1)
        if e2e > best_e2e:
            chosen, best_e2e = settings, e2e
    if sentence_techniques:
        widened = replace(chosen, sentence_techniques=sentence_techniques)
        for cover in SENTENCE_COVERS[1:]:
            settings = replace(widened, sentence_cover=cover)
            e2e = mean(settings, 1)
            if e2e > best_e2e:
                chosen, best_e2e = settings, e2e
    return TunedDecoding(chosen, mean(chosen, 0), best_e2e)
