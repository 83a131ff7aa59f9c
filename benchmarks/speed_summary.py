"""Medians over several runs of benchmarks/speed.py.

    for i in 1 2 3; do
        python benchmarks/speed.py --data ../shared/data/ptc --articles 60 \\
            --runtime-python /tmp/rt/bin/python --json benchmarks/results/speed-$i.json
    done
    python benchmarks/speed_summary.py benchmarks/results/speed-[0-9].json \\
        [--json benchmarks/results/speed-summary.json]

Timings on a shared machine move between runs by tens of per cent; each run already takes the
median of 5 interleaved rounds, and this script prints, for every figure, the median over the
runs with the lowest and highest value next to it. Needs only the standard library.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

ENGINE_FIGURES = ("tokens_per_s", "articles_per_s", "p50_ms", "p95_ms")
TOP_FIGURES = (
    "throughput_ratio_default_pipeline_vs_baseline",
    "throughput_ratio_default_pipeline_analyze_vs_baseline",
    "throughput_ratio_analyze_many_vs_baseline",
    "throughput_ratio_analyze_vs_baseline",
    "cold_start_s_techniques_only",
    "cold_start_s",
    "peak_rss_mb_techniques_only",
    "peak_rss_mb",
    "share_of_int8_matmul_rate_pct",
    "share_of_mixed_precision_limit_pct",
    "baseline_share_of_fp32_matmul_rate_pct",
)


def figures(run: dict[str, Any]) -> dict[str, float]:
    """One run's figures, flattened to ``name -> value``."""
    out: dict[str, float] = {}
    baseline = float(run["runs"][0]["tokens_per_s"])  # the first engine is the baseline
    for engine in run["runs"]:
        for key in ENGINE_FIGURES:
            if key in engine:
                out[f"{engine['engine']}: {key}"] = float(engine[key])
        # every engine against the baseline of the same run (also for runs written before
        # speed.py printed these ratios itself)
        out[f"{engine['engine']}: vs baseline"] = round(float(engine["tokens_per_s"]) / baseline, 2)
    for key in TOP_FIGURES:
        if key in run:
            out[key] = float(run[key])
    for name, rate in run.get("matmul_rates", {}).items():
        out[f"matmul rate: {name}"] = float(rate)
    return out


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """``name -> {median, low, high}`` over the figures every run has."""
    flat = [figures(run) for run in runs]
    names = [name for name in flat[0] if all(name in f for f in flat)]
    return {
        name: {
            "median": statistics.median(f[name] for f in flat),
            "low": min(f[name] for f in flat),
            "high": max(f[name] for f in flat),
        }
        for name in names
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", type=Path, nargs="+", help="JSON files written by speed.py --json")
    parser.add_argument("--json", type=Path, default=None, help="also write the summary here")
    args = parser.parse_args()
    runs = []
    for path in args.results:
        try:
            run = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            parser.error(f"{path}: not a speed.py result: {exc}")
        if not (isinstance(run, dict) and "machine" in run and run.get("runs")):
            parser.error(f"{path}: not a speed.py result (no machine and engine figures; a summary?)")
        runs.append(run)
    summary = summarise(runs)
    width = max(len(name) for name in summary)
    print(f"{len(runs)} runs; median (lowest - highest)")
    for name, value in summary.items():
        print(f"{name:{width}s}  {value['median']:>10.2f}  ({value['low']:.2f} - {value['high']:.2f})")
    quality = {json.dumps(run.get("quality"), sort_keys=True) for run in runs}
    if len(quality) == 1:
        print("validation F1 (the same in every run):", next(iter(quality)))
    if args.json:
        out = {"runs": [str(p) for p in args.results], "figures": summary}
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
