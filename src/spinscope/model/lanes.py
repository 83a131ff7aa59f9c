"""Running independent model calls a few at a time. ONNX Runtime releases the GIL during a
call and accepts concurrent calls on one session, so single-threaded calls in flight side by
side keep every core busy without the per-operator synchronisation of one multi-threaded call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


def run_in_lanes(call: Callable[[In], Out], inputs: Sequence[In], lanes: int) -> list[Out]:
    """``[call(x) for x in inputs]``, with up to ``lanes`` calls at once; order is kept."""
    if lanes <= 1 or len(inputs) <= 1:
        return [call(x) for x in inputs]
    # each call runs in a copy of the caller's context (its time budget, spinscope.budget)
    contexts = [copy_context() for _ in inputs]
    with ThreadPoolExecutor(min(lanes, len(inputs))) as pool:
        return list(pool.map(lambda ctx, x: ctx.run(call, x), contexts, inputs))
