"""Running independent model calls a few at a time. ONNX Runtime releases the GIL during a
call and accepts concurrent calls on one session, so single-threaded calls in flight side by
side keep every core busy without the per-operator synchronisation of one multi-threaded call."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from typing import Any, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class Lanes:
    """Up to ``count`` calls in flight at once, on worker threads kept from one call to the
    next: starting and joining two threads for every step of every analysis cost about 0.3 ms
    each time, on the path every analysis waits for. Several analyses may share one ``Lanes``
    (their calls then take turns on its threads); a process forked from this one starts its own
    threads. Pickles as its count alone."""

    def __init__(self, count: int = 1) -> None:
        self.count = max(1, count)
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def run(self, call: Callable[[In], Out], inputs: Sequence[In]) -> list[Out]:
        """``[call(x) for x in inputs]``, up to ``count`` at once; order is kept."""
        if self.count <= 1 or len(inputs) <= 1:
            return [call(x) for x in inputs]
        # each call runs in a copy of the caller's context (its time budget, spinscope.budget)
        contexts = [copy_context() for _ in inputs]
        return list(self._executor().map(lambda ctx, x: ctx.run(call, x), contexts, inputs))

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():  # a forked child has no workers
                self._pool = ThreadPoolExecutor(self.count, thread_name_prefix="spinscope-lane")
                self._pid = os.getpid()
            return self._pool

    def __reduce__(self) -> tuple[Any, ...]:
        return (Lanes, (self.count,))

    def __repr__(self) -> str:
        return f"Lanes({self.count})"
