"""Does spinscope treat both sides alike? Swap the names of opposite sides and compare.

    python benchmarks/neutrality.py [--data ../shared/data/ptc] [FILE ...] [--model DIR] [--json OUT]

For every text that names a side of one of the pairs of ``spinscope.neutrality.DEFAULT_PAIRS``,
spinscope analyses the text and a copy with each pair's names swapped ("Armenian" <->
"Azerbaijani", "Democrats" <-> "Republicans", ...). The texts are the 60 PTC articles held out
from training (validation and dev) when ``--data`` exists, plus any FILE. With the names
swapped back, a perfectly neutral analyser returns the same spans, techniques and claims.
Prints, per group of texts, the mean agreement (Dice overlap, 1.0 = identical) and the mean
score change of the spans and claims found both times, and the ratio of the span agreement to
the control's with a 95 % bootstrap interval over the texts.

The same is done with ``UNSEEN_PAIRS``, sides that training with ``--swap-sides`` never swaps
(Obama/Bush, Muslim/Christian, Iran/Iraq, ...), to see whether a model taught to ignore some
names ignores others too.

As a control, the same is done with pairs that carry no side (weekdays, months): the model
reacts to any change of wording near its thresholds, and the control shows how much of the
change that alone explains.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from spinscope.bootstrap import ConfidenceInterval, bootstrap_interval
from spinscope.neutrality import CONTROL_PAIRS, DEFAULT_PAIRS, UNSEEN_PAIRS, Agreement, NameSwapper, probe


def summary(rows: list[Agreement]) -> dict[str, object]:
    if not rows:
        return {"texts": 0}
    fields = ("spans", "span_places", "claims", "span_score_change", "claim_score_change")
    out: dict[str, object] = {"texts": len(rows)}
    out.update({f"mean_{f}": round(statistics.fmean(getattr(r, f) for r in rows), 3) for f in fields})
    out["spans_original"] = sum(r.spans_original for r in rows)
    out["spans_swapped"] = sum(r.spans_swapped for r in rows)
    return out


def ratio_interval(sides: dict[int, float], control: dict[int, float]) -> ConfidenceInterval:
    """Mean span agreement with the sides swapped over mean agreement in the control, with a
    bootstrap interval that resamples the texts (a text counts in each mean it belongs to)."""
    texts = sorted(set(sides) | set(control))

    def ratio(drawn: Sequence[int]) -> float:
        side = [sides[i] for i in drawn if i in sides]
        base = [control[i] for i in drawn if i in control]
        return statistics.fmean(side) / statistics.fmean(base) if side and base else 1.0

    return bootstrap_interval(texts, ratio)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", type=Path, nargs="*", help="more texts to probe (UTF-8)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--model", default=None, help="technique model folder (default: the bundled one)")
    args = parser.parse_args()

    import spinscope
    from spinscope.ingest.text import read_text_file

    analyzer = spinscope.load(args.model)
    swappers = {
        "sides": NameSwapper(DEFAULT_PAIRS),
        "unseen sides": NameSwapper(UNSEEN_PAIRS),
        "control": NameSwapper(CONTROL_PAIRS),
    }
    groups: dict[str, list[str]] = {}
    if (args.data / "train-articles").is_dir():
        from spinscope.ptc.corpus import iter_articles
        from spinscope.train.splits import dev_ids, validation_ids

        held_out = [*validation_ids(), *dev_ids()]
        groups["PTC held-out articles"] = [
            a.text for a in iter_articles(args.data / "train-articles", held_out)
        ]
    for path in args.files:
        groups[str(path)] = [read_text_file(path)]
    results: dict[str, dict[str, object]] = {}
    for name, texts in groups.items():
        per_text: dict[str, dict[int, float]] = {}
        for kind, swapper in swappers.items():
            rows = probe(texts, swapper, analyzer.analyze_many)
            key = f"{name}, {kind} swapped"
            results[key] = summary(rows)
            print(key, json.dumps(results[key]))
            if len(texts) == 1 and rows:
                print("   ", json.dumps(asdict(rows[0])))
            # probe() keeps the texts the swap changes, in order
            changed = [i for i, text in enumerate(texts) if swapper.swap(text) != text]
            per_text[kind] = {i: row.spans for i, row in zip(changed, rows, strict=True)}
        if len(texts) > 1:
            results[f"{name}, span agreement ratio to the control"] = {
                kind: ratio_interval(per_text[kind], per_text["control"]).to_dict()
                for kind in swappers
                if kind != "control" and per_text[kind] and per_text["control"]
            }
            print(f"{name}, ratio to the control, 95 % interval over texts:",
                  json.dumps(results[f"{name}, span agreement ratio to the control"]))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
