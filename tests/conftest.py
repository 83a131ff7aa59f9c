"""Shared fixtures: the bundled model loaded once (or a skip where it cannot be), a fixture
article, a CLI runner, a local HTTP server. Plain helpers live in ``tests/support``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import FIXTURES
from tests.support.batch import model_missing_reason
from tests.support.local_server import local_server

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    import spinscope

    return spinscope.load()


@pytest.fixture(scope="session")
def fixture_article() -> str:
    return (FIXTURES / "sample-corpus" / "articles" / "vellmark-lanterns.txt").read_text(encoding="utf-8")


@pytest.fixture()
def needs_model() -> None:
    """Skip where the bundled models cannot be loaded."""
    reason = model_missing_reason()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a local HTTP server (``tests/support/local_server.py``)."""
    with local_server() as url:
        yield url


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
