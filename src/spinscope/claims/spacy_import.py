"""Importing spaCy without PyTorch in spinscope's own processes.

spaCy's machine-learning library, thinc, imports PyTorch whenever it is installed, to offer
PyTorch layers. spinscope's entity tagger never uses them, and the import costs one to two
seconds and a few hundred MB of memory: in an environment that also holds PyTorch (the
``[train]`` extra, or any machine-learning setup), it was most of the command line's start-up
time (``python benchmarks/cold_start.py --with-torch-guard`` measures it).

:func:`keep_torch_from_thinc` stops that one import and nothing else: an ``import torch``
made while thinc's ``thinc.compat`` module is being executed fails (thinc then records that
PyTorch is absent, as it does where PyTorch is not installed), and every other import of
PyTorch, from any thread, is untouched. Where PyTorch or thinc is already imported, it changes
nothing. spinscope calls it only in processes it owns (the ``spinscope`` command and its batch
worker processes): in a process shared with other code, thinc would go on believing that
PyTorch is absent, which would break spaCy pipelines built on PyTorch layers. An application
that uses no such pipeline may call it too, before spaCy is first imported.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType

GUARDED_IMPORTER = "thinc.compat"
"""The module whose optional import of PyTorch is refused."""


def _imported_by(frame: FrameType | None, module: str) -> bool:
    """Whether ``module``'s top-level code is on the stack from ``frame`` down."""
    while frame is not None:
        if frame.f_globals.get("__name__") == module and frame.f_code.co_name == "<module>":
            return True
        frame = frame.f_back
    return False


class _ThincTorchGuard(importlib.abc.MetaPathFinder):
    """Refuses ``torch`` (and its submodules) to :data:`GUARDED_IMPORTER` only."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] == "torch" and _imported_by(sys._getframe(1), GUARDED_IMPORTER):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def keep_torch_from_thinc() -> bool:
    """Install the guard in this process (once); True when it can still take effect, False
    when thinc or PyTorch is already imported (then nothing is installed)."""
    if GUARDED_IMPORTER in sys.modules or "torch" in sys.modules:
        return False
    if not any(isinstance(finder, _ThincTorchGuard) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ThincTorchGuard())
    return True
