"""The JSON API and the form page, through FastAPI's test client.

HTTP behaviour (limits, errors, auth, the bounded pool) is tested with a small analyzer
that marks fixed words (``tests/support/web.py``), so these tests run without the trained model; the
tests at the end run the real model when it is installed.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from spinscope.analysis import Span
from spinscope.analyzer import default_model_dir
from spinscope.render.json_view import analysis_json
from spinscope.serve import ServeSettings, create_app
from spinscope.serve.models import AnalysisOut, HealthOut, TechniqueOut
from spinscope.techniques import TECHNIQUES
from tests.support.web import WordAnalyzer, error_of, make_client

if TYPE_CHECKING:
    pass


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


def test_analyze_returns_the_cli_json(client: TestClient) -> None:
    text = "A disastrous plan 😀 by traitors."
    response = client.post("/v1/analyze", json={"text": text, "min_score": 0.3})
    assert response.status_code == 200
    body = response.json()
    AnalysisOut.model_validate(body)
    expected = analysis_json(WordAnalyzer().analyze(text, 0.3))
    assert body == expected
    assert [text[s["start"] : s["end"]] for s in body["spans"]] == ["disastrous", "traitors"]


def test_publication_date_reaches_the_analyzer() -> None:
    analyzer = WordAnalyzer()
    with make_client(analyzer) as c:
        assert c.post("/v1/analyze", json={"text": "a", "published": "2021-01-17"}).status_code == 200
        assert c.post("/v1/analyze", json={"text": "b"}).status_code == 200
        files = {"file": ("a.txt", b"some text", "text/plain")}
        upload = c.post("/v1/analyze/file", files=files, data={"published": "1990-01-19"})
        assert upload.status_code == 200
    assert analyzer.published_seen == [dt.date(2021, 1, 17), None, dt.date(1990, 1, 19)]


def test_form_publication_date_reaches_the_analyzer_and_stays_filled() -> None:
    analyzer = WordAnalyzer()
    with make_client(analyzer) as c:
        assert 'name="published" type="date"' in c.get("/").text
        page = c.post("/", data={"text": "a disastrous day", "published": "2021-01-17"})
        assert page.status_code == 200 and 'value="2021-01-17"' in page.text
        files = {"file": ("a.txt", b"some text", "text/plain")}
        assert c.post("/", data={"published": "1990-01-19"}, files=files).status_code == 200
        assert c.post("/", data={"text": "b", "published": ""}).status_code == 200
        bad = c.post("/", data={"text": "c", "published": "17/01/2021"})
        assert bad.status_code == 422 and "not an ISO 8601 date" in bad.text
        assert 'value="17/01/2021"' in bad.text
    assert analyzer.published_seen == [dt.date(2021, 1, 17), dt.date(1990, 1, 19), None]


def test_upload_text_file_includes_the_text(client: TestClient) -> None:
    data = b"Line one is disastrous.\r\nLine two: traitors!\n"
    response = client.post("/v1/analyze/file", files={"file": ("notes.txt", data, "text/plain")})
    assert response.status_code == 200
    body = response.json()
    assert body["source"] == "notes.txt"
    assert body["text"] == data.decode()
    assert [body["text"][s["start"] : s["end"]] for s in body["spans"]] == ["disastrous", "traitors"]


def test_upload_html_is_reduced_to_article_text(client: TestClient) -> None:
    html = b"""<!DOCTYPE html><html><head><title>Harbour news</title>
    <script>var tracking = "disastrous";</script></head><body>
    <nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>
    <article><h1>The harbour vote</h1>
    <p>The council called the old plan disastrous and said the new bridge would open in 2027.</p>
    <p>Opponents answered that only traitors would sell the waterfront to developers from outside.</p>
    <p>The vote takes place on the fourteenth of April in the town hall, and everyone may attend.</p>
    </article><footer>Copyright Port Elin Gazette</footer></body></html>"""
    response = client.post("/v1/analyze/file", files={"file": ("page.html", html, "text/html")})
    assert response.status_code == 200, response.text
    body = response.json()
    text = body["text"]
    assert "only traitors would sell the waterfront" in text
    assert "tracking" not in text and "Copyright" not in text
    assert body["text_length"] == len(text)
    assert [text[s["start"] : s["end"]] for s in body["spans"]] == ["disastrous", "traitors"]


def test_unsupported_upload_is_415(client: TestClient) -> None:
    response = client.post("/v1/analyze/file", files={"file": ("scan.pdf", b"%PDF-1.7", "application/pdf")})
    assert response.status_code == 415
    error = error_of(response)
    assert error["code"] == "E105" and "scan.pdf" in error["message"]


def test_upload_that_is_not_utf8_names_file_and_offset(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze/file", files={"file": ("latin.txt", b"caf\xe9 au lait", "text/plain")}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "E002" and "latin.txt" in error["message"] and "byte offset 3" in error["message"]


def test_html_without_article_text_is_422(client: TestClient) -> None:
    response = client.post("/v1/analyze/file", files={"file": ("empty.html", b"<html><body></body></html>")})
    assert response.status_code == 422
    assert error_of(response)["code"] == "E107"


def test_malformed_json_is_422_naming_the_body(client: TestClient) -> None:
    response = client.post(
        "/v1/analyze", content=b'{"text": "abc', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == "body" and "malformed JSON" in error["message"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": 12}, "text"),
        ({"text": "ok", "min_score": 1.5}, "min_score"),
        ({"text": "ok", "minscore": 0.2}, "minscore"),
        ({"text": "ok", "published": "17/01/2021"}, "published"),
        ({"text": "ok", "published": "2021-02-30"}, "published"),
        (b'{"text": "bad \\ud800 surrogate"}', "text"),
    ],
)
def test_invalid_fields_are_named(client: TestClient, payload: dict | bytes, field: str) -> None:
    if isinstance(payload, bytes):
        response = client.post("/v1/analyze", content=payload, headers={"content-type": "application/json"})
    else:
        response = client.post("/v1/analyze", json=payload)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "E106" and error["field"] == field


def test_body_over_limit_is_413_json() -> None:
    with make_client(max_body=1000) as c:
        small = c.post("/v1/analyze", json={"text": "x" * 900})
        assert small.status_code == 200
        big = c.post("/v1/analyze", json={"text": "x" * 2000})
        assert big.status_code == 413
        assert error_of(big)["code"] == "E104"
        upload = c.post("/v1/analyze/file", files={"file": ("a.txt", b"x" * 5000)})
        assert upload.status_code == 413 and error_of(upload)["code"] == "E104"


def test_streamed_body_over_limit_is_413_json() -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 100
        yield b'"}'

    with make_client(max_body=1000) as c:
        response = c.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413
        assert error_of(response)["code"] == "E104"


def test_token_required_when_configured() -> None:
    with make_client(api_token="s3cret-token") as c:
        assert c.post("/v1/analyze", json={"text": "hi"}).status_code == 401
        wrong = c.post("/v1/analyze", json={"text": "hi"}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert error_of(wrong)["code"] == "E101"
        # refused before the body is read: malformed JSON without a token is still 401
        assert (
            c.post("/v1/analyze", content=b"{", headers={"content-type": "application/json"}).status_code
            == 401
        )
        ok = c.post("/v1/analyze", json={"text": "hi"}, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200
        assert c.get("/healthz").json()["auth_required"] is True
        form = c.post("/", data={"text": "A disastrous idea.", "token": "nope"})
        assert form.status_code == 401 and "access token" in form.text
        form = c.post("/", data={"text": "A disastrous idea.", "token": "s3cret-token"})
        assert form.status_code == 200 and 'class="seg' in form.text


def test_token_from_environment() -> None:
    settings = ServeSettings().with_env({"SPINSCOPE_API_TOKEN": " abc "})
    assert settings.api_token == "abc"
    assert ServeSettings().with_env({"SPINSCOPE_API_TOKEN": ""}).api_token is None
    assert ServeSettings().with_env({}).api_token is None


def test_full_pool_answers_503_at_once_and_recovers() -> None:
    analyzer = WordAnalyzer(gate=threading.Event())
    with make_client(analyzer, pool_size=1, queue_size=0) as c, ThreadPoolExecutor(1) as background:
        first = background.submit(c.post, "/v1/analyze", json={"text": "disastrous"})
        assert analyzer.started.acquire(timeout=10)
        busy = c.post("/v1/analyze", json={"text": "second"})
        assert busy.status_code == 503
        assert busy.headers["retry-after"] == "1"
        assert error_of(busy)["code"] == "E108"
        assert c.get("/healthz").json()["pool"]["in_flight"] == 1
        analyzer.gate.set()  # type: ignore[union-attr]
        assert first.result(timeout=10).status_code == 200
        assert c.post("/v1/analyze", json={"text": "third"}).status_code == 200
        assert c.get("/healthz").json()["pool"]["in_flight"] == 0


def test_analysis_over_budget_is_503_timeout() -> None:
    analyzer = WordAnalyzer(gate=threading.Event())
    with make_client(analyzer, timeout=0.2) as c:
        response = c.post("/v1/analyze", json={"text": "slow"})
        assert response.status_code == 503
        error = error_of(response)
        assert error["code"] == "E109" and "0.2 s" in error["message"]
        analyzer.gate.set()  # type: ignore[union-attr]


def test_techniques_and_health(client: TestClient) -> None:
    techniques = client.get("/v1/techniques").json()
    assert [TechniqueOut.model_validate(t).id for t in techniques] == list(TECHNIQUES.ids)
    health = client.get("/healthz")
    HealthOut.model_validate(health.json())
    assert health.json()["model"] == {"name": "word-list", "version": "test"}


def test_docs_work_offline(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    schema = client.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/analyze/file", "/v1/techniques", "/healthz"} <= set(schema["paths"])


def test_docs_show_the_bearer_scheme_only_when_a_token_is_required(client: TestClient) -> None:
    open_schema = client.get("/openapi.json").json()
    assert "securitySchemes" not in open_schema.get("components", {})
    assert not any("security" in op for path in open_schema["paths"].values() for op in path.values())
    with make_client(api_token="t0ken") as guarded:
        schema = guarded.get("/openapi.json").json()
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    assert schema["paths"]["/v1/analyze"]["post"]["security"] == [{"HTTPBearer": []}]


def test_favicon(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00" and len(icon.content) < 8192  # an ICO file, small
    with make_client(api_token="t0ken") as guarded:
        assert guarded.get("/favicon.ico").status_code == 200  # reveals nothing: no token needed


def test_unknown_route_is_json_404(client: TestClient) -> None:
    response = client.get("/v1/nothing")
    assert response.status_code == 404
    assert error_of(response)["code"] == "E102"


def test_form_page_without_javascript(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="file"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text
    result = client.post("/", data={"text": "Such a disastrous <b>plan</b>."})
    assert result.status_code == 200
    assert 'class="seg has-spans t' in result.text
    assert "&lt;b&gt;plan&lt;/b&gt;" in result.text and "<b>plan</b>" not in result.text
    upload = client.post(
        "/", data={"text": ""}, files={"file": ("a.txt", b"Traitors everywhere.", "text/plain")}
    )
    assert upload.status_code == 200 and "Traitors" in upload.text
    for asset in ("/static/spinscope.css", "/static/spinscope.js"):
        assert client.get(asset).status_code == 200


def test_form_errors_render_as_page(client: TestClient) -> None:
    empty = client.post("/", data={"text": "  "})
    assert empty.status_code == 422 and "paste some text" in empty.text
    bad = client.post("/", data={"text": "x", "min_score": "2"})
    assert bad.status_code == 422 and "minimum score" in bad.text
    pdf = client.post("/", data={"text": ""}, files={"file": ("x.pdf", b"%PDF", "application/pdf")})
    assert pdf.status_code == 415 and "upload a .txt" in pdf.text


def test_form_body_over_limit_renders_page() -> None:
    with make_client(max_body=500) as c:
        response = c.post("/", data={"text": "z" * 2000}, headers={"Accept": "text/html"})
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")
        assert "larger than the limit of 500 bytes" in response.text


def test_settings_are_validated() -> None:
    from spinscope.errors import SpinscopeError

    with pytest.raises(SpinscopeError, match="pool size"):
        ServeSettings(pool_size=0)
    with pytest.raises(SpinscopeError, match="timeout"):
        ServeSettings(timeout=0)
    assert ServeSettings().loopback_only
    assert not ServeSettings(host="0.0.0.0").loopback_only


real_model = pytest.mark.skipif(
    not (default_model_dir() / "card.json").is_file(),
    reason=f"the trained model is not installed at {default_model_dir()}",
)


@pytest.fixture(scope="module")
def model_client() -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(pool_size=1)), raise_server_exceptions=False) as c:
        yield c


@real_model
def test_real_model_api_matches_library(model_client: TestClient) -> None:
    import spinscope
    from spinscope.cli.analyze_cmd import sample_text

    text = sample_text()
    response = model_client.post("/v1/analyze", json={"text": text})
    assert response.status_code == 200
    assert response.json() == analysis_json(spinscope.analyze(text))
    assert response.json()["spans"], "the sample article has persuasion techniques"


@real_model
def test_real_model_page_shows_highlights(model_client: TestClient) -> None:
    from spinscope.cli.analyze_cmd import sample_text

    response = model_client.post("/", data={"text": sample_text()})
    assert response.status_code == 200
    assert 'class="seg has-spans t' in response.text and "Techniques found" in response.text


def test_response_models_name_the_one_span_encoding(analyzer) -> None:  # type: ignore[no-untyped-def]
    """SpanOut documents Span.to_dict, key for key; /v1/analyze answers through AnalysisOut with
    exactly the keys of the CLI's JSON."""
    from spinscope.render.json_view import analysis_json
    from spinscope.serve.models import AnalysisOut, SpanOut

    span = Span(0, 4, "doubt", 0.123456, "Some", quoted=True)
    assert list(SpanOut.model_fields) == list(span.to_dict())
    assert SpanOut.from_span(span).model_dump() == span.to_dict()
    data = analysis_json(analyzer.analyze("A reckless, shameful plan. Critics say it will fail."))
    assert AnalysisOut.model_validate(data).model_dump(exclude_unset=True) == data
