"""``spinscope batch``, ``stats`` and ``compare``: whole corpora, stored results, sources side by side."""

from __future__ import annotations

import datetime as dt
import signal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from spinscope.cli.common import DEFAULT_MAX_INPUT_MB, MaxInputOption, ModelOption, ThreadsOption, fail

if TYPE_CHECKING:
    from spinscope.batch.model_ref import ModelRef
    from spinscope.batch.runner import Engine
    from spinscope.corpus import Comparison, RateTable

EXIT_SOME_FAILED = 1
_TEXT_WIDTH = 160

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Result store: a SQLite file path (created if missing) or postgresql+psycopg://user@host/db.",
        show_default=False,
    ),
]
SinceOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--since",
        formats=["%Y-%m-%d"],
        help="Only documents published on or after this date.",
        show_default=False,
    ),
]
UntilOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--until",
        formats=["%Y-%m-%d"],
        help="Only documents published on or before this date.",
        show_default=False,
    ),
]
KeywordOption = Annotated[
    str | None,
    typer.Option(
        "--keyword",
        "-k",
        help="Only documents containing all these words (full-text search).",
        show_default=False,
    ),
]
ModelVersionOption = Annotated[
    str | None,
    typer.Option(
        "--model-version",
        help="Use results of this model version (default: that of the newest run).",
        show_default=False,
    ),
]


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


class StatsBy(StrEnum):
    source = "source"
    month = "month"
    source_month = "source,month"


class StatsFormat(StrEnum):
    table = "table"
    csv = "csv"
    html = "html"
    png = "png"


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


# ---------------------------------------------------------------- batch


def batch(
    input_path: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="A folder of .txt/.html files, a .jsonl file or a .csv file "
            "(fields: id, text, source, published, url, title).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write all results to this JSONL file (one line per input document).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Worker processes (local) or actors (Ray).")
    ] = 1,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="local: processes on this machine; ray: a Ray cluster.")
    ] = EngineName.local,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="Ray cluster: 'auto' or ray://host:10001 (default: start Ray locally).",
            show_default=False,
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option("--chunk-size", min=1, max=10_000, help="Documents per unit of work (and per commit)."),
    ] = 8,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=0.99,
            help="Store only spans scoring at least this (default: the model's display threshold; "
            "0: every candidate).",
            show_default=False,
        ),
    ] = None,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Put each document's text in the JSONL output.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    threads: ThreadsOption = None,
    model: ModelOption = None,
    max_input_mb: MaxInputOption = DEFAULT_MAX_INPUT_MB,
) -> None:
    """Analyse a whole corpus; rerun the same command to resume.

    Documents already stored are skipped and failures are retried; every input document
    ends as a stored result or a stored failure. Exit status 1 when some documents failed.

    Examples:

      spinscope batch articles/ -o results.jsonl

      spinscope batch corpus.jsonl --db corpus.db --workers 2

      spinscope batch corpus.csv --db postgresql+psycopg://me@dbhost/news --engine ray --address auto
    """
    from rich.console import Console

    from spinscope.batch import open_input, resolve_model, run_batch
    from spinscope.batch.export import write_results_jsonl
    from spinscope.batch.progress import QuietReporter, RichReporter, render_summary
    from spinscope.store import open_store

    if output is None and db is None:
        raise fail("give -o RESULTS.jsonl and/or --db URL (where results are kept)")
    if address is not None and engine is not EngineName.ray:
        raise fail("--address is for --engine ray")
    if output is not None and output.is_dir():
        raise fail(f"{output}: is a folder; give a file name such as {output / 'results.jsonl'}")
    source = open_input(input_path, max_input_mb * 2**20)
    model_ref = resolve_model(model, min_score)
    db_value = db if db is not None else str(sidecar_db(output))  # type: ignore[arg-type]
    console = Console(stderr=True)
    settings = {
        "workers": workers,
        "threads": threads,
        "chunk_size": chunk_size,
        "min_score": model_ref.min_score,
        "model_dir": model,
        "address": address,
        "output": str(output) if output else None,
    }
    with open_store(db_value) as store:
        reporter = QuietReporter(console) if quiet else RichReporter(console)
        runner_engine = make_engine(engine, model_ref, workers, threads, chunk_size, address)
        signal.signal(signal.SIGTERM, _terminate)
        try:
            summary = run_batch(source, store, model_ref, runner_engine, reporter, chunk_size, settings)
        except KeyboardInterrupt:
            typer.echo(
                f"spinscope: interrupted; finished documents are kept in {store.display}; "
                "run the same command again to resume",
                err=True,
            )
            raise typer.Exit(130) from None
        if output is not None:
            write_results_jsonl(store, summary.keys, summary.setting, output, include_text)
    if not quiet:
        render_summary(summary, console)
        if output is not None:
            kept = f" (resume state: {db_value})" if db is None else ""
            console.print(f"results: {output}{kept}", markup=False, highlight=False)
    if summary.tally.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM stops a batch like Ctrl-C: the run is recorded as interrupted."""
    raise KeyboardInterrupt


def sidecar_db(output: Path) -> Path:
    """Where ``batch -o results.jsonl`` without ``--db`` keeps its resume state."""
    return output.with_name(output.name + ".db")


def make_engine(
    engine: EngineName,
    model_ref: ModelRef,
    workers: int,
    threads: int | None,
    chunk_size: int,
    address: str | None,
) -> Engine:
    if engine is EngineName.ray:
        from spinscope.batch.ray_engine import RayEngine

        return RayEngine(
            model_ref, workers=workers, threads=threads or 1, chunk_size=chunk_size, address=address
        )
    from spinscope.batch.local import LocalEngine

    return LocalEngine(model_ref, workers=workers, threads=threads)


# ---------------------------------------------------------------- stats and compare


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _emit_rich(renderable: Any, output: Path | None, note: str | None = None) -> None:
    """Print a rich renderable, or save it as plain text."""
    from rich.console import Console

    from spinscope.cli.analyze_cmd import emit

    if output is None:
        console = Console()
        console.print(renderable)
        if note:
            console.print(note, style="dim", markup=False)
        return
    import io

    console = Console(width=_TEXT_WIDTH, file=io.StringIO(), no_color=True, force_terminal=False)
    console.print(renderable)
    if note:
        console.print(note, markup=False)
    emit(console.file.getvalue(), output)  # type: ignore[attr-defined]


def stats(
    db: DbOption = None,
    by: Annotated[
        StatsBy | None,
        typer.Option("--by", help="Group documents by source, month or both.", show_default=False),
    ] = None,
    output_format: Annotated[
        StatsFormat,
        typer.Option("--format", "-f", help="table, csv, html (with a chart) or png (the chart)."),
    ] = StatsFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (required for png).", show_default=False),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only documents of this source (repeatable).", show_default=False),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    keyword: KeywordOption = None,
    model_version: ModelVersionOption = None,
) -> None:
    """Technique and claim rates per 1,000 words in a result store, overall or per group.

    Examples:

      spinscope stats --db corpus.db --by source

      spinscope stats --db corpus.db --by source,month --format csv -o rates.csv

      spinscope stats --db corpus.db --by month --format png -o rates.png --keyword election
    """
    from spinscope.corpus import profiles_from_store, rate_table
    from spinscope.corpus.selection import describe, make_filter
    from spinscope.store import open_store, reader

    if db is None:
        raise fail("give --db with the result store that `spinscope batch` filled")
    if output_format is StatsFormat.png and output is None:
        raise fail("--format png needs -o FILE.png")
    where = make_filter(source or (), _date(since), _date(until), keyword)
    with open_store(db, create=False) as store:
        setting = reader.default_setting(store, model_version)
        profiles = profiles_from_store(store, setting, where)
    if len(profiles) == 0:
        raise fail(f"no analysed documents match ({describe(setting, where)})")
    table = rate_table(profiles, by.value.split(",") if by else ())
    title = "Persuasion techniques per 1,000 words" + (f" by {by.value.replace(',', ' and ')}" if by else "")
    write_stats(table, output_format, output, title, describe(setting, where))


def write_stats(
    table: RateTable, output_format: StatsFormat, output: Path | None, title: str, description: str
) -> None:
    from spinscope.cli.analyze_cmd import emit
    from spinscope.corpus import render

    if output_format is StatsFormat.png:
        from spinscope.corpus.charts import rates_png
        from spinscope.output import atomic_writer

        if output is None:
            raise fail("--format png needs -o FILE.png")
        with atomic_writer(output) as fh:
            rates_png(table, fh.buffer, title)
    elif output_format is StatsFormat.csv:
        emit(render.rates_csv(table), output)
    elif output_format is StatsFormat.html:
        emit(render.rates_html(table, title, description), output)
    else:
        _emit_rich(render.rates_rich(table), output, description)


def compare(
    a: Annotated[
        str,
        typer.Argument(
            metavar="A", help="A source name (with --db) or a results .jsonl file.", show_default=False
        ),
    ],
    b: Annotated[
        str, typer.Argument(metavar="B", help="Another source name, or results file.", show_default=False)
    ],
    db: DbOption = None,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="table, json or html.")
    ] = CompareFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", show_default=False)
    ] = None,
    resamples: Annotated[
        int | None,
        typer.Option(
            "--resamples",
            min=1000,
            max=100_000,
            help="Bootstrap resamples over documents.",
            show_default="2000, as in the web app",  # spinscope.corpus.compare.DEFAULT_RESAMPLES
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the bootstrap (same seed, same intervals).")
    ] = 0,
    examples: Annotated[
        int, typer.Option("--examples", min=0, max=10, help="Example spans per side for the top techniques.")
    ] = 2,
    since: SinceOption = None,
    until: UntilOption = None,
    keyword: KeywordOption = None,
    model_version: ModelVersionOption = None,
) -> None:
    """Compare two technique profiles: largest rate differences, bootstrap intervals, examples.

    Examples:

      spinscope compare --db corpus.db "Daily Planet" "Morning Star"

      spinscope compare results-a.jsonl results-b.jsonl --format html -o compare.html
    """
    from spinscope.corpus import compare_profiles, profiles_from_results
    from spinscope.corpus.compare import DEFAULT_RESAMPLES, refuse_same
    from spinscope.corpus.selection import compare_sources, make_filter
    from spinscope.store import open_store, reader

    resamples = resamples or DEFAULT_RESAMPLES
    if db is not None:
        refuse_same(a, b)
        where = make_filter((), _date(since), _date(until), keyword)
        with open_store(db, create=False) as store:
            setting = reader.default_setting(store, model_version)
            result = compare_sources(
                store, setting, a, b, where, resamples=resamples, seed=seed, examples_per_side=examples
            )
    else:
        if since or until or keyword or model_version:
            raise fail("--since, --until, --keyword and --model-version need --db")
        refuse_same(str(Path(a).resolve()), str(Path(b).resolve()), "results file")
        result = compare_profiles(
            profiles_from_results(Path(a)),
            profiles_from_results(Path(b)),
            resamples=resamples,
            seed=seed,
            examples_per_side=examples,
        )
    write_comparison(result, output_format, output)


def write_comparison(result: Comparison, output_format: CompareFormat, output: Path | None) -> None:
    from spinscope.cli.analyze_cmd import emit
    from spinscope.corpus import render
    from spinscope.render.json_view import dumps

    if output_format is CompareFormat.json:
        emit(dumps(render.comparison_json(result)), output)
    elif output_format is CompareFormat.html:
        emit(render.comparison_html(result), output)
    else:
        _emit_rich(render.comparison_rich(result), output)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("stats")(stats)
    app.command("compare")(compare)
