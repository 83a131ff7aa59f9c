"""The HTML report: segmentation at span boundaries, escaping, legend, chart, claims.

Analyses are built by hand, so these tests do not need the trained model (except the
command-line test at the end).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.analysis import Analysis, Claim, DateMention, Entity, ModelInfo, Span
from spinscope.analyzer import default_model_dir
from spinscope.render.html import DASH_PATTERNS, HtmlRenderer, csp_hash, render_report, technique_styles
from spinscope.render.segments import assign_lanes, segment_text, word_count
from spinscope.techniques import TECHNIQUES

MODEL = ModelInfo("hand-made", "1")
ALPHABET = st.sampled_from(
    [*"ab  \n\r\t<>&\"'/=;`*_[]#-", "😀", "e\u0301", "ש", "ل", "\u200f", "\u00a0", "\x00"]
)


@st.composite
def texts_with_ranges(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    text = "".join(draw(st.lists(ALPHABET, max_size=60)))
    bounds = st.integers(0, len(text))

    def ranges(max_size: int) -> list[tuple[int, int]]:
        pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=max_size))
        return [(min(a, b), max(a, b)) for a, b in pairs]

    return text, ranges(8), ranges(3)


def make_analysis(text: str, ranges: list[tuple[int, int]], claims: list[tuple[int, int]] = ()) -> Analysis:  # type: ignore[assignment]
    ids = TECHNIQUES.ids
    spans = tuple(
        Span(a, b, ids[i % len(ids)], 0.5 + (i % 5) / 10, text[a:b], quoted=i % 3 == 0)
        for i, (a, b) in enumerate(ranges)
    )
    return Analysis(
        text,
        spans,
        MODEL,
        0.4,
        tuple(Claim(a, b, text[a:b], 0.3 + i / 10) for i, (a, b) in enumerate(claims)),
    )


class ArticleParser(HTMLParser):
    """Collects the text of the article and, per text piece, the spans covering it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str | None]] = []
        self.pieces: list[tuple[str, frozenset[int]]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.stack.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        covering: set[int] = set()
        for attrs in self.stack:
            if attrs.get("data-spans"):
                covering |= {int(i) for i in (attrs["data-spans"] or "").split()}
        self.pieces.append((data, frozenset(covering)))


def parse_article(analysis: Analysis) -> ArticleParser:
    parser = ArticleParser()
    view = HtmlRenderer().view(analysis)
    parser.feed(str(view.article))
    parser.close()
    return parser


@settings(max_examples=150, deadline=None)
@given(texts_with_ranges())
def test_segments_cover_text_exactly(case: tuple[str, list[tuple[int, int]], list[tuple[int, int]]]) -> None:
    text, ranges, claim_ranges = case
    analysis = make_analysis(text, ranges, claim_ranges)
    segments = segment_text(text, analysis.spans, analysis.claims)
    assert "".join(s.text for s in segments) == text
    assert all(s.start < s.end for s in segments) or text == ""
    for seg in segments:
        assert seg.text == text[seg.start : seg.end]
        expected = tuple(i for i, (a, b) in enumerate(ranges) if a <= seg.start and seg.end <= b and a < b)
        assert seg.spans == expected
        assert seg.claims == tuple(
            i for i, (a, b) in enumerate(claim_ranges) if a <= seg.start and seg.end <= b and a < b
        )
    cuts = {s.start for s in segments}
    assert {a for a, b in ranges if a < b} <= cuts


@settings(max_examples=150, deadline=None)
@given(texts_with_ranges())
def test_article_markup_escapes_and_keeps_offsets(
    case: tuple[str, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    text, ranges, claim_ranges = case
    analysis = make_analysis(text, ranges, claim_ranges)
    parser = parse_article(analysis)
    assert parser.tags <= {"span"}
    # the parser sees the exact text (it normalises nothing here; browsers fold CR LF to LF)
    assert "".join(data for data, _ in parser.pieces) == text
    position = 0
    for data, covering in parser.pieces:
        for offset in range(position, position + len(data)):
            assert covering == {i for i, (a, b) in enumerate(ranges) if a <= offset < b}
        position += len(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=12))
def test_overlapping_spans_never_share_a_lane(pairs: list[tuple[int, int]]) -> None:
    spans = [Span(a, a + n, "doubt", 0.5, "") for a, n in pairs]
    lanes = assign_lanes(spans)
    for i, s in enumerate(spans):
        for j, t in enumerate(spans):
            if i < j and s.start < t.end and t.start < s.end:
                assert lanes[i] != lanes[j]
    depth = max((sum(1 for s in spans if s.start <= x < s.end) for x in range(80)), default=0)
    assert (max(lanes) + 1 if lanes else 0) == depth


def test_each_technique_has_its_own_colour_and_line_pattern() -> None:
    styles = technique_styles()
    assert len(styles) == len(TECHNIQUES)
    assert len({s.colour for s in styles}) == len(styles)
    assert len({s.dashes for s in styles}) == len(styles) == len(DASH_PATTERNS)
    css = HtmlRenderer().stylesheet()
    for style in styles:
        assert f".{style.css_class} {{ --tc: {style.colour}; }}" in css
        assert style.gradient in css


SAMPLE = (
    "Officials say the plan is a disastrous, reckless gamble.\n"
    'The mayor said "only traitors oppose us" on Monday.\n'
    "The bridge will cost 84 million crowns, the council said in 2023."
)


def sample_analysis() -> Analysis:
    def span(sub: str, technique: str, score: float, quoted: bool = False) -> Span:
        start = SAMPLE.index(sub)
        return Span(start, start + len(sub), technique, score, sub, quoted)

    spans = (
        span("a disastrous, reckless gamble", "exaggeration_minimisation", 0.62),
        span("disastrous, reckless", "loaded_language", 0.91),
        span("reckless", "loaded_language", 0.55),
        span("only traitors oppose us", "name_calling", 0.77, quoted=True),
    )
    c1 = SAMPLE.index("The bridge")
    c0 = SAMPLE.index("The mayor")
    claims = (
        Claim(c0, SAMPLE.index("\n", c0), SAMPLE[c0 : SAMPLE.index("\n", c0)], 0.35, quoted=True),
        Claim(
            c1,
            len(SAMPLE),
            SAMPLE[c1:],
            0.88,
            entities=(Entity(c1 + 4, c1 + 10, "bridge", "FAC"),),
            dates=(DateMention(len(SAMPLE) - 5, len(SAMPLE) - 1, "2023", "2023"),),
        ),
    )
    return Analysis(SAMPLE, spans, MODEL, 0.4, claims)


def test_report_is_self_contained_with_matching_csp() -> None:
    html = render_report(sample_analysis(), source="sample.txt")
    assert html.startswith("<!DOCTYPE html>")
    refs = re.findall(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)""", html)
    assert refs and all(ref.startswith("#ss-claim-") for ref in refs), refs
    assert "http://" not in html and "https://" not in html and "@import" not in html
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style and script
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert f"style-src {csp_hash(style.group(1))}" in policy
    assert f"script-src {csp_hash(script.group(1))}" in policy
    assert "default-src 'none'" in policy


def test_report_legend_chart_note_and_claims() -> None:
    analysis = sample_analysis()
    html = render_report(analysis, source="sample.txt")
    view = HtmlRenderer().view(analysis)
    words = word_count(SAMPLE)
    assert view.words == words == 30
    rows = {row.style.id: row for row in view.legend}
    assert rows["loaded_language"].count == 2
    assert rows["loaded_language"].per_1000_words == round(2 * 1000 / words, 1)
    assert rows["name_calling"].quoted == 1
    # legend in registry order; chart sorted by rate, bar widths proportional
    assert [r.style.id for r in view.legend] == [
        "exaggeration_minimisation",
        "loaded_language",
        "name_calling",
    ]
    bars = view.chart.bars
    assert bars[0].name == "Loaded language"
    assert bars[0].width == pytest.approx(2 * bars[1].width, rel=0.01)
    assert html.count("<rect ") == 3
    assert "rhetoric, not truth" in html and "reported speech" in html
    # claims ranked by score with entities and dates; the link targets the claim's first segment
    assert [c.claim.score for c in view.claims] == [0.88, 0.35]
    first_link = html.index('href="#ss-claim-1"')
    assert first_link < html.index('href="#ss-claim-0"')
    assert 'id="ss-claim-1"' in html and 'id="ss-claim-0"' in html
    assert "bridge <small>(FAC)</small>" in html and "2023 <small>= 2023</small>" in html
    assert '<span class="ss-tag">quoted</span>' in html


def test_overlaps_quoted_spans_and_focus_order() -> None:
    analysis = sample_analysis()
    markup = str(HtmlRenderer().view(analysis).article)
    # "reckless" is inside three spans: three underline layers on three lanes
    reckless = re.search(r'<span class="seg has-spans t\d+" data-spans="0 1 2"[^>]*>(.*?)reckless', markup)
    assert reckless is not None
    layers = re.findall(r'class="u (t\d+) l(\d)( q)?"', reckless.group(1))
    assert sorted(lane for _, lane, _ in layers) == ["0", "1", "2"]
    # quoted spans are marked, and each span's first segment is focusable (one Tab stop per span)
    assert re.search(r'class="u t\d+ l\d q"', markup)
    assert markup.count('tabindex="0"') == len({s.start for s in analysis.spans}) == 4
    assert 'title="Name calling or labelling (0.77, quoted)"' in markup


def test_hostile_text_and_fields_are_escaped_everywhere() -> None:
    payload = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>'
    text = f"Start {payload} end."
    start = text.index(payload)
    analysis = Analysis(
        text,
        (Span(start, start + len(payload), payload, 0.9, payload),),
        ModelInfo("<b>m</b>", "1"),
        0.5,
        (Claim(0, len(text), text, 0.5, (Entity(0, 5, "Start", payload),)),),
    )
    html = render_report(analysis, source=payload)
    assert "<script>alert" not in html and "<img" not in html
    assert html.count("<script") == 2  # the JSON data block and the page script
    data = re.search(r'<script type="application/json" class="spinscope-data">(.*?)</script>', html, re.S)
    assert data is not None and "<" not in data.group(1)
    assert 'class="u tx l0"' in html  # an unknown technique id is drawn in the neutral style


def test_empty_and_failed_analyses() -> None:
    empty = render_report(Analysis("Nothing to see.", (), MODEL, 0.5), source="calm.txt")
    assert "No technique spans reach this minimum score (" in empty and "<svg" not in empty
    failed = render_report(Analysis("", (), MODEL, 0.5, error="analysis failed: boom"))
    assert 'role="alert">Analysis failed: analysis failed: boom' in failed


needs_model = pytest.mark.skipif(
    not (default_model_dir() / "card.json").is_file(),
    reason=f"the trained model is not installed at {default_model_dir()}",
)


@needs_model
def test_cli_writes_html_report(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli("analyze", "--sample", "--format", "html", "-o", str(out))
    assert result.code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "sample:harbour-bridge.txt" in html
    assert 'class="seg has-spans t' in html and "Techniques found" in html


def test_highlights_are_tinted_and_the_claim_shading_has_a_legend_entry() -> None:
    analysis = sample_analysis()
    renderer = HtmlRenderer()
    html = str(renderer.fragment(analysis))
    # a segment takes the tint of the technique on its top lane; claims are shaded grey
    styles = {s.id: s for s in technique_styles()}
    reckless = re.search(r'<span class="seg has-spans (t\d+)" data-spans="0 1 2"', html)
    assert reckless is not None and reckless.group(1) == styles["exaggeration_minimisation"].css_class
    css = renderer.stylesheet()
    assert re.search(
        r"\.seg\.has-spans \{ background-image: linear-gradient\(color-mix\(in srgb, var\(--tc\) \d+%", css
    )
    assert "background-size: auto 4px" in css
    key = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S)
    assert key is not None and 'class="sw-claim"' in key.group(1) and "check-worthy claim" in key.group(1)
    claim_colour = re.search(r"\.seg\.claim \{ background-color: (#[0-9a-f]{6}); \}", css)
    assert claim_colour is not None and f"background: {claim_colour.group(1)};" in css.split(".sw-claim {")[1]
    # without technique spans the claim key stands alone
    bare = str(renderer.fragment(Analysis(SAMPLE, (), MODEL, 0.4, analysis.claims)))
    assert "<tfoot>" not in bare and 'class="sw-claim"' in bare
