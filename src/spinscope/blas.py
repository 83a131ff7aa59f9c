"""One BLAS thread for spinscope's NumPy matrix products.

spinscope keeps every core busy with its own threads (ONNX Runtime calls side by side, and the
entity tagger beside them). A multi-threaded BLAS product started meanwhile only adds wake-up
cost: its threads wait for cores that those threads hold (a product of well under a
millisecond sometimes took tens of milliseconds).

The BLAS thread pool belongs to the whole process, and changing its size while another thread
runs a product is not safe (OpenBLAS can hang). So the first spinscope section that needs it
sets the pool to one thread, once, and it stays so for the life of the process; a program that
embeds spinscope and wants multi-threaded BLAS for its own work can raise it again with
threadpoolctl after its analyses. Whatever multiplies with NumPy calls
:func:`use_one_blas_thread` when it is loaded (a flag check after the first call).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass(slots=True)
class _BlasLimit:
    """Sets the process's BLAS pool to one thread the first time it is asked, then never again."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False

    def ensure(self) -> None:
        if self.done:
            return
        with self.lock:
            if not self.done:
                from threadpoolctl import ThreadpoolController

                _release_openblas()
                ThreadpoolController().limit(limits=1, user_api="blas")
                _release_openblas()
                self.done = True


def _release_openblas() -> None:
    """Let the calling thread set OpenBLAS's thread count: recent threadpoolctl releases let
    only the first thread that set it change it again."""
    import threadpoolctl

    clear = getattr(getattr(threadpoolctl, "OpenBLASController", None), "clear_controlling_thread", None)
    if clear is not None:
        clear(force=True)


_LIMIT = _BlasLimit()
"""Process-wide, like the BLAS thread pool it sets."""


def use_one_blas_thread() -> None:
    """Set the BLAS pool to one thread, unless already done (see the module's docstring)."""
    _LIMIT.ensure()
