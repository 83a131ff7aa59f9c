"""The corpus router: JSON API and HTML page with filters, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_batch_support import fill_store, open_test_store, synthetic_outcomes

from spinscope.corpus.web import build_corpus_router

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
    app = FastAPI()
    app.include_router(build_corpus_router(store))
    with TestClient(app) as test_client:
        yield test_client
    store.close()


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
    broken = client.get("/corpus", params={"since": "yesterday"})
    assert broken.status_code == 422 and "is not a date" in broken.text
    empty = client.get("/corpus", params={"keyword": "nothingmatchesthis"})
    assert empty.status_code == 200 and "No analysed documents match" in empty.text


def test_web_app_mounts_the_corpus_page(tmp_path: Path) -> None:
    """`spinscope serve --db` mounts the corpus router next to the analysis API."""
    from test_web_api import WordAnalyzer

    from spinscope.serve import ServeSettings, create_app

    store = open_test_store("sqlite", tmp_path)
    fill_store(store, synthetic_outcomes("Planet", 4, {"loaded_language": 0.05}, seed=1))
    analyzer = WordAnalyzer()
    app = create_app(ServeSettings(), lambda _: analyzer, [build_corpus_router(store)])  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        assert test_client.get("/corpus").status_code == 200
        sources = test_client.get("/v1/corpus/sources").json()
        assert "Planet" in str(sources)
        assert test_client.get("/healthz").status_code == 200
    store.close()


def test_page_links_home_and_explains_empty_comparisons(client: TestClient) -> None:
    page = client.get("/corpus")
    assert '<a href="/">Analyse a text</a>' in page.text and 'href="/corpus" aria-current="page"' in page.text
    same = client.get("/corpus", params={"a": "Planet", "b": "Planet"})
    assert "A and B are the same source" in same.text and "higher in" not in same.text
    same_api = client.get("/v1/corpus/compare", params={"a": "Star", "b": "Star"})
    assert same_api.json()["error"]["code"] == "E063" and "same source" in same_api.json()["error"]["message"]
    nothing = client.get("/corpus", params={"a": "Planet", "b": "Star", "keyword": "zzyzx"})
    assert "keyword &#x27;zzyzx&#x27;: no analysed document contains it" in nothing.text
