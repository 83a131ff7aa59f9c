"""Training copies with persons' names replaced: which words change, into what, and that the
labels stay on the same words."""

from __future__ import annotations

from collections.abc import Sequence

from spinscope.neutrality import DEFAULT_PAIRS, UNSEEN_PAIRS
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.segment.sides import SideGazetteer
from spinscope.train.counterfactual import (
    COPY_SUFFIX,
    PERSON_COPY_SUFFIX,
    counterfactual_copies,
    labelled_sources,
    person_swapped_copies,
)
from spinscope.train.person_swap import (
    GIVEN_NAMES,
    SURNAMES,
    PersonFinder,
    PersonNames,
    names_kept,
    person_names,
    replacement_pairs,
)

TEXT = (
    "Senator Marta Volkenberg called Teodor Brask a traitor.\r\n"
    "Brask's reply 😀: Volkenberg lies, as Obama said."
)


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    out = []
    for name in names:
        start = text.index(name)
        out.append((start, start + len(name)))
    return out


def finder(*names: str) -> PersonFinder:
    def find(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        return [[s for name in names if name in text for s in spans_of(text, name)] for text in texts]

    return find


def test_given_names_and_surnames_come_from_the_persons_found() -> None:
    text = TEXT + " Twitter agreed with Jean-Luc McCabe. Email Dan Said: he said no by email."
    persons = spans_of(
        text,
        "Senator Marta Volkenberg",
        "Teodor Brask",
        "Obama",
        "Twitter",
        "Jean-Luc McCabe",
        "Email Dan Said",
    )
    names = person_names(text, persons, names_kept())
    # Obama is a probe name (UNSEEN_PAIRS): kept, so the probe still measures unseen sides;
    # a title is no name, nor a word named alone (Twitter) or written in lower case too (said)
    assert names == PersonNames(
        given=("Marta", "Teodor", "Jean-Luc"), surnames=("Volkenberg", "Brask", "McCabe")
    )


def test_replacements_are_seeded_by_the_text_id_and_never_named_in_the_text() -> None:
    names = PersonNames(given=("Anna",), surnames=("Brask", "Smith"))
    pairs = replacement_pairs("article-7", names)
    assert pairs == replacement_pairs("article-7", names)
    assert [p.first for p in pairs] == ["Anna", "Brask", "Smith"]
    assert pairs[0].second in GIVEN_NAMES and {p.second for p in pairs[1:]} <= set(SURNAMES)
    assert not {p.second for p in pairs} & {"Anna", "Brask", "Smith"}
    assert len({p.second for p in pairs}) == 3
    others = [replacement_pairs(f"article-{i}", names) for i in range(8)]
    assert len({tuple(p.second for p in pairs) for pairs in others}) > 1


def test_copies_replace_every_mention_and_keep_labels_on_the_same_words() -> None:
    rows = [
        LabelRow("7", TEXT.index("a traitor"), TEXT.index(".\r\n"), "name_calling"),
        LabelRow("7", TEXT.index("Volkenberg lies"), len(TEXT) - 1, "doubt"),
    ]
    sources = [(Article("7", TEXT), rows), (Article("8", "Nobody is named."), [])]
    ((copy, moved),) = person_swapped_copies(sources, finder("Marta Volkenberg", "Teodor Brask", "Obama"))
    assert copy.id == "7" + PERSON_COPY_SUFFIX
    for old in ("Marta", "Volkenberg", "Teodor", "Brask"):
        assert old not in copy.text
    assert "Obama" in copy.text and "😀" in copy.text and "\r\n" in copy.text
    pairs = dict(
        (p.first, p.second)
        for p in replacement_pairs("7", PersonNames(("Marta", "Teodor"), ("Volkenberg", "Brask")))
    )
    assert copy.text.startswith(f"Senator {pairs['Marta']} {pairs['Volkenberg']} called")
    assert f"{pairs['Brask']}'s reply" in copy.text
    assert [copy.text[r.start : r.end] for r in moved] == [
        "a traitor",
        f"{pairs['Volkenberg']} lies, as Obama said",
    ]
    assert [(r.article_id, r.technique) for r in moved] == [(copy.id, "name_calling"), (copy.id, "doubt")]


def test_both_kinds_of_copy_join_the_teachers_pool() -> None:
    articles = [Article("7", "Armenians cheered when Teodor Brask spoke."), Article("8", "It rained.")]
    gold = {"7": [LabelRow("7", 0, 9, "name_calling")]}
    sources = labelled_sources(articles, gold, swap_sides=True, find_persons=finder("Teodor Brask"))
    assert [a.id for a, _ in sources] == ["7", "8", "7" + COPY_SUFFIX, "7" + PERSON_COPY_SUFFIX]
    person_copy, rows = sources[3]
    assert person_copy.text.startswith("Armenians cheered when") and "Brask" not in person_copy.text
    assert [person_copy.text[r.start : r.end] for r in rows] == ["Armenians"]
    assert counterfactual_copies(sources[:2], swap_sides=False) == []


def test_replacement_names_are_no_side_and_no_probe_name() -> None:
    gazetteer = SideGazetteer.bundled()
    probes = {name for pair in DEFAULT_PAIRS + UNSEEN_PAIRS for name in (pair.first, pair.second)}
    for name in GIVEN_NAMES + SURNAMES:
        assert not gazetteer.knows(name), name
        assert name not in probes
    assert len(set(GIVEN_NAMES)) == len(GIVEN_NAMES) and len(set(SURNAMES)) == len(SURNAMES)
