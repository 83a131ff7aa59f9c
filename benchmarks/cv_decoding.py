"""Decoding settings chosen on out-of-fold predictions instead of the 20 dev articles.

    python benchmarks/cv_decoding.py --data ../shared/data/ptc runs/cv3-distilled --stride 224 \\
        [--name-blind] [--fitted] [--json benchmarks/results/cv-decoding.json] \\
        [--into src/spinscope/data/models/ptc-minilm]

Each fold model of a cross-validation recipe (``benchmarks/cv.py``) encodes its own held-out
fold once. The decoding search of ``spinscope.ptc.tune`` (detection signal, threshold,
hysteresis ratio, then the second-technique threshold, then the sentence cover) then maximises
the mean score over the folds instead of the score on the dev articles.

Cross-fitted check: for each fold k, the settings chosen on the other folds are scored on fold
k, next to fold k's model decoded with its own dev-tuned settings (its card), at the same
stride. The settings chosen on all folds are printed and, with ``--into``, written into a model
folder's card (for the shipped model, which was trained on all the folds).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict
from pathlib import Path

from cv import fold_run_parser, held_out_folds

from spinscope.decode.spans import DecodeSettings
from spinscope.model.card import ModelCard
from spinscope.ptc.tune import TuningSet, sentence_level_techniques, tune_decoding_on
from spinscope.segment.sides import SideGazetteer
from spinscope.train.splits import load_ptc


def main() -> None:
    parser = fold_run_parser(__doc__)
    parser.add_argument("--stride", type=int, default=None, help="inference stride (default: each card's)")
    parser.add_argument("--into", type=Path, default=None, help="model folder whose card gets the settings")
    parser.add_argument(
        "--name-blind", action="store_true", help="fold models read the names of sides name-blind"
    )
    parser.add_argument(
        "--fitted", action="store_true", help="windows only as long as needed (spread_windows, fitted)"
    )
    args = parser.parse_args()
    sides = SideGazetteer.bundled() if args.name_blind else None

    full = load_ptc(args.data)
    sentence_techniques = sentence_level_techniques(full.train, full.gold)
    sets: dict[int, TuningSet] = {}
    own: dict[int, tuple[float, float]] = {}
    for fold, data, _, fold_model in held_out_folds(args.runs, args.data):
        model = fold_model.blinded(sides).with_fitted_windows(args.fitted)
        if args.stride:
            model = model.with_stride(args.stride)
        sets[fold] = TuningSet.encode(model, data.held_out, data.gold)
        own[fold] = sets[fold].scores(model.decoding)
        print(f"fold {fold}: {len(data.held_out)} articles; own dev-tuned decoding SI {own[fold][0]:.4f} "
              f"e2e {own[fold][1]:.4f}", flush=True)  # fmt: skip
    if len(sets) < 2:
        raise SystemExit(f"{args.runs}: need at least two finished folds")

    crossed: dict[int, tuple[float, float, DecodeSettings]] = {}
    for fold, held in sets.items():
        chosen = tune_decoding_on([s for f, s in sets.items() if f != fold], sentence_techniques).settings
        crossed[fold] = (*held.scores(chosen), chosen)
        print(f"fold {fold}: settings chosen on the other folds SI {crossed[fold][0]:.4f} "
              f"e2e {crossed[fold][1]:.4f}  {_settings(chosen)}", flush=True)  # fmt: skip
    final = tune_decoding_on(list(sets.values()), sentence_techniques)
    summary: dict[str, object] = {
        "runs": str(args.runs),
        "stride": args.stride,
        "name_blind": args.name_blind,
        "fitted": args.fitted,
        "own_dev_tuned": {f: _scores(si, e2e) for f, (si, e2e) in own.items()},
        "cross_fitted": {
            f: {**_scores(si, e2e), "settings": _settings(c)} for f, (si, e2e, c) in crossed.items()
        },
        "mean_own_dev_tuned": _scores(*_means(list(own.values()))),
        "mean_cross_fitted": _scores(*_means([(si, e2e) for si, e2e, _ in crossed.values()])),
        "chosen_on_all_folds": {**_settings(final.settings), **_scores(final.dev_si_f1, final.dev_e2e_f1)},
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.into:
        ModelCard.load(args.into).with_decoding(final.settings).save(args.into)
        print(f"decoding settings written to {args.into / 'card.json'}")


def _settings(settings: DecodeSettings) -> dict[str, object]:
    out = asdict(settings)
    out["signal"] = settings.signal.value
    return out


def _scores(si: float, e2e: float) -> dict[str, float]:
    return {"si_f1": round(si, 4), "e2e_f1": round(e2e, 4)}


def _means(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.fmean(si for si, _ in pairs), statistics.fmean(e2e for _, e2e in pairs)


if __name__ == "__main__":
    main()
