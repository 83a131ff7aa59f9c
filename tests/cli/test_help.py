"""``--help`` names values the usual way (TEXT, PATH, INTEGER, ...), never with Python type
names such as <bool> or <list[Path]>; usage errors are short messages with exit status 2."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from spinscope.cli.common import run_guarded
from spinscope.cli.labels import conventional
from spinscope.cli.main import build_command

PYTHON_TYPE_NAME = re.compile(
    r"<(?:bool|str|int|float|path|file|directory|list\[[^\]]*\]|[^<>]* range|%[^<>]*)>"
)


def command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*path, name))


COMMANDS = list(command_paths(build_command()))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "spinscope")
def test_help_shows_no_python_type_names(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.argv", ["spinscope", *path, "--help"])
    assert run_guarded(build_command()) == 0
    shown = capsys.readouterr().out
    assert "--help" in shown and "Show this message and exit." in shown
    assert PYTHON_TYPE_NAME.findall(shown) == []


def test_values_are_named_the_usual_way(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.argv", ["spinscope", "batch", "--help"])
    run_guarded(build_command())
    shown = capsys.readouterr().out
    assert re.search(r"--workers\s+-w\s+INTEGER \[x>=1\]", shown)
    assert re.search(r"--engine\s+\[local\|ray\]", shown)
    assert re.search(r"--quiet\s+-q\s+No progress bar", shown)  # a flag takes no value


@pytest.mark.parametrize(
    ("typer_label", "shown"),
    [
        ("<bool>", ""),
        ("<str>", "TEXT"),
        ("<int range>", "INTEGER"),
        ("<float range>", "NUMBER"),
        ("<path>", "PATH"),
        ("<list[Path]>", "PATH"),
        ("<list[str]>", "TEXT"),
        ("<path>...", "PATH..."),
        ("<%Y-%m-%d>", "YYYY-MM-DD"),
        ("<text|json>", "[text|json]"),
        ("DATE", "DATE"),
        (None, None),
    ],
)
def test_conventional_names(typer_label: str | None, shown: str | None) -> None:
    assert conventional(typer_label) == shown


def test_usage_errors_are_one_short_message(cli: Callable[..., Any]) -> None:
    for args in (("analyze", "--no-such-option"), ("analyze", "--threads", "many")):
        result = cli(*args)
        assert result.code == 2, result.stderr
        assert "Traceback" not in result.stderr and "Error:" in result.stderr
