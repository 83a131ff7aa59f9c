"""Sentence segmentation: boundaries on tricky punctuation, and exact offsets for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinscope.segment.sentences import split_sentences


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Lund met Dr. Berg at 10 a.m. in St. Olaf. They talked.",
            ["Mr. Lund met Dr. Berg at 10 a.m. in St. Olaf.", "They talked."],
        ),
        (
            "The U.S. Senate voted on Jan. 5. The bill failed.",
            ["The U.S. Senate voted on Jan. 5.", "The bill failed."],
        ),
        ("He moved to the U.S. The next year he left.", ["He moved to the U.S.", "The next year he left."]),
        ("Prof. J. K. Rowan spoke. Nobody listened.", ["Prof. J. K. Rowan spoke.", "Nobody listened."]),
        ("Acme Inc. The firm denied it.", ["Acme Inc.", "The firm denied it."]),
        ("Acme Inc. Chairman Olsen resigned.", ["Acme Inc. Chairman Olsen resigned."]),
    ],
)
def test_abbreviations_and_initials(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_decimals_numbers_and_urls_do_not_split() -> None:
    text = "Growth was 3.5% in 2019, up from 2.75%. Prices rose 1.2 times. See example.org for more."
    assert texts(text) == [
        "Growth was 3.5% in 2019, up from 2.75%.",
        "Prices rose 1.2 times.",
        "See example.org for more.",
    ]


def test_quotes_close_the_sentence_or_continue_it() -> None:
    text = 'She said "It is over." Then she left. "Why?" he asked. «Non!» Il partit. “Yes.” Fine.'
    assert texts(text) == [
        'She said "It is over."',
        "Then she left.",
        '"Why?" he asked.',
        "«Non!»",
        "Il partit.",
        "“Yes.”",
        "Fine.",
    ]


def test_ellipses() -> None:
    text = "Well... The vote failed… and then? Nothing. He paused . . . and went on."
    assert texts(text) == [
        "Well...",
        "The vote failed… and then?",
        "Nothing.",
        "He paused . . . and went on.",
    ]


def test_exclamation_question_and_brackets() -> None:
    text = "Stop! Is it true? (It is.) 42 people came."
    assert texts(text) == ["Stop!", "Is it true?", "(It is.)", "42 people came."]


def test_line_breaks_crlf_and_hard_wraps() -> None:
    text = (
        "Headline Without Stop\r\n\r\nFirst line of a wrapped\r\nparagraph ends here. Next one.\r\n"
        "1. A list item\r\n2. Another"
    )
    assert texts(text) == [
        "Headline Without Stop",
        "First line of a wrapped\r\nparagraph ends here.",
        "Next one.",
        "1. A list item",
        "2. Another",
    ]


def test_cjk_and_caseless_scripts() -> None:
    assert texts("今天下雨。明天晴吗？是的") == ["今天下雨。", "明天晴吗？", "是的"]
    assert texts("قال الوزير. ثم غادر.") == ["قال الوزير.", "ثم غادر."]


def test_emoji_combining_marks_and_rtl_keep_offsets() -> None:
    text = "Caf\u00e9\u0301 opens 😀. Next 👍🏽 one! \u05e9\u05dc\u05d5\u05dd. Done"
    assert texts(text) == ["Caf\u00e9\u0301 opens 😀.", "Next 👍🏽 one!", "\u05e9\u05dc\u05d5\u05dd.", "Done"]


def test_blank_and_punctuation_only_input() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\r\n ... !!! ") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\r\"'“”«»Mr.3…😀é\u0301 ")), max_size=80))
def test_offsets_always_exact_and_ordered(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end and s.end > s.start
        assert s.text == s.text.strip()
        previous_end = s.end


def test_long_hard_wrapped_paragraph_is_one_sentence_with_exact_offsets() -> None:
    # each line is read once however long the wrapped paragraph (it used to be re-read per line)
    text = "the quick brown fox jumps over\nthe lazy dog again and again\n" * 3000 + "end."
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(0, len(text))]
    assert sentences[0].text == text
