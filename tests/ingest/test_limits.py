"""Bounded input and one-line errors: reading stops at the size limit, pipes and devices given
as paths are refused instead of read or waited on, and a missing database driver is a coded
error. None of these may end in a traceback."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from spinscope.batch.inputs import JsonlInput, ReadFailure, open_input
from spinscope.errors import InputNotFoundError, InputTooLargeError
from spinscope.ingest.text import read_limited, read_text_file
from spinscope.store import StoreError, open_store


def one_line_error(result: Any, code: str) -> None:
    assert result.code == 2, result.stderr
    assert f"[{code}]" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_reading_stops_at_the_limit() -> None:
    assert read_limited(io.BytesIO(b"x" * 10), "s", max_bytes=10) == b"x" * 10
    stream = io.BytesIO(b"x" * 100)
    with pytest.raises(InputTooLargeError, match=r"larger than the input limit") as caught:
        read_limited(stream, "<stdin>", max_bytes=10)
    assert caught.value.code == "E007" and stream.tell() == 11  # never more than limit + 1


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(InputTooLargeError, match="--max-input-mb"):
        read_text_file(path, max_bytes=100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputNotFoundError, match="not a regular file"):
        read_text_file(fifo)
    batch_fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(batch_fifo)
    with pytest.raises(InputNotFoundError, match="not a regular file"):
        open_input(batch_fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_analyze_refuses_a_device_and_a_stream_over_the_limit(cli: Any) -> None:
    one_line_error(cli("analyze", "/dev/zero"), "E001")
    one_line_error(cli("analyze", "-", "--max-input-mb", "1", stdin=b"a" * (2 * 2**20)), "E007")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_analyze_and_batch_refuse_a_fifo_with_no_writer(cli: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    one_line_error(cli("analyze", str(fifo)), "E001")
    one_line_error(cli("batch", str(fifo), "--db", str(tmp_path / "r.db")), "E001")


def test_output_naming_a_folder_is_one_line(cli: Any, tmp_path: Path) -> None:
    one_line_error(cli("analyze", "--sample", "-o", str(tmp_path)), "E008")


def test_jsonl_line_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "short"}\n{"id": "b", "text": "'
        + b"x" * 500
        + b'"}\n{"id": "c", "text": "ok"}\n'
    )
    items = list(JsonlInput(path, max_bytes=100))
    assert [getattr(i, "key", None) for i in items] == ["a", None, "c"]
    assert isinstance(items[1], ReadFailure) and "input limit" in items[1].reason
    assert items[1].document.key == "in.jsonl:2"


def test_json_errors_do_not_say_at_twice(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n', encoding="utf-8")
    (item,) = list(JsonlInput(path))
    assert isinstance(item, ReadFailure) and " at at " not in item.reason
    assert "Invalid control character at column" in item.reason


def test_a_missing_postgres_driver_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "psycopg" or name.startswith("psycopg."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(StoreError, match=r"pip install 'spinscope\[postgres\]'") as caught:
        open_store("postgresql+psycopg://me@127.0.0.1:1/news")
    assert caught.value.code == "E060"
