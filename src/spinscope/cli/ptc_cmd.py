"""``spinscope ptc``: SemEval-2020 Task 11 predictions and scoring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spinscope.cli.common import MinScoreOption, ModelOption, ThreadsOption

if TYPE_CHECKING:
    from spinscope.model.technique_model import TechniqueModel
    from spinscope.ptc.corpus import Article, LabelRow

ptc_app = typer.Typer(
    help=(
        "SemEval-2020 Task 11 (PTC) formats: predict spans (SI), techniques for given spans (TC), "
        "both at once (end to end), and score predictions against gold labels."
    ),
    no_args_is_help=True,
)

ArticlesDir = Annotated[
    Path, typer.Argument(help="Folder of articleID.txt files (UTF-8).", show_default=False)
]
OutFile = Annotated[
    Path, typer.Option("--output", "-o", help="File to write (atomically).", show_default=False)
]


def _load(model: str | None, threads: int | None) -> TechniqueModel:
    from spinscope import load

    return load(model, threads=threads).model


def _articles(articles_dir: Path) -> list[Article]:
    from spinscope.ptc.corpus import iter_articles

    return list(iter_articles(articles_dir))


def _write(rows: list[LabelRow], output: Path, technique: bool) -> None:
    from spinscope.output import atomic_writer
    from spinscope.ptc.corpus import format_si_row, format_tc_row

    fmt = format_tc_row if technique else format_si_row
    with atomic_writer(output) as fh:
        for row in rows:
            fh.write(fmt(row) + "\n")
    typer.echo(f"wrote {len(rows)} rows to {output}", err=True)


def _predict_spans(
    articles_dir: Path,
    output: Path,
    min_score: float | None,
    threads: int | None,
    model: str | None,
    e2e: bool,
) -> None:
    from spinscope.ptc.predict import predict_e2e, predict_si

    run = predict_e2e if e2e else predict_si
    _write(run(_load(model, threads), _articles(articles_dir), min_score), output, technique=e2e)


def _span_command(e2e: bool, doc: str) -> Callable[..., None]:
    """One command body for span prediction: SI rows, or end-to-end rows with techniques."""

    def command(
        articles_dir: ArticlesDir,
        output: OutFile,
        min_score: MinScoreOption = None,
        threads: ThreadsOption = None,
        model: ModelOption = None,
    ) -> None:
        _predict_spans(articles_dir, output, min_score, threads, model, e2e=e2e)

    command.__doc__ = doc
    return command


ptc_app.command("predict-si")(
    _span_command(False, "Write span identification rows `id<TAB>start<TAB>end` (overlapping spans merged).")
)
ptc_app.command("predict")(_span_command(True, "Write end-to-end rows `id<TAB>technique<TAB>start<TAB>end`."))


@ptc_app.command("predict-tc")
def predict_tc(
    articles_dir: ArticlesDir,
    spans_file: Annotated[
        Path,
        typer.Argument(
            help="Rows `id<TAB>anything<TAB>start<TAB>end` naming the spans to label.", show_default=False
        ),
    ],
    output: OutFile,
    threads: ThreadsOption = None,
    model: ModelOption = None,
) -> None:
    """Label given spans with techniques; rows keep their order, and repeated rows for the
    same span get different techniques, most likely first."""
    from spinscope.ptc.corpus import read_labels
    from spinscope.ptc.predict import predict_tc as run

    rows = read_labels(spans_file)
    _write(run(_load(model, threads), _articles(articles_dir), rows), output, technique=True)


@ptc_app.command("score")
def score(
    task: Annotated[str, typer.Argument(help="si, tc or e2e.", show_default=False)],
    gold: Annotated[
        Path, typer.Argument(help="Gold label file, or a folder of .labels files.", show_default=False)
    ],
    pred: Annotated[
        Path, typer.Argument(help="Predicted label file, or a folder of .labels files.", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--bootstrap",
            min=0,
            help="Also give a 95 % interval of F1 from this many resamples of the articles "
            "(e.g. 1000; 0: none).",
        ),
    ] = 0,
) -> None:
    """Score predictions with the SemEval-2020 Task 11 metrics, with a per-technique breakdown.

    si: span overlap precision/recall/F1 (spans merged where they overlap).
    tc: micro-F1 over technique labels of the gold spans.
    e2e: the si formula applied within each technique, micro-averaged.

    With --bootstrap N, the articles are drawn with replacement N times and scored each time:
    the interval shows how much the score depends on which articles were scored.
    """
    from spinscope.cli.common import fail
    from spinscope.ptc.corpus import read_labels
    from spinscope.ptc.scorer import TASK_SCORERS
    from spinscope.render.scores import print_score, score_dict

    if task not in TASK_SCORERS:
        raise fail(f"unknown task {task!r}: choose si, tc or e2e")
    pred_rows, gold_rows = read_labels(pred), read_labels(gold)
    result = TASK_SCORERS[task](pred_rows, gold_rows)
    interval = None
    if bootstrap:
        from spinscope.ptc.intervals import f1_interval

        interval = f1_interval(TASK_SCORERS[task], pred_rows, gold_rows, resamples=bootstrap)
    if as_json:
        from spinscope.render.json_view import dumps

        report = score_dict(task, result)
        if interval is not None:
            report["bootstrap_95"] = interval.to_dict()
        typer.echo(dumps(report), nl=False)
    else:
        print_score(task, result)
        if interval is not None:
            typer.echo(
                f"F1 95 % interval [{interval.low:.4f}, {interval.high:.4f}] "
                f"({bootstrap} resamples of {interval.groups} articles)"
            )


def register(app: typer.Typer) -> None:
    app.add_typer(ptc_app, name="ptc")
