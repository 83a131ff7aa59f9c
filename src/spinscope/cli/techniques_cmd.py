"""``spinscope techniques``: what each technique means, with an example."""

from __future__ import annotations

from typing import Annotated

import typer


def techniques(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the 14 techniques spinscope detects, with definitions and invented examples."""
    from spinscope.techniques import TECHNIQUES

    if as_json:
        from spinscope.render.json_view import dumps

        typer.echo(
            dumps(
                [
                    {
                        "id": t.id,
                        "name": t.name,
                        "ptc_label": t.ptc_label,
                        "definition": t.definition,
                        "example": t.example,
                    }
                    for t in TECHNIQUES
                ]
            ),
            nl=False,
        )
        return
    from rich.console import Console
    from rich.table import Table

    from spinscope.render.palette import technique_colour

    table = Table(show_lines=True)
    table.add_column("id")
    table.add_column("technique")
    table.add_column("definition and example")
    for t in TECHNIQUES:
        table.add_row(
            t.id, f"[{technique_colour(t.id)}]{t.name}[/]", f"{t.definition}\n[italic]e.g. {t.example}[/]"
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("techniques")(techniques)
