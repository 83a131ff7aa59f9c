"""Every renderer says when the text is a sentence or two, which the model reads less reliably."""

from __future__ import annotations

import pytest
from rich.console import Console

from spinscope.analysis import Analysis, ModelInfo
from spinscope.render.html import HtmlRenderer
from spinscope.render.markdown import render_markdown
from spinscope.render.messages import short_text_message
from spinscope.render.terminal import render


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They lie.", "This text is one sentence."),
        ("They lie. Everyone knows it.", "This text is 2 sentences."),
        ("They lie. Everyone knows it. Vote them out.", None),
        ("   \n", None),
        ("word " * 400, None),  # long texts are never called short
    ],
)
def test_short_text_message(text: str, expected: str | None) -> None:
    message = short_text_message(text)
    if expected is None:
        assert message is None
    else:
        assert message is not None and message.startswith(expected)


def _analysis(text: str) -> Analysis:
    return Analysis(text=text, spans=(), model=ModelInfo("test-model", "0"), min_score=0.3)


@pytest.mark.parametrize(("text", "said"), [("They lie.", True), ("They lie. We know. Vote.", False)])
def test_every_renderer_says_it(text: str, said: bool) -> None:
    analysis = _analysis(text)
    console = Console(record=True, width=100)
    render(analysis, console)
    outputs = {
        "terminal": console.export_text(),
        "markdown": render_markdown(analysis, "in.txt"),
        "html": str(HtmlRenderer().fragment(analysis, "in.txt")),
    }
    for name, output in outputs.items():
        assert ("reads articles and paragraphs best" in output) is said, name
