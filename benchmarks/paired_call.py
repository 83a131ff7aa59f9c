"""Is one version of spinscope faster per ``analyze`` call than another? Both timed in turns.

    python benchmarks/paired_call.py --base /path/to/other/checkout/src [--data ../shared/data/ptc]
        [--articles 37] [--rounds 4] [--json OUT]

A change to how the stages of one call share the cores moves the whole-call time by a few
milliseconds, less than this machine drifts between runs minutes apart. So the two versions run
in alternation, ``--rounds`` times each, every round a fresh process timing ``analyze`` (claims,
entities and dates: the default pipeline) on the same 1,000-word articles
(``speed.thousand_word_texts``), twice each after three warm-up calls; a round's figure is the
median per article. Prints every round, the median of each version's rounds and the paired
differences (this version minus the base, round by round). ``--base`` is the ``src`` folder of
another checkout (``git worktree add /tmp/base COMMIT``), whose models are used as it ships them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

ROUND = """
import statistics, sys, time
sys.path.insert(0, {bench!r})
from pathlib import Path
from speed import thousand_word_texts
from spinscope.analyzer import Analyzer
texts = thousand_word_texts(Path({data!r}), {articles})
analyzer = Analyzer.load()
for text in texts[:3]:
    analyzer.analyze(text)
times = []
for _ in range(2):
    for text in texts:
        start = time.perf_counter()
        analyzer.analyze(text)
        times.append(time.perf_counter() - start)
print(1000 * statistics.median(times))
"""


def one_round(src: Path, data: Path, articles: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1"}
    code = ROUND.format(bench=str(HERE), data=str(data), articles=articles)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=Path, required=True, help="src folder of the version to compare with")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--articles", type=int, default=37)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    rounds: dict[str, list[float]] = {"this": [], "base": []}
    versions = [("this", SRC), ("base", args.base)]
    for r in range(args.rounds):
        for name, src in versions[::-1] if r % 2 else versions:
            rounds[name].append(round(one_round(src, args.data, args.articles), 1))
            print(f"round {r + 1}: {name} {rounds[name][-1]} ms", flush=True)
    diffs = [round(a - b, 1) for a, b in zip(rounds["this"], rounds["base"], strict=True)]
    results = {
        "articles": args.articles,
        "rounds_ms": rounds,
        "median_ms": {name: round(statistics.median(v), 1) for name, v in rounds.items()},
        "paired_differences_ms": diffs,
        "median_difference_ms": round(statistics.median(diffs), 1),
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
