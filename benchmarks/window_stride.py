"""How far apart can the technique model's windows be? Scores per inference stride, over folds.

    python benchmarks/window_stride.py --data ../shared/data/ptc runs/cv3-distilled \\
        --strides 192 224 [--json benchmarks/results/window-stride.json]

Each fold model of a cross-validation recipe (``benchmarks/cv.py``) decodes its own held-out
fold, with its dev-tuned decoding, once per largest stride between window starts (windows are
spread evenly, ``spinscope.segment.windows.spread_windows``). Prints SI, TC and end-to-end F1
per fold and stride, their means, each stride's paired difference from the first, and the
tokens the encoder runs per article token (what the stride costs). With ``--fitted``, each
stride is also scored with fitted windows (as many, each only as long as needed), under the key
``STRIDE-fitted``. ``--name-blind`` reads the names of sides as invented names, as the bundled
model does.
"""

from __future__ import annotations

import json
import statistics

from cv import fold_run_parser, held_out_folds

from spinscope.ptc.evaluate import headline, predict_for_scoring, score_predictions
from spinscope.segment.sides import SideGazetteer
from spinscope.segment.windows import spread_windows

METRICS = ("si_f1", "tc_micro_f1", "e2e_f1")


def main() -> None:
    parser = fold_run_parser(__doc__)
    parser.add_argument("--strides", type=int, nargs="+", default=[192, 224])
    parser.add_argument("--fitted", action="store_true", help="also score fitted windows")
    parser.add_argument("--name-blind", action="store_true", help="read the names of sides as invented names")
    args = parser.parse_args()

    plans = [(str(s), s, False) for s in args.strides]
    plans += [(f"{s}-fitted", s, True) for s in args.strides] if args.fitted else []
    per_fold: dict[int, dict[str, dict[str, float]]] = {}
    cost: dict[str, list[int]] = {name: [0, 0] for name, _, _ in plans}  # encoder, article tokens
    sides = SideGazetteer.bundled() if args.name_blind else None
    for fold, data, card, fold_model in held_out_folds(args.runs, args.data):
        model = fold_model.blinded(sides) if sides is not None else fold_model
        lengths = [len(model.tokenizer.tokenize(a.text)) for a in data.held_out]
        per_fold[fold] = {}
        print(f"fold {fold} as scored at training (fixed-stride plan, 192): {card.metrics}", flush=True)
        for name, stride, fitted in plans:
            strided = model.with_stride(stride).with_fitted_windows(fitted)
            predictions = predict_for_scoring(strided, data.held_out, data.gold)
            per_fold[fold][name] = headline(score_predictions(predictions))
            content = card.window_tokens - 2
            cost[name][0] += sum(
                w.length for n in lengths for w in spread_windows(n, content, stride, fitted)
            )
            cost[name][1] += sum(lengths)
            print(f"fold {fold} stride {name}: {per_fold[fold][name]}", flush=True)

    first = plans[0][0]
    summary: dict[str, object] = {"runs": str(args.runs), "folds": per_fold}
    for name, _, _ in plans:
        row: dict[str, float] = {"encoder_tokens_per_token": round(cost[name][0] / cost[name][1], 3)}
        for metric in METRICS:
            values = [per_fold[f][name][metric] for f in per_fold]
            row[f"{metric}_mean"] = round(statistics.fmean(values), 4)
            paired = [v - per_fold[f][first][metric] for f, v in zip(per_fold, values, strict=True)]
            row[f"{metric}_minus_{first}"] = round(statistics.fmean(paired), 4)
        summary[f"stride {name}"] = row
        print(f"stride {name} over {len(per_fold)} folds: {row}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
