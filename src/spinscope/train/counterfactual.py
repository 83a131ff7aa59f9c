"""Counterfactual copies of training texts: the same article with the names of opposite sides
swapped (``spinscope.neutrality.DEFAULT_PAIRS``), its labels moved onto the new offsets. Training
on both versions teaches the model that the rhetoric, not the side named, makes a technique."""

from __future__ import annotations

from collections.abc import Sequence

from spinscope.neutrality import DEFAULT_PAIRS, NameSwapper
from spinscope.ptc.corpus import Article, LabelRow

COPY_SUFFIX = "-sides-swapped"


def swapped_copies(
    sources: Sequence[tuple[Article, list[LabelRow]]], swapper: NameSwapper | None = None
) -> list[tuple[Article, list[LabelRow]]]:
    """A swapped copy of each text that names a side, with its label rows re-anchored."""
    swapper = swapper or NameSwapper(DEFAULT_PAIRS)
    copies: list[tuple[Article, list[LabelRow]]] = []
    for article, rows in sources:
        text, offsets = swapper.swap_with_offsets(article.text)
        if not offsets.edits:  # names no side
            continue
        copy_id = article.id + COPY_SUFFIX
        moved = [LabelRow(copy_id, *offsets.span(row.start, row.end), row.technique) for row in rows]
        copies.append((Article(copy_id, text), moved))
    return copies


def labelled_sources(
    articles: Sequence[Article], gold: dict[str, list[LabelRow]], swap_sides: bool
) -> list[tuple[Article, list[LabelRow]]]:
    """Each article with its label rows, followed, with ``swap_sides``, by the swapped copies."""
    sources = [(article, gold.get(article.id, [])) for article in articles]
    return sources + swapped_copies(sources) if swap_sides else sources
