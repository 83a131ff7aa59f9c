"""HTML files recognised by content, URLs fetched with limits, private addresses refused on request.
The only network used is a local HTTP server on 127.0.0.1 started by these tests."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from spinscope.errors import FetchError, NoArticleTextError, RefusedAddressError
from spinscope.ingest.article import article_from_text, article_from_url, looks_like_html
from spinscope.ingest.fetch import FetchPolicy, fetch
from tests.support.local_server import PAGE

LOCAL = FetchPolicy(public_only=True, allowed=(ipaddress.ip_network("127.0.0.1/32"),))


def test_html_is_recognised_by_content_not_name() -> None:
    assert looks_like_html(PAGE.decode())
    assert looks_like_html("\ufeff  <!-- saved -->\n<html lang=en><body><p>x</p></body></html>")
    assert looks_like_html("<div><p>A fragment</p><p>of a page</p></div>")
    assert not looks_like_html("The council met on Monday. <b> is a tag people write about.")
    assert not looks_like_html("a < b and c > d, said the mathematician.")


def test_html_text_is_reduced_to_article_text_unless_raw() -> None:
    article = article_from_text(PAGE.decode(), "page.txt")
    assert article.extracted_from == "html" and "only traitors would sell" in article.text
    assert "<" not in article.text and "tracking" not in article.text
    assert "offsets refer to that text" in (article.note() or "")
    raw = article_from_text(PAGE.decode(), "page.txt", raw=True)
    assert raw.text == PAGE.decode() and raw.note() is None


def test_page_without_text_is_an_error_with_its_code() -> None:
    with pytest.raises(NoArticleTextError) as caught:
        article_from_text("<html><body></body></html>", "empty.html")
    assert caught.value.code == "E107" and "empty.html" in str(caught.value)


def test_fetch_follows_bounded_redirects(server: str) -> None:
    article = article_from_url(f"{server}/moved", policy=LOCAL)
    assert article.source == f"{server}/moved" and "only traitors would sell" in article.text
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"{server}/loop", FetchPolicy(max_redirects=2))


@pytest.mark.parametrize(
    ("path", "policy", "message"),
    [
        ("/missing", FetchPolicy(), "answered 404"),
        ("/scan.pdf", FetchPolicy(), "is application/pdf, not a web page"),
        ("/big.html", FetchPolicy(max_bytes=10_000), "more than the limit of 10,000 bytes"),
        ("/slow", FetchPolicy(timeout=0.5), "within 0.5 s"),
    ],
)
def test_fetch_errors_are_one_line_with_a_code(
    server: str, path: str, policy: FetchPolicy, message: str
) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}{path}", policy)
    assert caught.value.code == "E005" and message in str(caught.value) and "\n" not in str(caught.value)


def test_plain_text_url_is_analysed_as_text(server: str) -> None:
    article = article_from_url(f"{server}/notes.txt")
    assert article.text == "Plain notes about the harbour." and article.extracted_from is None


def test_public_only_refuses_loopback_private_and_link_local(server: str) -> None:
    for url in (f"{server}/page.html", "http://localhost:9/", "http://10.1.2.3/", "http://169.254.169.254/"):
        with pytest.raises(RefusedAddressError) as caught:
            fetch(url, FetchPolicy(public_only=True, timeout=2))
        assert caught.value.code == "E006"
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")


def test_cli_analyses_html_file_and_url(cli, tmp_path: Path, server: str) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    result = cli("analyze", str(page), "--format", "json")
    assert result.code == 0, result.stderr
    assert "HTML page; analysing its article text" in result.stderr
    data = json.loads(result.stdout)
    assert "<" not in data["text"] and "only traitors would sell" in data["text"]
    assert all(data["text"][s["start"] : s["end"]] == s["text"] for s in data["spans"])
    raw = cli("analyze", str(page), "--raw", "--format", "json")
    assert raw.code == 0 and "HTML page" not in raw.stderr
    fetched = cli("analyze", f"{server}/page.html", "--format", "json")
    assert fetched.code == 0, fetched.stderr
    assert json.loads(fetched.stdout)["text"] == data["text"]
    missing = cli("analyze", f"{server}/missing")
    assert missing.code == 2 and "[E005]" in missing.stderr and "Traceback" not in missing.stderr
