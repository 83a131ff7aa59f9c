"""Faults around a batch that need no model: refused documents, a result store that goes away,
concurrent batches. Engines here are stand-ins that mark nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from spinscope.batch import open_input, run_batch
from spinscope.batch.progress import BatchProgress
from spinscope.batch.work import WorkItem, WorkResult
from spinscope.errors import StoreBusyError, StoreUnavailableError
from spinscope.store import Store, writer
from spinscope.store.guard import DocumentClaims
from spinscope.store.models import Run
from spinscope.store.retry import Reconnecting
from tests.support.batch import (
    STAND_IN,
    NullEngine,
    open_test_store,
    postgres_url,
    reset_postgres,
    write_jsonl,
)


def run_row(store: Store, run_id: int) -> Run:
    with store.session() as session:
        run = session.scalars(select(Run).where(Run.id == run_id)).one()
        session.expunge(run)
        return run


def test_a_document_the_database_refuses_is_tallied_as_failed(tmp_path: Path) -> None:
    store = open_test_store("postgresql", tmp_path)
    try:
        path = write_jsonl(tmp_path / "in.jsonl", {"good": "a normal text", "bad": "a NUL \x00 inside"})
        summary = run_batch(open_input(path), store, STAND_IN, NullEngine(), BatchProgress(), 8, {})
        assert (summary.tally.done, summary.tally.failed) == (1, 1)
        assert "NUL" in summary.tally.failures[0][1]
        run = run_row(store, summary.run_id)
        assert (run.status, run.n_done, run.n_failed) == ("completed", 1, 1)
    finally:
        store.close()


def lost(message: str = "server closed the connection unexpectedly") -> OperationalError:
    return OperationalError("INSERT ...", {}, Exception(message))


def test_reconnecting_rides_out_a_short_outage_and_says_so() -> None:
    notes: list[str] = []
    failures = iter([lost(), lost()])

    def flaky() -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        return "stored"

    retry = Reconnecting("db", notes.append, patience=30, sleep=lambda _: None)
    assert retry(flaky) == "stored"
    assert len(notes) == 2 and "unreachable" in notes[0] and "reachable again" in notes[1]


def test_reconnecting_gives_up_with_one_line_after_its_patience() -> None:
    def down() -> None:
        raise lost("connection refused\nIs the server running?")

    with pytest.raises(StoreUnavailableError) as caught:
        Reconnecting("db", lambda _: None, patience=0.0, sleep=lambda _: None)(down)
    assert caught.value.code == "E065" and "\n" not in str(caught.value)
    assert "run the same command again" in str(caught.value)


def test_a_refusal_of_the_data_is_not_retried() -> None:
    def refuses() -> None:
        raise IntegrityError("INSERT ...", {}, Exception("duplicate key"))

    with pytest.raises(IntegrityError):
        Reconnecting("db", lambda _: None, sleep=lambda _: None)(refuses)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_that_stays_away_stops_the_run_as_interrupted_and_a_rerun_resumes(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_test_store(kind, tmp_path)
    try:
        path = write_jsonl(tmp_path / "in.jsonl", {f"d{i}": f"text number {i}" for i in range(6)})
        calls = {"n": 0}
        real_save = writer.save_outcomes

        def save_then_lose(*args):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] > 1:
                raise lost()
            return real_save(*args)

        monkeypatch.setattr(writer, "save_outcomes", save_then_lose)
        reporter = BatchProgress()
        with pytest.raises(StoreUnavailableError):
            run_batch(open_input(path), store, STAND_IN, NullEngine(), reporter, 2, {}, patience=0.3)
        assert any("unreachable" in note for note in reporter.notes)
        with store.session() as session:
            first = session.scalars(select(Run)).one()
            assert (first.status, first.n_done) == ("interrupted", 2)
        monkeypatch.setattr(writer, "save_outcomes", real_save)
        again = run_batch(open_input(path), store, STAND_IN, NullEngine(), BatchProgress(), 2, {})
        assert (again.tally.done, again.tally.skipped, again.tally.failed) == (4, 2, 0)
    finally:
        store.close()


def test_postgres_connections_cut_mid_run_are_reopened(tmp_path: Path) -> None:
    store = open_test_store("postgresql", tmp_path)

    @dataclass
    class CuttingEngine(NullEngine):
        """Cuts every connection of the store between chunks (like a server restart)."""

        def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
            for chunk in chunks:
                with store.engine.connect() as c:
                    c.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    )
                    c.commit()
                yield [WorkResult(item.key, worker="here:1") for item in chunk]

    try:
        path = write_jsonl(tmp_path / "in.jsonl", {f"d{i}": f"text number {i}" for i in range(6)})
        reporter = BatchProgress()
        summary = run_batch(open_input(path), store, STAND_IN, CuttingEngine(), reporter, 2, {})
        assert (summary.tally.done, summary.tally.failed) == (6, 0)
        assert run_row(store, summary.run_id).status == "completed"
    finally:
        store.close()


def test_a_second_batch_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    store = open_test_store("sqlite", tmp_path)
    other = open_test_store("sqlite", tmp_path)  # another process would hold its own
    try:
        path = write_jsonl(tmp_path / "in.jsonl", {"a": "one text", "b": "another text"})
        with DocumentClaims.open(other.engine, 1), pytest.raises(StoreBusyError) as caught:
            run_batch(open_input(path), store, STAND_IN, NullEngine(), BatchProgress(), 2, {})
        assert caught.value.code == "E064" and "another spinscope batch" in caught.value.message
        with store.session() as session:
            assert session.scalars(select(Run)).all() == []  # refused before it started
        summary = run_batch(open_input(path), store, STAND_IN, NullEngine(), BatchProgress(), 2, {})
        assert summary.tally.done == 2
    finally:
        store.close()
        other.close()


def test_postgres_batches_leave_each_other_the_documents_they_hold(tmp_path: Path) -> None:
    store = open_test_store("postgresql", tmp_path)
    try:
        texts = {f"d{i}": f"text number {i}" for i in range(8)}
        path = write_jsonl(tmp_path / "in.jsonl", texts)
        setting = writer.ensure_setting(store, STAND_IN.name, STAND_IN.version, STAND_IN.min_score)
        analysed: list[str] = []

        @dataclass
        class Recording(NullEngine):
            def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
                for chunk in chunks:
                    analysed.extend(item.key for item in chunk)
                    yield [WorkResult(item.key, worker="here:1") for item in chunk]

        with DocumentClaims.open(store.engine, setting.id) as running:  # a batch at work on d0-d2
            assert running.claim(["d0", "d1", "d2"]) == {"d0", "d1", "d2"}
            summary = run_batch(open_input(path), store, STAND_IN, Recording(), BatchProgress(), 3, {})
        assert sorted(analysed) == [f"d{i}" for i in range(3, 8)]
        assert (summary.tally.done, summary.tally.skipped, summary.tally.elsewhere) == (5, 3, 3)
        analysed.clear()
        rest = run_batch(open_input(path), store, STAND_IN, Recording(), BatchProgress(), 3, {})
        assert sorted(analysed) == ["d0", "d1", "d2"] and rest.tally.skipped == 5
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_processes_creating_one_new_store_at_once_all_succeed(tmp_path: Path, kind: str) -> None:
    if kind == "sqlite":
        target = str(tmp_path / "fresh.db")
    else:
        target = postgres_url()
        reset_postgres(target)
    code = "import sys; from spinscope.store import open_store; open_store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, target], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


def test_waiting_to_migrate_ends_when_another_process_has_migrated(tmp_path: Path) -> None:
    from spinscope.store.guard import migration_lock

    store = open_test_store("sqlite", tmp_path)
    try:
        # a batch at work holds the store; the schema is up to date: nothing to wait for
        with DocumentClaims.open(store.engine, 1), migration_lock(store.engine, done=lambda: True) as needed:
            assert needed is False
    finally:
        store.close()
