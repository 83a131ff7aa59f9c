"""The offset invariant ``text[span.start:span.end] == span.text`` on any Unicode input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinscope.model.tokenize import SubwordTokenizer

# Words that the model tends to mark, mixed with hostile Unicode, so that spans do occur.
LOADED = ["disastrous", "traitors", "shameful", "corrupt thugs", "never", "destroy", "heroic", "evil"]
HOSTILE = [
    "\r\n",
    "\u200b",
    "\u200d",
    "\u202e",
    "e\u0301",
    "👩‍👩‍👧",
    "🏳️‍🌈",
    "שלום",
    "مرحبا",
    "漢字",
    "\ufeff",
    "\t",
    "𝔘𝔫𝔦",
]

texts = st.lists(
    st.one_of(st.sampled_from(LOADED), st.sampled_from(HOSTILE), st.text(max_size=12)),
    min_size=1,
    max_size=60,
).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_span_text_matches_offsets(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(text, min_score=0.2)
    assert result.text == text
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.text.strip() == span.text or span.text[-1] in "\u0301\u200d\ufe0f"


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_token_offsets_index_the_original_string(text: str) -> None:
    from spinscope.analyzer import default_model_dir

    tokenizer = SubwordTokenizer(default_model_dir() / "tokenizer.json")
    tokens = tokenizer.tokenize(text)
    assert all(0 <= s < e <= len(text) for s, e in zip(tokens.starts, tokens.ends, strict=True))
    assert list(tokens.starts) == sorted(tokens.starts)


def test_known_hostile_text(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "\ufeffThe corrupt thugs 👩‍👩‍👧 destroyed e\u0301verything!\r\n\u202eمرحبا shameful traitors\u200b."
    )
    result = analyzer.analyze(text, min_score=0.1)
    assert result.spans
    for span in result.spans:
        assert text[span.start : span.end] == span.text
