"""The Markdown view: escaped article with bold spans and [n] markers, legend, spans, claims.

Rendered with markdown-it (CommonMark plus GitHub tables and strikethrough) to check that
no article text turns into Markdown or HTML structure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from spinscope.analysis import Analysis, Claim, DateMention, Entity, ModelInfo, Span
from spinscope.analyzer import default_model_dir
from spinscope.render.markdown import article_markdown, escape_inline, render_markdown

MODEL = ModelInfo("hand-made", "1")
STRUCTURE = {
    "html_inline",
    "html_block",
    "link_open",
    "image",
    "code_inline",
    "code_block",
    "fence",
    "heading_open",
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "hr",
    "table_open",
    "s_open",
    "em_open",
}
PIECES = [
    *"ab1 \n\r\t.)<>&\"'`*_[]#-+=!|~\\:(",
    "😀",
    "é",
    "e\u0301",
    "ש",
    "    ",
    "1. ",
    "- ",
    "```",
    "&amp;",
    "http://x.y",
]


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(walk(token.children or []))
    return out


def plain_text(tokens: list[Token]) -> str:
    parts = []
    for token in walk(tokens):
        if token.type == "text":
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak", "paragraph_close"}:
            parts.append("\n")
    return "".join(parts)


def squash(text: str) -> str:
    return " ".join(text.split())


def with_markers(text: str, spans: list[Span]) -> str:
    """The text with "[n]" after the end of span n, as the Markdown article should read."""
    inserts: dict[int, list[int]] = {}
    for number, span in enumerate(spans, start=1):
        inserts.setdefault(span.end, []).append(number)
    out: list[str] = []
    for i in range(len(text) + 1):
        out.extend(f"[{n}]" for n in inserts.get(i, []))
        if i < len(text):
            out.append(text[i])
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=40)))
    bounds = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=6))
    spans = sorted(
        (
            Span(min(a, b), max(a, b), "loaded_language", 0.7, text[min(a, b) : max(a, b)])
            for a, b in pairs
            if a != b
        ),
        key=lambda s: (s.start, s.end),
    )
    return Analysis(text, tuple(spans), MODEL, 0.5)


@settings(max_examples=300, deadline=None)
@given(analyses())
def test_article_text_survives_and_creates_no_structure(analysis: Analysis) -> None:
    tokens = markdown().parse(article_markdown(analysis))
    kinds = {t.type for t in walk(tokens)}
    assert not kinds & STRUCTURE, kinds & STRUCTURE
    assert squash(plain_text(tokens)) == squash(with_markers(analysis.text, list(analysis.spans)))


def test_spans_are_bold_and_numbered() -> None:
    text = "Once again the gang of spendthrift planners wants more.\nIt is what it is."
    g = text.index("gang of spendthrift planners")
    s = text.index("spendthrift")
    t = text.index("It is what it is.")
    spans = (
        Span(g, g + 28, "name_calling", 0.9, text[g : g + 28]),
        Span(s, s + 11, "loaded_language", 0.7, "spendthrift"),
        Span(t, t + 17, "thought_terminating_cliche", 0.8, text[t : t + 17], quoted=True),
    )
    md = article_markdown(Analysis(text, spans, MODEL, 0.5))
    assert md == (
        "Once again the **gang of spendthrift\\[2\\] planners**\\[1\\] wants more.\n"
        "**It is what it is.**\\[3\\]"
    )
    html = markdown().render(md)
    assert "<strong>gang of spendthrift[2] planners</strong>[1]" in html


def test_leading_punctuation_stays_outside_bold() -> None:
    text = 'He said"stop it!"now'
    start = text.index('"stop')
    span = Span(start, start + 9, "slogans", 0.8, text[start : start + 9])
    html = markdown().render(article_markdown(Analysis(text, (span,), MODEL, 0.5)))
    assert "said&quot;<strong>stop it!</strong>[1]&quot;now" in html


def test_document_has_note_legend_spans_and_claims() -> None:
    text = "The **new** plan is a disastrous | betrayal, says Ana."
    d = text.index("disastrous")
    spans = (Span(d, d + 10, "loaded_language", 0.91, "disastrous", quoted=True),)
    claims = (
        Claim(0, len(text), text, 0.8, (Entity(len(text) - 4, len(text) - 1, "Ana", "PER"),)),
        Claim(0, 3, "The", 0.95, dates=(DateMention(0, 3, "The", None),)),
    )
    doc = render_markdown(Analysis(text, spans, MODEL, 0.5, claims), source="notes_*draft*.txt")
    assert doc.startswith("# spinscope analysis: notes\\_\\*draft\\*.txt\n")
    assert "rhetoric, not truth" in doc
    assert "| Loaded language | 1 | 1 | 100.0 |" in doc
    assert "1. **Loaded language** (0.91, quoted), characters 22–32: “disastrous”" in doc
    ranked = doc[doc.index("## Check-worthy claims") :]
    assert ranked.index("(0.95)") < ranked.index("(0.80)")
    assert "entities: Ana (PER)" in ranked
    html = markdown().render(doc)
    assert "<table>" in html and html.count("<tr>") == 2
    assert "<strong>new</strong>" not in html  # the article's own asterisks stay literal


def test_escape_inline_covers_markdown_and_html() -> None:
    assert escape_inline("<b>*x*</b> & [y](z) `c` ~~s~~ a|b \\") == (
        "\\<b\\>\\*x\\*\\</b\\> \\& \\[y\\](z) \\`c\\` \\~\\~s\\~\\~ a\\|b \\\\"
    )


def test_empty_analysis() -> None:
    doc = render_markdown(Analysis("Calm text.", (), MODEL, 0.5))
    assert "No technique spans reach this minimum score (" in doc and "## Spans" not in doc


@pytest.mark.skipif(
    not (default_model_dir() / "card.json").is_file(),
    reason=f"the trained model is not installed at {default_model_dir()}",
)
def test_cli_writes_markdown(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "notes.md"
    result = cli("analyze", "--sample", "--format", "md", "-o", str(out))
    assert result.code == 0, result.stderr
    doc = out.read_text(encoding="utf-8")
    assert doc.startswith("# spinscope analysis: sample:harbour-bridge.txt")
    assert "## Article" in doc and "\\[1\\]" in doc and "| Technique |" in doc
