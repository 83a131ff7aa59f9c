"""Reading input text, the technique registry, atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.errors import InputDecodeError, InputNotFoundError, UnknownTechniqueError
from spinscope.ingest.text import decode_bytes, read_text_file
from spinscope.output import atomic_writer
from spinscope.techniques import TECHNIQUES


def test_decode_keeps_bom_crlf_and_everything_else() -> None:
    raw = "\ufeffa\r\nb\u200bc".encode()
    assert decode_bytes(raw, "x") == "\ufeffa\r\nb\u200bc"


def test_decode_error_names_source_and_offset() -> None:
    with pytest.raises(InputDecodeError, match=r"doc\.txt: not valid UTF-8 at byte offset 2 \(byte 0xff\)"):
        decode_bytes(b"ab\xffcd", "doc.txt")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_text_file(tmp_path / "none.txt")


def test_registry_ids_labels_and_errors() -> None:
    assert len(TECHNIQUES) == 14
    assert len(set(TECHNIQUES.ids)) == 14
    assert TECHNIQUES.from_ptc("Flag-Waving").id == "flag_waving"
    with pytest.raises(UnknownTechniqueError, match="known ids"):
        TECHNIQUES["propaganda"]
    with pytest.raises(UnknownTechniqueError):
        TECHNIQUES.from_ptc("Loaded language")


def test_atomic_writer_leaves_nothing_on_interrupt(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as fh:
        fh.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
