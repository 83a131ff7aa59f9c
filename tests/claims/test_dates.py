"""Date normalisation to ISO 8601, relative dates, and the publication date argument."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from spinscope.claims.dates import DateNormaliser, PublishedDateError, parse_published, published_per_text
from spinscope.errors import SpinscopeError


@pytest.fixture(scope="module")
def dates() -> DateNormaliser:
    return DateNormaliser()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 19, 1990", "1990-01-19"),
        ("19 January 1990", "1990-01-19"),
        ("Jan. 5, 2020", "2020-01-05"),
        ("2020-03-04", "2020-03-04"),
        ("January 1990", "1990-01"),
        ("1990", "1990"),
        ("January 17, 2021\n", "2021-01-17"),
    ],
)
def test_absolute_dates(dates: DateNormaliser, text: str, expected: str) -> None:
    assert dates.normalise(text) == expected
    assert dates.normalise(text, date(2021, 1, 17)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 years ago", "1990"),
        ("last year", "2020"),
        ("today", "2021-01-17"),
        ("19 January", "2021-01-19"),
        ("this week", "2021-W02"),
    ],
)
def test_relative_dates_need_the_publication_date(dates: DateNormaliser, text: str, expected: str) -> None:
    assert dates.normalise(text) is None
    assert dates.normalise(text, date(2021, 1, 17)) == expected


@pytest.mark.parametrize("text", ["the 1990s", "the 20th century", "recent years", "annual", ""])
def test_vague_expressions_have_no_value(dates: DateNormaliser, text: str) -> None:
    assert dates.normalise(text, date(2021, 1, 17)) is None


def test_what_counts_as_a_date_mention(dates: DateNormaliser) -> None:
    assert dates.is_date("January 1990")
    assert dates.is_date("31 years ago")
    assert dates.is_date("the 1990s")
    assert not dates.is_date("recent years")
    assert not dates.is_date("annual")


def test_parse_published_accepts_iso_dates() -> None:
    assert parse_published("2021-01-17") == date(2021, 1, 17)
    assert parse_published(" 2021-01-17T08:30:00Z ") == date(2021, 1, 17)
    assert parse_published(date(2021, 1, 17)) == date(2021, 1, 17)
    assert parse_published(datetime(2021, 1, 17, 8, 30)) == date(2021, 1, 17)
    assert parse_published(None) is None


@pytest.mark.parametrize("bad", ["17/01/2021", "2021-13-01", "2021-02-30", "yesterday", "", "20210117"])
def test_parse_published_rejects_other_forms(bad: str) -> None:
    with pytest.raises(PublishedDateError) as info:
        parse_published(bad)
    assert isinstance(info.value, SpinscopeError)
    message = str(info.value)
    assert repr(bad) in message and "\n" not in message


def test_publication_dates_one_for_all_or_one_per_text() -> None:
    assert published_per_text("2021-01-17", 2) == [date(2021, 1, 17)] * 2
    assert published_per_text(None, 3) == [None, None, None]
    assert published_per_text(["2021-01-17", None, date(1990, 1, 19)], 3) == [
        date(2021, 1, 17),
        None,
        date(1990, 1, 19),
    ]
    with pytest.raises(PublishedDateError, match="2 publication dates for 3 texts"):
        published_per_text(["2021-01-17", None], 3)
    with pytest.raises(PublishedDateError, match="'yesterday'"):
        published_per_text([None, "yesterday"], 2)


@pytest.mark.parametrize("text", ["noon", "midnight", "this morning", "last night", "Tues.", "a week ago"])
def test_words_of_time_reach_dateparser(dates: DateNormaliser, text: str) -> None:
    assert dates.is_date(text)


@pytest.mark.parametrize(
    "text", ["daily", "annual", "last summer", "Christmas", "the weekend", "as recently as"]
)
def test_expressions_without_a_date_word_are_not_dates(dates: DateNormaliser, text: str) -> None:
    assert not dates.is_date(text)
    assert dates.read(text, date(2021, 1, 17)) == (False, None)


@pytest.mark.parametrize("text", ["31 years ago", "January 17, 2021\n", "the 1990s", "1990", "last Monday"])
def test_read_is_is_date_and_normalise(dates: DateNormaliser, text: str) -> None:
    for published in (None, date(2021, 1, 17)):
        assert dates.read(text, published) == (dates.is_date(text), dates.normalise(text, published))
