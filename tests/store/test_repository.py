"""The result store on SQLite and PostgreSQL: schema, exactly-once writes, exact offsets,
filters and full-text search. Analyses are built by hand; no model is needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from spinscope.store import (
    CorpusFilter,
    DocumentRecord,
    OutcomeRecord,
    Store,
    StoreError,
    open_store,
    reader,
    writer,
)
from spinscope.store.models import Base, ClaimRow, Document, Outcome, SpanRow
from tests.support.batch import MIN_SCORE, MODEL, analysis_for, fill_store, stores


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from stores(request.param, tmp_path)


UNICODE_TEXT = "Ça va? 👩‍👩‍👧 They are TRAITORS!\r\nשלום עולם — e\u0301norme scandal 🎉 end"


def _count(store: Store, model: type[Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _doc(key: str, text_value: str | None = "Some plain words here.", **meta: object) -> DocumentRecord:
    return DocumentRecord(key=key, locator=f"test:{key}", text=text_value, **meta)  # type: ignore[arg-type]


def test_schema_matches_models_after_migration(any_store: Store) -> None:
    ignored = {
        "documents_fts",
        "documents_fts_data",
        "documents_fts_idx",
        "documents_fts_docsize",
        "documents_fts_config",
        "documents_fts_content",
        "alembic_version",
    }

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (type_ == "table" and name in ignored) and name != "ix_documents_fulltext"

    with any_store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include})
        assert compare_metadata(context, Base.metadata) == []


def test_reopening_is_a_no_op_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with open_store(str(path)) as store:
        fill_store(store, [OutcomeRecord(_doc("a"), analysis_for("Some plain words here.", []))])
    with open_store(f"sqlite:///{path}") as store:
        assert _count(store, Document) == 1
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unicode_offsets_survive_the_round_trip(any_store: Store) -> None:
    analysis = analysis_for(
        UNICODE_TEXT,
        [("TRAITORS", "name_calling"), ("e\u0301norme scandal", "loaded_language")],
        ["שלום עולם"],
    )
    setting = fill_store(any_store, [OutcomeRecord(_doc("u", UNICODE_TEXT), analysis)])
    loaded = reader.load_analyses(any_store, ["u"], setting)["u"]
    assert loaded.text == UNICODE_TEXT
    assert [(s.start, s.end, s.technique, s.text) for s in loaded.spans] == [
        (s.start, s.end, s.technique, s.text) for s in analysis.spans
    ]
    for span in loaded.spans:
        assert loaded.text[span.start : span.end] == span.text
    assert [(c.start, c.end, c.text) for c in loaded.claims] == [
        (c.start, c.end, c.text) for c in analysis.claims
    ]


def test_saving_again_replaces_instead_of_duplicating(any_store: Store) -> None:
    text_value = "A reckless plan, a shameful vote."
    first = analysis_for(text_value, [("reckless", "loaded_language")])
    second = analysis_for(text_value, [("reckless", "loaded_language"), ("shameful", "loaded_language")])
    setting = writer.ensure_setting(any_store, MODEL.name, MODEL.version, MIN_SCORE)
    run = writer.start_run(any_store, "t", "test", setting, {})
    writer.save_outcomes(any_store, run, setting, [OutcomeRecord(_doc("x", text_value), error="boom")])
    writer.save_outcomes(any_store, run, setting, [OutcomeRecord(_doc("x", text_value), first)])
    writer.save_outcomes(any_store, run, setting, [OutcomeRecord(_doc("x", text_value), second)])
    assert (_count(any_store, Document), _count(any_store, Outcome), _count(any_store, SpanRow)) == (1, 1, 2)
    with any_store.session() as session:
        outcome = session.execute(select(Outcome)).scalar_one()
        assert (outcome.status, outcome.attempts, outcome.n_spans, outcome.error) == ("done", 3, 2, None)


def test_stored_states_key_on_text_hash_and_setting(any_store: Store) -> None:
    setting = fill_store(
        any_store,
        [
            OutcomeRecord(_doc("done", "Old text."), analysis_for("Old text.", [])),
            OutcomeRecord(_doc("failed", "Other text."), error="analysis failed: RuntimeError"),
        ],
    )
    states = writer.stored_states(any_store, ["done", "failed", "new"], setting)
    assert set(states) == {"done", "failed"}
    assert states["done"].done and not states["failed"].done
    assert states["done"].text_hash == DocumentRecord("done", "l", "Old text.").text_hash
    other = writer.ensure_setting(any_store, MODEL.name, "2.0", MIN_SCORE)
    assert not writer.stored_states(any_store, ["done"], other)["done"].done


def test_changed_text_makes_the_old_result_stale(any_store: Store) -> None:
    setting = fill_store(
        any_store, [OutcomeRecord(_doc("d", "First text."), analysis_for("First text.", []))]
    )
    other = writer.ensure_setting(any_store, MODEL.name, MODEL.version, 0.3)
    run = writer.start_run(any_store, "t", "test", other, {})
    writer.save_outcomes(
        any_store, run, other, [OutcomeRecord(_doc("d", "Second text."), analysis_for("Second text.", []))]
    )
    assert not writer.stored_states(any_store, ["d"], setting)["d"].done
    assert reader.load_analyses(any_store, ["d"], setting) == {}
    [record] = reader.export_records(any_store, ["d"], setting)
    assert record["status"] == "missing"


def test_read_failures_are_stored_with_their_reason(any_store: Store) -> None:
    setting = fill_store(
        any_store, [OutcomeRecord(_doc("bad.txt", None), error="bad.txt: not valid UTF-8 at byte offset 3")]
    )
    [record] = reader.export_records(any_store, ["bad.txt"], setting)
    assert record["status"] == "failed"
    assert "byte offset 3" in record["error"]
    assert record["text_hash"] is None


def test_export_keeps_the_order_given_and_fails_on_unknown_keys(any_store: Store) -> None:
    docs = [OutcomeRecord(_doc(k, f"Text {k}."), analysis_for(f"Text {k}.", [])) for k in "cab"]
    setting = fill_store(any_store, docs)
    assert [r["id"] for r in reader.export_records(any_store, ["b", "c", "a"], setting)] == ["b", "c", "a"]
    with pytest.raises(StoreError, match="missing from the store"):
        list(reader.export_records(any_store, ["zzz"], setting))


def test_filters_sources_dates_and_keyword(any_store: Store) -> None:
    rows = [
        ("p1", "Planet", dt.date(2024, 1, 5), "The harbour bridge vote was a disgrace."),
        ("p2", "Planet", dt.date(2024, 2, 5), "Ferry fares rose again in February."),
        ("s1", "Star", dt.date(2024, 1, 20), "Bridge repairs begin; the harbour reopens."),
        ("s2", "Star", None, "Café owners welcomed the new market."),
    ]
    setting = fill_store(
        any_store,
        [
            OutcomeRecord(
                _doc(k, t, source=s, published=d), analysis_for(t, [(t.split()[1], "loaded_language")])
            )
            for k, s, d, t in rows
        ],
    )

    def keys(where: CorpusFilter) -> list[str]:
        return sorted(d.key for d in reader.document_figures(any_store, setting, where))

    assert keys(CorpusFilter()) == ["p1", "p2", "s1", "s2"]
    assert keys(CorpusFilter(sources=("Star",))) == ["s1", "s2"]
    assert keys(CorpusFilter(since=dt.date(2024, 1, 10))) == ["p2", "s1"]
    assert keys(CorpusFilter(until=dt.date(2024, 1, 31))) == ["p1", "s1"]
    assert keys(CorpusFilter(keyword="harbour bridge")) == ["p1", "s1"]
    assert keys(CorpusFilter(keyword="FERRY")) == ["p2"]
    assert keys(CorpusFilter(keyword="harbour", sources=("Planet",))) == ["p1"]
    assert keys(CorpusFilter(keyword="nothing-like-this")) == []
    assert keys(CorpusFilter(keyword='"; DROP TABLE documents; --')) == []
    assert _count(any_store, Document) == 4
    assert reader.sources(any_store, setting) == [("Planet", 2), ("Star", 2)]
    found = reader.search_documents(any_store, setting, CorpusFilter(keyword="market"))
    assert [d["id"] for d in found] == ["s2"] and found[0]["spans"] == 1


def test_example_spans_are_best_first_one_per_document(any_store: Store) -> None:
    text_value = "wicked wicked plan"
    doc_a = OutcomeRecord(_doc("a", text_value), analysis_for(text_value, [("wicked", "loaded_language")]))
    doc_b = OutcomeRecord(
        _doc("b", "a wicked idea"), analysis_for("a wicked idea", [("wicked idea", "loaded_language")])
    )
    setting = fill_store(any_store, [doc_a, doc_b])
    examples = reader.example_spans(any_store, setting, CorpusFilter(), "loaded_language", limit=5)
    assert sorted(e.doc_key for e in examples) == ["a", "b"]
    assert reader.example_spans(any_store, setting, CorpusFilter(), "slogans") == []


def test_deleting_a_document_cascades(any_store: Store) -> None:
    setting = fill_store(
        any_store,
        [
            OutcomeRecord(
                _doc("c", "He said: cruel."),
                analysis_for("He said: cruel.", [("cruel", "loaded_language")], ["He said"]),
            )
        ],
    )
    assert setting.id
    with any_store.session() as session:
        session.execute(text("DELETE FROM documents"))
    assert (_count(any_store, Outcome), _count(any_store, SpanRow), _count(any_store, ClaimRow)) == (0, 0, 0)


def test_default_setting_is_the_newest_runs(any_store: Store) -> None:
    with pytest.raises(StoreError, match="run `spinscope batch` first"):
        reader.default_setting(any_store)
    first = fill_store(any_store, [])
    newer = writer.ensure_setting(any_store, MODEL.name, "2.0", MIN_SCORE)
    writer.start_run(any_store, "t", "test", newer, {})
    assert reader.default_setting(any_store).version == "2.0"
    assert reader.default_setting(any_store, "1.0").id == first.id
    with pytest.raises(StoreError, match=r"versions stored: 1\.0, 2\.0"):
        reader.default_setting(any_store, "9.9")


def test_postgres_refusal_becomes_a_stored_failure(tmp_path: Path) -> None:
    from tests.support.batch import open_test_store

    store = open_test_store("postgresql", tmp_path)
    try:
        bad = "text with a NUL \x00 inside"
        good = "a normal text"
        setting = fill_store(
            store,
            [
                OutcomeRecord(_doc("bad", bad), analysis_for(bad, [])),
                OutcomeRecord(_doc("good", good), analysis_for(good, [])),
            ],
        )
        records = {r["id"]: r for r in reader.export_records(store, ["bad", "good"], setting)}
        assert records["good"]["status"] == "done"
        assert records["bad"]["status"] == "failed"
        assert "NUL" in records["bad"]["error"]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "give a database file"),
        ("", "--db is empty"),
        ("/no/such/folder/x.db", "does not exist"),
    ],
)
def test_bad_database_values_are_one_line_errors(value: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(value)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))


def test_foreign_and_newer_databases_are_refused(tmp_path: Path) -> None:
    import sqlite3

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE documents (x INTEGER)")
    with pytest.raises(StoreError, match="no spinscope schema version"):
        open_store(str(foreign))
    newer = tmp_path / "newer.db"
    open_store(str(newer)).close()
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer than this spinscope release"):
        open_store(str(newer))


def test_claims_keep_entities_dates_and_quoted_flags(any_store: Store) -> None:
    from spinscope.analysis import Analysis, Claim, DateMention, Entity, Span

    text_value = "On 3 May 2024, Ana Petrović told the Valley Council: “the roof cost 85,000 euros.”"
    who, council, when = "Ana Petrović", "Valley Council", "3 May 2024"
    claim = Claim(
        start=0,
        end=len(text_value),
        text=text_value,
        score=0.91,
        entities=(
            Entity(text_value.index(who), text_value.index(who) + len(who), who, "PERSON"),
            Entity(text_value.index(council), text_value.index(council) + len(council), council, "ORG"),
        ),
        dates=(DateMention(3, 3 + len(when), when, "2024-05-03"),),
        quoted=True,
    )
    quote = text_value.index("the roof")
    span = Span(quote, quote + 8, "loaded_language", 0.7, "the roof", quoted=True)
    analysis = Analysis(text_value, (span,), MODEL, MIN_SCORE, (claim,))
    setting = fill_store(any_store, [OutcomeRecord(_doc("c", text_value), analysis)])
    loaded = reader.load_analyses(any_store, ["c"], setting)["c"]
    assert loaded.claims == analysis.claims
    assert loaded.spans[0].quoted
    [record] = reader.export_records(any_store, ["c"], setting)
    assert record["analysis"]["claims"][0]["entities"][0] == {
        "start": claim.entities[0].start,
        "end": claim.entities[0].end,
        "text": who,
        "label": "PERSON",
    }
    assert record["analysis"]["claims"][0]["dates"][0]["value"] == "2024-05-03"
