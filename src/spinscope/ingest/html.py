"""Main text of a saved web page, via trafilatura (boilerplate, menus and comments removed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str
    title: str | None
    published: dt.date | None


def extract_page(html: bytes) -> ExtractedPage | None:
    """The article text and metadata of an HTML page, or None when it has no main text.
    Offsets of the analysis refer to this extracted text, which the store keeps."""
    import trafilatura

    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or isinstance(found, dict):
        return None
    text: str | None = found.text
    if not text or not text.strip():
        return None
    date: str | None = found.date
    published = None
    if date:
        try:
            published = dt.date.fromisoformat(date[:10])
        except ValueError:
            published = None
    title: str | None = found.title
    return ExtractedPage(text, title or None, published)
