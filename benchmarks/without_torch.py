"""Hide PyTorch from this process, as in a plain ``pip install spinscope`` (no [train] extra).

spaCy (through thinc) imports PyTorch whenever it is installed, which costs about 0.8 s and
200 MB; the runtime never needs it. Benchmarks run in a training environment call
:func:`hide_torch` before importing spinscope to measure what users of the runtime get.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class _HideTorch(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "torch" or fullname.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def hide_torch() -> None:
    """Make ``import torch`` fail in this process from now on."""
    if "torch" in sys.modules:
        raise RuntimeError("PyTorch is already imported")
    sys.meta_path.insert(0, _HideTorch())
