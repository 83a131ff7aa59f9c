"""What the CPU can do, as the operating system reports it: the feature flags that decide how
spinscope runs int8 products (:mod:`spinscope.model.int8_weights`) and whether training uses bf16
(:mod:`spinscope.train.precision`)."""

from __future__ import annotations

import platform
from pathlib import Path

CPU_INFO = Path("/proc/cpuinfo")
X86_MACHINES = frozenset({"x86_64", "amd64", "i386", "i686", "x86"})


def cpu_flags(cpu_info: Path = CPU_INFO) -> frozenset[str] | None:
    """The feature flags the kernel reports for the first CPU; None where the system reports
    none (no /proc/cpuinfo, as on macOS and Windows, or no flags line)."""
    try:
        text = cpu_info.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return frozenset(value.split())
    return None


def is_x86(machine: str | None = None) -> bool:
    """Whether this (or the named) machine architecture is x86."""
    return (machine if machine is not None else platform.machine()).lower() in X86_MACHINES
