"""The unit of work that engines move between processes and machines, and the analyser
that each worker holds. Results travel without the text (the driver has it)."""

from __future__ import annotations

import os
import resource
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spinscope.analysis import Analysis, Claim, Span
from spinscope.batch.model_ref import ModelRef
from spinscope.errors import WorkerStartError
from spinscope.store.records import DocumentRecord


@dataclass(frozen=True, slots=True)
class WorkItem:
    key: str
    text: str
    published: str | None = None
    """ISO date the document was published: relative dates in its claims refer to it."""

    @classmethod
    def of(cls, doc: DocumentRecord) -> WorkItem:
        return cls(doc.key, doc.text or "", doc.published.isoformat() if doc.published else None)


@dataclass(frozen=True, slots=True)
class WorkResult:
    """Spans and claims in their JSON form (``Span.to_dict``, ``Claim.to_dict``), or an error."""

    key: str
    spans: tuple[dict[str, Any], ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    worker: str = ""
    """Which worker produced it (host:pid)."""
    worker_peak_rss_kib: int = 0

    def to_analysis(self, text: str, model: ModelRef) -> Analysis:
        return Analysis(
            text=text,
            spans=tuple(Span.from_dict(s, text) for s in self.spans),
            model=model.info,
            min_score=model.min_score,
            claims=tuple(Claim.from_dict(c, text) for c in self.claims),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "spans": list(self.spans),
            "claims": list(self.claims),
            "error": self.error,
            "worker": self.worker,
            "worker_peak_rss_kib": self.worker_peak_rss_kib,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkResult:
        return cls(
            key=data["key"],
            spans=tuple(data["spans"]),
            claims=tuple(data["claims"]),
            error=data["error"],
            worker=data["worker"],
            worker_peak_rss_kib=int(data["worker_peak_rss_kib"]),
        )


def failed(items: Sequence[WorkItem], reason: str, worker: str = "") -> list[WorkResult]:
    return [WorkResult(item.key, error=reason, worker=worker) for item in items]


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"


def peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


class WorkerAnalyzer:
    """A loaded model in one worker; checks that it is the version the driver expects."""

    def __init__(self, model: ModelRef, threads: int | None) -> None:
        from spinscope import load

        self.model = model
        # the library's defaults (one window per model call), as `analyze` and the web app use:
        # a document's result never depends on the documents analysed with it
        self.analyzer = load(model.model_dir, threads=threads)
        found = self.analyzer.info
        if (found.name, found.version) != (model.name, model.version):
            raise WorkerStartError(
                f"worker {worker_name()} has model {found.name} {found.version}, but this batch "
                f"runs {model.name} {model.version}; install the same spinscope release everywhere"
            )

    def analyze(self, items: Sequence[WorkItem]) -> list[WorkResult]:
        """Analyse a chunk in one model pass, each document with its own publication date; a
        document that cannot be analysed gets a failure, never an exception."""
        name = worker_name()
        try:
            texts = [item.text for item in items]
            dates = [item.published for item in items]
            analyses = self.analyzer.analyze_many(texts, self.model.min_score, dates)
        except Exception as exc:  # any failure is recorded per document, never lost
            return failed(items, f"analysis failed: {type(exc).__name__}: {exc}", name)
        rss = peak_rss_kib()
        return [_result(item, analysis, name, rss) for item, analysis in zip(items, analyses, strict=True)]


def _result(item: WorkItem, analysis: Analysis, worker: str, rss: int) -> WorkResult:
    if analysis.error is not None:
        return WorkResult(item.key, error=analysis.error, worker=worker, worker_peak_rss_kib=rss)
    return WorkResult(
        key=item.key,
        spans=tuple(s.to_dict(exact=True) for s in analysis.spans),
        claims=tuple(c.to_dict() for c in analysis.claims),
        worker=worker,
        worker_peak_rss_kib=rss,
    )
