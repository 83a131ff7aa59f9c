"""The fixed PTC article splits: validation (reported, never tuned on) and dev (tuning)."""

from __future__ import annotations

from importlib import resources


def _read(name: str) -> list[str]:
    text = resources.files("spinscope.train").joinpath("splits", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def validation_ids() -> list[str]:
    return _read("ptc-validation.txt")


def dev_ids() -> list[str]:
    return _read("ptc-dev.txt")
