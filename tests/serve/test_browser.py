"""The HTML report and the web app in a real browser (Debian's Chromium driven by Playwright).

Checks that hostile article text never runs (no script, no dialog), that highlights,
tooltips, the legend and claim links work, and saves screenshots to artifacts/browser/.
Skips, saying why, when Chromium or Playwright is missing; the web app tests also need the
trained model.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spinscope.analysis import Analysis, Claim, DateMention, Entity, ModelInfo, Span
from spinscope.analyzer import default_model_dir
from spinscope.render.html import render_report
from tests.support import FIXTURES, ROOT

CHROMIUM = os.environ.get("SPINSCOPE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("SPINSCOPE_TEST_ARTIFACTS", ROOT / "artifacts" / "browser"))
PAGES = FIXTURES / "web"

XSS_PAYLOADS = (
    "<script>window.__xss = 'script-tag'; alert(1)</script>",
    '"><img src=x onerror="window.__xss = \'img-onerror\'; alert(2)">',
    "</style><script>window.__xss = 'style-breakout'</script>",
    "</script><script>window.__xss = 'json-breakout'</script>",
    "<a href=\"javascript:window.__xss = 'js-link'\">click me</a>",
    "<svg onload=\"window.__xss = 'svg-onload'\"></svg>",
    "<iframe srcdoc=\"<script>parent.__xss = 'iframe'</script>\"></iframe>",
    "{{ 7 * 7 }} ${alert(3)} ' onmouseover='window.__xss = 1",
)
HOSTILE_TEXT = (
    "Headline with an emoji 😀 and e\u0301 combining mark.\r\n\r\n"
    + "\r\n".join(f"Paragraph {i}: {p} and a disastrous end." for i, p in enumerate(XSS_PAYLOADS))
    + "\r\nشعار عربي في النهاية\r\n"
)


def _launch(executable: str = CHROMIUM) -> Any:
    if not Path(executable).exists():
        pytest.skip(f"Chromium not found at {executable} (install Debian's 'chromium' package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package 'playwright' is not installed (it is in the test extra)")
    return sync_playwright, executable


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright, executable = _launch()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class GuardedPage:
    """A page that records dialogs (and dismisses them) and page errors."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("() => window.__xss") is None
        assert (
            self.page.evaluate(
                "() => document.querySelectorAll('iframe, img, svg a, a[href^=javascript]').length"
            )
            == 0
        )
        assert self.dialogs == []
        assert self.errors == []

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def guarded(browser: Any) -> Iterator[GuardedPage]:
    page = GuardedPage(browser)
    yield page
    page.close()


def hostile_analysis() -> Analysis:
    text = HOSTILE_TEXT
    spans: list[Span] = []
    for payload in XSS_PAYLOADS:
        start = text.index(payload)
        spans.append(Span(start, start + len(payload), "loaded_language", 0.81, payload))
        inner = start + len(payload) // 3
        spans.append(
            Span(inner, start + len(payload) + 6, "doubt", 0.55, text[inner : start + len(payload) + 6], True)
        )
    odd = text.index("😀")
    spans.append(Span(odd, odd + 1, '"><script>window.__xss = "technique"</script>', 0.7, "😀"))
    spans.sort(key=lambda s: (s.start, s.end))
    first = text.index("Paragraph 0")
    claim_end = text.index("\r\n", first)
    last = text.index("Paragraph 7")
    claims = (
        Claim(
            first,
            claim_end,
            text[first:claim_end],
            0.41,
            (Entity(first, first + 9, "Paragraph", "<b>ORG</b>"),),
        ),
        Claim(
            last,
            text.index("\r\n", last),
            text[last : text.index("\r\n", last)],
            0.93,
            dates=(DateMention(last, last + 3, "Par", "<script>alert(4)</script>"),),
        ),
    )
    return Analysis(text, tuple(spans), ModelInfo("hand-made", "<i>1</i>"), 0.5, claims)


def test_report_file_runs_no_injected_code(guarded: GuardedPage, tmp_path: Path) -> None:
    analysis = hostile_analysis()
    report = tmp_path / "report.html"
    report.write_text(
        render_report(analysis, source="<script>alert('source')</script>.txt"), encoding="utf-8"
    )
    page = guarded.page
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    # the article shows exactly the analysed text (the HTML parser turns CRLF into LF)
    shown = page.evaluate("() => document.querySelector('.ss-article').textContent")
    assert shown == analysis.text.replace("\r\n", "\n")
    # move over and focus every highlight and claim: still nothing runs
    for segment in page.query_selector_all(".seg.has-spans"):
        segment.hover()
    page.keyboard.press("Tab")
    for link in page.query_selector_all("a.claim-link"):
        link.click()
    guarded.assert_nothing_ran()
    guarded.screenshot("report-hostile.png")


def test_report_tooltips_keyboard_and_claims(guarded: GuardedPage, tmp_path: Path) -> None:
    analysis = hostile_analysis()
    report = tmp_path / "report.html"
    report.write_text(render_report(analysis, source="hostile.txt"), encoding="utf-8")
    page = guarded.page
    page.goto(report.as_uri())
    # keyboard: the first Tab stop in the article is the first span, and it shows its tooltip
    first_span_segment = page.locator(".seg[tabindex='0']").first
    first_span_segment.focus()
    tip = page.locator(".ss-tip")
    assert tip.is_visible()
    assert "score 0.70" in tip.inner_text()  # the unknown technique on the emoji comes first
    assert '"><script>' in tip.inner_text()  # shown as text, not run
    page.keyboard.press("Tab")
    assert "Loaded language" in tip.inner_text()
    assert "strong emotional connotations" in tip.inner_text()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    # hover: a quoted span says it is reported speech
    page.locator(".seg .u.q").first.hover()
    assert "quoted speech" in tip.inner_text()
    # claims are ranked by score and a click highlights the claim's sentence in view
    links = page.locator("a.claim-link")
    assert links.count() == 2 and links.first.inner_text().startswith("0.93")
    links.first.click()
    active = page.locator(".seg.claim-active")
    assert active.count() >= 1
    assert "".join(active.all_text_contents()) == analysis.claims[1].text
    assert page.evaluate(
        "() => { const r = document.querySelector('.seg.claim-active').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    # legend and chart
    assert page.locator(".ss-legend tbody tr").count() == 3
    assert page.locator(".ss-chart svg rect").count() == 3
    guarded.screenshot("report-claim-selected.png")


# ---- the web app -------------------------------------------------------------------------

needs_model = pytest.mark.skipif(
    not (default_model_dir() / "card.json").is_file(),
    reason=f"the trained model is not installed at {default_model_dir()}",
)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    import uvicorn

    from spinscope.serve import ServeSettings, create_app

    config = uvicorn.Config(
        create_app(ServeSettings(pool_size=1)), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@needs_model
def test_web_app_sample_shows_highlights(guarded: GuardedPage, server_url: str) -> None:
    from spinscope.cli.analyze_cmd import sample_text

    page = guarded.page
    page.goto(server_url + "/")
    page.fill("#ss-text", sample_text())
    page.click("button[type=submit]")
    page.wait_for_selector(".ss-article")
    assert page.locator(".seg.has-spans").count() > 0
    assert page.locator(".ss-legend tbody tr").count() > 0
    assert page.locator(".ss-chart svg rect").count() == page.locator(".ss-legend tbody tr").count()
    assert "rhetoric, not truth" in page.locator(".ss-note").inner_text()
    page.locator(".seg.has-spans").first.hover()
    assert page.locator(".ss-tip").is_visible()
    guarded.assert_nothing_ran()
    guarded.screenshot("web-sample.png")


@needs_model
def test_web_app_html_upload(guarded: GuardedPage, server_url: str) -> None:
    page = guarded.page
    page.goto(server_url + "/")
    page.set_input_files("#ss-file", str(PAGES / "harbour-gazette.html"))
    page.click("button[type=submit]")
    page.wait_for_selector(".ss-article")
    article = page.locator(".ss-article").inner_text()
    assert "Campaigners against the planned Harbour Link bridge" in article
    assert "Subscribe today" not in article and "All rights reserved" not in article
    assert page.evaluate("() => window.__fixtureScriptRan") is None
    guarded.assert_nothing_ran()
    guarded.screenshot("web-html-upload.png")


@needs_model
def test_web_app_runs_no_injected_code(guarded: GuardedPage, server_url: str) -> None:
    page = guarded.page
    page.goto(server_url + "/")
    text = "\n" + HOSTILE_TEXT  # a leading line break must survive the round trip too
    page.fill("#ss-text", text)
    page.click("button[type=submit]")
    page.wait_for_selector(".ss-article")
    shown = page.evaluate("() => document.querySelector('.ss-article').textContent")
    assert shown == text.replace("\r\n", "\n")
    assert page.input_value("#ss-text") == text.replace("\r\n", "\n")
    for segment in page.query_selector_all(".seg.has-spans"):
        segment.hover()
    guarded.assert_nothing_ran()
    guarded.screenshot("web-hostile.png")


@needs_model
def test_docs_load_nothing_from_elsewhere(guarded: GuardedPage, server_url: str) -> None:
    requested: list[str] = []
    guarded.page.on("request", lambda request: requested.append(request.url))
    guarded.page.goto(server_url + "/docs")
    guarded.page.wait_for_selector(".opblock-summary-path")
    assert "/v1/analyze" in guarded.page.locator(".opblock-summary-path").all_inner_texts()
    assert requested and all(url.startswith(server_url) for url in requested), requested
    assert guarded.errors == []


def test_missing_chromium_skips_with_reason(tmp_path: Path) -> None:
    """Without a browser the tests skip and say why (never silently)."""
    missing = str(tmp_path / "no-chromium")
    with pytest.raises(pytest.skip.Exception, match=f"Chromium not found at {missing}"):
        _launch(missing)
