"""Span boundaries a reader can trust: whole written words, no function-word-only spans, and
whole sentences for techniques annotated on sentences."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.analysis import Span
from spinscope.decode.spans import DecodeSettings, decode_spans, widen_to_sentences
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.segment.words import only_function_words, orthographic_words
from tests.support import ROOT

TOKENIZER = ROOT / "src/spinscope/data/models/ptc-minilm/tokenizer.json"
TECHNIQUES = ["loaded_language", "doubt"]


@pytest.fixture(scope="module")
def tokenizer() -> SubwordTokenizer:
    return SubwordTokenizer(TOKENIZER)


def _words(tokenizer: SubwordTokenizer, text: str) -> list[str]:
    tokens = tokenizer.tokenize(text)
    ids = orthographic_words(text, tokens.starts, tokens.ends)
    out: dict[int, tuple[int, int]] = {}
    for w, a, b in zip(ids, tokens.starts, tokens.ends, strict=True):
        first = out.get(int(w), (int(a), int(b)))
        out[int(w)] = (first[0], int(b))
    return [text[a:b] for a, b in out.values()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the people's throats", ["the", "people's", "throats"]),
        ("they don't care", ["they", "don't", "care"]),
        ("grinning from ear-to-ear.", ["grinning", "from", "ear-to-ear", "."]),
        ("the U.S. army", ["the", "U.S", ".", "army"]),
        ("(shameful) lies", ["(", "shameful", ")", "lies"]),
        ("war—again", ["war", "—", "again"]),
        ("the people’s choice", ["the", "people’s", "choice"]),
        ("'quoted' word", ["'", "quoted", "'", "word"]),
    ],
)
def test_written_words_join_across_apostrophes_and_hyphens(
    tokenizer: SubwordTokenizer, text: str, expected: list[str]
) -> None:
    assert _words(tokenizer, text) == expected


def test_function_words_only() -> None:
    assert only_function_words("the")
    assert only_function_words("Why have")
    assert only_function_words(", and the")
    assert not only_function_words("the traitors")
    assert not only_function_words("disgrace")


def _decode(
    tokenizer: SubwordTokenizer,
    text: str,
    hot: list[str],
    settings: DecodeSettings,
    warm: tuple[str, ...] = (),
) -> list[Span]:
    """Decode with the 'any technique' channel hot (0.9) on the tokens inside each ``hot``
    stretch, and warm (0.4) inside each ``warm`` one."""
    tokens = tokenizer.tokenize(text)
    probs = np.zeros((len(tokens), len(TECHNIQUES) + 1), dtype=np.float32)
    for stretches, value in ((warm, 0.4), (hot, 0.9)):
        for stretch in stretches:
            start = text.index(stretch)
            inside = (tokens.starts < start + len(stretch)) & (tokens.ends > start)
            probs[inside, -1] = value
    hidden = np.zeros((len(tokens), 4), dtype=np.float32)

    def classify(_hidden: np.ndarray, runs: list[tuple[int, int]]) -> np.ndarray:
        technique = 1 if settings.sentence_techniques else 0
        out = np.full((len(runs), len(TECHNIQUES)), 0.1, dtype=np.float32)
        out[:, technique] = 0.9
        return out

    return decode_spans(text, tokens, probs, hidden, classify, TECHNIQUES, settings)


def test_spans_never_start_or_end_inside_a_written_word(tokenizer: SubwordTokenizer) -> None:
    settings = DecodeSettings(0.5, 1.01)
    text = "They grabbed the people's throats, grinning from ear-to-ear. Leaders shouldn't care."
    spans = _decode(tokenizer, text, ["s throats", "grinning from ear-to", "Leaders shouldn"], settings)
    assert [s.text for s in spans] == ["people's throats", "grinning from ear-to-ear", "Leaders shouldn't"]
    for span in spans:
        assert text[span.start : span.end] == span.text


def test_function_word_only_spans_are_dropped(tokenizer: SubwordTokenizer) -> None:
    text = "Why have the elites betrayed us? The cowards ran."
    spans = _decode(tokenizer, text, ["Why have", "the", "cowards"], DecodeSettings(0.5, 1.01))
    assert [s.text for s in spans] == ["cowards"]


def test_sentence_techniques_widen_to_the_sentence(tokenizer: SubwordTokenizer) -> None:
    text = "Officials spoke. Can we really trust what they say about the vote? Nobody knows."
    settings = DecodeSettings(0.5, 1.01, sentence_techniques=("doubt",), sentence_cover=0.5)
    spans = _decode(tokenizer, text, ["really trust what they say about"], settings)
    assert [(s.technique, s.text) for s in spans] == [
        ("doubt", "Can we really trust what they say about the vote?")
    ]
    narrow = DecodeSettings(0.5, 1.01, sentence_techniques=("doubt",), sentence_cover=0.9)
    assert [s.text for s in _decode(tokenizer, text, ["really trust what they say about"], narrow)] == [
        "really trust what they say about"
    ]


def test_runs_can_be_kept_within_sentences(tokenizer: SubwordTokenizer) -> None:
    text = "The corrupt elite will destroy our nation. The bridge cost 84 million crowns."
    hot = ["corrupt elite will destroy our nation.", "The bridge"]
    across = _decode(tokenizer, text, hot, DecodeSettings(0.5, 1.01))
    assert [s.text for s in across] == ["corrupt elite will destroy our nation. The bridge"]
    within = DecodeSettings(0.5, 1.01, within_sentences=True)
    assert [s.text for s in _decode(tokenizer, text, hot, within)] == [
        "corrupt elite will destroy our nation.",
        "The bridge",
    ]


def test_a_sentence_needs_its_own_confident_token(tokenizer: SubwordTokenizer) -> None:
    # hysteresis grows a run over warm tokens, but not into the next sentence
    text = "They are traitors to the nation. Prices rose in March."
    warm = ("Prices rose in March",)
    hot = ["traitors to the nation."]
    grown = _decode(tokenizer, text, hot, DecodeSettings(0.5, 1.01, low_ratio=0.6), warm)
    assert [s.text for s in grown] == ["traitors to the nation. Prices rose in March"]
    within = DecodeSettings(0.5, 1.01, low_ratio=0.6, within_sentences=True)
    assert [s.text for s in _decode(tokenizer, text, hot, within, warm)] == ["traitors to the nation."]


def test_widening_keeps_other_techniques_and_the_score() -> None:
    text = "Is it true? Surely not."
    spans = [Span(3, 10, "doubt", 0.7, text[3:10]), Span(3, 10, "loaded_language", 0.4, text[3:10])]
    widened = widen_to_sentences(text, spans, frozenset({"doubt"}), 0.5)
    assert [(s.technique, s.text, s.score) for s in widened] == [
        ("doubt", "Is it true?", 0.7),
        ("loaded_language", "it true", 0.4),
    ]


def test_sentence_level_techniques_are_those_mostly_marked_on_whole_sentences() -> None:
    from spinscope.ptc.corpus import Article, LabelRow
    from spinscope.ptc.tune import sentence_level_techniques

    text = "Can we trust them? They lie. Who knows what they hide? The cowards ran."
    rows = [
        LabelRow("a", 0, 18, "doubt"),
        LabelRow("a", 29, 53, "doubt"),
        LabelRow("a", 58, 65, "name_calling"),
        LabelRow("a", 22, 27, "loaded_language"),
    ]
    assert sentence_level_techniques([Article("a", text)], {"a": rows}) == ("doubt",)
