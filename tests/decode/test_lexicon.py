"""The word lexicon behind the verifier's lexical features: counts, lifts, and how it travels
inside the verifier's file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from spinscope.decode.features import BASE_FEATURES, Candidate, candidate_features, feature_names
from spinscope.decode.lexicon import ANY, Lexicon, words_with_offsets
from spinscope.decode.verifier import Verifier
from spinscope.errors import ModelIntegrityError

TECHNIQUES = ["loaded_language", "name_calling"]
# invented sentences: "traitors" is always marked as name calling, "council" never marked
ARTICLES = [
    ("The traitors lied again. The council met.", [(4, 12, "name_calling"), (13, 17, "loaded_language")]),
    ("Those traitors! The council’s plan was fine.", [(6, 14, "name_calling")]),
]


def _lexicon() -> Lexicon:
    return Lexicon.build(ARTICLES, TECHNIQUES)


def test_words_fold_case_and_curly_apostrophes_and_keep_offsets() -> None:
    text = "The Council’s “plan” didn't work"
    found = words_with_offsets(text)
    assert [w for _, _, w in found] == ["the", "council's", "plan", "didn't", "work"]
    assert all(text[s:e].lower().replace("’", "'") == w for s, e, w in found)


def test_counts_and_lifts() -> None:
    lexicon = _lexicon()
    assert lexicon.columns == (*TECHNIQUES, ANY)
    row = lexicon.rows["traitors"]
    assert lexicon.total[row] == 2 and lexicon.inside[row].tolist() == [0, 2, 2]
    lifts = lexicon.lifts(["traitors", "council", "never-seen"], TECHNIQUES.index("name_calling"))
    assert lifts.shape == (3, 2)
    assert lifts[0, 0] > 0 and lifts[0, 1] > 0  # marked more often than the average word
    assert lifts[1, 0] < 0 and lifts[1, 1] < 0  # seen, never marked
    assert lifts[2].tolist() == [0.0, 0.0]  # unknown words say nothing
    # smoothing: a word seen once and marked lifts less than one seen twice and marked twice
    once = Lexicon.build(ARTICLES[:1], TECHNIQUES)
    assert once.lifts(["traitors"], 1)[0, 0] < lifts[0, 0]


def test_words_the_caller_leaves_out_get_no_entry() -> None:
    marked = [(4, 12, "name_calling"), (24, 32, "name_calling")]
    articles = [("The liberals lied. The traitors lied.", marked)]
    full = Lexicon.build(articles, TECHNIQUES)
    assert "liberals" in full.words  # lower case: not taken for a name
    without = Lexicon.build(articles, TECHNIQUES, left_out={"liberals"})
    assert "liberals" not in without.words and "traitors" in without.words
    assert without.lifts(["liberals"], 1).tolist() == [[0.0, 0.0]]


def test_features_do_not_count_the_characters_of_names() -> None:
    """Read name-blind, both names reach the model as the same tokens: the features must
    not see that one is longer."""
    probs = np.full((5, len(TECHNIQUES) + 1), 0.5, dtype=np.float32)
    rows = []
    for name in ("Armenian", "Azerbaijani"):
        text = f"{name} militias shelled villages."
        starts = np.array([0, len(name) + 1, len(name) + 10, len(name) + 18, len(name) + 26])
        candidate = Candidate(0, len(name) + 9, 0, 2, 1, np.array([0.2, 0.8]), 0.6, 0.7)
        rows.append(candidate_features(text, probs, starts, [candidate], [(0, len(text))], _lexicon()))
    np.testing.assert_array_equal(rows[0], rows[1])


def test_lexical_features_need_a_lexicon() -> None:
    text = "The traitors met the council."
    probs = np.full((6, len(TECHNIQUES) + 1), 0.5, dtype=np.float32)
    candidate = Candidate(4, 12, 1, 2, TECHNIQUES.index("name_calling"), np.array([0.2, 0.8]), 0.6, 0.7)
    names = feature_names(TECHNIQUES)
    columns = [names.index(n) for n in BASE_FEATURES if n.startswith("lex_")]
    starts = np.array([0, 4, 13, 17, 21, 28])
    without = candidate_features(text, probs, starts, [candidate], [(0, len(text))])
    with_lexicon = candidate_features(text, probs, starts, [candidate], [(0, len(text))], _lexicon())
    assert len(columns) == 6 and not without[0, columns].any()
    assert (with_lexicon[0, columns] > 0).all()  # "traitors" alone: mean = max = min
    others = [k for k in range(len(names)) if k not in columns]
    np.testing.assert_array_equal(without[0, others], with_lexicon[0, others])


def test_the_lexicon_travels_in_the_verifier_file(tmp_path: Path) -> None:
    names = feature_names(TECHNIQUES)
    k = len(names)
    verifier = Verifier(
        tuple(names), np.zeros(k), np.ones(k), np.ones(k), 0.0,
        np.array([0.0, 1.0]), np.array([0.0, 1.0]), _lexicon(),
    )  # fmt: skip
    verifier.save(tmp_path / "v.npz")
    loaded = Verifier.load(tmp_path / "v.npz", names)
    assert loaded.lexicon is not None and loaded.lexicon.words == verifier.lexicon.words  # type: ignore[union-attr]
    np.testing.assert_array_equal(loaded.lexicon.inside, _lexicon().inside)
    assert loaded.lexicon.lifts(["traitors"], 1).tolist() == _lexicon().lifts(["traitors"], 1).tolist()
    other = feature_names(["loaded_language", "doubt"])
    replace(verifier, feature_names=tuple(other)).save(tmp_path / "w.npz")
    with pytest.raises(ModelIntegrityError, match="lexicon names other techniques"):
        Verifier.load(tmp_path / "w.npz", other)


def test_names_get_no_entry() -> None:
    articles = [
        (
            "Ruritania attacked the town. Ruritanian traitors lied.",
            [(0, 9, "name_calling"), (29, 49, "name_calling")],
        ),
        ("The Ruritanian plan.", []),
    ]
    lexicon = Lexicon.build(articles, TECHNIQUES)
    assert "ruritania" not in lexicon.rows and "ruritanian" not in lexicon.rows
    assert "traitors" in lexicon.rows and "the" in lexicon.rows  # "The" once, "the" once: not a name
    assert lexicon.lifts(["ruritanian"], 1).tolist() == [[0.0, 0.0]]


def test_digest_follows_the_content() -> None:
    assert _lexicon().digest() == _lexicon().digest()
    assert Lexicon.build(ARTICLES[:1], TECHNIQUES).digest() != _lexicon().digest()
