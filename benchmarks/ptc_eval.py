"""Score a technique model on the held-out PTC validation articles.

    python benchmarks/ptc_eval.py --data ../shared/data/ptc [--model DIR] [--onnx-file model.fp32.onnx]

Prints SI F1, TC micro-F1 (gold spans given) and end-to-end F1, with per-technique tables,
and for each a 95 % bootstrap interval over the articles (``--resamples``, 0 to skip): the
spread that comes from which 40 articles happen to be held out. The validation article ids are
fixed in src/spinscope/train/splits/ptc-validation.txt.

With ``--calibration`` (for a model that carries a span verifier, and the [train] extra) it
also prints how the calibrated score, fitted on cross-validation candidates, carries over to
these articles: ROC AUC against the score without a verifier, the default view's precision at
the card's display threshold, and the reliability table.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from spinscope.analyzer import default_model_dir
from spinscope.model.int8_weights import WeightForm
from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow, gold_by_article, read_labels
from spinscope.ptc.evaluate import headline, predict_for_scoring, score_intervals, score_predictions
from spinscope.render.scores import print_score, score_dict
from spinscope.train.splits import validation_articles


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("SPINSCOPE_PTC_DIR", "../shared/data/ptc"))
    )
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the bundled model)")
    parser.add_argument("--onnx-file", default=None, help="another ONNX file in the model folder")
    parser.add_argument(
        "--int8-weights",
        choices=[form.value for form in WeightForm],
        default=WeightForm.AUTO.value,
        help="int8 weights as shipped (signed), moved to uint8 (unsigned), or as exact here (auto)",
    )
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (0: no intervals)")
    parser.add_argument("--json", action="store_true", help="print only the JSON summary")
    parser.add_argument("--calibration", action="store_true", help="check the span verifier here too")
    args = parser.parse_args()

    card, model = load_model_dir(
        args.model or default_model_dir(),
        RuntimeOptions(onnx_file=args.onnx_file, int8_weights=WeightForm(args.int8_weights)),
    )
    articles = validation_articles(args.data)
    gold = gold_by_article(read_labels(args.data / "train-labels-task-flc-tc"))
    predictions = predict_for_scoring(model, articles, gold, args.min_score)
    scores = score_predictions(predictions)
    summary: dict[str, object] = {"articles": len(articles), **headline(scores)}
    if args.resamples:
        intervals = score_intervals(predictions, args.resamples)
        summary["bootstrap_95"] = {task: ci.to_dict() for task, ci in intervals.items()}
    if args.calibration:
        summary["calibration"] = calibration(
            model, card.display_threshold, list(card.unreliable_techniques), articles, gold, args.json
        )
    if not args.json:
        for task, score in scores.items():
            print_score(task, score)
        if args.resamples:
            for task, ci in intervals.items():
                print(f"{task.upper()} F1 {ci} (95 % interval; {ci.groups} articles resampled)")
    print(
        json.dumps(
            {**summary, "detail": {t: score_dict(t, s)["overall"] for t, s in scores.items()}}, indent=2
        )
    )


def calibration(
    model: TechniqueModel,
    threshold: float,
    unreliable: list[str],
    articles: list[Article],
    gold: dict[str, list[LabelRow]],
    quiet: bool,
) -> dict[str, object]:
    """The verifier's calibrated scores on the validation candidates, judged like in CV."""
    from spinscope.ptc.verification import collect_candidates
    from spinscope.train.verifier_fit import evaluate_scores

    if model.verifier is None:
        raise SystemExit("--calibration: the model has no span verifier")
    table = collect_candidates(model, articles, gold)
    hidden = [t for t in unreliable if t in table.techniques]
    report = evaluate_scores(table, model.verifier.score(table.features), threshold, hidden)
    if not quiet:
        print(f"{report.candidates} candidates; ROC AUC same technique {report.auc_same:.3f} "
              f"(without verifier {report.auc_raw_same:.3f}), any span {report.auc_any:.3f} "
              f"(without {report.auc_raw_any:.3f})")  # fmt: skip
        print(f"display threshold {threshold:.2f}: {report.shown_share:.1%} shown, "
              f"{report.shown_precision_any:.1%} overlap an annotated span, "
              f"{report.shown_precision_same:.1%} one of the same technique")  # fmt: skip
        for b in report.reliability:
            print(f"  {b.low:.3f}-{b.high:.3f}  n={b.count:5d}  mean score {b.mean_score:.3f}  "
                  f"same {b.observed_same:.3f}  any {b.observed_any:.3f}")  # fmt: skip
    return {k: v for k, v in report.to_dict().items() if k != "per_technique"}


if __name__ == "__main__":
    main()
