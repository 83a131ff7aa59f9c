"""Throughput of ``spinscope batch`` with the local engine, per number of worker processes.

    python benchmarks/batch.py [--docs 1000] [--workers 1 2] [--data ../shared/data/ptc]
                               [--chunk-size 8] [--json results.json]

Documents: the PTC training articles cycled (when the data folder exists), plus the bundled
sample article, each copy with its own id, an invented source and a date (25 documents a day),
until ``--docs``.
Each configuration starts from an empty SQLite store in a temporary folder, so every document
is analysed and stored (spans and claims). Reports documents/s, words/s and the peak resident
memory of each worker process (with one worker, the analysis runs in the driving process, so
its figure includes the driver). Prints a Markdown table; use ``nice`` on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc"
SOURCES = ("Harbour Herald", "Valley Voice", "Coast Courier", "Morning Star")
DOCS_PER_DAY = 25  # publication dates as in a news corpus: documents of a chunk mostly share one


def corpus_texts(data: Path) -> tuple[list[str], str]:
    from spinscope.cli.analyze_cmd import sample_text
    from spinscope.ptc.corpus import iter_articles

    texts = [sample_text()]
    folder = data / "train-articles"
    if folder.is_dir():
        texts += [a.text for a in iter_articles(folder)]
        return texts, f"{len(texts) - 1} PTC training articles + the bundled sample, cycled"
    return texts, "the bundled sample article, repeated (PTC data not found)"


def write_input(path: Path, texts: list[str], n: int) -> int:
    from spinscope.store.records import count_words

    words = 0
    start = dt.date(2024, 1, 1)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = texts[i % len(texts)]
            words += count_words(text)
            record = {
                "id": f"bench-{i:05d}",
                "text": text,
                "source": SOURCES[i % len(SOURCES)],
                "published": (start + dt.timedelta(days=i // DOCS_PER_DAY)).isoformat(),
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def run_once(input_path: Path, workers: int, chunk_size: int) -> dict[str, Any]:
    from spinscope.batch import open_input, resolve_model, run_batch
    from spinscope.batch.local import LocalEngine, default_threads
    from spinscope.batch.progress import BatchProgress
    from spinscope.store import open_store

    model = resolve_model(None, None)
    threads = default_threads(workers)
    with tempfile.TemporaryDirectory() as folder, open_store(str(Path(folder) / "bench.db")) as store:
        engine = LocalEngine(model, workers=workers, threads=threads)
        started = time.perf_counter()
        summary = run_batch(open_input(input_path), store, model, engine, BatchProgress(), chunk_size, {})
        seconds = time.perf_counter() - started
    if summary.tally.failed:
        raise SystemExit(f"{summary.tally.failed} documents failed: {summary.tally.failures[:3]}")
    rss = summary.tally.worker_peak_rss_kib
    return {
        "workers": workers,
        "threads_per_worker": threads,
        "documents": summary.tally.done,
        "seconds": round(seconds, 1),
        "docs_per_s": round(summary.tally.done / seconds, 2),
        "peak_rss_per_worker_mib": [round(v / 1024) for v in sorted(rss.values())],
        "model": f"{model.name} {model.version}",
        "claims_model": model.claims_model or "none",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SPINSCOPE_PTC_DIR", DEFAULT_DATA)))
    parser.add_argument("--chunk-size", type=int, default=8)
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    texts, described = corpus_texts(args.data)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        input_path = Path(folder) / "bench.jsonl"
        words = write_input(input_path, texts, args.docs)
        for workers in args.workers:
            row = run_once(input_path, workers, args.chunk_size)
            row["words_per_s"] = round(words / row["seconds"])
            rows.append(row)
            print(f"workers={workers}: {row['docs_per_s']} docs/s", file=sys.stderr)
    print(f"Batch throughput, local engine: {args.docs} documents ({words:,} words): {described}.")
    print(
        f"Machine: {os.cpu_count()} CPU cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; model {rows[0]['model']}, claims {rows[0]['claims_model']}.\n"
    )
    print("| workers | threads/worker | documents | seconds | docs/s | words/s | peak RSS per worker (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        peaks = ", ".join(str(v) for v in r["peak_rss_per_worker_mib"])
        print(
            f"| {r['workers']} | {r['threads_per_worker']} | {r['documents']} | {r['seconds']} | "
            f"{r['docs_per_s']} | {r['words_per_s']:,} | {peaks} |"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"documents": args.docs, "words": words, "rows": rows}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
