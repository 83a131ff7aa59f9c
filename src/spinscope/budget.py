"""Time budgets for analyses: a caller that stops waiting (the web app after its timeout)
can make the analysis itself stop, at the next model call, instead of running on.

    with time_budget(30.0):
        analyzer.analyze(text)      # raises AnalysisTimeoutError once 30 s have passed

The budget lives in a context variable, so it belongs to the analysis that set it, also in
the threads that run its model calls (:meth:`spinscope.model.lanes.Lanes.run` carries it).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

from spinscope.errors import AnalysisTimeoutError

_deadline: ContextVar[float | None] = ContextVar("spinscope_deadline", default=None)


@contextlib.contextmanager
def time_budget(seconds: float, started: float | None = None) -> Iterator[None]:
    """Analyses in this block stop with :class:`AnalysisTimeoutError` once ``seconds`` have
    passed since ``started`` (a ``time.monotonic()`` value; default: now)."""
    token = _deadline.set((time.monotonic() if started is None else started) + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_budget() -> None:
    """Raise :class:`AnalysisTimeoutError` when the current analysis is over its budget."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise AnalysisTimeoutError("the analysis ran past its time budget and was stopped")
