"""Where the time of one ``analyze`` call goes: each stage alone, then the whole call.

    python benchmarks/stages.py [--data ../shared/data/ptc] [--articles 40] [--json OUT]

On 1,000-word articles (``speed.thousand_word_texts``), the median per article of: the whole
``Analyzer.analyze`` with claims; the technique model alone; scoring the sentences for claims
(splitting and tokenising included); spaCy's entity tagging of the claim sentences; reading the
claims' dates and building them. Each stage runs alone here, the technique and claim models on
every core (as in the pipeline), the tagger on one. ``core_ms_of_work`` weighs each stage's
time by those cores, and ``overlap_estimate_ms`` divides it by the cores: roughly what the
whole call would take if the stages overlapped perfectly (an overestimate where a stage alone
leaves a core idle part of the time). A whole call near that figure means that only less
work, not a better order, can make it faster.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from speed import thousand_word_texts

from spinscope.analyzer import Analyzer
from spinscope.claims.enrich import build_claim
from spinscope.model.onnx_runtime import RuntimeOptions, available_cores

T = TypeVar("T")


def per_call_ms(items: Sequence[T], step: Callable[[T], object]) -> list[float]:
    """Milliseconds of ``step`` on each item, one call per item."""
    times = []
    for item in items:
        start = time.perf_counter()
        step(item)
        times.append(1000 * (time.perf_counter() - start))
    return times


def median_ms(texts: list[str], step: Callable[[str], object]) -> float:
    return round(statistics.median(per_call_ms(texts, step)), 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--windows",
        choices=("spread", "fitted"),
        default="spread",
        help="window plan of the technique model: full-length windows (as shipped) or fitted ones",
    )
    parser.add_argument(
        "--name-blind", action="store_true", help="the technique model reads the names of sides name-blind"
    )
    args = parser.parse_args()

    texts = thousand_word_texts(args.data, args.articles)
    analyzer = Analyzer.load(options=RuntimeOptions(name_blind=args.name_blind or None))
    analyzer.model = analyzer.model.with_fitted_windows(args.windows == "fitted")
    enricher = analyzer.claims
    assert enricher is not None and enricher.scorer is not None, "the claim model is not installed"
    analyzer.analyze(texts[0])  # warm: sessions, entity model, gazetteer
    threshold = analyzer.card.display_threshold
    kept = {text: enricher._claim_sentences([(0, text)]) for text in texts}
    tags = {text: enricher.tagger.tag([s.text for _, s, _ in kept[text]]) for text in texts}

    def build(text: str) -> None:
        for (_, sentence, score), found in zip(kept[text], tags[text], strict=True):
            build_claim(enricher.dates, sentence, score, found, None)

    cores = available_cores()
    stages = {
        "analyze with claims": median_ms(texts, analyzer.analyze),
        "technique model": median_ms(texts, lambda t: analyzer._techniques([t], threshold)),
        "claim scoring": median_ms(texts, lambda t: enricher._claim_sentences([(0, t)])),
        "entity tagging": median_ms(texts, lambda t: enricher.tagger.tag([s.text for _, s, _ in kept[t]])),
        "dates and claims": median_ms(texts, build),
    }
    one_core = stages["entity tagging"] + stages["dates and claims"]
    work = cores * (stages["technique model"] + stages["claim scoring"]) + one_core
    results = {
        "articles": len(texts),
        "windows": args.windows,
        "name_blind": args.name_blind,
        "cores": cores,
        "claims_per_article": statistics.median(len(k) for k in kept.values()),
        "median_ms": stages,
        "core_ms_of_work": round(work, 1),
        "overlap_estimate_ms": round(work / cores, 1),
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
