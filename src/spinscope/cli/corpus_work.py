"""The work behind ``spinscope stats`` and ``compare``: query the store (or results files),
then write the table, chart or comparison. :mod:`spinscope.cli.corpus_cmd` only declares them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from spinscope.cli.common import emit, emit_rich, fail

if TYPE_CHECKING:
    from spinscope.corpus import Comparison, RateTable


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


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def corpus_stats(  # noqa: PLR0913 -- one keyword-only parameter per option of the command
    *,
    db: str | None,
    by: StatsBy | None,
    output_format: StatsFormat,
    output: Path | None,
    sources: list[str],
    since: dt.datetime | None,
    until: dt.datetime | None,
    keyword: str | None,
    model_version: str | None,
) -> None:
    """Rates per 1,000 words of the stored documents that match, per group."""
    from spinscope.corpus import profiles_from_store, rate_table
    from spinscope.corpus.selection import describe, make_filter
    from spinscope.store import open_store, reader

    if db is None:
        raise fail("give --db with the result store that `spinscope batch` filled")
    if output_format is StatsFormat.png and output is None:
        raise fail("--format png needs -o FILE.png")
    where = make_filter(sources, _date(since), _date(until), keyword)
    with open_store(db, create=False) as store:
        setting = reader.default_setting(store, model_version)
        profiles = profiles_from_store(store, setting, where)
    if len(profiles) == 0:
        raise fail(f"no analysed documents match ({describe(setting, where)})")
    table = rate_table(profiles, by.value.split(",") if by else ())
    title = "Persuasion techniques per 1,000 words" + (f" by {by.value.replace(',', ' and ')}" if by else "")
    write_stats(table, output_format, output, title=title, description=describe(setting, where))


def write_stats(
    table: RateTable, output_format: StatsFormat, output: Path | None, *, title: str, description: str
) -> None:
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
        emit_rich(render.rates_rich(table), output, description)


def compare_corpus(  # noqa: PLR0913 -- one keyword-only parameter per option of the command
    *,
    a: str,
    b: str,
    db: str | None,
    output_format: CompareFormat,
    output: Path | None,
    resamples: int | None,
    seed: int,
    examples: int,
    since: dt.datetime | None,
    until: dt.datetime | None,
    keyword: str | None,
    model_version: str | None,
) -> None:
    """Two sources of a store, or two results files, compared technique by technique."""
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
    from spinscope.corpus import render
    from spinscope.render.json_view import dumps

    if output_format is CompareFormat.json:
        emit(dumps(render.comparison_json(result)), output)
    elif output_format is CompareFormat.html:
        emit(render.comparison_html(result), output)
    else:
        emit_rich(render.comparison_rich(result), output)
