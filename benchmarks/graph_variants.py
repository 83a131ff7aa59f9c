"""Two ways to make more of the technique model run as int8 products, timed against the shipped
recipe.

    python benchmarks/graph_variants.py --fp32 runs/ptc-minilm/model/model.fp32.onnx
                                        [--tokens 256] [--runs 30] [--rounds 7]

``--fp32`` is the fp32 export that ``spinscope train`` writes next to the int8 model
(``OUT/model/model.fp32.onnx``; it is not shipped). From it the script builds, with ONNX
Runtime's dynamic quantiser and the function ``spinscope train`` uses:

* ``shipped``: the shipped recipe (products with weight matrices in int8, attention in fp32);
* ``int8-attention``: the attention products QK^T and PV quantised too (both inputs are
  activations, quantised per call);
* ``fused-qkv``: the query, key and value projections of each layer merged into one product
  with three times as many columns, then split: one larger int8 product instead of three.

Each is run single-threaded on one window (as spinscope runs it), in ``--rounds`` interleaved
rounds of ``--runs`` windows; the script prints the median milliseconds per window, the ratio to
``shipped`` and the largest difference of the technique probabilities from ``shipped``.
Needs the [train] extra (onnx).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ATTENTION = "/attention/self/"
PROJECTIONS = ("query", "key", "value")


def quantise(fp32: Path, out: Path, *, weight_products_only: bool = True) -> Path:
    from spinscope.train.export import quantize_int8

    quantize_int8(fp32, out, weight_products_only=weight_products_only)
    return out


def fuse_qkv(fp32: Path, out: Path) -> Path:
    """Replace each layer's three projection MatMuls (same input) with one MatMul on the
    concatenated weights and a Split back into the three outputs."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(fp32))
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    layers: dict[str, dict[str, Any]] = {}
    for node in graph.node:
        if node.op_type == "MatMul" and ATTENTION in node.name and node.input[1] in weights:
            layer, role = node.name.split(ATTENTION)[0], node.name.split("/")[-2]
            if role in PROJECTIONS:
                layers.setdefault(layer, {})[role] = node
    replaced: dict[str, list[Any]] = {}
    dropped: set[str] = set()
    for layer, nodes in layers.items():
        trio = [nodes[role] for role in PROJECTIONS]
        if len({n.input[0] for n in trio}) != 1:
            raise SystemExit(f"{fp32}: {layer} projections do not share one input")
        matrix = np.concatenate([numpy_helper.to_array(weights[n.input[1]]) for n in trio], axis=1)
        sizes = np.array([numpy_helper.to_array(weights[n.input[1]]).shape[1] for n in trio], np.int64)
        graph.initializer.extend(
            [
                numpy_helper.from_array(matrix, f"{layer}/qkv/weight"),
                numpy_helper.from_array(sizes, f"{layer}/qkv/sizes"),
            ]
        )
        product = helper.make_node("MatMul", [trio[0].input[0], f"{layer}/qkv/weight"], [f"{layer}/qkv/out"])
        split = helper.make_node(
            "Split", [f"{layer}/qkv/out", f"{layer}/qkv/sizes"], [n.output[0] for n in trio], axis=-1
        )
        replaced[trio[0].name] = [product, split]
        dropped.update(n.name for n in trio)
    nodes = []
    for node in graph.node:
        if node.name in replaced:
            nodes.extend(replaced[node.name])
        elif node.name not in dropped:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.save(model, str(out))
    return out


def session(path: Path) -> Any:
    import onnxruntime as ort

    from spinscope.model.onnx_runtime import SLOW_FUSIONS

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"], disabled_optimizers=list(SLOW_FUSIONS)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fp32", type=Path, required=True, help="model.fp32.onnx written by spinscope train")
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not args.fp32.is_file():
        parser.error(f"{args.fp32}: no such file (train a model first: spinscope train ... --out DIR)")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        builders: dict[str, Callable[[], Path]] = {
            "shipped": lambda: quantise(args.fp32, work / "shipped.onnx"),
            "int8-attention": lambda: quantise(
                args.fp32, work / "attention.onnx", weight_products_only=False
            ),
            "fused-qkv": lambda: quantise(fuse_qkv(args.fp32, work / "qkv32.onnx"), work / "qkv.onnx"),
        }
        sessions = {name: session(build()) for name, build in builders.items()}
        ids = np.random.default_rng(0).integers(1000, 20000, (1, args.tokens), dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        probs = {name: s.run(None, feed)[0] for name, s in sessions.items()}
        times: dict[str, list[float]] = {name: [] for name in sessions}
        for _ in range(args.rounds):
            for name, s in sessions.items():
                started = time.perf_counter()
                for _ in range(args.runs):
                    s.run(None, feed)
                times[name].append((time.perf_counter() - started) / args.runs * 1000)
    base = statistics.median(times["shipped"])
    print(f"{args.tokens} tokens, 1 thread, median of {args.rounds} rounds of {args.runs} windows")
    print(f"{'graph':<16}{'ms/window':>10}{'vs shipped':>12}{'max prob diff':>15}")
    for name, values in times.items():
        ms = statistics.median(values)
        diff = float(np.abs(probs[name] - probs["shipped"]).max())
        print(f"{name:<16}{ms:>10.2f}{base / ms:>11.2f}x{diff:>15.4f}")


if __name__ == "__main__":
    main()
