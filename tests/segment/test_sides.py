"""Name-blind reading: the gazetteer of sides, the invented names, and the tokens the model reads."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.errors import ModelIntegrityError
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.neutrality import DEFAULT_PAIRS, NameSwapper
from spinscope.segment.sides import KINDS, SideFamily, SideGazetteer, parse_families
from spinscope.segment.words import orthographic_words
from tests.support import ROOT

TOKENIZER = ROOT / "src/spinscope/data/models/ptc-minilm/tokenizer.json"

TEXT = (
    "Armenian militias shelled the town, Azerbaijani officials said on Monday.\r\n"
    "The Armenians deny it; Azerbaijan's envoy — backed by Turkey 🇹🇷 — called liberals naïve."
)


@pytest.fixture(scope="module")
def sides() -> SideGazetteer:
    return SideGazetteer.bundled()


@pytest.fixture(scope="module")
def tokenizer(sides: SideGazetteer) -> SubwordTokenizer:
    return SubwordTokenizer(TOKENIZER, sides)


def test_bundled_gazetteer_covers_every_kind_and_the_trained_pairs(sides: SideGazetteer) -> None:
    assert {f.kind for f in sides.families} == set(KINDS)
    assert len(sides.families) > 250
    for pair in DEFAULT_PAIRS[:12]:  # peoples, parties and camps; persons are not in it
        assert sides.find(pair.first) and sides.find(pair.second), pair


def test_it_knows_written_forms_and_lower_case_words(sides: SideGazetteer) -> None:
    assert sides.knows("Armenians") and sides.knows("liberals")
    assert not sides.knows("Trump") and not sides.knows("armenians")  # as written only
    assert {"liberals", "armenian", "azeri"} <= sides.words()
    assert "democratic party" not in sides.words()  # one-word names only


def test_sides_get_invented_names_in_order_of_first_mention(sides: SideGazetteer) -> None:
    found = [(TEXT[m.start : m.end], m.replacement) for m in sides.find(TEXT)]
    assert found == [
        ("Armenian", "Zarnian"),
        ("Azerbaijani", "Velmoran"),
        ("Armenians", "Zarnians"),
        ("Azerbaijan", "Velmora"),
        ("Turkey", "Tovaria"),
        ("liberals", "zendists"),
    ]


def test_longest_name_wins_and_only_whole_words_match(sides: SideGazetteer) -> None:
    text = "United States of America, USAID, Indiana, Americans, un-American"
    assert [text[m.start : m.end] for m in sides.find(text)] == [
        "United States of America",
        "Americans",
        "American",
    ]


def test_a_text_and_its_swapped_copy_reach_the_model_as_the_same_tokens(
    tokenizer: SubwordTokenizer,
) -> None:
    swapped = NameSwapper(DEFAULT_PAIRS).swap(TEXT)
    assert swapped != TEXT
    a, b = tokenizer.tokenize(TEXT), tokenizer.tokenize(swapped)
    np.testing.assert_array_equal(a.ids, b.ids)


def test_masked_tokens_keep_exact_offsets_into_the_original_text(tokenizer: SubwordTokenizer) -> None:
    tokens = tokenizer.tokenize(TEXT)
    plain = tokenizer.with_sides(None).tokenize(TEXT)
    assert len(tokens) != len(plain)  # the invented names have other pieces
    assert np.all(np.diff(tokens.starts) >= 0) and np.all(tokens.ends <= len(TEXT))
    covered = {TEXT[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True) if e > s}
    assert {"Armenian", "Azerbaijani", "Armenians", "Azerbaijan", "Turkey", "liberals"} <= covered
    assert "🇹🇷" in TEXT[int(tokens.starts[0]) :]
    # the invented pieces join into one written word, as the name's own pieces did
    words = orthographic_words(TEXT, tokens.starts, tokens.ends, tokens.words)
    name = next(i for i, s in enumerate(tokens.starts) if TEXT[s : tokens.ends[i]] == "Azerbaijani")
    assert words[name] == words[name + 1] == words[name + 2]


def test_a_model_reads_as_written_when_asked(tokenizer: SubwordTokenizer) -> None:
    plain = SubwordTokenizer(TOKENIZER)
    np.testing.assert_array_equal(tokenizer.with_sides(None).tokenize(TEXT).ids, plain.tokenize(TEXT).ids)


def test_a_bad_gazetteer_file_is_named_in_the_error() -> None:
    with pytest.raises(ModelIntegrityError, match=r"sides-peoples\.tsv, line 2"):
        parse_families("# whole\tone\tmany\nArmenia\tArmenian\n", "peoples", "sides-peoples.tsv")
    twice = [SideFamily("peoples", ("Armenia",), (), ()), SideFamily("faiths", ("Armenia",), (), ())]
    with pytest.raises(ModelIntegrityError, match="'Armenia' names two sides"):
        SideGazetteer(twice)
