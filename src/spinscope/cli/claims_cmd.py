"""``spinscope claims``: score sentences for check-worthiness, evaluate, retrain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spinscope.claims.csvio import DEBATE_COLUMN
from spinscope.cli.common import ThreadsOption

claims_app = typer.Typer(
    help=(
        "Check-worthy factual claims: score sentences from a CSV file, evaluate predictions, retrain "
        "the claim model. A high score means 'worth checking', never 'true' or 'false'."
    ),
    no_args_is_help=True,
)

ClaimModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="Claim model folder to use instead of the bundled one.", show_default=False),
]


@claims_app.command("predict")
def predict(
    input_csv: Annotated[
        Path, typer.Argument(help="CSV file with columns Sentence_id,Text (others are ignored).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write Sentence_id,score,label (atomically).")
    ],
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.01,
            max=0.99,
            help="Score from which a sentence is labelled 1 (check-worthy). Default: the model's value.",
            show_default=False,
        ),
    ] = None,
    threads: ThreadsOption = None,
    model: ClaimModelOption = None,
) -> None:
    """Score each sentence of a CSV file; rows with an empty Text score 0 and are kept.

    Example:  spinscope claims predict sentences.csv -o predictions.csv
    """
    from spinscope.claims.csvio import Prediction, read_sentences, write_predictions
    from spinscope.claims.scorer import load_claim_scorer

    rows = read_sentences(input_csv)
    scorer = load_claim_scorer(model, threads)
    cut = scorer.threshold if threshold is None else threshold
    scores = scorer.score([r.text for r in rows])
    write_predictions(
        output,
        [Prediction(r.sentence_id, float(s), int(s >= cut)) for r, s in zip(rows, scores, strict=True)],
    )
    typer.echo(
        f"{len(rows)} sentences scored, {int((scores >= cut).sum())} labelled check-worthy -> {output}",
        err=True,
    )


@claims_app.command("score")
def score(
    gold_csv: Annotated[
        Path, typer.Argument(help="Gold CSV with columns Sentence_id,Verdict (1 = check-worthy).")
    ],
    predictions_csv: Annotated[Path, typer.Argument(help="Predictions CSV with columns Sentence_id,label.")],
    bootstrap: Annotated[
        int,
        typer.Option(
            "--bootstrap",
            min=0,
            help="Also print a 95 % interval of F1 from this many resamples (e.g. 1000; 0: none).",
        ),
    ] = 0,
    group_by: Annotated[
        str,
        typer.Option(
            "--group-by",
            help="Gold column whose values are resampled whole (sentences of one debate are not "
            "independent); empty: resample sentences.",
        ),
    ] = DEBATE_COLUMN,
) -> None:
    """Precision, recall and F1 of the check-worthy class.

    Examples:

      spinscope claims score gold.csv predictions.csv

      spinscope claims score gold.csv predictions.csv --bootstrap 1000   # resamples debates
    """
    from spinscope.claims.csvio import aligned_labels, read_gold, read_groups, read_predictions
    from spinscope.claims.metrics import binary_scores, f1_interval

    gold_by_id = read_gold(gold_csv)
    gold, predicted = aligned_labels(
        gold_by_id, read_predictions(predictions_csv), str(gold_csv), str(predictions_csv)
    )
    s = binary_scores(gold, predicted)
    typer.echo(f"sentences  {len(gold)}")
    typer.echo(f"positives  {s.support} (gold), {s.true_positives + s.false_positives} (predicted)")
    typer.echo(f"precision  {s.precision:.4f}")
    typer.echo(f"recall     {s.recall:.4f}")
    typer.echo(f"F1         {s.f1:.4f}")
    if bootstrap:
        groups = read_groups(gold_csv, group_by) if group_by else {i: i for i in gold_by_id}
        ci = f1_interval(gold, predicted, [groups[i] for i in gold_by_id], resamples=bootstrap)
        unit = f"values of {group_by}" if group_by else "sentences"
        typer.echo(f"F1 95 %    [{ci.low:.4f}, {ci.high:.4f}] ({bootstrap} resamples of {ci.groups} {unit})")


@claims_app.command("train")
def train(
    data: Annotated[Path, typer.Option("--data", help="ClaimBuster crowdsourced.csv (read only).")],
    work: Annotated[Path, typer.Option("--work", help="Folder for checkpoints and the fp32 export.")],
    out: Annotated[
        Path, typer.Option("--out", help="Model folder to write (ONNX int8, tokenizer, card.json).")
    ],
    epochs: Annotated[int, typer.Option("--epochs", min=1)] = 2,
    context: Annotated[
        bool, typer.Option("--context/--no-context", help="Let the model read the previous sentence too.")
    ] = False,
    verdict_classes: Annotated[
        bool,
        typer.Option(
            "--verdict-classes/--binary",
            help="Learn the three ClaimBuster verdicts (non-factual, unimportant, check-worthy) "
            "instead of check-worthy or not; the model still outputs one check-worthiness score.",
        ),
    ] = False,
    adversarial: Annotated[
        float,
        typer.Option(
            "--adversarial",
            min=0.0,
            help="Also train on word embeddings pushed this far along the loss gradient (0: off).",
        ),
    ] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (data order, initialisation).")] = 13,
    average_with: Annotated[
        list[Path] | None,
        typer.Option(
            "--average-with",
            help="Work folder (or checkpoint) of another finished claim training run; the exported "
            "model averages this run's weights with its weights. Repeat for several runs.",
            show_default=False,
        ),
    ] = None,
    layers: Annotated[
        int,
        typer.Option(
            "--layers",
            min=0,
            help="Keep only the encoder's first N layers (0: all six); 3 halves the time per sentence.",
        ),
    ] = 0,
    distill_from: Annotated[
        Path | None,
        typer.Option(
            "--distill-from",
            help="A finished claim model folder (e.g. the bundled one) whose scores become soft "
            "targets, mixed with the labels by --distill-weight.",
            show_default=False,
        ),
    ] = None,
    distill_weight: Annotated[
        float, typer.Option("--distill-weight", min=0.0, max=1.0, help="Teacher's share of each target.")
    ] = 0.5,
    model_version: Annotated[
        str,
        typer.Option(
            "--model-version",
            help="Version written into the model card; stored results name it, so that a corpus "
            "re-analyses its texts when the claim model changes.",
        ),
    ] = "1.0.0",
    threads: ThreadsOption = None,
) -> None:
    """Fine-tune the claim classifier; run the same command again to resume after an interruption.

    With --average-with, the exported model is the mean of the weights of this run and the
    named runs (same options except the seed): an ensemble's accuracy at one model's cost.
    """
    from spinscope.train.claims_pipeline import build_claim_model
    from spinscope.train.claims_train import ClaimTrainConfig

    card = build_claim_model(
        data,
        work,
        out,
        ClaimTrainConfig(
            epochs=epochs,
            threads=threads or 0,
            context_sentences=int(context),
            verdict_classes=verdict_classes,
            adversarial_epsilon=adversarial,
            seed=seed,
            layers=layers,
            distill_weight=distill_weight if distill_from is not None else 0.0,
        ),
        typer.echo,
        average_with or [],
        distill_from,
        model_version,
    )
    typer.echo(f"wrote {out}: validation {card.metrics['validation']}")


def register(app: typer.Typer) -> None:
    app.add_typer(claims_app, name="claims")
