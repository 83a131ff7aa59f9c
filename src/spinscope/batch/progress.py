"""The batch progress bar (done/total, rate, ETA) and the closing summary, drawn with rich."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from spinscope.batch.summary import BatchSummary, BatchTally


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- docs/s" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")


def _counts_text(tally: BatchTally) -> str:
    return f"done {tally.done} · skipped {tally.skipped} · failed {tally.failed}"


@dataclass(slots=True)
class BatchProgress:
    """The batch's progress bar (done/total, rate, ETA), used like rich's ``Progress``: entering
    draws it, leaving stops it, ``add_task`` and ``update`` move it.

    ``note`` says what the person running the batch must know (the store went away, ...), also
    with ``disable`` (``--quiet``), which draws no bar. Without a console nothing is shown and
    notes are only kept in ``notes``."""

    console: Console | None = None
    """Where the bar and the notes go (the CLI's stderr); None: nowhere."""
    disable: bool = False
    """Draw no bar (notes are still said)."""
    get_time: Callable[[], float] = time.monotonic
    """The clock of the bar's rate and ETA and of the run's duration; tests inject their own."""
    notes: list[str] = field(default_factory=list)
    """Every note said, in order."""
    _progress: Progress | None = None
    _task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        if self.console is not None:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                RateColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[counts]}"),
                console=self.console,
                transient=False,
                get_time=self.get_time,
                disable=self.disable,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        self._progress = self._task = None

    def add_task(self, description: str, total: int) -> None:
        """The bar of a batch of ``total`` input documents."""
        if self._progress is not None:
            self._task = self._progress.add_task(
                description, total=total, counts=_counts_text(BatchTally(total))
            )

    def update(self, tally: BatchTally) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                completed=tally.resolved,
                total=max(tally.total, tally.resolved),
                counts=_counts_text(tally),
            )

    def note(self, message: str) -> None:
        self.notes.append(message)
        if self.console is not None:
            style = None if self.disable else "yellow"
            self.console.print(f"spinscope: {message}", style=style, markup=False, highlight=False)


def summary_table(summary: BatchSummary) -> Table:
    tally = summary.tally
    table = Table(
        title=Text(f"Batch run {summary.run_id} → {summary.store}"), show_header=False, show_edge=False
    )
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row("documents in input", str(tally.total))
    table.add_row("analysed now", str(tally.done))
    notes = [f"{tally.duplicates} repeated in the input"] if tally.duplicates else []
    notes += [f"{tally.elsewhere} being analysed by another batch"] if tally.elsewhere else []
    skipped = f"{tally.skipped}" + (f" ({'; '.join(notes)})" if notes else "")
    table.add_row("skipped (already stored)", skipped)
    table.add_row("failed", Text(str(tally.failed), style="bold red" if tally.failed else ""))
    table.add_row("time", f"{summary.seconds:.1f} s ({summary.docs_per_second:.2f} docs/s analysed)")
    if tally.worker_peak_rss_kib:
        peak = max(tally.worker_peak_rss_kib.values()) / 1024
        table.add_row("peak memory per worker", f"{peak:.0f} MiB ({len(tally.worker_peak_rss_kib)} workers)")
    return table


def render_summary(summary: BatchSummary, console: Console) -> None:
    console.print(summary_table(summary))
    tally = summary.tally
    if tally.failures:
        listed = Table(title="Failures (a rerun retries them)", show_edge=False)
        listed.add_column("document")
        listed.add_column("reason")
        for key, reason in tally.failures:
            listed.add_row(Text(key), Text(reason))  # as written: "[html-clean]" is not markup
        console.print(listed)
        if tally.failed > len(tally.failures):
            console.print(
                f"… and {tally.failed - len(tally.failures)} more failures, stored with their reasons."
            )
