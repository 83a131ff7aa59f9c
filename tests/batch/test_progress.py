"""The batch progress bar: a context manager on an injectable clock; ``disable`` (``--quiet``)
draws no bar but still says the notes."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from spinscope.batch import open_input, run_batch
from spinscope.batch.progress import BatchProgress
from spinscope.batch.summary import BatchTally
from tests.support.batch import STAND_IN, NullEngine, open_test_store, write_jsonl


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


def test_the_bar_is_drawn_while_entered_and_its_rate_follows_the_clock() -> None:
    clock = Clock()
    target, out = console()
    with BatchProgress(target, get_time=clock) as progress:
        progress.add_task("analysing", 10)
        tally = BatchTally(10)
        for done in (1, 3):  # two documents every two seconds
            clock.now += 2.0
            tally.done, tally.failed = done, 1
            progress.update(tally)
        progress.note("the result store is unreachable")
    shown = out.getvalue()
    assert "analysing" in shown and "4/10" in shown and "1.0 docs/s" in shown
    assert "done 3 · skipped 0 · failed 1" in shown
    assert "spinscope: the result store is unreachable" in shown
    progress.update(tally)  # after leaving: nothing more is drawn
    assert out.getvalue() == shown


def test_disabled_draws_no_bar_but_says_the_notes() -> None:
    target, out = console()
    with BatchProgress(target, disable=True) as progress:
        progress.add_task("analysing", 10)
        progress.update(BatchTally(10))
        progress.note("waiting for the store")
    assert out.getvalue() == "spinscope: waiting for the store\n"
    assert progress.notes == ["waiting for the store"]


def test_a_batch_is_timed_by_the_reporters_clock(tmp_path: Path) -> None:
    clock = Clock()

    class SlowEngine(NullEngine):
        def analyze(self, chunks):  # type: ignore[no-untyped-def]
            for results in NullEngine.analyze(self, chunks):
                clock.now += 1.5
                yield results

    path = write_jsonl(tmp_path / "in.jsonl", {f"d{i}": f"text number {i}" for i in range(4)})
    with open_test_store("sqlite", tmp_path) as store:
        summary = run_batch(
            open_input(path), store, STAND_IN, SlowEngine(), BatchProgress(get_time=clock), 2, {}
        )
    assert summary.seconds == 3.0 and summary.tally.done == 4
