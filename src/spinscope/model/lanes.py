"""Running independent model calls a few at a time. ONNX Runtime releases the GIL during a
call and accepts concurrent calls on one session, so single-threaded calls in flight side by
side keep every core busy without the per-operator synchronisation of one multi-threaded call.

:class:`CoreSlots` keeps the stages of one analysis from running more heavy calls at once than
there are cores: while the entity tagger works on one core, the technique model's windows take
turns on the other instead of crowding both, so that the tagger finishes alongside them rather
than alone at the end."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import copy_context
from typing import Any, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class CoreSlots:
    """At most ``count`` heavy calls running at once among the threads that share these slots
    (one per core). A process forked from this one starts with every slot free. Pickles as its
    count alone; the stages of an unpickled analyzer still share one set."""

    def __init__(self, count: int) -> None:
        self.count = max(1, count)
        self._slots = threading.BoundedSemaphore(self.count)
        self._pid = os.getpid()
        self._lock = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Wait for a free slot and hold it for the ``with`` block."""
        with self._lock:
            if self._pid != os.getpid():  # a forked child: slots held by the parent's threads are free
                self._slots, self._pid = threading.BoundedSemaphore(self.count), os.getpid()
            slots = self._slots
        with slots:
            yield

    def __reduce__(self) -> tuple[Any, ...]:
        return (CoreSlots, (self.count,))

    def __repr__(self) -> str:
        return f"CoreSlots({self.count})"


class Lanes:
    """Up to ``count`` calls in flight at once, on worker threads kept from one call to the
    next: starting and joining two threads for every step of every analysis cost about 0.3 ms
    each time, on the path every analysis waits for. Several analyses may share one ``Lanes``
    (their calls then take turns on its threads); a process forked from this one starts its own
    threads. Pickles as its count alone."""

    def __init__(self, count: int = 1, slots: CoreSlots | None = None) -> None:
        self.count = max(1, count)
        self.slots = slots
        """Each call holds one of these slots while it runs (None: calls run unchecked)."""
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def run(self, call: Callable[[In], Out], inputs: Sequence[In]) -> list[Out]:
        """``[call(x) for x in inputs]``, up to ``count`` at once (and only as many as
        ``slots`` allow); order is kept."""
        if self.slots is not None:
            call = _holding(self.slots, call)
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
        return (Lanes, (self.count, self.slots))

    def __repr__(self) -> str:
        return f"Lanes({self.count}, {self.slots!r})" if self.slots else f"Lanes({self.count})"


class BackgroundWorker:
    """One daemon thread, started on first use and kept from one call to the next, that runs
    the jobs given to :meth:`submit` in order. Starting a thread for every analysis made the
    caller wait for the new thread to start while the tagger on it took the GIL; a daemon, so
    that an interrupted program exits without waiting for its jobs. Jobs handle their own
    errors. A process forked from this one starts its own thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[Callable[[], None]] | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._jobs is None or self._pid != os.getpid():
                self._jobs, self._pid = queue.SimpleQueue(), os.getpid()
                threading.Thread(target=_serve, args=(self._jobs,), name=self.name, daemon=True).start()
            self._jobs.put(job)

    def call(self, fn: Callable[[], Out]) -> Future[Out]:
        """Run ``fn()`` on the thread, in a copy of the caller's context (its time budget,
        :mod:`spinscope.budget`); the future gives its result or its error. A future cancelled
        before its turn comes is skipped."""
        future: Future[Out] = Future()
        context = copy_context()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(context.run(fn))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

        self.submit(job)
        return future

    def __reduce__(self) -> tuple[Any, ...]:
        return (BackgroundWorker, (self.name,))


def _serve(jobs: queue.SimpleQueue[Callable[[], None]]) -> None:
    while True:
        jobs.get()()


def _holding(slots: CoreSlots, call: Callable[[In], Out]) -> Callable[[In], Out]:
    def held(x: In) -> Out:
        with slots.held():
            return call(x)

    return held
