"""The web app's URL input: off unless the server is started with it, and then refusing loopback,
private and link-local addresses; pages on 127.0.0.1 are reached only where a test allows it."""

from __future__ import annotations

import ipaddress

from tests.support.web import error_of, make_client

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


def test_url_input_is_off_by_default(server: str) -> None:
    with make_client() as client:
        response = client.post("/v1/analyze/url", json={"url": f"{server}/page.html"})
        assert response.status_code == 404 and "--url-input" in error_of(response)["message"]
        assert 'name="url"' not in client.get("/").text


def test_url_input_refuses_loopback_and_private_addresses(server: str) -> None:
    with make_client(url_input=True) as client:
        assert 'name="url"' in client.get("/").text
        for url in (f"{server}/page.html", "http://10.0.0.7/", "http://[::1]:9/", "http://169.254.169.254/"):
            response = client.post("/v1/analyze/url", json={"url": url})
            assert response.status_code == 422, url
            assert error_of(response)["code"] == "E006"
        bad = client.post("/v1/analyze/url", json={"url": "file:///etc/passwd"})
        assert bad.status_code == 422 and error_of(bad)["code"] == "E106"


def test_allowed_network_fetches_and_analyses_the_article(server: str) -> None:
    with make_client(url_input=True, url_allowed=LOOPBACK) as client:
        response = client.post("/v1/analyze/url", json={"url": f"{server}/page.html"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["source"] == f"{server}/page.html" and "<" not in body["text"]
        assert [body["text"][s["start"] : s["end"]] for s in body["spans"]] == ["disastrous", "traitors"]
        missing = client.post("/v1/analyze/url", json={"url": f"{server}/missing"})
        assert missing.status_code == 502 and error_of(missing)["code"] == "E005"
        empty = client.post("/v1/analyze/url", json={"url": f"{server}/empty.html"})
        assert empty.status_code == 422 and error_of(empty)["code"] == "E107"
        page = client.post("/", data={"url": f"{server}/page.html"})
        assert page.status_code == 200 and "would sell the waterfront" in page.text


def test_page_states_the_size_limit_and_links_the_api() -> None:
    with make_client(max_body=1_000_000) as client:
        page = client.get("/").text
        assert 'data-max-body="1000000"' in page and "up to 1,000,000 bytes" in page
        assert 'href="/docs"' in page and 'href="/corpus"' not in page  # no corpus without --db


def test_body_that_is_not_json_is_415() -> None:
    with make_client() as client:
        plain = client.post(
            "/v1/analyze", content=b"A disastrous plan.", headers={"content-type": "text/plain"}
        )
        assert plain.status_code == 415 and error_of(plain)["code"] == "E105"
        assert "application/json" in error_of(plain)["message"]
        form = client.post("/v1/analyze", data={"text": "A disastrous plan."})
        assert form.status_code == 415
        ok = client.post("/v1/analyze", json={"text": "A disastrous plan."})
        assert ok.status_code == 200
