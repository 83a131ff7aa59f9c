"""A bounded pool for analyses: a fixed number of threads plus a short waiting line.

Admission is decided at once: when every thread is busy and the line is full, the caller
gets :class:`PoolBusyError` instead of queuing, so a burst of requests cannot pile up
texts in memory. Each admitted job has a time budget (waiting plus running); the slot is
given back only when the job's thread is really done with it. A job that runs past its budget
stops at its next model call (:mod:`spinscope.budget`), so a timed-out request frees its
thread within one model call instead of running to the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from spinscope.budget import time_budget
from spinscope.errors import AnalysisTimeoutError

T = TypeVar("T")


class PoolBusyError(Exception):
    """Every thread is busy and the waiting line is full."""


class PoolTimeoutError(Exception):
    """A job did not finish within its time budget."""


@dataclass(frozen=True, slots=True)
class PoolStats:
    size: int
    queue_size: int
    in_flight: int
    """Jobs admitted and not finished (running or waiting)."""


class AnalysisPool:
    """Runs blocking jobs on ``size`` threads with at most ``queue_size`` more waiting.

    Use it from one event loop: admission bookkeeping happens on the loop's thread.
    """

    def __init__(self, size: int, queue_size: int, timeout: float) -> None:
        self.size = size
        self.queue_size = queue_size
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="spinscope-analysis")
        self._in_flight = 0

    @property
    def stats(self) -> PoolStats:
        return PoolStats(self.size, self.queue_size, self._in_flight)

    async def run(self, job: Callable[..., T], *args: object) -> T:
        if self._in_flight >= self.size + self.queue_size:
            raise PoolBusyError
        loop = asyncio.get_running_loop()
        self._in_flight += 1
        future: Future[T] = self._executor.submit(self._within_budget, time.monotonic(), job, *args)
        future.add_done_callback(lambda _: self._release_from(loop))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except (TimeoutError, AnalysisTimeoutError) as exc:
            future.cancel()  # a job still waiting never starts; a running one stops at its budget
            raise PoolTimeoutError from exc

    def _within_budget(self, admitted: float, job: Callable[..., T], *args: object) -> T:
        with time_budget(self.timeout, admitted):
            return job(*args)

    def _release_from(self, loop: asyncio.AbstractEventLoop) -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop: the server is shutting down
            loop.call_soon_threadsafe(self._release)

    def _release(self) -> None:
        self._in_flight -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
