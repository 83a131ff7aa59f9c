"""Reading corpora: folders of .txt/.html, JSONL and CSV. Every item comes out as a document
or as a failure with its reason; offsets-relevant text is kept exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from spinscope.batch.inputs import CsvInput, FolderInput, JsonlInput, ReadFailure, open_input
from spinscope.errors import InputDecodeError, InputFormatError, InputNotFoundError
from spinscope.store import DocumentRecord
from tests.support.batch import ARTICLES_JSONL, fixture_articles

PAGE = """<!DOCTYPE html><html><head><title>Bridge vote - Harbour Herald</title>
<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head>
<body><nav>Home | Sport | Weather</nav><article><h1>Council backs the bridge</h1>
<p>The council voted on Tuesday to approve the bridge plan, which critics called a disaster for every
family in town and a betrayal of the harbour.</p>
<p>Supporters said the bridge would bring jobs and shorter journeys. Opponents said it would ruin the
harbour forever and promised to fight the decision in court. Café owners were divided. 🌉</p>
</article><footer>© Harbour Herald</footer></body></html>"""


def _items(source: object) -> list[DocumentRecord | ReadFailure]:
    return list(source)  # type: ignore[call-overload]


def test_jsonl_fixture_reads_every_field() -> None:
    source = open_input(ARTICLES_JSONL)
    items = _items(source)
    assert source.count() == len(items) == 8
    first = items[0]
    assert isinstance(first, DocumentRecord)
    expected = fixture_articles()[0]
    assert (first.key, first.source, first.title, first.url) == (
        expected["id"],
        expected["source"],
        expected["title"],
        expected["url"],
    )
    assert first.published == dt.date(2024, 1, 9)
    assert first.text == expected["text"] and "\r\n" in first.text
    assert first.locator == "articles.jsonl:1"


def test_jsonl_bad_lines_become_failures_not_errors(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok", "text": "Fine text."}).encode(),
        b"",
        b"{not json",
        json.dumps(["a", "list"]).encode(),
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": 7, "text": "Integer id.", "published": "2024-02-30"}).encode(),
        json.dumps({"text": "No id here."}).encode(),
        b'{"id": "latin1", "text": "caf\xe9"}',
        b'{"id": "surrogate", "text": "bad \\ud800 half"}',
        json.dumps({"id": "typed", "text": "x", "source": 5}).encode(),
        json.dumps({"id": 8, "text": "Date-time.", "published": "2024-02-03T10:00:00+02:00"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    source = JsonlInput(path)
    items = _items(source)
    assert source.count() == len(items) == 10  # the blank line is not an item
    by_key = {(i.document.key if isinstance(i, ReadFailure) else i.key): i for i in items}
    assert isinstance(by_key["ok"], DocumentRecord)
    failures = {k: v.reason for k, v in by_key.items() if isinstance(v, ReadFailure)}
    assert "not valid JSON" in failures["mixed.jsonl:3"]
    assert "expected a JSON object, found list" in failures["mixed.jsonl:4"]
    assert "'text' must be a string (missing)" in failures["no-text"]
    assert "not an ISO 8601 date: '2024-02-30'" in failures["7"]
    assert "not valid UTF-8 at byte" in failures["mixed.jsonl:8"]
    assert "lone surrogate at index 4" in failures["surrogate"]
    assert "'source' must be a string" in failures["typed"]
    no_id = by_key["mixed.jsonl:7"]
    assert isinstance(no_id, DocumentRecord) and no_id.text == "No id here."
    dated = by_key["8"]
    assert isinstance(dated, DocumentRecord) and dated.published == dt.date(2024, 2, 3)
    for failure in failures.values():
        assert failure.startswith("mixed.jsonl:")


def test_jsonl_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "x"}).encode() + b"\n")
    [item] = _items(JsonlInput(path))
    assert isinstance(item, DocumentRecord) and item.key == "a"


def test_folder_reads_text_and_html_with_sources(tmp_path: Path) -> None:
    (tmp_path / "Harbour Herald").mkdir()
    (tmp_path / "Harbour Herald" / "bridge.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "Harbour Herald" / "ferry.txt").write_bytes("Fares rise.\r\nAgain! 🚢".encode())
    (tmp_path / "top.txt").write_text("A top-level note.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"caf\xe9 au lait")
    (tmp_path / "empty.html").write_text(
        "<html><head><title>t</title></head><body></body></html>", encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("ignored", encoding="utf-8")
    source = FolderInput(tmp_path)
    items = {(i.document.key if isinstance(i, ReadFailure) else i.key): i for i in _items(source)}
    assert source.count() == len(items) == 5
    assert list(items) == sorted(items)
    ferry = items["Harbour Herald/ferry.txt"]
    assert isinstance(ferry, DocumentRecord)
    assert ferry.text == "Fares rise.\r\nAgain! 🚢" and ferry.source == "Harbour Herald"
    page = items["Harbour Herald/bridge.html"]
    assert isinstance(page, DocumentRecord) and page.text is not None
    assert "approve the bridge plan" in page.text and "Home | Sport" not in page.text
    assert page.title == "Council backs the bridge" and page.published == dt.date(2024, 3, 5)
    top = items["top.txt"]
    assert isinstance(top, DocumentRecord) and top.source is None
    broken = items["broken.txt"]
    assert isinstance(broken, ReadFailure) and "not valid UTF-8 at byte offset 3" in broken.reason
    empty = items["empty.html"]
    assert isinstance(empty, ReadFailure) and "no article text" in empty.reason


def test_csv_keeps_multiline_text_exactly(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_bytes(
        "\ufeffid,source,published,title,text,extra\r\n"
        'c1,Valley Voice,2024-01-11,Buses,"Line one.\r\nLine ""two"", quoted.",x\r\n'
        ",Valley Voice,,,No id; keyed by row.,y\r\n"
        "c3,Valley Voice,soon,,Bad date.,z\r\n"
        "c4,short\r\n".encode()
    )
    source = CsvInput(path)
    items = _items(source)
    assert source.count() == len(items) == 4
    first, second, third, fourth = items
    assert isinstance(first, DocumentRecord) and first.text == 'Line one.\r\nLine "two", quoted.'
    assert first.published == dt.date(2024, 1, 11) and first.locator == "corpus.csv:row 1"
    assert (
        isinstance(second, DocumentRecord) and second.key == "corpus.csv:row 2" and second.published is None
    )
    assert isinstance(third, ReadFailure) and "'soon'" in third.reason and third.document.key == "c3"
    assert isinstance(fourth, ReadFailure) and "fewer fields" in fourth.reason


def test_csv_without_text_column_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"no 'text' column \(columns: id, body\)"):
        list(CsvInput(path))


def test_csv_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,text\n1,caf\xe9\n")
    with pytest.raises(InputDecodeError, match="not valid UTF-8"):
        list(CsvInput(path))


def test_unsupported_and_missing_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file or folder"):
        open_input(tmp_path / "missing.jsonl")
    other = tmp_path / "corpus.xml"
    other.write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputFormatError, match="unsupported input"):
        open_input(other)
