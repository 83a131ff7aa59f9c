"""Could the technique model's encoder pass also score claims? A measurement.

    python benchmarks/claims_shared_encoder.py --data /path/to/claimbuster/crowdsourced.csv [--json]

Runs every ClaimBuster sentence through the technique model (its ONNX ``hidden`` output),
mean-pools the hidden states of each sentence, and fits two light heads on the training
debates: logistic regression and a one-hidden-layer MLP (scikit-learn). Each head's
threshold and regularisation are chosen on the dev debates; P/R/F1 are reported on the
validation debates, next to the separately fine-tuned claim model's card figures. Needs
scikit-learn (``pip install 'spinscope[train]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.analyzer import default_model_dir
from spinscope.claims.card import ClaimCard
from spinscope.claims.metrics import best_threshold, binary_scores
from spinscope.claims.scorer import default_claim_model_dir
from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir
from spinscope.train.claims_data import ClaimExample, load_claim_splits


def pooled_hidden(texts: list[str], model_dir: Path, threads: int | None) -> npt.NDArray[np.float32]:
    """(N, H) mean of the technique encoder's hidden states over each text's tokens."""
    card, model = load_model_dir(model_dir, RuntimeOptions(threads=threads, batch_size=64))
    features = np.zeros((len(texts), card.hidden_size), dtype=np.float32)
    for encoded in model.encode(texts):
        if len(encoded.tokens):
            features[encoded.text_index] = encoded.outputs.hidden.mean(axis=0)
    return features


def fit_head(kind: str, x_train, y_train, x_dev, y_dev):  # type: ignore[no-untyped-def]
    """The head (and its regularisation strength) with the best dev F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    best = None
    for strength in (0.01, 0.1, 1.0):
        if kind == "logistic":
            head = LogisticRegression(C=strength, max_iter=2000)
        else:
            head = MLPClassifier(hidden_layer_sizes=(256,), alpha=strength, max_iter=200, random_state=13)
        model = make_pipeline(StandardScaler(), head).fit(x_train, y_train)
        dev_scores = model.predict_proba(x_dev)[:, 1]
        threshold = best_threshold(y_dev, dev_scores)
        f1 = binary_scores(y_dev, dev_scores >= threshold).f1
        if best is None or f1 > best[0]:
            best = (f1, model, threshold, strength)
    assert best is not None
    return best


def labels(examples: list[ClaimExample]) -> npt.NDArray[np.int64]:
    return np.array([e.label for e in examples], dtype=np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=os.environ.get("SPINSCOPE_CLAIMBUSTER"))
    parser.add_argument("--technique-model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.data is None:
        parser.error("give --data PATH/crowdsourced.csv or set SPINSCOPE_CLAIMBUSTER")

    splits = load_claim_splits(args.data)
    parts = {"train": splits.train, "dev": splits.dev, "validation": splits.validation}
    started = time.perf_counter()
    everything = [e.text for part in parts.values() for e in part]
    pooled = pooled_hidden(everything, args.technique_model or default_model_dir(), args.threads)
    encode_seconds = time.perf_counter() - started
    x: dict[str, npt.NDArray[np.float32]] = {}
    offset = 0
    for name, part in parts.items():
        x[name] = pooled[offset : offset + len(part)]
        offset += len(part)
    report: dict[str, object] = {
        "sentences_encoded": len(everything),
        "encode_seconds": round(encode_seconds, 1),
    }
    for kind in ("logistic", "mlp"):
        dev_f1, model, threshold, strength = fit_head(
            kind, x["train"], labels(splits.train), x["dev"], labels(splits.dev)
        )
        scores = model.predict_proba(x["validation"])[:, 1]
        result = binary_scores(labels(splits.validation), scores >= threshold).to_dict()
        report[f"shared_encoder_{kind}"] = {
            "validation": result,
            "dev_f1": round(dev_f1, 4),
            "threshold": threshold,
            "regularisation": strength,
        }
    card = ClaimCard.load(default_claim_model_dir())
    report["fine_tuned_claim_model_card"] = {
        "validation": card.metrics.get("validation"),
        "threshold": card.threshold,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"encoded {len(everything)} sentences with the technique model in {encode_seconds:.0f} s")
    print(f"{'approach':<34}{'P':>8}{'R':>8}{'F1':>8}")
    for name in ("shared_encoder_logistic", "shared_encoder_mlp"):
        r = report[name]["validation"]  # type: ignore[index]
        print(f"{name:<34}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}")
    v = card.metrics.get("validation", {})
    if v:
        print(
            f"{'fine-tuned claim model (card)':<34}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}"
        )


if __name__ == "__main__":
    main()
