"""Counting what a batch did, for the progress bar, the run record and the final summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from spinscope.store.records import RunCounts, SettingInfo

MAX_LISTED_FAILURES = 10


@dataclass(slots=True)
class BatchTally:
    total: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    """Items whose id and text repeat an earlier item of the same input (counted as skipped)."""
    elsewhere: int = 0
    """Documents left to another batch that was analysing them (counted as skipped)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """The first failures: (document id, reason)."""
    worker_peak_rss_kib: dict[str, int] = field(default_factory=dict)

    @property
    def resolved(self) -> int:
        return self.done + self.skipped + self.failed

    def add_failure(self, key: str, reason: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append((key, reason))

    def note_worker(self, worker: str, peak_rss_kib: int) -> None:
        if worker and peak_rss_kib > self.worker_peak_rss_kib.get(worker, 0):
            self.worker_peak_rss_kib[worker] = peak_rss_kib

    def counts(self) -> RunCounts:
        return RunCounts(self.total, self.done, self.skipped, self.failed)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    run_id: int
    store: str
    setting: SettingInfo
    tally: BatchTally
    seconds: float
    keys: tuple[str, ...]
    """Every document id of the input, in input order (what the JSONL export lists)."""

    @property
    def docs_per_second(self) -> float:
        return self.tally.done / self.seconds if self.seconds > 0 else 0.0
