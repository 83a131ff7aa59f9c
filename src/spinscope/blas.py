"""One BLAS thread while spinscope's own NumPy matrix products run.

spinscope keeps every core busy with its own threads (ONNX Runtime calls side by side, and the
entity tagger beside them). A multi-threaded BLAS product started meanwhile only adds wake-up
cost: its threads wait for cores that those threads hold (a product of well under a
millisecond sometimes took tens of milliseconds). The BLAS thread pool belongs to the whole
process, so the limit does too: it is set when the first spinscope section that needs it
starts and restored when the last one ends, whichever threads they run on.

    with one_blas_thread():
        h = features @ weights
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class _BlasLimit:
    """Reference-counted limit on the process's BLAS thread pool."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0
    controller: Any = None
    restore: Any = None

    def enter(self) -> None:
        with self.lock:
            if self.users == 0:
                if self.controller is None:
                    from threadpoolctl import ThreadpoolController

                    self.controller = ThreadpoolController()
                _release_openblas()
                self.restore = self.controller.limit(limits=1, user_api="blas")
            self.users += 1

    def exit(self) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0 and self.restore is not None:
                _release_openblas()  # the last section may end on another thread than the first
                self.restore.restore_original_limits()
                self.restore = None
                _release_openblas()


def _release_openblas() -> None:
    """Let the calling thread set OpenBLAS's thread count: recent threadpoolctl releases let
    only the first thread that set it change it again, and the lock above already keeps
    spinscope's threads from changing it at the same time."""
    import threadpoolctl

    clear = getattr(getattr(threadpoolctl, "OpenBLASController", None), "clear_controlling_thread", None)
    if clear is not None:
        clear(force=True)


_LIMIT = _BlasLimit()
"""Process-wide, like the BLAS thread pool it guards."""


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread (see the module's docstring)."""
    _LIMIT.enter()
    try:
        yield
    finally:
        _LIMIT.exit()
