"""Write src/spinscope/train/splits/ptc-cv-folds.txt: 5 cross-validation folds over the PTC
training articles (validation and dev articles excluded), balanced by number of gold spans.

    python tools/make_cv_folds.py --data ../shared/data/ptc

Run once; the committed file is what every cross-validation run uses.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from spinscope.train.splits import CV_FOLDS, load_ptc

SEED = 2020
OUT = Path(__file__).resolve().parents[1] / "src/spinscope/train/splits/ptc-cv-folds.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="PTC folder (train-articles/ ...)")
    args = parser.parse_args()
    data = load_ptc(args.data)
    spans = {a.id: len(data.gold.get(a.id, [])) for a in data.train}
    order = sorted(spans, key=lambda i: (spans[i], i))
    rng = random.Random(SEED)
    folds: dict[str, int] = {}
    for start in range(0, len(order), CV_FOLDS):  # deal each block of 5 to the 5 folds
        ks = list(range(CV_FOLDS))
        rng.shuffle(ks)
        folds.update(zip(order[start : start + CV_FOLDS], ks, strict=False))
    lines = [
        f"# article id <TAB> fold (0-{CV_FOLDS - 1}): {CV_FOLDS}-fold cross-validation over the PTC "
        "training articles",
        "# (validation and dev articles excluded), dealt in blocks of "
        f"{CV_FOLDS} sorted by number of gold spans, seed {SEED}",
        *(f"{i}\t{folds[i]}" for i in sorted(folds)),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(folds)} articles)")


if __name__ == "__main__":
    main()
