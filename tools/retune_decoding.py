"""Retune the decoding of an exported technique model on the dev articles and rescore it.

    python tools/retune_decoding.py --model src/spinscope/data/models/ptc-minilm --data ../shared/data/ptc

For a model folder whose training run is not at hand (no checkpoint to --export-only from), after
a change to decoding: detection threshold, hysteresis, second-technique threshold and sentence
widening are chosen again on the 20 dev articles, the validation scores in the card are
recomputed, and card.json and MODEL_CARD.md are rewritten. The model files are not touched.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spinscope.model.card import ModelCard
from spinscope.train.model_scoring import tune_and_score


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True, help="exported model folder")
    parser.add_argument("--data", type=Path, required=True, help="PTC folder")
    parser.add_argument("--cv-fold", type=int, default=-1, help="score on this fold instead of validation")
    args = parser.parse_args()
    card = ModelCard.load(args.model)
    card.training["retuned_with"] = "python tools/retune_decoding.py (decoding changed after export)"
    tune_and_score(args.model, card, args.data, args.cv_fold)


if __name__ == "__main__":
    main()
