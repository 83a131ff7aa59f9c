"""Rates per 1,000 words, grouping, and the table/CSV/HTML/PNG views (hand-built analyses)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from spinscope.corpus import profiles_from_store, rate_table
from spinscope.corpus.charts import rates_png, rates_svg
from spinscope.corpus.render import rates_csv, rates_html, rates_rich
from spinscope.corpus.selection import parse_by
from spinscope.corpus.views import rate_table_json
from spinscope.errors import InputFormatError
from spinscope.store import CorpusFilter, DocumentRecord, OutcomeRecord, Store, open_store
from spinscope.techniques import TECHNIQUES
from tests.support.batch import analysis_for, fill_store, synthetic_outcomes


@pytest.fixture()
def small_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Three documents with counted words and spans, from two sources and two months."""
    texts = [
        (
            "a1",
            "Planet",
            dt.date(2024, 1, 3),
            "one two three four five six seven eight nine ten",
            [("two", "loaded_language"), ("five", "doubt")],
        ),
        (
            "a2",
            "Planet",
            dt.date(2024, 2, 3),
            "alpha beta gamma delta epsilon",
            [("beta", "loaded_language")],
        ),
        ("b1", "Star", None, "x y z w", []),
    ]
    outcomes = [
        OutcomeRecord(
            DocumentRecord(key, f"t:{key}", text, source=source, published=published),
            analysis_for(text, marked, claims=[text.split()[0]] if key == "a1" else []),
        )
        for key, source, published, text, marked in texts
    ]
    store = open_store(str(tmp_path / "s.db"))
    setting = fill_store(store, outcomes)
    yield store, setting
    store.close()


def test_rates_are_per_thousand_words_of_each_group(small_store: tuple[Store, object]) -> None:
    store, setting = small_store
    profiles = profiles_from_store(store, setting, CorpusFilter())  # type: ignore[arg-type]
    assert profiles.words.tolist() == [10, 5, 4]
    table = rate_table(profiles, ("source",))
    ll = table.techniques.index("loaded_language")
    doubt = table.techniques.index("doubt")
    planet, star = table.rows
    assert planet.group == ("Planet",) and (planet.documents, planet.words, planet.spans) == (2, 15, 3)
    assert planet.technique_rates[ll] == pytest.approx(1000 * 2 / 15)
    assert planet.technique_rates[doubt] == pytest.approx(1000 * 1 / 15)
    assert planet.claim_rate == pytest.approx(1000 * 1 / 15)
    assert star.span_rate == 0.0
    assert table.total.words == 19 and table.total.technique_rates[ll] == pytest.approx(1000 * 2 / 19)
    assert table.techniques[: len(TECHNIQUES)] == TECHNIQUES.ids


def test_grouping_by_month_and_by_source_and_month(small_store: tuple[Store, object]) -> None:
    store, setting = small_store
    profiles = profiles_from_store(store, setting, CorpusFilter())  # type: ignore[arg-type]
    months = rate_table(profiles, ("month",))
    assert [r.group for r in months.rows] == [("2024-01",), ("2024-02",), ("(undated)",)]
    both = rate_table(profiles, parse_by("source,month"))
    assert [r.group for r in both.rows] == [
        ("Planet", "2024-01"),
        ("Planet", "2024-02"),
        ("Star", "(undated)"),
    ]
    with pytest.raises(InputFormatError, match="cannot group by"):
        parse_by("weekday")


def test_csv_has_one_row_per_group_plus_total(small_store: tuple[Store, object]) -> None:
    store, setting = small_store
    table = rate_table(profiles_from_store(store, setting, CorpusFilter()), ("source",))  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(rates_csv(table))))
    assert [r["source"] for r in rows] == ["Planet", "Star", "(all)"]
    assert rows[0]["documents"] == "2" and float(rows[0]["loaded_language_per_1000_words"]) == pytest.approx(
        133.3333, abs=1e-3
    )
    assert rows[2]["words"] == "19"


def test_html_is_self_contained_with_an_svg_chart(small_store: tuple[Store, object]) -> None:
    store, setting = small_store
    table = rate_table(profiles_from_store(store, setting, CorpusFilter()), ("source",))  # type: ignore[arg-type]
    page = rates_html(table, "Rates <test>", "model x")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and "Rates &lt;test&gt;" in page
    svg = rates_svg(table)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg")
    assert "Loaded language" in svg and "Planet" in svg


def test_svg_escapes_group_names(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script> & co'
    store = open_store(str(tmp_path / "e.db"))
    try:
        setting = fill_store(store, synthetic_outcomes(evil, 2, {"slogans": 0.02}, seed=3))
        table = rate_table(profiles_from_store(store, setting, CorpusFilter()), ("source",))
        svg = rates_svg(table)
        ET.fromstring(svg)
        assert "<script>" not in svg and "&lt;script&gt;" in svg
    finally:
        store.close()


def test_png_chart_is_a_png(small_store: tuple[Store, object]) -> None:
    store, setting = small_store
    table = rate_table(profiles_from_store(store, setting, CorpusFilter()), ("source",))  # type: ignore[arg-type]
    buffer = io.BytesIO()
    rates_png(table, buffer, "Rates")
    assert buffer.getvalue().startswith(b"\x89PNG\r\n\x1a\n") and len(buffer.getvalue()) > 5000


def test_terminal_table_and_json_view(small_store: tuple[Store, object]) -> None:
    from rich.console import Console

    store, setting = small_store
    table = rate_table(profiles_from_store(store, setting, CorpusFilter()), ("source",))  # type: ignore[arg-type]
    console = Console(file=io.StringIO(), width=200, no_color=True)
    console.print(rates_rich(table))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Loaded language" in shown and "133.33" in shown and "Planet" in shown
    data = rate_table_json(table)
    assert data["groups"][0]["group"] == {"source": "Planet"}
    assert data["groups"][0]["techniques_per_1000_words"]["loaded_language"] == pytest.approx(133.333333)
    empty_words = rate_table(profiles_from_store(store, setting, CorpusFilter(sources=("Nobody",))))  # type: ignore[arg-type]
    assert math.isnan(empty_words.total.span_rate)
    assert rate_table_json(empty_words)["total"]["spans_per_1000_words"] is None


def test_cli_stats_formats(tmp_path: Path, small_store: tuple[Store, object], cli) -> None:  # type: ignore[no-untyped-def]
    store, _ = small_store
    db = store.url.database
    table = cli("stats", "--db", db, "--by", "source")
    assert table.code == 0, table.stderr
    assert "Loaded language" in table.stdout and "Planet" in table.stdout
    csv_out = cli("stats", "--db", db, "--by", "month", "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("month,documents,words")
    png = tmp_path / "rates.png"
    assert cli("stats", "--db", db, "--format", "png", "-o", str(png)).code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    html = tmp_path / "rates.html"
    assert (
        cli(
            "stats",
            "--db",
            db,
            "--by",
            "source,month",
            "--format",
            "html",
            "-o",
            str(html),
            "--since",
            "2024-01-01",
        ).code
        == 0
    )
    assert "<svg" in html.read_text(encoding="utf-8")
    keyword = cli("stats", "--db", db, "--keyword", "alpha", "--format", "csv")
    assert keyword.stdout.splitlines()[1].split(",")[:2] == ["1", "5"]  # one document of 5 words
    nothing = cli("stats", "--db", db, "--source", "Nobody")
    assert nothing.code == 2 and "no analysed documents match" in nothing.stderr
    png_needs_file = cli("stats", "--db", db, "--format", "png")
    assert png_needs_file.code == 2 and "needs -o" in png_needs_file.stderr
    empty = cli("stats", "--db", str(tmp_path / "empty.db"))
    assert empty.code == 2 and "run `spinscope batch` first" in empty.stderr
