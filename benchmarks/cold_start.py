"""Cold start: import + load + first analysis of the bundled sample, each in a fresh process.

    python benchmarks/cold_start.py [--runs 7] [--without-torch] [--int8-weights auto|signed|unsigned]
                                    [--json out.json]

Runs alternate between techniques only (``load(claims=False)``) and the default pipeline with
claims, so both meet the same moments of a shared machine; the medians are printed with the
ratio of the two. Each run also says where its time went (import, load, first analysis).
``--without-torch`` hides PyTorch from the measured processes, as in a plain ``pip install``
without the [train] extra (spaCy imports PyTorch when it is there: about 0.8 s more).
The gazetteer cache (docs/claims.md) is filled by a first, unmeasured run. PyTorch is hidden by
benchmarks/without_torch.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import json, sys, time
sys.path.insert(0, {benchmarks!r})
if {hide_torch}:
    from without_torch import hide_torch
    hide_torch()
t0 = time.perf_counter()
import spinscope
t1 = time.perf_counter()
if {weights!r} == "auto":
    analyzer = spinscope.load(claims={claims})
else:
    from spinscope.analyzer import Analyzer
    from spinscope.model.int8_weights import WeightForm
    from spinscope.model.onnx_runtime import RuntimeOptions
    analyzer = Analyzer.load(options=RuntimeOptions(int8_weights=WeightForm({weights!r})), claims={claims})
t2 = time.perf_counter()
from spinscope.cli.analyze_cmd import sample_text
result = analyzer.analyze(sample_text())
t3 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "load_s": t2 - t1, "first_analysis_s": t3 - t2,
                  "total_s": t3 - t0, "claims": len(result.claims), "torch": "torch" in sys.modules}}))
"""


TIMES = ("import_s", "load_s", "first_analysis_s", "total_s")


def one_run(claims: bool, hide_torch: bool, weights: str = "auto") -> dict[str, float]:
    """One fresh process; the clock starts before ``import spinscope``."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    code = CHILD.format(
        claims=claims, hide_torch=hide_torch, benchmarks=str(Path(__file__).parent), weights=weights
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--without-torch", action="store_true", help="hide PyTorch from the runs")
    parser.add_argument(
        "--int8-weights",
        choices=("auto", "signed", "unsigned"),
        default="auto",
        help="form of the models' int8 weights (spinscope.model.int8_weights; auto: as spinscope.load)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    form = args.int8_weights

    one_run(True, args.without_torch, form)  # fills the gazetteer cache, as any earlier run would
    runs: dict[str, list[dict[str, float]]] = {"techniques_only": [], "with_claims": []}
    started = time.perf_counter()
    for _ in range(args.runs):
        runs["techniques_only"].append(one_run(False, args.without_torch, form))
        runs["with_claims"].append(one_run(True, args.without_torch, form))
    result: dict[str, object] = {
        "runs": args.runs,
        "without_torch": args.without_torch,
        "int8_weights": form,
        "torch_imported": any(r["torch"] for r in runs["with_claims"]),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    for name, measured in runs.items():
        summary = {key: statistics.median(r[key] for r in measured) for key in TIMES}
        summary["total_s_low"] = min(r["total_s"] for r in measured)
        summary["total_s_high"] = max(r["total_s"] for r in measured)
        result[name] = {key: round(value, 3) for key, value in summary.items()}
    pairs = zip(runs["with_claims"], runs["techniques_only"], strict=True)
    ratios = [claims["total_s"] / alone["total_s"] for claims, alone in pairs]
    result["claims_vs_techniques_only"] = round(statistics.median(ratios), 2)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
