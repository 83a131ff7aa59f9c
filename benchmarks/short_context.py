"""How much context the technique model needs: whole articles, paragraphs alone, sentences alone.

    python benchmarks/short_context.py --data ../shared/data/ptc [--model DIR] [--json OUT]

The model was trained on windows of whole articles. Users also paste a paragraph or a single
sentence. This reads the 20 dev articles three ways with the bundled model (or ``--model``):
each article whole, every five lines alone (a paragraph's worth: the PTC files hold one
sentence per line), and each sentence alone, maps the spans back to the article, and scores them against the
annotations: SI and end-to-end F1, the number of candidate spans, and for the default view
(spans at or above the card's display threshold) how many are shown and the share of them that
overlap an annotated span. It decides nothing about the model; it tells users what to expect.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from spinscope.analysis import Span
from spinscope.analyzer import default_model_dir
from spinscope.model.onnx_runtime import load_model_dir
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.ptc.evaluate import gold_rows
from spinscope.ptc.scorer import merge_intervals, score_e2e, score_si
from spinscope.segment.sentences import sentence_bounds
from spinscope.train.splits import load_ptc

Pieces = Callable[[str], list[tuple[int, int]]]


def whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


def lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines (the PTC files hold one sentence per line)."""
    bounds, start = [], 0
    for match in re.finditer(r"\n", text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def passages(text: str, size: int = 5) -> list[tuple[int, int]]:
    """Runs of ``size`` consecutive non-empty lines: a paragraph's worth of text."""
    found = lines(text)
    return [(found[k][0], found[min(k + size, len(found)) - 1][1]) for k in range(0, len(found), size)]


READINGS: dict[str, Pieces] = {"article": whole, "five lines": passages, "sentence": sentence_bounds}


def overlaps_any(span: Span, marked: list[LabelRow]) -> bool:
    return any(row.start < span.end and span.start < row.end for row in marked)


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--data", type=Path, required=True, help="PTC folder")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: bundled)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()

    card, model = load_model_dir(args.model or default_model_dir())
    data = load_ptc(args.data)
    articles: list[Article] = data.dev
    gold = gold_rows(articles, data.gold)
    gold_si = [LabelRow(g.article_id, g.start, g.end) for g in gold]
    result: dict[str, object] = {"model": f"{card.name} {card.version}", "articles": len(articles)}
    for reading, pieces in READINGS.items():
        spans: dict[str, list[Span]] = {}
        count = 0
        for article in articles:
            bounds = pieces(article.text)
            count += len(bounds)
            found = model.analyze_spans([article.text[a:b] for a, b in bounds])
            spans[article.id] = [
                Span(s.start + a, s.end + a, s.technique, s.score, s.text)
                for (a, _), piece_spans in zip(bounds, found, strict=True)
                for s in piece_spans
            ]
        e2e = [LabelRow(i, s.start, s.end, s.technique) for i, ss in spans.items() for s in ss]
        merged = {i: merge_intervals((s.start, s.end) for s in ss) for i, ss in spans.items()}
        si = [LabelRow(i, a, b) for i, intervals in merged.items() for a, b in intervals]
        shown = [(i, s) for i, ss in spans.items() for s in ss if s.score >= card.display_threshold]
        right = sum(overlaps_any(s, data.gold.get(i, [])) for i, s in shown)
        row = {
            "pieces": count,
            "si_f1": round(score_si(si, gold_si).overall.f1, 4),
            "e2e_f1": round(score_e2e(e2e, gold).overall.f1, 4),
            "candidates": len(e2e),
            "shown": len(shown),
            "shown_on_annotated_span": round(right / len(shown), 4) if shown else None,
        }
        result[reading] = row
        print(f"{reading:9s} {row}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
