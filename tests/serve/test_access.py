"""With an access token set, every route that can reveal stored or analysed data needs it:
the test walks the app's routes, so a route added later cannot skip the check silently."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route

from spinscope.serve import ServeSettings, create_app
from spinscope.serve.access import PUBLIC_PREFIXES, PUBLIC_ROUTES, SESSION_COOKIE
from tests.support.batch import fill_store, open_test_store, store_location, synthetic_outcomes
from tests.support.web import WordAnalyzer

TOKEN = "s3cret-token"
EXPECTED_PUBLIC = {
    ("GET", "/"),
    ("POST", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/static/spinscope.css"),
    ("GET", "/static/spinscope.js"),
    ("GET", "/favicon.ico"),
    ("GET", "/healthz"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/openapi.json"),
}


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = open_test_store("sqlite", tmp_path)
    fill_store(
        store, synthetic_outcomes("Planet", 4, {"loaded_language": 0.05}, seed=1, start=dt.date(2024, 1, 1))
    )
    store.close()
    settings = ServeSettings(api_token=TOKEN, corpus_db=store_location(store))
    app = create_app(settings, lambda _: WordAnalyzer())
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with its full path prefix, through included routers (FastAPI >= 0.120 keeps
    them as branches of ``original_router``)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _walk(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
        else:
            yield prefix, route


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for prefix, route in _walk(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route, Mount):
            assert prefix + route.path + "/" in PUBLIC_PREFIXES, f"mounted {route.path} is not reviewed"
            continue
        assert isinstance(route, APIRoute | Route), route
        path = prefix + re.sub(r"\{[^}]+\}", "x", route.path)
        found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_the_public_routes_are_the_reviewed_ones() -> None:
    assert PUBLIC_ROUTES == EXPECTED_PUBLIC  # adding a public route is a deliberate change here


def test_every_other_route_needs_the_token(client: TestClient) -> None:
    routes = _routes(client)
    assert ("GET", "/corpus") in routes and ("GET", "/v1/corpus/documents") in routes
    protected = [r for r in routes if r not in PUBLIC_ROUTES]
    assert len(protected) >= 7
    for method, path in protected:
        params = {"a": "Planet", "b": "Planet", "keyword": "story"}
        refused = client.request(method, path, params=params)
        assert refused.status_code == 401, (method, path, refused.status_code)
        assert "Planet" not in refused.text and "story" not in refused.text
        allowed = client.request(method, path, params=params, headers={"Authorization": f"Bearer {TOKEN}"})
        assert allowed.status_code != 401, (method, path)
        wrong = client.request(method, path, params=params, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401, (method, path)


def test_public_routes_reveal_no_stored_data(client: TestClient) -> None:
    for method, path in PUBLIC_ROUTES:
        if method == "GET" and path != "/login":
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "Planet" not in answer.text, path
    form = client.post("/", data={"text": "A disastrous idea."})
    assert form.status_code == 401 and "disastrous" not in form.text.split("</textarea>")[1]


def test_corpus_page_in_a_browser_signs_in_with_a_cookie(client: TestClient) -> None:
    page = client.get("/corpus?by=month", headers={"Accept": "text/html"})
    assert page.status_code == 401 and "Planet" not in page.text
    assert 'action="/login"' in page.text and 'value="/corpus?by=month"' in page.text
    wrong = client.post("/login", data={"token": "nope", "next": "/corpus"}, follow_redirects=False)
    assert wrong.status_code == 401 and SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    ok = client.post("/login", data={"token": TOKEN, "next": "/corpus?by=source"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/corpus?by=source"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert TOKEN not in cookie
    signed_in = client.get("/corpus", headers={"Accept": "text/html"})
    assert signed_in.status_code == 200 and "Planet" in signed_in.text
    assert client.get("/v1/corpus/sources").status_code == 200  # the cookie works for the API too


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "corpus"])
def test_login_never_redirects_off_the_server(client: TestClient, target: str) -> None:
    ok = client.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
