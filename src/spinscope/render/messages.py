"""Sentences that every renderer (terminal, Markdown, HTML) shows in the same words."""

from __future__ import annotations

from spinscope.segment.sentences import sentence_bounds


def no_spans_message(min_score: float) -> str:
    """What to say when no span reaches the minimum score, and how to see the hidden ones."""
    if min_score <= 0:
        return "No technique spans found."
    return (
        f"No technique spans reach this minimum score ({min_score:.2f}). Spans that score lower "
        "are less likely to match what an annotator would mark; a minimum score of 0 "
        "(--min-score 0) shows every candidate span."
    )


SHORT_TEXT_CHARS = 1500
"""Texts longer than this are never called short (nor split to count their sentences)."""
SHORT_TEXT_SENTENCES = 2
"""A text of at most this many sentences gets :func:`short_text_message`."""


def short_text_message(text: str) -> str | None:
    """What to say about a text of one or two sentences, which the model reads less reliably
    than a paragraph or an article (``benchmarks/short_context.py`` measures it); None otherwise."""
    if len(text) > SHORT_TEXT_CHARS or not text.strip():
        return None
    count = len(sentence_bounds(text))
    if count == 0 or count > SHORT_TEXT_SENTENCES:
        return None
    what = "one sentence" if count == 1 else f"{count} sentences"
    return (
        f"This text is {what}. spinscope reads articles and paragraphs best: on a sentence or two "
        "it marks more spans, and fewer of them are right."
    )
