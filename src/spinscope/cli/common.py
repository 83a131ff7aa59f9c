"""Shared CLI plumbing: one-line errors with exit code 2, clean Ctrl-C, option types,
and writing output to standard output or a file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from spinscope.errors import SpinscopeError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

ThreadsOption = Annotated[
    int | None,
    typer.Option("--threads", min=1, help="CPU threads for the model (default: one per core)."),
]
MinScoreOption = Annotated[
    float | None,
    typer.Option(
        "--min-score",
        min=0.0,
        max=0.99,
        help=(
            "Show only spans whose score reaches this value (0-1); the score is the one displayed "
            "with each span. Higher keeps fewer, surer spans; 0 shows every candidate the model "
            "proposes. Default: the model's display threshold."
        ),
        show_default=False,
    ),
]
MaxInputOption = Annotated[
    int,
    typer.Option(
        "--max-input-mb",
        min=1,
        help="Largest input read, in MiB (a file, standard input, a batch document); more is refused (E007).",
    ),
]
DEFAULT_MAX_INPUT_MB = 32

NameBlindOption = Annotated[
    bool | None,
    typer.Option(
        "--name-blind/--see-names",
        help="--name-blind: the technique model reads the names of peoples, countries, faiths, "
        "parties and political camps as invented names, so it cannot treat two sides differently "
        "(docs/model.md, Neutrality); --see-names: as written. Default: as the model card says.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Model folder to use instead of the bundled one.", show_default=False),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Result store: a SQLite file path (created if missing) or postgresql+psycopg://user@host/db.",
        show_default=False,
    ),
]


def _date_option(flag: str, help_text: str) -> Any:
    return typer.Option(flag, formats=["%Y-%m-%d"], help=help_text, show_default=False)


SinceOption = Annotated[
    dt.datetime | None, _date_option("--since", "Only documents published on or after this date.")
]
UntilOption = Annotated[
    dt.datetime | None, _date_option("--until", "Only documents published on or before this date.")
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

TEXT_WIDTH = 160
"""Columns of rich tables saved as plain text."""


def emit(content: str, output: Path | None) -> None:
    """Write ``content`` to standard output, or atomically to ``output``."""
    if output is None:
        sys.stdout.write(content)
        return
    from spinscope.output import atomic_write_text

    atomic_write_text(output, content)


def emit_rich(renderable: Any, output: Path | None, note: str | None = None) -> None:
    """Print a rich renderable (and a dim note under it), or save both as plain text."""
    from rich.console import Console

    if output is None:
        console = Console()
        console.print(renderable)
        if note:
            console.print(note, style="dim", markup=False)
        return
    console = Console(width=TEXT_WIDTH, no_color=True, force_terminal=False)
    with console.capture() as capture:
        console.print(renderable)
        if note:
            console.print(note, markup=False)
    emit(capture.get(), output)


def fail(message: str) -> typer.Exit:
    """Print a one-line error and return the Exit to raise."""
    typer.echo(f"spinscope: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def run_guarded(app: Callable[..., Any]) -> int:
    """Run ``app`` (a typer app or its click command) with one-line errors and exit statuses."""
    try:
        code = app(standalone_mode=False)
    except SpinscopeError as exc:
        typer.echo(f"spinscope: error: {exc}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        typer.echo("spinscope: interrupted; no partial output was written", err=True)
        return EXIT_INTERRUPTED
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        typer.echo("spinscope: aborted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # usage errors carry their own exit code
        if isinstance(exc, _usage_errors()) and hasattr(exc, "show"):
            exc.show()
            return int(getattr(exc, "exit_code", EXIT_USAGE))
        raise
    return code if isinstance(code, int) else 0


def _usage_errors() -> tuple[type[Exception], ...]:
    """click's usage errors, and typer's own from typer 0.2x on (it carries its own click)."""
    kinds: list[type[Exception]] = [kind for kind in (getattr(typer, "TyperException", None),) if kind]
    try:
        import click
    except ImportError:
        return tuple(kinds)
    return (*kinds, click.ClickException)
