"""What averaging several technique models buys: an ensemble scored like a single model.

    python benchmarks/ensemble_eval.py --data ../shared/data/ptc runs/a/model runs/b/model ...

The members' token probabilities and span-head probabilities are averaged
(``spinscope.model.ensemble``); the decoding is tuned on the dev articles exactly as
``spinscope train`` tunes a single model, then SI, TC and e2e F1 are scored on the held-out
validation articles with 95 % bootstrap intervals. An ensemble costs one encoder pass per
member, so it is a yardstick (and the teacher of ``spinscope train --teacher``), not something
spinscope ships.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict, replace
from pathlib import Path

from spinscope.model.ensemble import load_ensemble
from spinscope.ptc.evaluate import headline, predict_for_scoring, score_intervals, score_predictions
from spinscope.ptc.tune import tune_decoding
from spinscope.train.splits import load_ptc, validation_articles


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SPINSCOPE_PTC_DIR", "../shared/data/ptc"))
    )
    parser.add_argument("models", type=Path, nargs="+", help="exported model folders (members)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (0: no intervals)")
    args = parser.parse_args()

    data = load_ptc(args.data)
    ensemble = load_ensemble(args.models)
    tuned = tune_decoding(ensemble, data.dev, data.gold)
    ensemble = replace(ensemble, decoding=tuned.settings)
    validation = validation_articles(args.data)
    predictions = predict_for_scoring(ensemble, validation, data.gold)
    summary: dict[str, object] = {
        "members": [str(m) for m in args.models],
        "decoding_tuned_on_dev": asdict(tuned.settings),
        "dev_si_f1": round(tuned.dev_si_f1, 4),
        "validation": headline(score_predictions(predictions)),
    }
    if args.resamples:
        intervals = score_intervals(predictions, args.resamples)
        summary["bootstrap_95"] = {task: ci.to_dict() for task, ci in intervals.items()}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
