"""Marking a run interrupted survives a store left locked by the interrupt itself."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from spinscope.batch import runner
from spinscope.batch.summary import BatchTally
from spinscope.store.models import RunState


class FakeStore:
    def __init__(self) -> None:
        self.disposed = 0
        self.engine = SimpleNamespace(dispose=self._dispose)

    def _dispose(self) -> None:
        self.disposed += 1


def _patch(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[Any]:
    marked: list[Any] = []
    left = [failures]

    def stored_counts(store: Any, run_id: int) -> tuple[int, int]:
        if left[0] > 0:
            left[0] -= 1
            raise OperationalError("UPDATE runs", None, Exception("database is locked"))
        return 3, 1

    monkeypatch.setattr(runner.writer, "stored_counts", stored_counts)
    monkeypatch.setattr(
        runner.writer, "update_run", lambda store, run_id, counts, status: marked.append(status)
    )
    return marked


def test_a_locked_store_is_reopened_and_the_run_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    marked = _patch(monkeypatch, failures=1)
    store, notes = FakeStore(), []
    tally = BatchTally(total=10)
    runner._record_interrupted(store, 7, tally, SimpleNamespace(note=notes.append))  # type: ignore[arg-type]
    assert store.disposed == 1 and marked == [RunState.INTERRUPTED] and not notes
    assert (tally.done, tally.failed) == (3, 1)


def test_an_unreachable_store_is_noted_after_two_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    marked = _patch(monkeypatch, failures=2)
    store, notes = FakeStore(), []
    runner._record_interrupted(store, 7, BatchTally(total=10), SimpleNamespace(note=notes.append))  # type: ignore[arg-type]
    assert store.disposed == 1 and marked == []
    assert len(notes) == 1 and "could not be marked interrupted" in notes[0]
