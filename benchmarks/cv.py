"""Five-fold cross-validation of a technique-model recipe over the PTC training articles.

    # train the five fold models of a recipe (resumable: rerun to continue; finished folds are kept)
    python benchmarks/cv.py train --data ../shared/data/ptc --runs runs/cv-distilled -- \\
        --extra-data ../shared/data/semeval2021-t6/training_set_task2.txt --bf16 \\
        --distill-from runs/ptc-mpnet --unlabeled ../shared/data/claimbuster/crowdsourced.csv

    # mean and spread of SI / TC / end-to-end F1 over the folds, for one or more recipes
    python benchmarks/cv.py report runs/cv-base runs/cv-distilled

Fold k's model is trained on the other four folds (plus whatever the recipe adds), its decoding
is tuned on the dev articles, and it is scored on fold k (the fold lists are committed in
src/spinscope/train/splits/ptc-cv-folds.txt). Everything after ``--`` is passed to
``spinscope train`` unchanged. The 40 validation articles are never used here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from spinscope.train.splits import CV_FOLDS

METRICS = ("si_f1", "tc_micro_f1", "e2e_f1")


def fold_dir(runs: Path, fold: int) -> Path:
    return runs / f"fold-{fold}"


def fold_card(runs: Path, fold: int) -> dict[str, object] | None:
    card = fold_dir(runs, fold) / "model" / "card.json"
    if not card.is_file():
        return None
    loaded: dict[str, object] = json.loads(card.read_text(encoding="utf-8"))
    return loaded


def train(args: argparse.Namespace, recipe: list[str]) -> None:
    for fold in args.folds:
        if fold_card(args.runs, fold) is not None:
            print(f"fold {fold}: done ({fold_dir(args.runs, fold)}/model)")
            continue
        command = [
            sys.executable, "-m", "spinscope.cli.main", "train",
            "--data", str(args.data), "--out", str(fold_dir(args.runs, fold)),
            "--cv-fold", str(fold), *recipe,
        ]  # fmt: skip
        print("$", " ".join(command), flush=True)
        subprocess.run(command, check=True)


def summarise(runs: Path) -> dict[str, object]:
    folds: dict[int, dict[str, float]] = {}
    for fold in range(CV_FOLDS):
        card = fold_card(runs, fold)
        if card is not None:
            metrics = card.get("metrics", {})
            assert isinstance(metrics, dict)
            folds[fold] = {m: float(metrics[m]) for m in METRICS if m in metrics}
    summary: dict[str, object] = {"runs": str(runs), "folds": folds}
    for metric in METRICS:
        values = [f[metric] for f in folds.values() if metric in f]
        if values:
            spread = statistics.stdev(values) if len(values) > 1 else 0.0
            summary[metric] = {
                "mean": round(statistics.mean(values), 4),
                "sd": round(spread, 4),
                "n": len(values),
            }
    return summary


def report(args: argparse.Namespace) -> None:
    summaries = [summarise(runs) for runs in args.runs]
    header = f"{'recipe':32s}" + "".join(f"{m:>22s}" for m in METRICS)
    print(header)
    for s in summaries:
        cells = []
        for metric in METRICS:
            value = s.get(metric)
            cells.append(
                f"{value['mean']:.3f} ± {value['sd']:.3f} (n={value['n']})"
                if isinstance(value, dict)
                else "-"
            )
        print(f"{Path(str(s['runs'])).name:32s}" + "".join(f"{c:>22s}" for c in cells))
    print(json.dumps(summaries, indent=2))


def main() -> None:
    argv = sys.argv[1:]
    recipe: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, recipe = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_train = sub.add_parser("train", help="train the fold models of one recipe")
    p_train.add_argument("--data", type=Path, required=True, help="PTC folder")
    p_train.add_argument("--runs", type=Path, required=True, help="folder for the five fold runs")
    p_train.add_argument("--folds", type=int, nargs="*", default=list(range(CV_FOLDS)))
    p_report = sub.add_parser("report", help="mean and spread of the fold scores")
    p_report.add_argument("runs", type=Path, nargs="+", help="fold-run folders, one per recipe")
    args = parser.parse_args(argv)
    if args.command == "train":
        train(args, recipe)
    else:
        report(args)


if __name__ == "__main__":
    main()
