"""Does this CPU multiply the bundled models' int8 weights exactly, and what does the exact form cost?

    python benchmarks/int8_exactness.py [--data ../shared/data/ptc] [--articles 40] [--json OUT]

The models multiply uint8 activations by int8 weights. Without VNNI, ONNX Runtime's x86 kernel
for that pairing saturates, and spinscope moves the weights to uint8 when it loads a model
(:mod:`spinscope.model.int8_weights`). This script prints, on the machine it runs on:

1. the CPU's relevant flags and the form spinscope picks;
2. one full-range integer product (64 x 384 by 384 x 384) in each form against NumPy: the
   share of wrong entries and the largest error;
3. for the technique model (first 256 tokens of each article, one window per call, as
   spinscope runs them) and the claim model (every sentence of those articles): how far the
   two forms' outputs lie apart (mean and largest absolute difference of the probabilities,
   and the share of tokens or sentences on the other side of the model card's threshold);
4. the time per call of each form (median of five passes, the forms in turns);
5. for the test fixture article, each form's agreement with the fp32 export the model was
   quantised from (``tests/fixtures/fp32_reference.npz``, written by
   ``tools/quantization_reference.py``): mean absolute difference of the probabilities and
   the share of tokens on the same side of the detection threshold.

Articles: PTC training articles when ``--data`` is given, else the bundled sample. What the
difference does to accuracy: ``benchmarks/ptc_eval.py --int8-weights signed|unsigned`` and
``benchmarks/claims_eval.py --int8-weights ...``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.analyzer import default_model_dir
from spinscope.claims.scorer import default_claim_model_dir, load_claim_scorer
from spinscope.cpu_features import cpu_flags
from spinscope.model.card import ModelCard
from spinscope.model.int8_weights import WeightForm, moves_weights_here, signed_products_exact
from spinscope.model.onnx_runtime import OnnxRunner
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.segment.sentences import split_sentences

FORMS = (WeightForm.SIGNED, WeightForm.UNSIGNED)
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "spinscope" / "data" / "samples"
FIXTURE = ROOT / "tests" / "fixtures" / "sample-corpus" / "articles" / "vellmark-lanterns.txt"
FP32_REFERENCE = ROOT / "tests" / "fixtures" / "fp32_reference.npz"
PASSES = 5


def texts_of(data: Path | None, articles: int) -> list[str]:
    folder = data / "train-articles" if data else SAMPLE
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:articles]]


def product_errors() -> dict[str, dict[str, float]]:
    """One full-range MatMulInteger in each form against NumPy's exact integer product."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    activations = rng.integers(0, 256, (64, 384)).astype(np.uint8)
    weight = rng.integers(-128, 128, (384, 384)).astype(np.int8)
    exact = activations.astype(np.int64) @ weight.astype(np.int64)
    shapes = {
        WeightForm.SIGNED: (weight, np.array(0, np.int8), TensorProto.INT8),
        WeightForm.UNSIGNED: (
            (weight.astype(np.int16) + 128).astype(np.uint8),
            np.array(128, np.uint8),
            None,
        ),
    }
    out: dict[str, dict[str, float]] = {}
    for form, (w, zero, _) in shapes.items():
        graph = helper.make_graph(
            [helper.make_node("MatMulInteger", ["A", "W", "", "Z"], ["Y"])],
            "product",
            [helper.make_tensor_value_info("A", TensorProto.UINT8, [64, 384])],
            [helper.make_tensor_value_info("Y", TensorProto.INT32, [64, 384])],
            [numpy_helper.from_array(w, "W"), numpy_helper.from_array(zero, "Z")],
        )
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 8
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        (got,) = session.run(None, {"A": activations})
        wrong = got != exact
        out[form.value] = {
            "share_wrong": round(float(wrong.mean()), 4),
            "max_abs_error": int(np.abs(got.astype(np.int64) - exact).max()),
        }
    return out


Call = Callable[[], npt.NDArray[np.float32]]


def compare(calls: dict[WeightForm, list[Call]], threshold: float) -> dict[str, object]:
    """Run every call in both forms (in turns, PASSES times) and compare the outputs."""
    outputs: dict[WeightForm, list[npt.NDArray[np.float32]]] = {}
    seconds: dict[WeightForm, list[float]] = {form: [] for form in FORMS}
    for form in FORMS:
        outputs[form] = [call() for call in calls[form]]  # also warms the session up
    for _ in range(PASSES):
        for form in FORMS:
            started = time.perf_counter()
            for call in calls[form]:
                call()
            seconds[form].append(time.perf_counter() - started)
    a = np.concatenate([o.reshape(-1) for o in outputs[WeightForm.SIGNED]])
    b = np.concatenate([o.reshape(-1) for o in outputs[WeightForm.UNSIGNED]])
    per_call = {form.value: 1000 * statistics.median(seconds[form]) / len(calls[form]) for form in FORMS}
    return {
        "outputs": int(a.size),
        "mean_abs_difference": round(float(np.abs(a - b).mean()), 5),
        "max_abs_difference": round(float(np.abs(a - b).max()), 4),
        "share_across_threshold": round(float(((a >= threshold) != (b >= threshold)).mean()), 4),
        "ms_per_call": {k: round(v, 2) for k, v in per_call.items()},
        "time_ratio_unsigned_vs_signed": round(per_call["unsigned"] / per_call["signed"], 3),
    }


def technique_calls(texts: list[str]) -> tuple[dict[WeightForm, list[Call]], float]:
    model_dir = default_model_dir()
    card = ModelCard.load(model_dir)
    tokenizer = SubwordTokenizer(model_dir / card.tokenizer_file)
    special = tokenizer.special
    windows = []
    for text in texts:
        ids = np.concatenate([[special.cls_id], tokenizer.first_ids(text, 254), [special.sep_id]])
        windows.append(ids.astype(np.int64)[None, :])
    calls: dict[WeightForm, list[Call]] = {}
    for form in FORMS:
        runner = OnnxRunner(model_dir / card.onnx_file, 1, form)
        calls[form] = [
            (lambda r=runner, w=w: r(w, np.ones_like(w))[0][..., card.any_channel]) for w in windows
        ]
    return calls, card.span_threshold


def claim_calls(texts: list[str]) -> tuple[dict[WeightForm, list[Call]], float]:
    sentences = [s.text for text in texts for s in split_sentences(text) if s.text.strip()]
    calls: dict[WeightForm, list[Call]] = {}
    threshold = 0.5
    for form in FORMS:
        scorer = load_claim_scorer(default_claim_model_dir(), threads=1, weights=form)
        threshold = scorer.threshold
        batch = sentences[:400]
        calls[form] = [lambda s=scorer, b=batch: s.score(b)]
    return calls, threshold


def fp32_agreement() -> dict[str, dict[str, float]]:
    """Each form against the fp32 export's probabilities on the fixture article."""
    from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir

    with np.load(FP32_REFERENCE) as data:
        reference = data["probs"].astype(np.float32)
    text = FIXTURE.read_text(encoding="utf-8")
    out: dict[str, dict[str, float]] = {}
    for form in FORMS:
        card, model = load_model_dir(default_model_dir(), RuntimeOptions(int8_weights=form))
        (encoded,) = list(model.encode([text]))
        probs = encoded.outputs.probs
        channel, threshold = card.any_channel, card.span_threshold
        same_side = (probs[:, channel] >= threshold) == (reference[:, channel] >= threshold)
        out[form.value] = {
            "mean_abs_difference": round(float(np.abs(probs - reference).mean()), 5),
            "share_same_side_of_threshold": round(float(same_side.mean()), 4),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=None, help="PTC folder (default: the bundled sample)")
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    flags = cpu_flags()
    exact = signed_products_exact(flags=flags)
    texts = texts_of(args.data, args.articles)
    techniques, technique_threshold = technique_calls(texts)
    claims, claim_threshold = claim_calls(texts)
    result = {
        "machine": platform.machine(),
        "cpu_flags": sorted(
            (flags or frozenset()) & {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8"}
        ),
        "uint8_x_int8_exact_here": exact,
        "form_spinscope_uses_here": "unsigned" if moves_weights_here() else "signed",
        "articles": len(texts),
        "integer_product_vs_numpy": product_errors(),
        "technique_model_any_technique_probability": compare(techniques, technique_threshold),
        "claim_model_score": compare(claims, claim_threshold),
        "fixture_vs_fp32_export": fp32_agreement() if FP32_REFERENCE.is_file() else None,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
