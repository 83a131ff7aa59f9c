"""Time per sentence of claim models on news sentences, measured side by side in one run.

    python benchmarks/claims_speed.py --model src/spinscope/data/models/claims-minilm \
        --model runs/claims-l3/model [--data ../shared/data/ptc] [--sentences 2000] [--repeats 3]

Sentences: those of PTC training articles when the data folder exists, else of the bundled
sample article repeated. The models take turns (A, B, A, B, ...) so that both see the same
machine load; each model's best and median seconds over the repeats are printed, with every
model's median as a ratio of the first model's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from spinscope.claims.scorer import load_claim_scorer
from spinscope.segment.sentences import split_sentences


def news_sentences(data: Path, limit: int) -> list[str]:
    from spinscope.cli.analyze_cmd import sample_text
    from spinscope.ptc.corpus import iter_articles

    folder = data / "train-articles"
    texts = (a.text for a in iter_articles(folder)) if folder.is_dir() else iter([sample_text()] * 200)
    out: list[str] = []
    for text in texts:
        out += [s.text for s in split_sentences(text)]
        if len(out) >= limit:
            break
    return out[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", type=Path, action="append", required=True, help="claim model folder (repeat)"
    )
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SPINSCOPE_PTC_DIR", "../shared/data/ptc"))
    )
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    sentences = news_sentences(args.data, args.sentences)
    previous = ["", *sentences[:-1]]
    scorers = [load_claim_scorer(m, args.threads) for m in args.model]
    for scorer in scorers:
        scorer.score(sentences[:20], previous[:20])  # warm up
    times: list[list[float]] = [[] for _ in scorers]
    for _ in range(args.repeats):
        for k, scorer in enumerate(scorers):
            started = time.perf_counter()
            scorer.score(sentences, previous)
            times[k].append(time.perf_counter() - started)
    first = statistics.median(times[0])
    results = []
    for model, seconds in zip(args.model, times, strict=True):
        median = statistics.median(seconds)
        results.append({
            "model": str(model),
            "sentences": len(sentences),
            "best_s": round(min(seconds), 3),
            "median_s": round(median, 3),
            "ms_per_sentence": round(1000 * median / len(sentences), 3),
            "median_vs_first": round(median / first, 3),
        })  # fmt: skip
        each = 1000 * median / len(sentences)
        print(f"{model}: median {median:.2f} s for {len(sentences)} sentences ({each:.2f} ms each), "
              f"{median / first:.2f}x the first model's time")  # fmt: skip
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
