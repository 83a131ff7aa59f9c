"""Five-fold cross-validation of a technique-model recipe over the PTC training articles.

    # train the five fold models of a recipe (resumable: rerun to continue; finished folds are kept)
    python benchmarks/cv.py train --data ../shared/data/ptc --runs runs/cv-distilled -- \\
        --extra-data ../shared/data/semeval2021-t6/training_set_task2.txt --bf16 \\
        --distill-from runs/ptc-mpnet --unlabeled ../shared/data/claimbuster/crowdsourced.csv

    # mean and spread of SI / TC / end-to-end F1 over the folds, for one or more recipes, and
    # each later recipe's per-fold differences from the first (on the folds both finished)
    python benchmarks/cv.py report runs/cv-base runs/cv-distilled
    # (a recipe may also be given as benchmarks/window_stride.py's output at one stride:
    # benchmarks/results/window-stride.json@224)

    # out-of-fold candidate spans with their features, then the span verifier: cross-fitted
    # ROC AUC, reliability table and display threshold; --into writes it into a model folder
    python benchmarks/cv.py candidates --data ../shared/data/ptc runs/cv-distilled
    python benchmarks/cv.py calibrate --data ../shared/data/ptc runs/cv-distilled \\
        --into src/spinscope/data/models/ptc-minilm

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
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from spinscope.decode.features import feature_names
from spinscope.model.card import ModelCard
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.verification import CandidateTable
from spinscope.train.splits import CV_FOLDS, PtcData, load_ptc

METRICS = ("si_f1", "tc_micro_f1", "e2e_f1")


def fold_run_parser(description: str | None) -> argparse.ArgumentParser:
    """The arguments of every benchmark that reads the fold models of one recipe: the fold-run
    folder, the PTC folder and an optional JSON output."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=description, formatter_class=formatter)
    parser.add_argument("runs", type=Path, help="fold-run folder of one recipe (fold-0 ... fold-4)")
    parser.add_argument("--data", type=Path, required=True, help="PTC folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    return parser


def fold_dir(runs: Path, fold: int) -> Path:
    return runs / f"fold-{fold}"


def held_out_folds(runs: Path, data: Path) -> Iterator[tuple[int, PtcData, ModelCard, TechniqueModel]]:
    """Each finished fold model of ``runs`` (ONNX Runtime) with the PTC split that held its fold out."""
    from spinscope.model.onnx_runtime import load_model_dir

    for fold in range(CV_FOLDS):
        model_dir = fold_dir(runs, fold) / "model"
        if (model_dir / "card.json").is_file():
            card, model = load_model_dir(model_dir)
            yield fold, load_ptc(data, fold), card, model


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


def fold_metrics(source: Path) -> dict[int, dict[str, float]]:
    """Per-fold scores of a recipe: from its fold-run folder (the scores its fold cards hold),
    or from ``benchmarks/window_stride.py``'s output at one stride, written ``FILE.json@STRIDE``."""
    name, _, stride = source.name.partition("@")
    if name.endswith(".json") and stride:
        rescored = json.loads(source.with_name(name).read_text(encoding="utf-8"))
        folds = rescored["folds"].items()
        return {int(f): dict(by_stride[stride]) for f, by_stride in folds if stride in by_stride}
    folds: dict[int, dict[str, float]] = {}
    for fold in range(CV_FOLDS):
        card = fold_card(source, fold)
        if card is not None:
            metrics = card.get("metrics", {})
            assert isinstance(metrics, dict)
            folds[fold] = {m: float(metrics[m]) for m in METRICS if m in metrics}
    return folds


def summarise(runs: Path) -> dict[str, object]:
    folds = fold_metrics(runs)
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
    paired = [paired_differences(summaries[0], other) for other in summaries[1:]]
    for difference in paired:
        print(f"\n{difference['recipe']} minus {difference['baseline']}, on the folds both finished "
              f"({difference['folds']}):")  # fmt: skip
        for metric in METRICS:
            d = difference[metric]
            assert isinstance(d, dict)
            print(f"  {metric:12s} mean {d['mean']:+.4f}  per fold {d['per_fold']}")
    print(json.dumps({"recipes": summaries, "paired": paired}, indent=2))


def paired_differences(baseline: dict[str, object], recipe: dict[str, object]) -> dict[str, object]:
    """Per-fold differences recipe - baseline on the folds both have, and their mean."""
    base_folds, folds = baseline["folds"], recipe["folds"]
    assert isinstance(base_folds, dict) and isinstance(folds, dict)
    common = sorted(set(base_folds) & set(folds))
    out: dict[str, object] = {
        "baseline": Path(str(baseline["runs"])).name,
        "recipe": Path(str(recipe["runs"])).name,
        "folds": common,
    }
    for metric in METRICS:
        per_fold = [round(folds[f][metric] - base_folds[f][metric], 4) for f in common]
        out[metric] = {"mean": round(statistics.mean(per_fold), 4) if per_fold else 0.0, "per_fold": per_fold}
    return out


CANDIDATES = "candidates.npz"
CALIBRATION = "calibration.json"


def candidates(args: argparse.Namespace) -> None:
    from dataclasses import replace

    from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir
    from spinscope.ptc.verification import collect_candidates, training_lexicon

    reading = RuntimeOptions(name_blind=True if args.name_blind else None)
    tables = []
    for fold in range(CV_FOLDS):
        model_dir = fold_dir(args.runs, fold) / "model"
        if not (model_dir / "card.json").is_file():
            print(f"fold {fold}: no model yet, skipped")
            continue
        saved = fold_dir(args.runs, fold) / CANDIDATES
        card = ModelCard.load(model_dir)
        data = load_ptc(args.data, fold)
        # lexical features from the words of this fold model's own training articles
        lexicon = training_lexicon(data.train, data.gold, list(card.techniques))
        # candidates read name-blind, through fitted windows or within sentences are kept apart
        flags = {"+name-blind": args.name_blind, "+fitted": args.fitted, "+within": args.within_sentences}
        digest = lexicon.digest() + "".join(flag for flag, on in flags.items() if on)
        table = _collected(saved, model_dir, digest)
        if table is None:
            _, model = load_model_dir(model_dir, reading)
            model = model.with_fitted_windows(args.fitted)
            if args.within_sentences:
                model = replace(model, decoding=replace(model.decoding, within_sentences=True))
            table = collect_candidates(model, data.held_out, data.gold, fold, lexicon)
            table.save(saved)
            saved.with_suffix(".lexicon").write_text(digest + "\n", encoding="utf-8")
        print(f"fold {fold}: {len(table)} candidates from {len(np.unique(table.article))} articles "
              f"({table.same.mean():.3f} same technique, {table.any.mean():.3f} any)")  # fmt: skip
        tables.append(table)
    if not tables:
        raise SystemExit(f"{args.runs}: no fold models")
    CandidateTable.concat(tables).save(args.runs / CANDIDATES)
    print(f"wrote {args.runs / CANDIDATES}")


def _collected(saved: Path, model_dir: Path, lexicon_digest: str) -> CandidateTable | None:
    """The candidates a fold model gave before, if collected after its training, with the
    features this version computes and the same word lexicon; None when they must be collected
    again."""
    if not saved.is_file() or saved.stat().st_mtime < (model_dir / "card.json").stat().st_mtime:
        return None
    digest = saved.with_suffix(".lexicon")
    if not digest.is_file() or digest.read_text(encoding="utf-8").strip() != lexicon_digest:
        return None
    try:
        table = CandidateTable.load(saved)
    except KeyError:  # written by a version without candidate offsets
        return None
    return table if list(table.names) == feature_names(list(table.techniques)) else None


def calibrate(args: argparse.Namespace) -> None:
    from spinscope.ptc.verification import training_lexicon
    from spinscope.train.verifier_fit import MIN_SHOWN_PRECISION, fit_verifier

    table = CandidateTable.load(args.runs / CANDIDATES)
    # the shipped model's verifier reads the lexicon of all training articles (those it learnt from)
    data = load_ptc(args.data)
    verifier, report = fit_verifier(table, training_lexicon(data.train, data.gold, list(table.techniques)))
    print(f"{report.candidates} out-of-fold candidates from {report.folds} folds")
    print(
        f"ROC AUC, same technique: {report.auc_same:.3f} (score without verifier: {report.auc_raw_same:.3f})"
    )
    print(f"ROC AUC, any annotated span: {report.auc_any:.3f} (without verifier: {report.auc_raw_any:.3f})")
    print(f"per-fold AUC (same technique): {report.fold_auc_same}")
    print(
        f"without the lexical features: {report.auc_same_without_lexicon:.3f}, "
        f"per fold {report.fold_auc_same_without_lexicon}"
    )
    print(f"Brier score: {report.brier:.4f}")
    print("\nreliability (cross-fitted calibrated score in deciles):")
    print(f"{'score range':>16s} {'n':>6s} {'mean score':>11s} {'same tech.':>11s} {'any span':>9s}")
    for b in report.reliability:
        cells = f"{b.count:6d} {b.mean_score:11.3f} {b.observed_same:11.3f} {b.observed_any:9.3f}"
        print(f"{b.low:7.3f}-{b.high:<7.3f} {cells}")
    print(
        f"\ndisplay threshold {report.display_threshold:.2f} (lowest keeping >= {MIN_SHOWN_PRECISION:.0%} of "
        f"shown spans on an annotated span): {report.shown_share:.1%} of candidates shown, "
        f"{report.shown_precision_any:.1%} overlap an annotated span, "
        f"{report.shown_precision_same:.1%} one of the same technique"
    )
    print(
        "shown only with --min-score 0 (no shown out-of-fold candidate right): "
        + (", ".join(report.unreliable_techniques) or "none")
    )
    print(f"\n{'technique':36s} {'cand.':>6s} {'shown':>6s} {'prec. same':>10s} {'AUC':>6s}")
    for name, row in report.per_technique.items():
        counts = f"{row['candidates']:6d} {row['shown']:6d}"
        print(f"{name:36s} {counts} {row['precision_same_shown']:10.3f} {row['auc_same']:6.3f}")
    (args.runs / CALIBRATION).write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
    if args.into:
        install_verifier(args.into, verifier, report, args.runs)


def install_verifier(model_dir: Path, verifier: object, report: object, runs: Path) -> None:
    from dataclasses import replace

    from spinscope.decode.verifier import Verifier
    from spinscope.train.encoder_source import sha256_file
    from spinscope.train.model_card_md import write_model_card_markdown
    from spinscope.train.verifier_fit import CalibrationReport

    assert isinstance(verifier, Verifier) and isinstance(report, CalibrationReport)
    card = ModelCard.load(model_dir)
    name = "verifier.npz"
    verifier.save(model_dir / name)
    training = dict(card.training)
    training["verifier"] = {
        "fitted_on": f"out-of-fold candidates of the cross-validation models in {runs.name} "
        f"({report.candidates} candidates, {report.folds} folds)",
        "command": f"python benchmarks/cv.py calibrate --data PTC_FOLDER {runs} --into {model_dir}",
        "cv": {k: v for k, v in report.to_dict().items() if k not in {"reliability", "per_technique"}},
    }
    sums = {**card.files_sha256, name: sha256_file(model_dir / name)}
    replace(
        card,
        verifier_file=name,
        display_threshold=report.display_threshold,
        unreliable_techniques=report.unreliable_techniques,
        training=training,
        files_sha256=sums,
    ).save(model_dir)
    write_model_card_markdown(ModelCard.load(model_dir), model_dir / "MODEL_CARD.md")
    print(f"verifier written to {model_dir / name}; display threshold {report.display_threshold:.2f}")


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
    p_report.add_argument(
        "runs", type=Path, nargs="+", help="fold-run folders, one per recipe (or FILE.json@STRIDE)"
    )
    p_cand = sub.add_parser("candidates", help="out-of-fold candidate spans of the fold models")
    p_cand.add_argument("--data", type=Path, required=True, help="PTC folder")
    p_cand.add_argument("runs", type=Path, help="fold-run folder of one recipe")
    p_cand.add_argument(
        "--name-blind", action="store_true", help="fold models read the names of sides name-blind"
    )
    p_cand.add_argument(
        "--fitted", action="store_true", help="windows only as long as needed (spread_windows, fitted)"
    )
    p_cand.add_argument("--within-sentences", action="store_true", help="detected runs kept within sentences")
    p_cal = sub.add_parser("calibrate", help="fit and measure the span verifier")
    p_cal.add_argument("runs", type=Path, help="fold-run folder holding candidates.npz")
    p_cal.add_argument("--data", type=Path, required=True, help="PTC folder (for the word lexicon)")
    p_cal.add_argument("--into", type=Path, default=None, help="model folder to give the verifier")
    args = parser.parse_args(argv)
    commands = {"report": report, "candidates": candidates, "calibrate": calibrate}
    if args.command == "train":
        train(args, recipe)
    else:
        commands[args.command](args)


if __name__ == "__main__":
    main()
