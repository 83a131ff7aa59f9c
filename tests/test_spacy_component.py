"""spinscope as a spaCy component, found through the spacy_factories entry point."""

from __future__ import annotations

import spacy

TEXT = "The council's disastrous plan was sold by traitors; the bridge will open in 2027 and cost 4 million."


def test_three_line_example_from_the_readme() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("spinscope")
    doc = nlp(TEXT)
    spans = doc.spans["spinscope"]
    assert spans, "the sample sentence has loaded language"
    for span in spans:
        start, end = span._.spinscope_chars
        assert span.start_char <= start < end <= span.end_char  # tokens cover the exact offsets
        assert span.label_ and 0 < span._.spinscope_score <= 1
    assert all(span.label_ == "claim" for span in doc.spans["spinscope_claims"])


def test_component_is_registered_by_entry_point() -> None:
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert "spinscope" in names
