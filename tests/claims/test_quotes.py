"""Quoted-speech detection for each quote style, and the quoted flags on spans and claims."""

from __future__ import annotations

import pytest

from spinscope.analysis import Analysis, Claim, ModelInfo, Span
from spinscope.claims.enrich import ClaimEnricher
from spinscope.claims.quotes import (
    claim_is_quoted,
    find_quote_ranges,
    mark_quoted,
    merge_ranges,
    quoted_share,
    span_is_quoted,
)


def quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in find_quote_ranges(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ['"we will win"']),
        ("He said 'we will win' and left.", ["'we will win'"]),
        ("He said “we will win” and left.", ["“we will win”"]),
        ("He said ‘we won’t lose’ and left.", ["‘we won’t lose’"]),
        ("Il a dit «nous gagnerons» puis «encore».", ["«nous gagnerons»", "«encore»"]),
        ("Il a dit ‹oui› hier.", ["‹oui›"]),
        ("Er sagte »wir gewinnen« und ging.", ["»wir gewinnen«"]),
        ("Er sagte „wir gewinnen“ und „nochmal”.", ["„wir gewinnen“", "„nochmal”"]),
        ("Er sagte ‚ja‘ leise.", ["‚ja‘"]),
        ("彼は「勝つ」と言い、『本』を読んだ。", ["「勝つ」", "『本』"]),
    ],
)
def test_each_quote_style(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_nested_quotes_merge_into_the_outer_one() -> None:
    text = "“He told me ‘never’ twice,” she said."
    assert quoted(text) == ["“He told me ‘never’ twice,”"]


def test_apostrophes_are_not_quotes() -> None:
    assert quoted("It's the players' union in the '90s, isn't it? Rock 'n roll.") == []
    assert quoted("The minister’s plan wasn’t new.") == []


def test_ambiguous_straight_single_quotes_are_ignored() -> None:
    # two closing candidates before the next opening mark: no pairing is certain
    assert quoted("He said 'the players' deal' was fair.") == []


def test_unclosed_quote_stays_inside_its_paragraph() -> None:
    text = '"An unclosed quotation.\n\nA new paragraph with "a quote" in it.'
    assert quoted(text) == ['"a quote"']


def test_crlf_and_emoji_offsets() -> None:
    text = "Line one.\r\nShe said “bonjour 😀 à tous” today."
    ((start, end),) = find_quote_ranges(text)
    assert text[start:end] == "“bonjour 😀 à tous”"


def test_merge_and_share() -> None:
    ranges = merge_ranges([(10, 20), (0, 5), (15, 30), (40, 40)])
    assert ranges == [(0, 5), (10, 30)]
    assert quoted_share(12, 18, ranges) == 1.0
    assert quoted_share(0, 10, ranges) == 0.5
    assert quoted_share(30, 40, ranges) == 0.0
    assert span_is_quoted(10, 30, ranges) and not span_is_quoted(9, 30, ranges)
    assert claim_is_quoted(5, 30, ranges) and not claim_is_quoted(20, 45, ranges)


def _analysis(text: str) -> Analysis:
    inside = text.index("traitors")
    outside = text.index("shameful")
    claim_end = text.index("said") + len("said.")
    return Analysis(
        text=text,
        spans=(
            Span(inside, inside + 8, "name_calling_labeling", 0.9, "traitors"),
            Span(outside, outside + 8, "loaded_language", 0.8, "shameful"),
        ),
        model=ModelInfo("test", "0"),
        min_score=0.5,
        claims=(Claim(0, claim_end, text[:claim_end], 0.9),),
    )


def test_mark_quoted_for_block_quote_ranges() -> None:
    text = "They are traitors who cost us 5 million, he said. A shameful day."
    analysis = _analysis(text)
    block = (0, text.index(" A shameful"))  # e.g. the range of an HTML <blockquote>
    marked = mark_quoted(analysis, [block])
    assert [s.quoted for s in marked.spans] == [True, False]
    assert marked.claims[0].quoted
    assert mark_quoted(analysis, []) is analysis


def test_mark_quoted_keeps_flags_already_set() -> None:
    text = "They are traitors who cost us 5 million, he said. A shameful day."
    analysis = mark_quoted(_analysis(text), [(0, 5)])
    first = mark_quoted(analysis, [(text.index("traitors"), text.index("traitors") + 8)])
    again = mark_quoted(first, [(60, 62)])
    assert again.spans[0].quoted and not again.spans[1].quoted


def test_enrichment_without_a_claim_model_still_flags_quotes() -> None:
    text = "He said “they are traitors” today."
    start = text.index("traitors")
    span = Span(start, start + 8, "name_calling", 0.9, "traitors")
    analysis = Analysis(text=text, spans=(span,), model=ModelInfo("t", "0"), min_score=0.4)
    (out,) = ClaimEnricher(None).enrich_many([analysis])
    assert out.claims == () and out.spans[0].quoted


def test_many_straight_quotes_in_one_paragraph() -> None:
    text = 'He said "yes it is" and she said "no way" then ' * 2000
    ranges = find_quote_ranges(text)
    assert len(ranges) == 4000
    assert all(text[s] == '"' and text[e - 1] == '"' for s, e in ranges)
