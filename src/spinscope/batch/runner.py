"""Running a batch: read the input, skip what the store already holds, send the rest to an
engine, and store every outcome, so that each input document ends as exactly one stored
result or stored failure, however often the batch is interrupted and rerun."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol, TypeVar

from spinscope.batch.inputs import InputItem, InputSource, ReadFailure
from spinscope.batch.model_ref import ModelRef
from spinscope.batch.summary import BatchSummary, BatchTally
from spinscope.batch.work import WorkItem, WorkResult
from spinscope.store import writer
from spinscope.store.connect import Store
from spinscope.store.guard import DocumentClaims
from spinscope.store.models import RunState
from spinscope.store.records import DocumentRecord, OutcomeRecord, SettingInfo
from spinscope.store.retry import DEFAULT_PATIENCE_SECONDS, Reconnecting, connection_lost

T = TypeVar("T")
_READ_BLOCK = 256
_RUN_UPDATE_SECONDS = 5.0


class Engine(Protocol):
    name: str

    def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        """Results for every item of every chunk, in any order, as they finish."""
        ...


class Reporter(Protocol):
    """Progress of a batch (spinscope.batch.progress.BatchProgress): shown while the context
    is entered; its clock times the run."""

    @property
    def get_time(self) -> Callable[[], float]: ...

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def add_task(self, description: str, total: int) -> None: ...

    def update(self, tally: BatchTally) -> None: ...

    def note(self, message: str) -> None:
        """Something the person running the batch should know (the store went away, ...)."""
        ...


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(slots=True, kw_only=True)
class _BatchState:
    store: Store
    setting: SettingInfo
    run_id: int
    model: ModelRef
    tally: BatchTally
    reporter: Reporter
    chunk_size: int
    seen: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    """document id -> (text hash, locator) of its first occurrence in this input."""
    in_flight: dict[str, DocumentRecord] = field(default_factory=dict)
    claims: DocumentClaims
    retry: Reconnecting
    last_run_update: float = 0.0

    def work_chunks(self, source: Iterable[InputItem]) -> Iterator[list[WorkItem]]:
        for block in chunked(source, _READ_BLOCK):
            to_analyse = self._triage(block)
            for chunk in chunked(to_analyse, self.chunk_size):
                for doc in chunk:
                    self.in_flight[doc.key] = doc
                yield [WorkItem.of(doc) for doc in chunk]

    def _triage(self, block: Sequence[InputItem]) -> list[DocumentRecord]:
        """Store read failures, count skips, and return the documents that need analysis."""
        failures: list[OutcomeRecord] = []
        fresh: list[DocumentRecord] = []
        for item in block:
            doc = item.document if isinstance(item, ReadFailure) else item
            first = self.seen.get(doc.key)
            if first is not None:
                if first[0] is not None and first[0] == doc.text_hash:
                    self.tally.duplicates += 1
                    self.tally.skipped += 1
                    continue
                conflict = DocumentRecord(key=doc.locator, locator=doc.locator, text=None, source=doc.source)
                if conflict.key in self.seen:
                    conflict = DocumentRecord(
                        key=f"{doc.locator}#{len(self.seen)}", locator=doc.locator, text=None
                    )
                self.seen[conflict.key] = (None, doc.locator)
                failures.append(
                    OutcomeRecord(
                        conflict,
                        error=f"{doc.locator}: id {doc.key!r} was already used by {first[1]} "
                        "for another text; give each document its own id",
                    )
                )
                continue
            self.seen[doc.key] = (doc.text_hash, doc.locator)
            if isinstance(item, ReadFailure):
                failures.append(OutcomeRecord(item.document, error=item.reason))
            else:
                fresh.append(doc)
        # claimed before looking at the store: a document another batch holds is left to it
        claimed = self.retry(self.claims.claim, [d.key for d in fresh])
        self.tally.elsewhere += sum(1 for d in fresh if d.key not in claimed)
        self.tally.skipped += sum(1 for d in fresh if d.key not in claimed)
        fresh = [d for d in fresh if d.key in claimed]
        states = self.retry(writer.stored_states, self.store, [d.key for d in fresh], self.setting)
        to_analyse: list[DocumentRecord] = []
        refresh: list[DocumentRecord] = []
        for doc in fresh:
            state = states.get(doc.key)
            if state is not None and state.done and state.text_hash == doc.text_hash:
                self.tally.skipped += 1
                if state.metadata != doc.metadata():
                    refresh.append(doc)
            else:
                to_analyse.append(doc)
        self.retry(writer.update_metadata, self.store, refresh)
        analysing = {d.key for d in to_analyse}
        self.retry(self.claims.release, [d.key for d in fresh if d.key not in analysing])
        self._save(failures)
        return to_analyse

    def store_results(self, results: Sequence[WorkResult]) -> None:
        outcomes: list[OutcomeRecord] = []
        for result in results:
            doc = self.in_flight.pop(result.key)
            self.tally.note_worker(result.worker, result.worker_peak_rss_kib)
            if result.error is None:
                outcomes.append(OutcomeRecord(doc, analysis=result.to_analysis(doc.text or "", self.model)))
            else:
                outcomes.append(OutcomeRecord(doc, error=result.error))
        self._save(outcomes)
        self.retry(self.claims.release, [r.key for r in results])

    def _save(self, outcomes: Sequence[OutcomeRecord]) -> None:
        if not outcomes:
            self.reporter.update(self.tally)
            return
        for outcome in self.retry(writer.save_outcomes, self.store, self.run_id, self.setting, outcomes):
            if outcome.ok:
                self.tally.done += 1
            else:
                self.tally.add_failure(outcome.document.key, outcome.error or "")
        self.reporter.update(self.tally)
        now = self.reporter.get_time()
        if now - self.last_run_update >= _RUN_UPDATE_SECONDS:
            self.last_run_update = now
            self.retry(writer.update_run, self.store, self.run_id, self.tally.counts())


def run_batch(  # noqa: PLR0917 -- the batch's collaborators, each its own type; options are keywords
    source: InputSource,
    store: Store,
    model: ModelRef,
    engine: Engine,
    reporter: Reporter,
    chunk_size: int,
    run_settings: dict[str, Any],
    patience: float = DEFAULT_PATIENCE_SECONDS,
) -> BatchSummary:
    """Analyse every document of ``source`` that ``store`` does not already hold, and no
    document that another batch is analysing. If the store becomes unreachable, wait up to
    ``patience`` seconds for it, then stop with :class:`StoreUnavailableError`."""
    started = reporter.get_time()
    setting = writer.ensure_setting(store, model.name, model.version, model.min_score, model.claims_model)
    with DocumentClaims.open(store.engine, setting.id) as claims:
        if claims.exclusive:
            writer.close_stale_runs(store)  # holding the store alone: any "running" run is dead
        run_id = writer.start_run(store, source.description, engine.name, setting, run_settings)
        total = source.count()
        retry = Reconnecting(store.display, reporter.note, patience)
        tally = BatchTally(total)
        state = _BatchState(
            store=store,
            setting=setting,
            run_id=run_id,
            model=model,
            tally=tally,
            reporter=reporter,
            chunk_size=chunk_size,
            claims=claims,
            retry=retry,
        )
        retry(writer.update_run, store, run_id, state.tally.counts())
        stream = engine.analyze(state.work_chunks(source))
        try:
            with reporter:
                reporter.add_task("analysing", total)
                for results in stream:
                    state.store_results(results)
        except BaseException:
            # the engine stops first (workers, a Ray instance it started), then the run is marked
            close = getattr(stream, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):  # the error that ended the run comes first
                    close()
            _record_interrupted(store, run_id, state.tally, reporter)
            raise
        retry(writer.update_run, store, run_id, state.tally.counts(), RunState.COMPLETED)
    state.tally.total = max(total, state.tally.resolved)
    return BatchSummary(
        run_id, store.display, setting, state.tally, reporter.get_time() - started, tuple(state.seen)
    )


def _record_interrupted(store: Store, run_id: int, tally: BatchTally, reporter: Reporter) -> None:
    """Mark the run interrupted, in at most two attempts: the store may be what interrupted it,
    and a failure here must not hide the error that ended the run."""
    for attempt in (1, 2):
        try:
            # counted in the store: an interrupt can land between a commit and the tally
            tally.done, tally.failed = writer.stored_counts(store, run_id)
            writer.update_run(store, run_id, tally.counts(), RunState.INTERRUPTED)
            return
        except Exception as exc:
            if not connection_lost(exc):
                raise
        if attempt == 1:
            # an interrupt inside a write can leave a pooled connection holding the database's
            # write lock: close every pooled connection before the second attempt
            store.engine.dispose()
    reporter.note(
        f"run {run_id} could not be marked interrupted: the result store is unreachable "
        "(a later batch on a SQLite store marks it)"
    )
