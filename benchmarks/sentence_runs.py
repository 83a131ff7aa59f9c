"""Detected runs kept within sentences, or free to cross them: out-of-fold SI and end-to-end F1.

    python benchmarks/sentence_runs.py --data ../shared/data/ptc runs/cv3-swap-t2 \\
        [--stride 224] [--name-blind] [--fitted] [--json benchmarks/results/sentence-runs.json]

Each fold model of a cross-validation recipe (``benchmarks/cv.py``) encodes its held-out fold
once and decodes it twice with its own dev-tuned settings: as they are, and with
``within_sentences`` (``spinscope.decode.spans.DecodeSettings``: runs are found and snapped to
words within each sentence). Prints SI and end-to-end F1 per fold, their means and the paired
differences. Technique classification of gold spans does not depend on decoding.

First it prints how many annotated spans of the training and dev articles cross a boundary of
spinscope's sentence splitter, per technique (what runs kept within sentences cannot match).
"""

from __future__ import annotations

import bisect
import json
import statistics
from collections import Counter
from dataclasses import replace

from cv import fold_run_parser, held_out_folds

from spinscope.ptc.tune import TuningSet
from spinscope.segment.sentences import sentence_bounds
from spinscope.segment.sides import SideGazetteer
from spinscope.train.splits import PtcData, load_ptc


def annotated_crossings(data: PtcData) -> dict[str, dict[str, float]]:
    """Per technique (and ``all``): annotated spans, and the share that end after the end of
    the sentence they start in (trailing whitespace aside)."""
    spans: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    for article in data.train + data.dev:
        bounds = sentence_bounds(article.text)
        starts = [start for start, _ in bounds]
        for row in data.gold.get(article.id, []):
            k = bisect.bisect_right(starts, row.start) - 1
            sentence_end = bounds[k][1] if k >= 0 else row.start
            crosses = bool(article.text[sentence_end : row.end].strip())
            for key in (row.technique or "unlabelled", "all"):
                spans[key] += 1
                crossing[key] += crosses
    return {
        key: {"spans": n, "crossing": crossing[key], "share": round(crossing[key] / n, 4)}
        for key, n in spans.most_common()
    }


def main() -> None:
    parser = fold_run_parser(__doc__)
    parser.add_argument("--stride", type=int, default=224, help="largest step between windows")
    parser.add_argument("--name-blind", action="store_true", help="read the names of sides name-blind")
    parser.add_argument("--fitted", action="store_true", help="windows only as long as needed")
    args = parser.parse_args()
    sides = SideGazetteer.bundled() if args.name_blind else None

    crossings = annotated_crossings(load_ptc(args.data))
    print("annotated spans crossing a sentence boundary:")
    for key, row in crossings.items():
        print(f"  {key:36s} {row['crossing']:4d} of {row['spans']:5d} ({row['share']:.1%})")
    folds: dict[int, dict[str, float]] = {}
    for fold, data, _, fold_model in held_out_folds(args.runs, args.data):
        model = fold_model.blinded(sides).with_fitted_windows(args.fitted).with_stride(args.stride)
        held = TuningSet.encode(model, data.held_out, data.gold)
        si, e2e = held.scores(model.decoding)
        si_within, e2e_within = held.scores(replace(model.decoding, within_sentences=True))
        folds[fold] = {"si_f1": si, "e2e_f1": e2e, "si_f1_within": si_within, "e2e_f1_within": e2e_within}
        print(f"fold {fold}: SI {si:.4f} -> {si_within:.4f}, e2e {e2e:.4f} -> {e2e_within:.4f}", flush=True)
    if not folds:
        raise SystemExit(f"{args.runs}: no finished fold models")
    means = {key: statistics.fmean(f[key] for f in folds.values()) for key in next(iter(folds.values()))}
    summary = {
        "runs": str(args.runs),
        "stride": args.stride,
        "name_blind": args.name_blind,
        "fitted": args.fitted,
        "annotated_spans_crossing_sentences": crossings,
        "folds": {f: {k: round(v, 4) for k, v in scores.items()} for f, scores in folds.items()},
        "mean": {k: round(v, 4) for k, v in means.items()},
        "paired_difference": {
            "si_f1": round(means["si_f1_within"] - means["si_f1"], 4),
            "e2e_f1": round(means["e2e_f1_within"] - means["e2e_f1"], 4),
        },
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
