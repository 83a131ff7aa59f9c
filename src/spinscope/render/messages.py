"""Sentences that every renderer (terminal, Markdown, HTML) shows in the same words."""

from __future__ import annotations


def no_spans_message(min_score: float) -> str:
    """What to say when no span reaches the minimum score, and how to see the hidden ones."""
    if min_score <= 0:
        return "No technique spans found."
    return (
        f"No technique spans reach this minimum score ({min_score:.2f}). Spans that score lower "
        "are less likely to match what an annotator would mark; a minimum score of 0 "
        "(--min-score 0) shows every candidate span."
    )
