"""Where the technique model's time goes inside ONNX Runtime, by operator type.

    python benchmarks/ort_profile.py [--model PATH.onnx] [--threads 1] [--tokens 256] [--runs 40]
                                     [--data ../shared/data/ptc]

Runs one window (random token ids, full attention mask) ``--runs`` times with ONNX Runtime's
profiler on and prints each operator type's share of the kernel time. Default model: the
shipped int8 technique model; ``--threads 1`` matches how spinscope runs it (one thread per
call, two calls in flight on two cores). Then times ``spinscope.analyze`` (techniques only, one
call in flight) on 30 articles (PTC training articles when ``--data`` exists, else the bundled
sample) and prints the share of its time spent inside ONNX Runtime. Also times one window with
and without the graph fusions spinscope leaves off (``SLOW_FUSIONS``), interleaved, so that the
choice can be rechecked on any machine. Needs only the runtime install.
"""

from __future__ import annotations

import argparse
import collections
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


def window_feed(tokens: int) -> dict[str, Any]:
    ids = np.random.default_rng(0).integers(1000, 20000, (1, tokens), dtype=np.int64)
    return {"input_ids": ids, "attention_mask": np.ones_like(ids)}


def session(model: Path, threads: int, disabled: tuple[str, ...], profile_prefix: str = "") -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if profile_prefix:
        options.enable_profiling = True
        options.profile_file_prefix = profile_prefix
    return ort.InferenceSession(
        str(model), options, providers=["CPUExecutionProvider"], disabled_optimizers=list(disabled)
    )


def fusion_comparison(model: Path, threads: int, tokens: int, runs: int) -> tuple[float, float, float]:
    """(ms per window as spinscope runs it, ms with every fusion on, largest output difference),
    medians over 5 interleaved rounds of ``runs`` windows."""
    import statistics
    import time

    from spinscope.model.onnx_runtime import SLOW_FUSIONS

    feed = window_feed(tokens)
    sessions = [session(model, threads, SLOW_FUSIONS), session(model, threads, ())]
    outputs = [s.run(None, feed)[0] for s in sessions]
    rounds: list[list[float]] = [[], []]
    for _ in range(5):
        for s, times in zip(sessions, rounds, strict=True):
            start = time.perf_counter()
            for _ in range(runs):
                s.run(None, feed)
            times.append(1000 * (time.perf_counter() - start) / runs)
    difference = float(np.abs(outputs[0] - outputs[1]).max())
    return statistics.median(rounds[0]), statistics.median(rounds[1]), difference


def profile(model: Path, threads: int, tokens: int, runs: int) -> dict[str, tuple[float, int]]:
    """Operator type -> (milliseconds per run, nodes per run), as spinscope runs the model."""
    from spinscope.model.onnx_runtime import SLOW_FUSIONS

    with tempfile.TemporaryDirectory() as tmp:
        profiled = session(model, threads, SLOW_FUSIONS, str(Path(tmp) / "profile"))
        feed = window_feed(tokens)
        for _ in range(runs):
            profiled.run(None, feed)
        events = json.loads(Path(profiled.end_profiling()).read_text(encoding="utf-8"))
    micros: collections.Counter[str] = collections.Counter()
    nodes: collections.Counter[str] = collections.Counter()
    for event in events:
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            op = event["args"]["op_name"]
            micros[op] += event["dur"]
            nodes[op] += 1
    return {op: (us / runs / 1000, nodes[op] // runs) for op, us in micros.most_common()}


def analyze_seconds(texts: list[str], analyzers: list[Any]) -> list[float]:
    """For each analyzer, the median over 5 interleaved rounds of the seconds ``analyze``
    takes over ``texts`` one by one (interleaving keeps machine drift out of the comparison)."""
    import statistics
    import time

    rounds: list[list[float]] = [[] for _ in analyzers]
    for analyzer in analyzers:
        analyzer.analyze(texts[0])
    for _ in range(5):
        for analyzer, times in zip(analyzers, rounds, strict=True):
            start = time.perf_counter()
            for text in texts:
                analyzer.analyze(text)
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in rounds]


def share_inside_runtime(analyzer: Any, texts: list[str]) -> tuple[float, float]:
    """(seconds in analyze, share of them inside the ONNX Runtime calls) over ``texts``; the
    analyzer must keep one call in flight, so that the calls' times add up."""
    import time

    runner = analyzer.model.runner
    inside = [0.0]

    def timed_runner(ids, mask):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        out = runner(ids, mask)
        inside[0] += time.perf_counter() - start
        return out

    analyzer.model.runner = timed_runner
    try:
        analyzer.analyze(texts[0])
        inside[0] = 0.0
        start = time.perf_counter()
        for text in texts:
            analyzer.analyze(text)
        total = time.perf_counter() - start
    finally:
        analyzer.model.runner = runner
    return total, inside[0] / total


def main() -> None:
    from spinscope.analyzer import default_model_dir
    from spinscope.model.card import ModelCard

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    shipped = default_model_dir() / ModelCard.load(default_model_dir()).onnx_file
    parser.add_argument("--model", type=Path, default=shipped)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    args = parser.parse_args()
    table = profile(args.model, args.threads, args.tokens, args.runs)
    total = sum(ms for ms, _ in table.values())
    print(f"{args.model.name}: {args.tokens} tokens, {args.threads} thread(s), {total:.2f} ms per run")
    print(f"{'operator':28s} {'share':>6s} {'ms/run':>7s} {'nodes':>6s}")
    for op, (ms, n) in table.items():
        if ms / total >= 0.002:
            print(f"{op:28s} {100 * ms / total:5.1f}% {ms:7.2f} {n:6d}")
    ours, all_fusions, difference = fusion_comparison(args.model, args.threads, args.tokens, args.runs)
    print(
        f"one window, wall clock: {ours:.2f} ms as spinscope runs it, {all_fusions:.2f} ms with every"
        f" fusion on ({all_fusions / ours:.2f}x); largest output difference {difference:.4f}"
    )
    from speed import load_texts

    texts = load_texts(args.data, 30)[:30]
    from spinscope.analyzer import Analyzer
    from spinscope.model.onnx_runtime import RuntimeOptions

    one_call, two_calls = (
        Analyzer.load(default_model_dir(), RuntimeOptions(lanes=lanes), claims=False) for lanes in (1, 2)
    )
    seconds, share = share_inside_runtime(one_call, texts)
    print(f"analyze on {len(texts)} articles: {seconds:.2f} s, {100 * share:.1f} % inside ONNX Runtime")
    one_lane, two_lanes = analyze_seconds(texts, [one_call, two_calls])
    print(
        f"per article: one call in flight with all threads {1000 * one_lane / len(texts):.1f} ms, two"
        f" calls in flight sharing the threads (spinscope's default) {1000 * two_lanes / len(texts):.1f} ms"
    )


if __name__ == "__main__":
    main()
