"""Name-blind reading through the public API: a text and its copy with the sides swapped get
the same technique spans, at the same places once the names are swapped back."""

from __future__ import annotations

import spinscope
from spinscope.neutrality import NamePair, NameSwapper

TEXT = (
    "The Armenian leadership has once again shown its utter contempt for peace. Armenian "
    "militias shelled Azerbaijani villages while Armenia's so-called diplomats lied to the world. "
    "Every patriotic Azerbaijani knows that this barbaric aggression must be stopped before it is "
    "too late, and that Azerbaijan will never surrender an inch of its sacred land."
)
SWAP = NameSwapper([NamePair("Armenian", "Azerbaijani"), NamePair("Armenia", "Azerbaijan")])


def _spans(analysis: spinscope.Analysis, swap_back: bool = False) -> list[tuple[str, str, float]]:
    """(span text, technique, score) of each span; with ``swap_back`` the names in the span
    texts swapped back."""
    return sorted(
        (SWAP.swap(s.text) if swap_back else s.text, s.technique, round(s.score, 6)) for s in analysis.spans
    )


def test_swapping_the_sides_changes_nothing_when_reading_name_blind() -> None:
    analyzer = spinscope.load(claims=False, name_blind=True)
    original = analyzer.analyze(TEXT, min_score=0.0)
    swapped = analyzer.analyze(SWAP.swap(TEXT), min_score=0.0)
    assert original.spans, "the fixture should have candidate spans"
    assert _spans(original) == _spans(swapped, swap_back=True)
    assert original.meta.get("name_blind") is True


def test_offsets_point_at_the_original_text() -> None:
    analysis = spinscope.load(claims=False, name_blind=True).analyze(TEXT, min_score=0.0)
    for span in analysis.spans:
        assert TEXT[span.start : span.end] == span.text


def test_reading_as_written_is_recorded_as_nothing() -> None:
    analysis = spinscope.load(claims=False, name_blind=False).analyze(TEXT)
    assert "name_blind" not in analysis.meta


def test_reports_say_how_names_were_read() -> None:
    from spinscope.render.markdown import render_markdown

    blind = spinscope.load(claims=False, name_blind=True).analyze(TEXT)
    assert blind.model_label.endswith(", name-blind")
    assert ", name-blind, minimum score" in render_markdown(blind, "fixture")
