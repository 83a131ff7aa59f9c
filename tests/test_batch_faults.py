"""Faults around a batch that need no model: refused documents, a result store that goes away,
concurrent batches. Engines here are stand-ins that mark nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from test_batch_support import open_test_store

from spinscope.batch import open_input, run_batch
from spinscope.batch.model_ref import ModelRef
from spinscope.batch.progress import SilentReporter
from spinscope.batch.work import WorkItem, WorkResult
from spinscope.store import Store
from spinscope.store.models import Run

MODEL = ModelRef(None, "stand-in", "1.0", 0.5)


@dataclass
class NullEngine:
    """Analyses every document as having no spans."""

    name: str = "null"

    def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        for chunk in chunks:
            yield [WorkResult(item.key, worker="here:1") for item in chunk]


def write_jsonl(path: Path, texts: dict[str, str]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items()), encoding="utf-8"
    )
    return path


def run_row(store: Store, run_id: int) -> Run:
    with store.session() as session:
        run = session.scalars(select(Run).where(Run.id == run_id)).one()
        session.expunge(run)
        return run


def test_a_document_the_database_refuses_is_tallied_as_failed(tmp_path: Path) -> None:
    store = open_test_store("postgresql", tmp_path)
    try:
        path = write_jsonl(tmp_path / "in.jsonl", {"good": "a normal text", "bad": "a NUL \x00 inside"})
        summary = run_batch(open_input(path), store, MODEL, NullEngine(), SilentReporter(), 8, {})
        assert (summary.tally.done, summary.tally.failed) == (1, 1)
        assert "NUL" in summary.tally.failures[0][1]
        run = run_row(store, summary.run_id)
        assert (run.status, run.n_done, run.n_failed) == ("completed", 1, 1)
    finally:
        store.close()
