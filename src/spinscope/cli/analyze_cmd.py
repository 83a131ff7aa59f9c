"""``spinscope analyze``: analyse one article and show or save the result."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from spinscope.cli.common import (
    DEFAULT_MAX_INPUT_MB,
    MaxInputOption,
    MinScoreOption,
    ModelOption,
    NameBlindOption,
    ThreadsOption,
    emit,
    fail,
)

SAMPLE_NAME = "harbour-bridge.txt"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    md = "md"


def sample_text() -> str:
    return resources.files("spinscope").joinpath("data", "samples", SAMPLE_NAME).read_text(encoding="utf-8")


def analyze(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Article to analyse: a UTF-8 text or HTML file, an http(s) URL, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Analyse the short sample article bundled with spinscope.")
    ] = False,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: highlighted view for the terminal; json: machine-readable (docs/json-schema.md); "
            "html: self-contained report file (docs/web.md); md: Markdown for notes.",
        ),
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output."),
    ] = None,
    min_score: MinScoreOption = None,
    threads: ThreadsOption = None,
    model: ModelOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="Publication date (YYYY-MM-DD): resolves relative dates in claims, e.g. '31 years ago'.",
            show_default=False,
        ),
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw", help="Analyse an HTML file or page as it is, markup included, not its article text."
        ),
    ] = False,
    max_input_mb: MaxInputOption = DEFAULT_MAX_INPUT_MB,
    name_blind: NameBlindOption = None,
) -> None:
    """Highlight the persuasion techniques used in an article.

    Examples:

      spinscope analyze --sample

      spinscope analyze article.txt --format json -o article.json

      cat article.txt | spinscope analyze - --min-score 0.3

      spinscope analyze https://example.org/news/story.html
    """
    from spinscope import load
    from spinscope.ingest.article import Article, article_from_text, article_from_url
    from spinscope.ingest.fetch import is_url
    from spinscope.ingest.text import read_text_source

    if sample == (path is not None):
        raise fail("give either a PATH (or - for standard input) or --sample")
    from spinscope.claims.dates import parse_published

    parse_published(published)  # a bad --published fails before the model loads
    if sample:
        article = Article(sample_text(), f"sample:{SAMPLE_NAME}")
    elif is_url(str(path)):
        article = article_from_url(str(path), raw)
    else:
        source = "<stdin>" if path == "-" else str(path)
        article = article_from_text(read_text_source(str(path), max_input_mb * 2**20), source, raw)
    if article.note():
        typer.echo(f"spinscope: {article.note()}", err=True)
    text, source = article.text, article.source
    analyzer = load(model, threads=threads, name_blind=name_blind)
    from spinscope.cli.progress_bar import analysis_progress

    with analysis_progress(len(text)):
        result = analyzer.analyze(text, min_score, published or article.published)
    if published is None and article.published is not None and "published" in result.meta:
        result = replace(result, meta={**result.meta, "published_from": "page metadata"})
    if output_format is OutputFormat.json:
        from spinscope.render.json_view import analysis_json, dumps
        from spinscope.render.messages import short_text_message

        short = short_text_message(text)  # the other formats say it in the document
        if short:
            typer.echo(f"spinscope: {source}: {short}", err=True)

        extracted = article.extracted_from is not None  # offsets refer to a text the user lacks
        emit(dumps(analysis_json(result, source=source, include_text=extracted)), output)
        return
    if output_format is OutputFormat.html:
        from spinscope.render.html import render_report

        emit(render_report(result, source), output)
        return
    if output_format is OutputFormat.md:
        from spinscope.render.markdown import render_markdown

        emit(render_markdown(result, source), output)
        return
    from rich.console import Console

    from spinscope.render.terminal import render

    if output is None:
        render(result, Console(), title=source)
        return
    from spinscope.output import atomic_writer

    with atomic_writer(output) as fh:
        render(result, Console(file=fh, width=100, force_terminal=False, no_color=True), title=source)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
