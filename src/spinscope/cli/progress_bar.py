"""The progress bar of ``spinscope analyze`` for long texts: one line per stage on standard error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from spinscope.progress import STAGES, reporting_progress

PROGRESS_MIN_CHARS = 100_000
"""Texts shorter than this (a few seconds of analysis) get no bar."""


@contextlib.contextmanager
def analysis_progress(
    characters: int, console: Console | None = None, min_chars: int = PROGRESS_MIN_CHARS
) -> Iterator[None]:
    """Draw a bar (claims, techniques, entities) while the analysis in this block runs, when the
    text has at least ``min_chars`` characters and ``console`` (default: standard error) is a
    terminal; the bar is erased when the analysis ends. Standard output is never written."""
    console = console or Console(stderr=True)
    if characters < min_chars or not console.is_terminal:
        yield
        return
    columns = (
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(bar_width=32),
        TaskProgressColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks = {stage: bar.add_task(stage, total=None, start=False) for stage in STAGES}

        def update(stage: str, done: int, total: int) -> None:
            bar.start_task(tasks[stage])
            bar.update(tasks[stage], completed=done, total=total)

        with reporting_progress(update):
            yield
