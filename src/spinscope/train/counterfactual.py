"""Counterfactual copies of training texts: the same article with the names of opposite sides
swapped (``spinscope.neutrality.DEFAULT_PAIRS``), or with the persons it names replaced by
other persons (:mod:`spinscope.train.person_swap`), its labels moved onto the new offsets.
Training on both versions teaches the model that the rhetoric, not the name, makes a
technique."""

from __future__ import annotations

from collections.abc import Sequence

from spinscope.neutrality import DEFAULT_PAIRS, NameSwapper
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.train.person_swap import PersonFinder, names_kept, person_names, replacement_pairs

COPY_SUFFIX = "-sides-swapped"
PERSON_COPY_SUFFIX = "-persons-swapped"

Source = tuple[Article, list[LabelRow]]


def _copy(article: Article, rows: list[LabelRow], swapper: NameSwapper, suffix: str) -> Source | None:
    """``article`` with ``swapper``'s names swapped and ``rows`` re-anchored; None when it
    names none of them."""
    text, offsets = swapper.swap_with_offsets(article.text)
    if not offsets.edits:
        return None
    copy_id = article.id + suffix
    moved = [LabelRow(copy_id, *offsets.span(row.start, row.end), row.technique) for row in rows]
    return Article(copy_id, text), moved


def swapped_copies(sources: Sequence[Source], swapper: NameSwapper | None = None) -> list[Source]:
    """A swapped copy of each text that names a side, with its label rows re-anchored."""
    swapper = swapper or NameSwapper(DEFAULT_PAIRS)
    copies = (_copy(article, rows, swapper, COPY_SUFFIX) for article, rows in sources)
    return [copy for copy in copies if copy is not None]


def person_swapped_copies(sources: Sequence[Source], find_persons: PersonFinder) -> list[Source]:
    """A copy of each text that names a person, with every person's names replaced and its
    label rows re-anchored."""
    keep = names_kept()
    found = find_persons([article.text for article, _ in sources])
    copies: list[Source] = []
    for (article, rows), persons in zip(sources, found, strict=True):
        pairs = replacement_pairs(article.id, person_names(article.text, persons, keep))
        copy = _copy(article, rows, NameSwapper(pairs), PERSON_COPY_SUFFIX) if pairs else None
        if copy is not None:
            copies.append(copy)
    return copies


def counterfactual_copies(
    sources: Sequence[Source], swap_sides: bool, find_persons: PersonFinder | None = None
) -> list[Source]:
    """The copies training adds: sides swapped (``swap_sides``), then persons replaced (when
    ``find_persons`` is given)."""
    copies = swapped_copies(sources) if swap_sides else []
    if find_persons is not None:
        copies += person_swapped_copies(sources, find_persons)
    return copies


def labelled_sources(
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    swap_sides: bool,
    find_persons: PersonFinder | None = None,
) -> list[Source]:
    """Each article with its label rows, followed by the copies of
    :func:`counterfactual_copies`."""
    sources = [(article, gold.get(article.id, [])) for article in articles]
    return sources + counterfactual_copies(sources, swap_sides, find_persons)
