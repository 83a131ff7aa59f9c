"""Retune the decoding of an exported technique model on the dev articles and rescore it.

    python tools/retune_decoding.py --model src/spinscope/data/models/ptc-minilm --data ../shared/data/ptc \
        [--stride 224]

For a model folder whose training run is not at hand (no checkpoint to --export-only from), after
a change to decoding: detection threshold, hysteresis, second-technique threshold and sentence
widening are chosen again on the 20 dev articles, the validation scores in the card are
recomputed, and card.json and MODEL_CARD.md are rewritten. The model files are not touched.
``--stride`` first sets the largest step between inference windows (the card's window_stride);
``--keep-decoding`` only rescores the validation articles with the decoding the card has (after
a change to the card that is not decoding, such as ``name_blind``).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from spinscope.model.card import ModelCard
from spinscope.train.model_scoring import score_and_save, tune_and_score


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True, help="exported model folder")
    parser.add_argument("--data", type=Path, required=True, help="PTC folder")
    parser.add_argument("--cv-fold", type=int, default=-1, help="score on this fold instead of validation")
    parser.add_argument("--stride", type=int, default=None, help="set the inference stride first")
    parser.add_argument("--keep-decoding", action="store_true", help="rescore only, without tuning")
    args = parser.parse_args()
    card = ModelCard.load(args.model)
    if args.stride:
        card = replace(card, window_stride=args.stride)
        card.save(args.model)
    if args.keep_decoding:
        card.training["rescored_with"] = "python tools/retune_decoding.py --keep-decoding"
        score_and_save(args.model, card, args.data, args.cv_fold)
        return
    card.training["retuned_with"] = "python tools/retune_decoding.py (decoding changed after export)"
    tune_and_score(args.model, card, args.data, args.cv_fold)


if __name__ == "__main__":
    main()
