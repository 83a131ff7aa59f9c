"""The command line's start-up where PyTorch is installed: with and without spaCy importing it.

    python benchmarks/cli_start.py [--runs 5] [--json out.json]

Runs ``spinscope analyze --sample --format json`` (import, load with claims, one analysis,
output) in fresh processes, alternating three ways so that all meet the same moments of a
shared machine:

* ``as shipped``: the command as users run it; spinscope keeps spaCy's thinc from importing
  PyTorch (``spinscope.claims.spacy_import``);
* ``torch imported``: PyTorch imported first, which is what thinc did before (it imports
  PyTorch whenever it is installed);
* ``no torch installed``: PyTorch hidden (benchmarks/without_torch.py), as after a plain
  ``pip install spinscope``.

Prints the median wall time and peak memory (maximum resident set) of each, and the ratio of
``torch imported`` to ``as shipped``. Run it in an environment that has PyTorch (the [train]
extra); elsewhere the three ways are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent

CHILD = """
import sys
sys.path.insert(0, {benchmarks!r})
if {mode!r} == "torch imported":
    import torch
elif {mode!r} == "no torch installed":
    from without_torch import hide_torch
    hide_torch()
from spinscope.cli.main import main
sys.argv = ["spinscope", "analyze", "--sample", "--format", "json", "-o", {output!r}]
try:
    main()
finally:
    import json, resource
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"peak_mb": peak_mb, "torch": "torch" in sys.modules}}), file=sys.stderr)
"""

MODES = ("as shipped", "torch imported", "no torch installed")


def one_run(mode: str, output: Path) -> dict[str, float]:
    """Wall time, peak memory and whether PyTorch was imported, of one fresh process."""
    env = {**os.environ, "PYTHONPATH": str(BENCHMARKS.parent / "src"), "HF_HUB_OFFLINE": "1"}
    code = CHILD.format(benchmarks=str(BENCHMARKS), mode=mode, output=str(output))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    return {"wall_s": wall, **json.loads(done.stderr.strip().splitlines()[-1])}


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401 -- only whether it is installed matters
    except ImportError:
        raise SystemExit("PyTorch is not installed here: the three ways would be the same") from None

    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "sample.json"
        one_run("as shipped", output)  # fills the caches (gazetteer, int8 weights), as any earlier run
        for _ in range(args.runs):
            for mode in MODES:
                runs[mode].append(one_run(mode, output))
    result: dict[str, object] = {"runs": args.runs}
    for mode, measured in runs.items():
        walls = [r["wall_s"] for r in measured]
        result[mode] = {
            "wall_s": round(statistics.median(walls), 3),
            "wall_s_low": round(min(walls), 3),
            "wall_s_high": round(max(walls), 3),
            "peak_mb": round(statistics.median(r["peak_mb"] for r in measured), 1),
            "torch_imported": any(r["torch"] for r in measured),
        }
    shipped = result["as shipped"]
    before = result["torch imported"]
    assert isinstance(shipped, dict) and isinstance(before, dict)
    result["torch_imported_vs_as_shipped"] = round(before["wall_s"] / shipped["wall_s"], 2)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
