"""``spinscope neutrality``: does the analysis change when the sides' names are swapped?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spinscope.cli.common import ModelOption, NameBlindOption, ThreadsOption


def neutrality(
    paths: Annotated[list[Path], typer.Argument(help="Text files (UTF-8) to probe.", show_default=False)],
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            help="Names of two opposite sides, NAME=OTHER (repeatable). Default: a built-in list "
            "(Armenian=Azerbaijani, Israeli=Palestinian, Democrats=Republicans, ...).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    threads: ThreadsOption = None,
    model: ModelOption = None,
    name_blind: NameBlindOption = None,
) -> None:
    """Analyse each text and a copy with the sides' names swapped, then compare the two.

    A neutral analyser finds the same spans, techniques and claims in both (agreement 1.0).
    Lists the spans that only one version has. Files that name no side are skipped.

    Examples:

      spinscope neutrality article.txt

      spinscope neutrality a.txt b.txt --pair Varnish=Oskelian --pair Varn=Oskel --json

      spinscope neutrality article.txt --name-blind    # the same texts, names of sides masked
    """
    from dataclasses import asdict

    import spinscope
    from spinscope.ingest.text import read_text_file
    from spinscope.neutrality import DEFAULT_PAIRS, NameSwapper, parse_pair, probe

    pairs = [parse_pair(p) for p in pair] if pair else list(DEFAULT_PAIRS)
    swapper = NameSwapper(pairs)
    texts = {path: read_text_file(path) for path in paths}  # a clear error for a missing file
    mentions = {path: swapper.mentions(text) for path, text in texts.items()}
    named = [path for path, count in mentions.items() if count]
    analyzer = spinscope.load(model, threads=threads, name_blind=name_blind)
    rows = dict(zip(named, probe([texts[p] for p in named], swapper, analyzer.analyze_many), strict=True))
    if as_json:
        import json

        out = {str(p): (asdict(rows[p]) if p in rows else None) for p in texts}
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    table = Table(title="Agreement after swapping the sides' names (1.0 = identical)")
    for column in ("file", "names", "spans", "claims", "spans orig / swapped", "score change"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for path in texts:
        row = rows.get(path)
        if row is None:
            table.add_row(Text(str(path)), "0", "—", "—", "—", "—")
            continue
        table.add_row(
            Text(str(path)),
            str(mentions[path]),
            f"{row.spans:.2f}",
            f"{row.claims:.2f}",
            f"{row.spans_original} / {row.spans_swapped}",
            f"{row.span_score_change:.3f}",
        )
    console.print(table)
    for path, row in rows.items():
        for label, changed in (
            ("only in the original", row.only_original),
            ("only when swapped", row.only_swapped),
        ):
            for span_text, technique in changed:
                console.print(f"{path}: {label}: {technique}: {span_text!r}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("neutrality")(neutrality)
