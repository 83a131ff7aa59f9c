"""The corpus router: JSON API and HTML page with filters, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from spinscope.errors import DatabaseNotFoundError
from spinscope.serve import ServeSettings, create_app
from tests.support.batch import fill_store, open_test_store, store_location, synthetic_outcomes
from tests.support.web import WordAnalyzer

HTML = {"accept": "text/html"}

EVIL = '<img src=x onerror="alert(1)">'


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_test_store(request.param, tmp_path)
    fill_store(
        store,
        synthetic_outcomes("Planet", 12, {"loaded_language": 0.05}, seed=1)
        + synthetic_outcomes("Star", 12, {"loaded_language": 0.01}, seed=2, start=dt.date(2024, 6, 1))
        + synthetic_outcomes(EVIL, 3, {"doubt": 0.02}, seed=3),
    )
    store.close()
    app = create_app(ServeSettings(corpus_db=store_location(store)), lambda _: WordAnalyzer())  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        yield test_client


def test_sources(client: TestClient) -> None:
    data = client.get("/v1/corpus/sources").json()
    assert data["sources"][:2] == [{"source": "Planet", "documents": 12}, {"source": "Star", "documents": 12}]


def test_stats_with_filters(client: TestClient) -> None:
    everything = client.get("/v1/corpus/stats", params={"by": "source"}).json()
    assert [g["group"]["source"] for g in everything["groups"]] == sorted(["Planet", "Star", EVIL])
    assert everything["total"]["documents"] == 27
    assert everything["model"]["version"] == "1.0"
    planet = client.get("/v1/corpus/stats", params={"source": ["Planet"], "by": "month"}).json()
    assert planet["total"]["documents"] == 12 and planet["filter"]["sources"] == ["Planet"]
    assert all(g["group"]["month"].startswith("2024-") for g in planet["groups"])
    dated = client.get("/v1/corpus/stats", params={"since": "2024-06-01"}).json()
    assert dated["total"]["documents"] == 12  # Star starts in June; the others end in March
    keyword = client.get("/v1/corpus/stats", params={"keyword": "story"}).json()
    assert keyword["total"]["documents"] == 27  # titles are searched too ("... story N")
    bad = client.get("/v1/corpus/stats", params={"by": "weekday"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "E003"


def test_compare_and_documents(client: TestClient) -> None:
    data = client.get("/v1/corpus/compare", params={"a": "Planet", "b": "Star", "resamples": 1000}).json()
    assert data["techniques"][0]["technique"] == "loaded_language" and data["techniques"][0]["significant"]
    missing = client.get("/v1/corpus/compare", params={"a": "Planet", "b": "Moon"})
    assert missing.status_code == 404 and "Moon" in missing.json()["error"]["message"]
    docs = client.get("/v1/corpus/documents", params={"source": ["Star"], "limit": 5}).json()
    assert len(docs["documents"]) == 5 and docs["documents"][0]["source"] == "Star"
    assert docs["documents"][0]["published"] >= docs["documents"][1]["published"]


def test_page_renders_filters_stats_and_comparison_safely(client: TestClient) -> None:
    page = client.get(
        "/corpus", params={"by": "source", "a": "Planet", "b": "Star", "since": "", "until": ""}
    )
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    body = page.text
    assert body.count("<svg") == 2 and "<form" in body and "Holm" in body
    assert EVIL not in body and "&lt;img src=x onerror=" in body
    assert "<script" not in body
    broken = client.get("/corpus", params={"since": "yesterday"}, headers=HTML)
    assert broken.status_code == 422 and "is not a date" in broken.text and "<form" in broken.text
    assert client.get("/corpus", params={"since": "yesterday"}).json()["error"]["code"] == "E003"
    empty = client.get("/corpus", params={"keyword": "nothingmatchesthis"})
    assert empty.status_code == 200 and "No analysed documents match" in empty.text


def test_web_app_mounts_the_corpus_page(tmp_path: Path) -> None:
    """`spinscope serve --db` mounts the corpus router next to the analysis API; the app opens
    the store when it starts and closes it when it stops."""
    store = open_test_store("sqlite", tmp_path)
    fill_store(store, synthetic_outcomes("Planet", 4, {"loaded_language": 0.05}, seed=1))
    store.close()
    app = create_app(ServeSettings(corpus_db=store_location(store)), lambda _: WordAnalyzer())  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        assert test_client.get("/corpus").status_code == 200
        sources = test_client.get("/v1/corpus/sources").json()
        assert "Planet" in str(sources)
        assert test_client.get("/healthz").status_code == 200
        pool = app.state.corpus_store.engine.pool
        assert pool.checkedin() >= 1
    assert app.state.corpus_store.engine.pool.checkedin() == 0  # closed: its connections are gone


def test_no_store_no_corpus_routes() -> None:
    with TestClient(create_app(ServeSettings(), lambda _: WordAnalyzer())) as test_client:  # type: ignore[arg-type]
        assert test_client.get("/corpus").status_code == 404
        assert test_client.get("/v1/corpus/sources").json()["error"]["code"] == "E102"


def test_missing_store_stops_the_app_from_starting(tmp_path: Path) -> None:
    app = create_app(ServeSettings(corpus_db=str(tmp_path / "none.db")), lambda _: WordAnalyzer())  # type: ignore[arg-type]
    with pytest.raises(DatabaseNotFoundError, match="no such result store"), TestClient(app):
        pass


def test_page_links_home_and_explains_empty_comparisons(client: TestClient) -> None:
    page = client.get("/corpus")
    assert '<a href="/">Analyse a text</a>' in page.text and 'href="/corpus" aria-current="page"' in page.text
    same = client.get("/corpus", params={"a": "Planet", "b": "Planet"}, headers=HTML)
    assert (
        same.status_code == 404
        and "A and B are the same source" in same.text
        and "higher in" not in same.text
    )
    assert '<option value="Planet" selected>Planet (12)</option>' in same.text  # the form as it was left
    same_api = client.get("/v1/corpus/compare", params={"a": "Star", "b": "Star"})
    assert same_api.json()["error"]["code"] == "E063" and "same source" in same_api.json()["error"]["message"]
    nothing = client.get("/corpus", params={"a": "Planet", "b": "Star", "keyword": "zzyzx"}, headers=HTML)
    assert "keyword &#39;zzyzx&#39;: no analysed document contains it" in nothing.text
