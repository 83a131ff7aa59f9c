"""From what a user points at (a text file, an HTML page, a URL) to the text that is analysed.

An HTML page, recognised by its content rather than its name, is reduced to its article text
by trafilatura; offsets of the analysis then refer to that extracted text, which the output
carries. ``raw=True`` analyses the markup as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spinscope.errors import NoArticleTextError
from spinscope.ingest.fetch import FetchPolicy, fetch
from spinscope.ingest.text import decode_bytes

_HTML_START = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:head|body|meta|title|article|div|p)[\s>]", re.IGNORECASE)
_SNIFF = 4096


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    """The text to analyse; offsets refer to it."""
    source: str
    extracted_from: str | None = None
    """``"html"`` when ``text`` is the article text extracted from a page, else None."""
    markup_length: int = 0
    title: str | None = None
    published: dt.date | None = None
    """The page's own publication date (its metadata), when it has one."""

    def note(self) -> str | None:
        """A line telling the user that the page was reduced to its article text."""
        if self.extracted_from != "html":
            return None
        return (
            f"{self.source}: HTML page; analysing its article text ({len(self.text):,} characters "
            f"extracted from {self.markup_length:,}); offsets refer to that text (--raw: the markup)"
        )


def looks_like_html(text: str) -> bool:
    """True for a document that starts as HTML does, or whose start is full of HTML tags."""
    head = text[:_SNIFF]
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2


def article_from_html(markup: str | bytes, source: str) -> Article:
    from spinscope.ingest.html import extract_page

    page = extract_page(markup.encode("utf-8") if isinstance(markup, str) else markup)
    if page is None:
        raise NoArticleTextError(f"{source}: no article text found in this HTML page")
    return Article(page.text, source, "html", len(markup), page.title, page.published)


def article_from_text(text: str, source: str, raw: bool = False) -> Article:
    """``text`` as read from a file or standard input; HTML is reduced unless ``raw``."""
    if not raw and looks_like_html(text):
        return article_from_html(text, source)
    return Article(text, source)


def article_from_url(url: str, raw: bool = False, policy: FetchPolicy | None = None) -> Article:
    fetched = fetch(url, policy)
    if fetched.media_type == "text/plain" or raw:
        text = _decode(fetched.content, fetched.charset, url)
        return article_from_text(text, url, raw=True) if raw else Article(text, url)
    return article_from_html(fetched.content, url)


def _decode(content: bytes, charset: str | None, source: str) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            return content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(content, source)
