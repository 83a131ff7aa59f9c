"""Time and peak memory for very long single texts, each size analysed in a fresh process.

    python benchmarks/long_text.py [--megabytes 1 3] [--shape paragraphs] [--no-claims]
                                   [--without-torch] [--json out.json]

The text is the bundled sample article repeated until it reaches the size asked for
(``--shape paragraphs``: articles separated by a blank line; ``hard-wrapped``: every line
broken at 72 characters, as in e-mail and plain-text archives; ``one-paragraph``: no line
breaks at all). For each size it prints the seconds taken by ``analyze`` (default pipeline:
techniques and claims; ``--no-claims``: techniques only) and by each stage (techniques,
claims, entities; from the analysis's progress reports), seconds per megabyte, and peak
memory (VmHWM) after loading and at the end. ``seconds_per_mb_vs_smallest`` is each size's
seconds per megabyte over the smallest size's, measured in the same run: 1.0 is linear time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def long_text(megabytes: float, shape: str) -> str:
    from spinscope.cli.analyze_cmd import sample_text

    unit = sample_text().strip() + "\n\n"
    if shape == "hard-wrapped":
        unit = "\n\n".join(textwrap.fill(p, 72) for p in unit.split("\n\n") if p.strip()) + "\n\n"
    elif shape == "one-paragraph":
        unit = " ".join(unit.split()) + " "
    target = int(megabytes * 1_000_000)
    return unit * (target // len(unit.encode("utf-8")) + 1)


def measure(megabytes: float, shape: str, claims: bool, threads: int | None) -> dict[str, object]:
    """One size, in this process."""
    import spinscope
    from spinscope.progress import STAGES, reporting_progress

    text = long_text(megabytes, shape)
    analyzer = spinscope.load(threads=threads, claims=claims)
    analyzer.analyze(text[:2000])  # first-call costs (the entity model, dateparser) are not the text's
    rss_after_load = peak_rss_mb()
    stage_end: dict[str, float] = {}
    start = time.perf_counter()

    def note(stage: str, done: int, total: int) -> None:
        if done == total:
            stage_end[stage] = time.perf_counter() - start

    with reporting_progress(note):
        result = analyzer.analyze(text)
    seconds = time.perf_counter() - start
    assert all(text[s.start : s.end] == s.text for s in result.spans)
    assert all(text[c.start : c.end] == c.text for c in result.claims)
    ends = [stage_end.get(stage) for stage in STAGES]
    stages = {
        f"{stage}_s": round(end - (ends[k - 1] or 0.0 if k else 0.0), 1)
        for k, (stage, end) in enumerate(zip(STAGES, ends, strict=True))
        if end is not None
    }
    mb = len(text.encode("utf-8")) / 1e6
    return {
        "text_megabytes": round(mb, 2),
        "shape": shape,
        "claims": claims,
        "characters": len(text),
        "spans": len(result.spans),
        "claim_sentences": len(result.claims),
        "seconds": round(seconds, 1),
        "seconds_per_mb": round(seconds / mb, 1),
        **stages,
        "peak_rss_mb_after_load": round(rss_after_load, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument(
        "--shape", choices=["paragraphs", "hard-wrapped", "one-paragraph"], default="paragraphs"
    )
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--no-claims", action="store_true", help="techniques only")
    parser.add_argument(
        "--without-torch", action="store_true", help="hide PyTorch (benchmarks/without_torch.py)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.without_torch:
            from without_torch import hide_torch

            hide_torch()
        row = measure(args.megabytes[0], args.shape, not args.no_claims, args.threads)
        print(json.dumps(row))
        return
    rows = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    for megabytes in sorted(args.megabytes):
        cmd = [sys.executable, __file__, "--child", "--megabytes", str(megabytes), "--shape", args.shape]
        cmd += ["--no-claims"] if args.no_claims else []
        cmd += ["--without-torch"] if args.without_torch else []
        cmd += ["--threads", str(args.threads)] if args.threads else []
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr)
    smallest = float(rows[0]["seconds_per_mb"])  # type: ignore[arg-type]
    for row in rows:
        row["seconds_per_mb_vs_smallest"] = round(float(row["seconds_per_mb"]) / smallest, 2)  # type: ignore[arg-type]
    print(json.dumps(rows, indent=2))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
