"""The builders in tests/support/batch.py give valid batch input and exact offsets."""

from __future__ import annotations

from tests.support.batch import fixture_articles, synthetic_outcomes


def test_fixture_articles_are_valid_batch_input() -> None:
    articles = fixture_articles()
    assert len(articles) == 8
    assert {a["source"] for a in articles} == {"Harbour Herald", "Valley Voice"}
    assert len({a["id"] for a in articles}) == len(articles)


def test_synthetic_outcomes_have_exact_offsets() -> None:
    for outcome in synthetic_outcomes("A", 3, {"loaded_language": 0.05}, seed=1):
        assert outcome.analysis is not None
        for span in outcome.analysis.spans:
            assert outcome.document.text is not None
            assert outcome.document.text[span.start : span.end] == span.text
