"""Score the claim model on the held-out ClaimBuster debates.

    python benchmarks/claims_eval.py --data /path/to/claimbuster/crowdsourced.csv [--model DIR] [--json]

Prints precision, recall and F1 of the check-worthy class (Verdict 1) on the validation
debates (fixed in src/spinscope/train/splits/claimbuster-validation.txt, never used for
training or tuning) and on the dev debates (used to pick the threshold), at the threshold
of the model card, plus scoring speed, and a 95 % bootstrap interval of each F1 that resamples
whole debates (``--resamples``, 0 to skip). ``--data`` defaults to $SPINSCOPE_CLAIMBUSTER.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from spinscope.claims.metrics import binary_scores, f1_interval
from spinscope.claims.scorer import default_claim_model_dir, load_claim_scorer
from spinscope.model.int8_weights import WeightForm
from spinscope.train.claims_data import load_claim_splits


def interval_text(result: dict[str, object]) -> str:
    ci = result.get("f1_bootstrap_95")
    return f"  [{ci['low']:.3f}, {ci['high']:.3f}]" if isinstance(ci, dict) else ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=os.environ.get("SPINSCOPE_CLAIMBUSTER"))
    parser.add_argument(
        "--model", type=Path, default=None, help="claim model folder (default: the bundled one)"
    )
    parser.add_argument("--threshold", type=float, default=None, help="default: the model card's threshold")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--int8-weights",
        choices=[form.value for form in WeightForm],
        default=WeightForm.AUTO.value,
        help="int8 weights as shipped (signed), moved to uint8 (unsigned), or as exact here (auto)",
    )
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (0: no intervals)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if args.data is None:
        parser.error("give --data PATH/crowdsourced.csv or set SPINSCOPE_CLAIMBUSTER")

    splits = load_claim_splits(args.data)
    scorer = load_claim_scorer(args.model, args.threads, weights=WeightForm(args.int8_weights))
    threshold = scorer.threshold if args.threshold is None else args.threshold
    report: dict[str, object] = {
        "model": str(args.model or default_claim_model_dir()),
        "threshold": threshold,
    }
    for name, examples in (("validation", splits.validation), ("dev", splits.dev)):
        started = time.perf_counter()
        scores = scorer.score([e.text for e in examples])
        seconds = time.perf_counter() - started
        result = binary_scores([e.label for e in examples], scores >= threshold).to_dict()
        result["sentences"] = len(examples)
        if args.resamples:
            ci = f1_interval(
                [e.label for e in examples], scores >= threshold, [e.debate for e in examples], args.resamples
            )
            result["f1_bootstrap_95"] = ci.to_dict()
        result["sentences_per_second"] = round(len(examples) / seconds, 1)
        report[name] = result
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"model {report['model']}  threshold {threshold}")
    print(
        f"{'split':<12}{'sentences':>10}{'positives':>10}{'P':>8}{'R':>8}{'F1':>8}{'sent/s':>9}"
        "  F1 95 % interval (debates resampled)"
    )
    for name in ("validation", "dev"):
        r = report[name]
        assert isinstance(r, dict)
        print(
            f"{name:<12}{r['sentences']:>10}{r['support']:>10}{r['precision']:>8.3f}{r['recall']:>8.3f}"
            f"{r['f1']:>8.3f}{r['sentences_per_second']:>9.0f}"
            + (
                f"  [{r['f1_bootstrap_95']['low']:.3f}, {r['f1_bootstrap_95']['high']:.3f}]"
                if "f1_bootstrap_95" in r
                else ""
            )
        )


if __name__ == "__main__":
    main()
