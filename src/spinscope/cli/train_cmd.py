"""``spinscope train``: train, tune and export a technique model (needs the [train] extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def train(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="PTC folder with train-articles/ and train-labels-task-flc-tc/.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", help="Run folder: checkpoints and the exported model/.", show_default=False),
    ],
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs.")] = 5,
    encoder: Annotated[
        str,
        typer.Option(
            "--encoder",
            help="Pretrained encoder: minilm (all-MiniLM-L6-v2, the fast model) or mpnet "
            "(all-mpnet-base-v2; fetch it first with: spinscope models fetch-encoder mpnet).",
        ),
    ] = "minilm",
    bf16: Annotated[
        bool | None,
        typer.Option(
            "--bf16/--fp32",
            help="Train under bf16 autocast (default: on for mpnet where the CPU has native bf16, else off).",
            show_default=False,
        ),
    ] = None,
    lr_encoder: Annotated[
        float | None,
        typer.Option(
            "--lr-encoder",
            help="Peak learning rate of the encoder (default: 8e-5 for minilm, 3e-5 for mpnet).",
            show_default=False,
        ),
    ] = None,
    checkpoint_every: Annotated[
        int, typer.Option(min=1, help="Write a resumable checkpoint every N training steps.")
    ] = 50,
    seed: Annotated[int, typer.Option(help="Random seed (data order, initialisation).")] = 13,
    threads: Annotated[int, typer.Option(min=0, help="Torch threads (0: torch's default).")] = 0,
    version: Annotated[str, typer.Option(help="Version written into the model card.")] = "0.1.0",
    export_only: Annotated[
        bool,
        typer.Option("--export-only", help="Skip training: tune and export the last checkpoint as it is."),
    ] = False,
    extra_data: Annotated[
        Path | None,
        typer.Option(
            "--extra-data",
            help="Also train on a SemEval-2021 Task 6 subtask 2 file (meme texts, JSON), "
            "e.g. ../shared/data/semeval2021-t6/training_set_task2.txt.",
            show_default=False,
        ),
    ] = None,
    swap_sides: Annotated[
        bool,
        typer.Option(
            "--swap-sides",
            help="Also train on a copy of each text that names a side (Armenian, Democrats, ...), "
            "with the opposite side's name in its place: the label should not depend on the side.",
        ),
    ] = False,
    swap_persons: Annotated[
        bool,
        typer.Option(
            "--swap-persons",
            help="Also train on a copy of each text that names a person, with other persons' "
            "names in their place (found by the named-entity model): the label should not "
            "depend on who is named.",
        ),
    ] = False,
    name_blind: Annotated[
        bool,
        typer.Option(
            "--name-blind",
            help="Train name-blind: the names of sides (peoples, countries, faiths, parties, camps) "
            "reach the model as invented names, in training and in use (the card says so).",
        ),
    ] = False,
    unlabeled: Annotated[
        list[Path] | None,
        typer.Option(
            "--unlabeled",
            help="Unlabelled texts (a folder of .txt files, a CSV file with a Text column such as "
            "../shared/data/claimbuster/crowdsourced.csv, or a meme-text JSON file) labelled by the "
            "--teacher models or the --distill-from teacher; their windows join the training "
            "windows with the teacher's probabilities as targets. Repeatable.",
            show_default=False,
        ),
    ] = None,
    unlabeled_windows: Annotated[
        int, typer.Option(min=1, help="Windows of unlabelled text to add (with --unlabeled).")
    ] = 600,
    teacher: Annotated[
        list[Path] | None,
        typer.Option(
            "--teacher",
            help="Exported model folder (or run folder) that labels the --unlabeled texts. "
            "Repeat for several: their probabilities are averaged.",
            show_default=False,
        ),
    ] = None,
    distill_from: Annotated[
        Path | None,
        typer.Option(
            "--distill-from",
            help="Distil a trained run (a run folder with checkpoint.pt, e.g. an --encoder mpnet "
            "run) into this one: its token and span-head probabilities become soft targets on the "
            "training windows and on the --unlabeled windows.",
            show_default=False,
        ),
    ] = None,
    distill_weight: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of the teacher in the targets of gold-labelled windows."),
    ] = 0.5,
    cv_fold: Annotated[
        int | None,
        typer.Option(
            "--cv-fold",
            min=0,
            max=4,
            help="Cross-validation: leave out the training articles of this fold (0-4, listed in "
            "spinscope/train/splits/ptc-cv-folds.txt) and score the model on them instead of the "
            "validation articles (benchmarks/cv.py runs all five).",
            show_default=False,
        ),
    ] = None,
    average_with: Annotated[
        list[Path] | None,
        typer.Option(
            "--average-with",
            help="Run folder (or checkpoint) of another finished training run; before export, "
            "this run's weights are averaged with its weights. Repeat for several runs.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Fine-tune the technique model on PTC, tune its thresholds, export it to ONNX.

    Rerunning the same command after an interruption resumes from the last checkpoint in
    OUT. The model folder lands in OUT/model; copy it over
    src/spinscope/data/models/ptc-minilm to ship it.

    With --average-with, the exported model is the mean of the weights of this run and the
    named runs (all fine-tuned from the same encoder): an ensemble's accuracy at one model's
    cost. Train each run first, then export the average, for example:

      spinscope train --data D --out runs/a --seed 13
      spinscope train --data D --out runs/b --seed 14
      spinscope train --data D --out runs/a --export-only --average-with runs/b

    With --distill-from, a larger trained run teaches this one (knowledge distillation):

      spinscope models fetch-encoder mpnet
      spinscope train --data D --out runs/teacher --encoder mpnet --epochs 3
      spinscope train --data D --out runs/student --distill-from runs/teacher \\
          --unlabeled ../shared/data/claimbuster/crowdsourced.csv

    With --unlabeled and --teacher, earlier models label unlabelled texts and the new run
    learns from those labels too (self-training), for example:

      spinscope train --data D --out runs/c --unlabeled texts/ --teacher runs/a --teacher runs/b
    """
    try:
        from spinscope.train.encoder_source import encoder_spec
        from spinscope.train.loop import TrainConfig
        from spinscope.train.pipeline import run_training
        from spinscope.train.precision import choose_precision, native_bf16
    except ImportError as exc:
        from spinscope.errors import TrainingSetupError

        raise TrainingSetupError(
            f"training needs the [train] extra: pip install 'spinscope[train]' ({exc})"
        ) from exc
    spec = encoder_spec(encoder)
    precision = choose_precision(bf16, spec.bf16_default, native_bf16())
    if precision.note:
        typer.echo(precision.note, err=True)
    config = TrainConfig(
        epochs=epochs,
        encoder=encoder,
        bf16=precision.bf16,
        lr_encoder=lr_encoder or spec.lr_encoder,
        checkpoint_every=checkpoint_every,
        seed=seed,
        threads=threads,
        extra_data=str(extra_data or ""),
        swap_sides=swap_sides,
        swap_persons=swap_persons,
        name_blind=name_blind,
        unlabeled=tuple(str(p) for p in unlabeled or ()),
        distill_from=str(distill_from or ""),
        distill_weight=distill_weight,
        holdout_fold=-1 if cv_fold is None else cv_fold,
        unlabeled_windows=unlabeled_windows,
        teachers=tuple(str(t) for t in teacher or ()),
    )
    run_training(data, out, config, version, typer.echo, export_only, average_with or [])


def register(app: typer.Typer) -> None:
    app.command("train")(train)
