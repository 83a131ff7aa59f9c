"""The local engine: analyse chunks in worker processes on this machine, each worker
loading the model once (in the pool initializer)."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spinscope.batch.lifeline import watch_parent
from spinscope.batch.model_ref import ModelRef
from spinscope.batch.work import WorkerAnalyzer, WorkItem, WorkResult, failed
from spinscope.claims.spacy_import import keep_torch_from_thinc
from spinscope.errors import SpinscopeError, WorkerStartError
from spinscope.model.onnx_runtime import available_cores

# The analyser of a pool worker process (or why it could not be loaded), set by the pool
# initializer. Only worker processes assign it; the driving process never reads it.
_worker_state: dict[str, WorkerAnalyzer | SpinscopeError] = {}


def _init_worker(model: ModelRef, threads: int | None, driver_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the driving process
    watch_parent(driver_pid)  # and if the driving process is killed, this worker ends too
    keep_torch_from_thinc()  # a process of spinscope's own (spinscope.claims.spacy_import)
    try:
        _worker_state["analyzer"] = WorkerAnalyzer(model, threads)
    except SpinscopeError as exc:
        _worker_state["analyzer"] = exc


def _analyze_chunk(items: list[WorkItem]) -> list[WorkResult]:
    analyzer = _worker_state["analyzer"]
    if isinstance(analyzer, SpinscopeError):
        raise WorkerStartError(f"a worker could not load the model: {analyzer.message}")
    return analyzer.analyze(items)


def default_threads(workers: int) -> int:
    return max(1, available_cores() // workers)


@dataclass(slots=True)
class LocalEngine:
    """``workers`` 1 runs in this process; more start a process pool."""

    model: ModelRef
    workers: int = 1
    threads: int | None = None

    name = "local"

    def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        threads = self.threads or default_threads(self.workers)
        if self.workers == 1:
            analyzer: WorkerAnalyzer | None = None  # loaded when there is work
            for chunk in chunks:
                analyzer = analyzer or WorkerAnalyzer(self.model, threads)
                yield analyzer.analyze(chunk)
            return
        yield from self._pooled(iter(chunks), threads)

    def _new_pool(self, threads: int) -> ProcessPoolExecutor:
        # fresh interpreters (not forks of a driver that holds database connections and threads)
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(self.model, threads, os.getpid()),
        )

    def _pooled(self, chunks: Iterator[list[WorkItem]], threads: int) -> Iterator[list[WorkResult]]:
        """Keep two chunks per worker in flight; when a worker process dies, the chunks it
        took down are recorded as failures (a rerun retries them) and a new pool starts."""
        pool = self._new_pool(threads)
        in_flight: dict[Future[list[WorkResult]], list[WorkItem]] = {}
        exhausted = finished_cleanly = False
        try:
            while True:
                while not exhausted and len(in_flight) < 2 * self.workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                    else:
                        in_flight[pool.submit(_analyze_chunk, chunk)] = chunk
                if not in_flight:
                    finished_cleanly = True
                    return
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    chunk = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool as exc:
                        broken = True
                        yield failed(chunk, f"worker process stopped unexpectedly ({exc})")
                if broken:
                    for chunk in in_flight.values():
                        yield failed(chunk, "worker process stopped unexpectedly (pool restarted)")
                    in_flight.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._new_pool(threads)
        finally:
            # after an error or interrupt, do not wait for chunks that nobody will store
            pool.shutdown(wait=finished_cleanly, cancel_futures=not finished_cleanly)
