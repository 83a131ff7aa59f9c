"""``spinscope stats`` and ``compare``: stored results per group, sources side by side. The
commands' signatures only; the work is in :mod:`spinscope.cli.corpus_work`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spinscope.cli.common import DbOption, KeywordOption, ModelVersionOption, SinceOption, UntilOption
from spinscope.cli.corpus_work import CompareFormat, StatsBy, StatsFormat, compare_corpus, corpus_stats


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
    corpus_stats(
        db=db,
        by=by,
        output_format=output_format,
        output=output,
        sources=source or [],
        since=since,
        until=until,
        keyword=keyword,
        model_version=model_version,
    )


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
    compare_corpus(
        a=a,
        b=b,
        db=db,
        output_format=output_format,
        output=output,
        resamples=resamples,
        seed=seed,
        examples=examples,
        since=since,
        until=until,
        keyword=keyword,
        model_version=model_version,
    )


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
    app.command("compare")(compare)
