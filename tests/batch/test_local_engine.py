"""The local engine's process pool: a worker killed mid-run loses nothing (its chunks come
back as failures, a new pool takes over), and results keep their keys."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from spinscope.batch import resolve_model
from spinscope.batch.local import LocalEngine
from spinscope.batch.work import WorkItem
from tests.support.batch import fixture_articles

pytestmark = pytest.mark.usefixtures("needs_model")


def _chunks(copies: int) -> list[list[WorkItem]]:
    items = [
        WorkItem(f"{a['id']}-{n}", a["text"], a["published"])
        for n in range(copies)
        for a in fixture_articles()
    ]
    return [items[i : i + 2] for i in range(0, len(items), 2)]


def test_a_killed_worker_loses_no_document() -> None:
    chunks = _chunks(4)  # 32 documents in 16 chunks
    engine = LocalEngine(resolve_model(None, None), workers=2, threads=1)
    results = []
    killed = False
    for batch in engine.analyze(iter(chunks)):
        results.extend(batch)
        if not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)  # type: ignore[arg-type]
            killed = True
    keys = [r.key for r in results]
    assert sorted(keys) == sorted(item.key for chunk in chunks for item in chunk)
    assert len(set(keys)) == len(keys)
    failures = [r for r in results if r.error is not None]
    assert failures, "the killed worker's chunks come back as failures"
    assert all("worker process stopped unexpectedly" in r.error for r in failures)  # type: ignore[operator]
    assert len(results) - len(failures) >= len(chunks[0]), "work goes on in a new pool"
    assert [p for p in multiprocessing.active_children() if p.is_alive()] == []  # the pool is shut down


def test_a_worker_that_cannot_load_the_model_stops_the_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from spinscope.batch.local import WorkerStartError

    wrong = replace(resolve_model(None, None), version="0.0.0-not-this-one")
    engine = LocalEngine(wrong, workers=2, threads=1)
    with pytest.raises(WorkerStartError, match=r"has model .* but this batch runs"):
        list(engine.analyze(iter(_chunks(1))))
