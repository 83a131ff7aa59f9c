"""The shipped model on a fixture article: invariants and schema, not exact predictions."""

from __future__ import annotations

import json

import pytest

import spinscope
from spinscope.analysis import SCHEMA_VERSION, Analysis
from spinscope.render.json_view import analysis_json


def test_analyze_fixture_article(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(fixture_article)
    assert isinstance(result, Analysis) and result.ok
    assert result.spans, "an article full of loaded language yields spans"
    known = set(spinscope.techniques.ids)
    for span in result.spans:
        assert span.technique in known
        assert 0.0 < span.score <= 1.0
        assert fixture_article[span.start : span.end] == span.text
    starts = [(s.start, s.end) for s in result.spans]
    assert starts == sorted(starts)


def test_json_form_has_schema_and_round_trips(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(fixture_article)
    data = json.loads(json.dumps(analysis_json(result)))
    assert data["schema_version"] == SCHEMA_VERSION
    assert set(data) >= {"schema_version", "model", "min_score", "text_length", "spans"}
    assert data["text_length"] == len(fixture_article)
    for span in data["spans"]:
        assert set(span) >= {"start", "end", "technique", "score", "text", "quoted"}
    again = Analysis.from_dict(data, fixture_article)
    assert [(s.start, s.end, s.technique) for s in again.spans] == [
        (s.start, s.end, s.technique) for s in result.spans
    ]


def test_empty_and_whitespace_give_empty_results(analyzer) -> None:  # type: ignore[no-untyped-def]
    for text in ("", "   ", "\n\r\n\t"):
        result = analyzer.analyze(text)
        assert result.spans == () and result.ok


def test_analyze_many_keeps_order_and_isolates_bad_items(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    texts = [fixture_article, "", 42, fixture_article[:200]]
    results = analyzer.analyze_many(texts)  # type: ignore[arg-type]
    assert len(results) == 4
    assert results[0].text == fixture_article and results[3].text == fixture_article[:200]
    assert results[2].error is not None and "int" in results[2].error
    assert results[0].ok and results[1].ok and results[3].ok
    single = analyzer.analyze(fixture_article)
    assert [(s.start, s.end, s.technique) for s in results[0].spans] == [
        (s.start, s.end, s.technique) for s in single.spans
    ]


def test_long_text_is_windowed_and_offsets_hold(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join([fixture_article] * 12)
    # every candidate: the point is the windows and offsets, not the display threshold (the
    # verifier reads how often a span's words repeat, and here every word repeats 12 times)
    result = analyzer.analyze(text, min_score=0)
    assert result.spans
    assert max(s.end for s in result.spans) > len(text) // 2
    for span in result.spans:
        assert text[span.start : span.end] == span.text


def test_invalid_min_score(analyzer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(spinscope.SpinscopeError, match="min_score"):
        analyzer.analyze("text", min_score=1.5)


def test_module_level_api_and_techniques() -> None:
    result = spinscope.analyze("These corrupt, lying thugs will destroy everything we love.")
    assert isinstance(result, Analysis)
    assert len(spinscope.techniques) == 14
    for technique in spinscope.techniques:
        assert technique.definition and technique.example and technique.name
    assert spinscope.techniques["name_calling"].ptc_label == "Name_Calling,Labeling"


def test_a_model_with_another_stride_keeps_its_weights_and_decoding(analyzer) -> None:  # type: ignore[no-untyped-def]
    strided = analyzer.model.with_stride(128)
    assert strided.settings.stride == 128 and analyzer.model.settings.stride != 128
    assert strided.runner is analyzer.model.runner and strided.decoding == analyzer.model.decoding
