"""Producing SemEval-2020 Task 11 predictions (SI, TC, end-to-end) with a technique model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.scorer import merge_intervals

FALLBACK_TECHNIQUE = "loaded_language"


def predict_e2e(
    model: TechniqueModel, articles: Sequence[Article], threshold: float | None = None
) -> list[LabelRow]:
    rows: list[LabelRow] = []
    all_spans = model.analyze_spans([a.text for a in articles], threshold)
    for article, spans in zip(articles, all_spans, strict=True):
        rows.extend(LabelRow(article.id, s.start, s.end, s.technique) for s in spans)
    return rows


def predict_si(
    model: TechniqueModel, articles: Sequence[Article], threshold: float | None = None
) -> list[LabelRow]:
    rows: list[LabelRow] = []
    all_spans = model.analyze_spans([a.text for a in articles], threshold)
    for article, spans in zip(articles, all_spans, strict=True):
        merged = merge_intervals((s.start, s.end) for s in spans)
        rows.extend(LabelRow(article.id, start, end) for start, end in merged)
    return rows


def predict_tc(
    model: TechniqueModel, articles: Sequence[Article], rows: Sequence[LabelRow]
) -> list[LabelRow]:
    """Label each given span; the k-th row for the same span gets the k-th most likely technique.
    Output rows keep the input order."""
    by_article: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_article.setdefault(row.article_id, []).append(i)
    index = {a.id: i for i, a in enumerate(articles)}
    missing = sorted(set(by_article) - set(index))
    if missing:
        from spinscope.errors import InputFormatError

        raise InputFormatError(f"spans refer to articles not in the folder: {', '.join(missing[:5])}")
    out: list[LabelRow | None] = [None] * len(rows)
    wanted = [a for a in articles if a.id in by_article]
    for encoded in model.encode([a.text for a in wanted]):
        article = wanted[encoded.text_index]
        block = encoded.block
        row_ids = [
            i for i in by_article[article.id] if block.start <= rows[i].start < block.start + len(block.text)
        ]
        ranges = [(rows[i].start - block.start, rows[i].end - block.start) for i in row_ids]
        probs = model.classify_ranges(encoded, ranges)
        seen: dict[tuple[int, int], int] = {}
        for i, p in zip(row_ids, probs, strict=True):
            key = (rows[i].start, rows[i].end)
            rank = seen.get(key, 0)
            seen[key] = rank + 1
            order = np.argsort(-p)
            technique = model.techniques[int(order[min(rank, len(order) - 1)])]
            out[i] = LabelRow(rows[i].article_id, rows[i].start, rows[i].end, technique)
    # a span in an empty article or outside its text: the most frequent technique in PTC
    fallback = FALLBACK_TECHNIQUE if FALLBACK_TECHNIQUE in model.techniques else model.techniques[0]
    return [
        labelled if labelled is not None else LabelRow(row.article_id, row.start, row.end, fallback)
        for labelled, row in zip(out, rows, strict=True)
    ]
