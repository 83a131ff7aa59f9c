"""Shared fixtures: the bundled model loaded once, fixture articles, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    import spinscope

    return spinscope.load()


@pytest.fixture(scope="session")
def fixture_article() -> str:
    return (FIXTURES / "sample-corpus" / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture()
def cli():  # type: ignore[no-untyped-def]
    """Run the real ``spinscope`` entry point in a subprocess."""

    def invoke(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "spinscope.cli.main", *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            timeout=300,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))

    return invoke
