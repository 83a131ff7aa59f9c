"""Progress of an analysis, for a progress bar over long texts.

    with reporting_progress(lambda stage, done, total: print(stage, done, total)):
        analyzer.analyze(text)

Stages, in order: ``claims`` (sentences scored by the claim model), ``techniques``
(characters encoded by the technique model) and ``entities`` (claim sentences tagged for
people, places and dates; the tagging runs on a background thread while the technique model
works, and is reported once the technique stage is done). Each stage reports
``(stage, done, total)`` as it goes, from the thread that runs the analysis. The callback
lives in a context variable, so it belongs to the analysis that set it; without one,
reporting costs one lookup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

ProgressCallback = Callable[[str, int, int], None]
"""(stage, done, total) -> None."""

TECHNIQUES = "techniques"
CLAIMS = "claims"
ENTITIES = "entities"
STAGES = (CLAIMS, TECHNIQUES, ENTITIES)

_callback: ContextVar[ProgressCallback | None] = ContextVar("spinscope_progress", default=None)


@contextlib.contextmanager
def reporting_progress(callback: ProgressCallback) -> Iterator[None]:
    """Analyses in this block report their progress to ``callback``."""
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def report_progress(stage: str, done: int, total: int) -> None:
    """Tell the current analysis's callback, if any, that ``done`` of ``total`` are done."""
    callback = _callback.get()
    if callback is not None:
        callback(stage, done, total)
