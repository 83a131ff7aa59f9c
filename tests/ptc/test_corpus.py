"""Reading and writing PTC files."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.errors import InputFormatError, InputNotFoundError
from spinscope.ptc.corpus import format_si_row, format_tc_row, iter_articles, read_labels


def test_tc_rows_round_trip(tmp_path: Path) -> None:
    text = (
        "1\tName_Calling,Labeling\t3\t9\n1\tLoaded_Language\t0\t2\n"
        "2\tWhataboutism,Straw_Men,Red_Herring\t5\t7\n"
    )
    path = tmp_path / "x.labels"
    path.write_text(text, encoding="utf-8")
    rows = read_labels(path)
    assert [r.technique for r in rows] == [
        "name_calling",
        "loaded_language",
        "whataboutism_strawman_red_herring",
    ]
    assert "".join(format_tc_row(r) + "\n" for r in rows) == text


def test_si_rows_round_trip_from_folder(tmp_path: Path) -> None:
    (tmp_path / "article7.task-si.labels").write_text("7\t0\t4\n7\t10\t12\n", encoding="utf-8")
    (tmp_path / "article8.task-si.labels").write_text("8\t1\t2\n", encoding="utf-8")
    rows = read_labels(tmp_path)
    assert [format_si_row(r) for r in rows] == ["7\t0\t4", "7\t10\t12", "8\t1\t2"]
    assert all(r.technique is None for r in rows)


def test_placeholder_technique_column_is_read_as_unlabelled(tmp_path: Path) -> None:
    path = tmp_path / "spans.txt"
    path.write_text("5\t?\t0\t3\n", encoding="utf-8")
    (row,) = read_labels(path)
    assert (row.article_id, row.technique, row.start, row.end) == ("5", None, 0, 3)


def test_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.labels"
    path.write_text("1\t0\t4\n1\tzero\t4\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"bad\.labels:2"):
        read_labels(path)
    path.write_text("1\t9\t4\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="not a valid range"):
        read_labels(path)


def test_articles_keep_crlf_and_unicode_exactly(tmp_path: Path) -> None:
    text = "Title\r\nLine with émoji 🎉 and עברית\r\n"
    (tmp_path / "article42.txt").write_bytes(text.encode("utf-8"))
    (article,) = iter_articles(tmp_path)
    assert article.id == "42"
    assert article.text == text


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such folder"):
        list(iter_articles(tmp_path / "nope"))
