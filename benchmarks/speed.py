"""Inference speed of spinscope against a careful PyTorch baseline, in one run.

    python benchmarks/speed.py [--data ../shared/data/ptc] [--articles 100]
                               [--checkpoint runs/ptc-minilm/checkpoint.pt]
                               [--runtime-python /tmp/rt/bin/python] [--untrained-baseline]

For the cold-start and memory figures of a user's install, make a plain one first:
`python -m venv /tmp/rt && /tmp/rt/bin/pip install .`

Baseline: the same fine-tuned weights in PyTorch fp32 through `transformers`, one article at a
time, that article's windows batched together, default threads. spinscope: ONNX Runtime with
the shipped int8 model, `analyze_many` (windows of all articles in flight) and `analyze` (one
at a time), each as the default pipeline (techniques, claims, entities, dates: what users run)
and as techniques alone (`load(claims=False)`), also on 1,000-word articles alone. Every ratio
is against the baseline measured in the same run. Articles: PTC training articles when the data
folder exists, else the bundled sample repeated. Also measured here: cold start, peak RSS,
validation F1 of both, the machine's dense matmul rate (fp32 and int8) and the share of it the
model reaches: of the int8 rate, and of the limit for its mix of precisions (weight products in
int8, attention products in fp32, each at the rate measured for it). Needs the [train] extra.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPEATS = 5


@dataclass
class RunStats:
    name: str
    seconds: float
    tokens: int
    articles: int
    latencies: list[float]

    def row(self) -> dict[str, float | str]:
        out: dict[str, float | str] = {
            "engine": self.name,
            "tokens_per_s": round(self.tokens / self.seconds, 1),
            "articles_per_s": round(self.articles / self.seconds, 2),
        }
        if self.latencies:
            out["p50_ms"] = round(1000 * statistics.median(self.latencies), 1)
            out["p95_ms"] = round(1000 * float(np.percentile(self.latencies, 95)), 1)
        return out


def load_texts(data: Path, n: int) -> list[str]:
    from spinscope.cli.analyze_cmd import sample_text
    from spinscope.ptc.corpus import iter_articles

    folder = data / "train-articles"
    if folder.is_dir():
        return [a.text for a in iter_articles(folder)][:n]
    return [sample_text()] * max(n, 100)


def thousand_word_texts(data: Path, n: int) -> list[str]:
    """Articles of 900 to 1,100 words (the issue's "1,000-word article"); without the data
    folder, the bundled sample repeated to about 1,000 words."""
    from spinscope.cli.analyze_cmd import sample_text
    from spinscope.ptc.corpus import iter_articles

    folder = data / "train-articles"
    if folder.is_dir():
        texts = [a.text for a in iter_articles(folder) if 900 <= len(a.text.split()) <= 1100]
        return texts[:n]
    sample = sample_text()
    return ["\n\n".join([sample] * max(1, round(1000 / len(sample.split()))))] * n


Batch = Callable[[Sequence[str]], object]


@dataclass
class Engine:
    """One way of analysing ``texts``: article by article (``per_article``) or all at once."""

    name: str
    texts: Sequence[str]
    n_tokens: int
    per_article: Callable[[str], object] | None = None
    batch: Batch | None = None


def one_pass(engine: Engine) -> RunStats:
    latencies: list[float] = []
    start = time.perf_counter()
    if engine.batch is not None:
        engine.batch(engine.texts)
    else:
        assert engine.per_article is not None
        for text in engine.texts:
            t0 = time.perf_counter()
            engine.per_article(text)
            latencies.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - start
    return RunStats(engine.name, seconds, engine.n_tokens, len(engine.texts), latencies)


def timed_rounds(engines: list[Engine]) -> list[RunStats]:
    """REPEATS rounds, each running every engine once in turn (so a slow spell of the machine
    hits all engines alike); for each engine, its median round."""
    rounds: list[list[RunStats]] = [[] for _ in engines]
    for _ in range(REPEATS):
        for engine, runs in zip(engines, rounds, strict=True):
            runs.append(one_pass(engine))
    return [sorted(runs, key=lambda r: r.seconds)[len(runs) // 2] for runs in rounds]


def torch_baseline(checkpoint: Path | None, untrained: bool = False):  # type: ignore[no-untyped-def]
    """The fine-tuned network in PyTorch fp32 wrapped as a TechniqueModel (same decoding).
    ``untrained``: without the checkpoint, the pretrained encoder with a token head that finds
    nothing (weights 0, bias -20): the same arithmetic, no spans to decode."""
    import torch

    from spinscope.analyzer import default_model_dir
    from spinscope.decode.spans import DecodeSettings, DetectionSignal
    from spinscope.model.card import ModelCard
    from spinscope.model.tokenize import SubwordTokenizer
    from spinscope.train.encoder_source import locate_encoder
    from spinscope.train.loop import TrainConfig, build_technique_model
    from spinscope.train.network import TechniqueNetwork

    card = ModelCard.load(default_model_dir())
    network = TechniqueNetwork(locate_encoder().path, len(card.techniques))
    if untrained:
        with torch.no_grad():
            network.token_head.weight.zero_()
            network.token_head.bias.fill_(-20.0)
    elif checkpoint is None or not checkpoint.is_file():
        raise SystemExit(
            f"baseline needs the training checkpoint (--checkpoint; {checkpoint} not found), "
            "or --untrained-baseline for timing alone"
        )
    else:
        network.load_state_dict(torch.load(checkpoint, weights_only=False)["model"])
    network.eval()
    tokenizer = SubwordTokenizer(default_model_dir() / card.tokenizer_file)
    config = TrainConfig(window_tokens=card.window_tokens, infer_stride=card.window_stride)
    decoding = DecodeSettings(
        card.span_threshold,
        card.extra_label_threshold,
        card.span_low_ratio,
        DetectionSignal.from_card(card.detection_signal),
    )
    return build_technique_model(network, tokenizer, config, decoding)


def matmul_rates(threads: int) -> dict[str, float]:
    """Measured dense matmul throughput on this machine: fp32 (PyTorch/oneDNN, numpy) and int8
    (ONNX Runtime MatMulInteger, the kernel the int8 model uses on this CPU), GFLOP/s resp. GOP/s."""
    import onnxruntime as ort
    import torch
    from onnx import TensorProto, helper

    from spinscope.model.int8_weights import moves_weights_here

    m, k, n = 2048, 384, 1536  # the shape of a feed-forward layer over 8 windows
    a = np.random.rand(m, k).astype(np.float32)
    b = np.random.rand(k, n).astype(np.float32)
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)

    def rate(fn: Callable[[], object], ops: float) -> float:
        """Best of five half-second measurements."""
        for _ in range(5):
            fn()
        best = 0.0
        for _ in range(5):
            reps, start = 0, time.perf_counter()
            while time.perf_counter() - start < 0.5:
                fn()
                reps += 1
            best = max(best, ops * reps / (time.perf_counter() - start) / 1e9)
        return best

    ops = 2.0 * m * k * n
    out = {"fp32_torch_gflops": rate(lambda: ta @ tb, ops), "fp32_numpy_gflops": rate(lambda: a @ b, ops)}
    # the weights in the form spinscope gives ONNX Runtime on this CPU (spinscope.model.int8_weights)
    weights = np.random.randint(-127, 127, (k, n)).astype(np.int8)
    weight_type, weight_zero = TensorProto.INT8, 0
    if moves_weights_here():
        weights = (weights.astype(np.int16) + 128).astype(np.uint8)
        weight_type, weight_zero = TensorProto.UINT8, 128
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B", "za", "zb"], ["Y"])],
        "mmi",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, [m, k])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, [m, n])],
        [
            helper.make_tensor("B", weight_type, [k, n], weights.tobytes(), raw=True),
            helper.make_tensor("za", TensorProto.UINT8, [], [128]),
            helper.make_tensor("zb", weight_type, [], [weight_zero]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    qa = np.random.randint(0, 255, (m, k)).astype(np.uint8)
    out["int8_ort_gops"] = rate(lambda: sess.run(None, {"A": qa}), ops)
    return {key: round(v, 1) for key, v in out.items()}


def flops_per_token(hidden: int, layers: int, ffn: int, window: int) -> tuple[float, float]:
    """(FLOPs per token in products with weight matrices, FLOPs per token in the attention
    products QK^T and PV). spinscope runs the first kind in int8, the second in fp32."""
    weights = 2 * (4 * hidden * hidden + 2 * hidden * ffn)
    attention = 2 * 2 * window * hidden
    return float(layers * weights), float(layers * attention)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it is not inherited from
    the parent process across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_model() -> str:
    """The CPU's model name (Linux /proc/cpuinfo), else what the platform module says."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def child_measure(mode: str, data: str, n: int, claims: bool) -> None:
    """Run in a fresh process: cold start or peak RSS of spinscope alone."""
    t0 = time.perf_counter()
    import spinscope

    suffix = "" if claims else "_techniques_only"
    analyzer = spinscope.load(claims=claims)
    if mode == "cold":
        analyzer.analyze(load_texts(Path(data), 1)[0])
        print(json.dumps({f"cold_start_s{suffix}": time.perf_counter() - t0}))
        return
    texts = load_texts(Path(data), n)
    analyzer.analyze_many(texts)
    for text in texts[:20]:
        analyzer.analyze(text)
    print(json.dumps({f"peak_rss_mb{suffix}": peak_rss_mb()}))


def in_child(mode: str, data: Path, n: int, claims: bool, python: str) -> dict[str, float]:
    """Measure in a fresh process of ``python``, running this checkout's code (src/ first on
    the path) so that the figures belong to the code under test, not to an installed copy."""
    cmd = [python, __file__, "--child", mode, "--data", str(data), "--articles", str(n)]
    if not claims:
        cmd.append("--no-claims")
    if python == sys.executable:  # a training environment: measure without PyTorch, as users run
        cmd.append("--without-torch")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    results = []
    for _ in range(REPEATS if mode == "cold" else 1):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    key = next(iter(results[0]))
    return {key: round(statistics.median(r[key] for r in results), 3)}


def f1_of(model, data: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from spinscope.ptc.corpus import gold_by_article, read_labels
    from spinscope.ptc.evaluate import evaluate_headline
    from spinscope.train.splits import validation_articles

    if not (data / "train-articles").is_dir():
        return {}
    articles = validation_articles(data)
    gold = gold_by_article(read_labels(data / "train-labels-task-flc-tc"))
    return evaluate_headline(model, articles, gold)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SPINSCOPE_PTC_DIR", "../shared/data/ptc"))
    )
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--checkpoint", type=Path, default=Path("runs/ptc-minilm/checkpoint.pt"))
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--child", choices=["cold", "rss"], default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-claims", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--without-torch", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--runtime-python",
        default=None,
        help="interpreter of a plain `pip install .` (no [train] extra) for the cold-start and "
        "memory runs; default: this one, with PyTorch hidden from those runs "
        "(benchmarks/without_torch.py: spaCy's NER would import it, about 0.8 s and 200 MB).",
    )
    parser.add_argument(
        "--untrained-baseline",
        action="store_true",
        help="without the training checkpoint: time the baseline on the pretrained encoder with a "
        "token head that finds nothing. Same arithmetic; it decodes no spans, so it runs if anything "
        "faster than the real baseline and the ratios err low. The baseline's F1 is not reported.",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    if args.child:
        if args.without_torch:
            from without_torch import hide_torch

            hide_torch()
        child_measure(args.child, str(args.data), args.articles, not args.no_claims)
        return

    import torch

    import spinscope
    from spinscope.analyzer import default_model_dir
    from spinscope.model.card import ModelCard

    texts = load_texts(args.data, args.articles)
    analyzer = spinscope.load(threads=args.threads, claims=False)
    full = spinscope.load(threads=args.threads)
    n_tokens = sum(len(analyzer.model.tokenizer.tokenize(t)) for t in texts)
    baseline = torch_baseline(args.checkpoint, args.untrained_baseline)
    long_texts = thousand_word_texts(args.data, 30)
    long_tokens = sum(len(analyzer.model.tokenizer.tokenize(t)) for t in long_texts)

    def per_article(t: str) -> object:
        return baseline.analyze_spans([t])

    def all_at_once(a: spinscope.Analyzer) -> Batch:
        return lambda ts: a.analyze_many(list(ts))

    table: list[tuple[str, Sequence[str], int, Callable[[str], object] | None, Batch | None]] = [
        ("baseline: PyTorch fp32, per article", texts, n_tokens, per_article, None),
        ("spinscope analyze_many (int8)", texts, n_tokens, None, all_at_once(analyzer)),
        ("spinscope analyze, one at a time (int8)", texts, n_tokens, analyzer.analyze, None),
        ("spinscope analyze_many + claims/entities", texts, n_tokens, None, all_at_once(full)),
        ("spinscope analyze + claims/entities, one at a time", texts, n_tokens, full.analyze, None),
        ("baseline, 1,000-word articles", long_texts, long_tokens, per_article, None),
        ("spinscope analyze, 1,000-word articles (int8)", long_texts, long_tokens, analyzer.analyze, None),
        (
            "spinscope analyze + claims, 1,000-word articles",
            long_texts,
            long_tokens,
            full.analyze,
            None,
        ),
    ]
    runs = timed_rounds([Engine(*row) for row in table])
    card = ModelCard.load(default_model_dir())
    weight_fpt, attention_fpt = flops_per_token(card.hidden_size, 6, 4 * card.hidden_size, card.window_tokens)
    fpt = weight_fpt + attention_fpt
    from spinscope.segment.windows import spread_windows

    computed = sum(
        w.length + 2
        for t in texts
        for w in spread_windows(
            len(analyzer.model.tokenizer.tokenize(t)),
            card.window_tokens - 2,
            card.window_stride,
            card.window_fitted,
        )
    )
    overlap = computed / n_tokens  # tokens the encoder processes per article token
    rates = matmul_rates(args.threads)
    python = args.runtime_python or sys.executable
    cold = {
        **in_child("cold", args.data, 1, False, python),
        **in_child("cold", args.data, 1, True, python),
    }
    rss = {
        **in_child("rss", args.data, args.articles, False, python),
        **in_child("rss", args.data, args.articles, True, python),
    }
    probe = subprocess.run([python, "-c", "import torch"], check=False, capture_output=True)
    torch_there = probe.returncode == 0
    quality = {
        "baseline": {} if args.untrained_baseline else f1_of(baseline, args.data),
        "spinscope": f1_of(analyzer.model, args.data),
    }
    fp32_rates = (rates["fp32_torch_gflops"], rates["fp32_numpy_gflops"])
    base_tps = runs[0].tokens / runs[0].seconds
    many_tps = runs[1].tokens / runs[1].seconds

    def vs_baseline(k: int) -> float:
        return round((runs[k].tokens / runs[k].seconds) / base_tps, 2)

    result = {
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "ort_threads": args.threads,
        },
        "articles": len(texts),
        "articles_1000_words": len(long_texts),
        "tokens": n_tokens,
        "baseline_weights": "untrained head (timing only)" if args.untrained_baseline else "checkpoint",
        "runs": [r.row() for r in runs],
        # what users run: the default pipeline (techniques, claims, entities, dates)
        "throughput_ratio_default_pipeline_vs_baseline": vs_baseline(3),
        "throughput_ratio_default_pipeline_analyze_vs_baseline": vs_baseline(4),
        # the technique model alone (load(claims=False))
        "throughput_ratio_analyze_many_vs_baseline": vs_baseline(1),
        "throughput_ratio_analyze_vs_baseline": vs_baseline(2),
        "cold_start_and_rss_python": {"python": python, "torch_installed": torch_there},
        **cold,
        **rss,
        "quality": quality,
        "matmul_rates": rates,
        "model_gflop_per_token": round(fpt / 1e9, 4),
        "encoder_tokens_per_article_token": round(overlap, 3),
        "share_of_int8_matmul_rate_pct": round(
            100 * many_tps * overlap * fpt / 1e9 / rates["int8_ort_gops"], 1
        ),
        # The time the products would take at the machine's measured rates for the precision
        # each runs in (int8 weights, fp32 attention), as a share of the time taken.
        "share_of_mixed_precision_limit_pct": round(
            100
            * many_tps
            * overlap
            * (weight_fpt / rates["int8_ort_gops"] + attention_fpt / max(fp32_rates))
            / 1e9,
            1,
        ),
        "baseline_share_of_fp32_matmul_rate_pct": round(
            100 * base_tps * overlap * fpt / 1e9 / rates["fp32_torch_gflops"], 1
        ),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
