"""``spinscope batch``: analyse a whole corpus. The command's signature only; the work is
:func:`spinscope.cli.batch_work.batch_corpus`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spinscope.cli.batch_work import EngineName, batch_corpus
from spinscope.cli.common import DEFAULT_MAX_INPUT_MB, DbOption, MaxInputOption, ModelOption, ThreadsOption


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
    batch_corpus(
        input_path=input_path,
        output=output,
        db=db,
        workers=workers,
        engine=engine,
        address=address,
        chunk_size=chunk_size,
        min_score=min_score,
        include_text=include_text,
        quiet=quiet,
        threads=threads,
        model=model,
        max_input_bytes=max_input_mb * 2**20,
    )


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
