"""Output files honour the umask and never replace a read-only file; commands that only read a
result store never create one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from spinscope.errors import DatabaseNotFoundError, OutputError
from spinscope.output import atomic_write_text
from spinscope.store import open_store


@pytest.fixture()
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_umask_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "report.json"
    atomic_write_text(target, "{}")
    assert _mode(target) == 0o644 and target.read_text() == "{}"
    os.umask(0o077)
    private = tmp_path / "private.json"
    atomic_write_text(private, "{}")
    assert _mode(private) == 0o600


def test_existing_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "shared.md"
    target.write_text("old")
    target.chmod(0o664)
    atomic_write_text(target, "new")
    assert _mode(target) == 0o664 and target.read_text() == "new"


def test_read_only_target_is_an_error_and_stays(tmp_path: Path) -> None:
    target = tmp_path / "frozen.html"
    target.write_text("keep me")
    target.chmod(0o444)
    with pytest.raises(OutputError) as caught:
        atomic_write_text(target, "replaced")
    assert caught.value.code == "E008" and "read-only" in str(caught.value)
    assert target.read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["frozen.html"]


def test_cli_output_mode_and_read_only_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text("The council called the plan a disaster.")
    previous = os.umask(0o022)  # inherited by the child process
    try:
        result = cli("analyze", str(article), "--format", "md", "-o", str(tmp_path / "a.md"))
    finally:
        os.umask(previous)
    assert result.code == 0, result.stderr
    assert _mode(tmp_path / "a.md") == 0o644
    (tmp_path / "a.md").chmod(0o444)
    again = cli("analyze", str(article), "--format", "md", "-o", str(tmp_path / "a.md"))
    assert again.code == 2 and "[E008]" in again.stderr and "Traceback" not in again.stderr


def test_reading_commands_never_create_a_database(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    typo = tmp_path / "typo.db"
    with pytest.raises(DatabaseNotFoundError):
        open_store(str(typo), create=False)
    for command in (["stats", "--db", str(typo)], ["compare", "--db", str(typo), "A", "B"]):
        result = cli(*command)
        assert result.code == 2 and "[E009]" in result.stderr and "no such result store" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_naming_a_folder_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write_text(tmp_path, "text")


@pytest.mark.skipif(os.name != "posix", reason="abandoned parts are found with flock")
def test_temporary_files_of_killed_writers_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "out.json"
    abandoned = tmp_path / ".out.json.abc123.part"  # a writer killed during fsync left it
    abandoned.write_text("half")
    live = tmp_path / ".out.json.def456.part"
    live.write_text("being written")
    with live.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        atomic_write_text(target, "{}")
        assert not abandoned.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.json.def456.part", "out.json"]
