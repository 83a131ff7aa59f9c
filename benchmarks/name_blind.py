"""Does name-blind reading cost accuracy? Each fold model scored reading names as written and
name-blind.

    python benchmarks/name_blind.py --data ../shared/data/ptc runs/cv3-distilled --stride 224 \\
        [--json benchmarks/results/name-blind.json]

Each fold model of a cross-validation recipe (``benchmarks/cv.py``) decodes its own held-out
fold twice with its dev-tuned decoding, at one largest stride between windows: reading the text
as written, then with the names of sides replaced by invented names
(:mod:`spinscope.segment.sides`). Prints SI, TC and end-to-end F1 per fold and reading, their
means and the paired differences, and how many names were masked.
"""

from __future__ import annotations

import json
import statistics

from cv import fold_run_parser, held_out_folds

from spinscope.ptc.evaluate import headline, predict_for_scoring, score_predictions
from spinscope.segment.sides import SideGazetteer

METRICS = ("si_f1", "tc_micro_f1", "e2e_f1")
READINGS = ("as written", "name-blind")


def main() -> None:
    parser = fold_run_parser(__doc__)
    parser.add_argument("--stride", type=int, default=224, help="largest step between windows")
    args = parser.parse_args()

    sides = SideGazetteer.bundled()
    per_fold: dict[int, dict[str, dict[str, float]]] = {}
    names = articles = 0
    for fold, data, _, fold_model in held_out_folds(args.runs, args.data):
        model = fold_model.with_stride(args.stride)
        names += sum(len(sides.find(a.text)) for a in data.held_out)
        articles += len(data.held_out)
        per_fold[fold] = {}
        for reading, variant in zip(READINGS, (model, model.blinded(sides)), strict=True):
            predictions = predict_for_scoring(variant, data.held_out, data.gold)
            per_fold[fold][reading] = headline(score_predictions(predictions))
            print(f"fold {fold}, {reading}: {per_fold[fold][reading]}", flush=True)

    summary: dict[str, object] = {
        "runs": str(args.runs),
        "stride": args.stride,
        "held_out_articles": articles,
        "names_masked": names,
        "folds": per_fold,
    }
    for reading in READINGS:
        row: dict[str, float] = {}
        for metric in METRICS:
            values = [per_fold[f][reading][metric] for f in per_fold]
            row[f"{metric}_mean"] = round(statistics.fmean(values), 4)
            paired = [per_fold[f][reading][metric] - per_fold[f][READINGS[0]][metric] for f in per_fold]
            row[f"{metric}_minus_as_written"] = round(statistics.fmean(paired), 4)
            row[f"{metric}_per_fold_difference"] = [round(d, 4) for d in paired]  # type: ignore[assignment]
        summary[reading] = row
        print(f"{reading} over {len(per_fold)} folds: {row}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
