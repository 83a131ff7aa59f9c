"""The note for texts of a sentence or two, which the model reads less reliably."""

from __future__ import annotations

import pytest

from spinscope.ingest.article import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They lie.", "one sentence"),
        ("They lie. Everyone knows it.", "2 sentences"),
        ("They lie. Everyone knows it. Vote them out.", None),
        ("   \n", None),
        ("word " * 400, None),  # long texts are never called short
    ],
)
def test_short_text_note(text: str, expected: str | None) -> None:
    note = Article(text, "in.txt").short_text_note()
    if expected is None:
        assert note is None
    else:
        assert note is not None and note.startswith(f"in.txt: {expected};")
