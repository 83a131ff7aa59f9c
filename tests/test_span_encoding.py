"""One encoding of a span: ``Span.to_dict`` out, ``Span.from_dict`` back, text checked against the source."""

from __future__ import annotations

import pytest

from spinscope.analysis import Span
from spinscope.errors import InputFormatError

SOURCE = "Zoë said: the reckless élite 🙂 lies."


def test_round_trip_over_the_source() -> None:
    start = SOURCE.index("reckless")
    span = Span(start, start + 8, "loaded_language", 0.123456789, "reckless", quoted=True)
    assert Span.from_dict(span.to_dict(exact=True), SOURCE) == span
    assert span.to_dict()["score"] == 0.1235
    assert Span.from_dict({k: v for k, v in span.to_dict().items() if k != "text"}, SOURCE).text == "reckless"


def test_offsets_over_another_text_are_refused() -> None:
    span = Span(0, 4, "doubt", 0.5, "Zoë ")
    with pytest.raises(InputFormatError, match="is not the source"):
        Span.from_dict(span.to_dict(), "Anna said so.")
    with pytest.raises(InputFormatError, match="outside a text"):
        Span.from_dict(span.to_dict(), "Zo")
