"""Turning an uploaded file into the text to analyse: .txt as is, .html reduced to the
article text by trafilatura (offsets then refer to that extracted text)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath

from spinscope.ingest.article import article_from_html
from spinscope.ingest.text import decode_bytes
from spinscope.serve.errors import UNSUPPORTED_MEDIA, ApiError


class UploadKind(StrEnum):
    text = "text"
    html = "html"


_BY_SUFFIX = {
    ".txt": UploadKind.text,
    ".text": UploadKind.text,
    ".html": UploadKind.html,
    ".htm": UploadKind.html,
}
_BY_MEDIA_TYPE = {"text/plain": UploadKind.text, "text/html": UploadKind.html}


def upload_kind(filename: str | None, content_type: str | None) -> UploadKind:
    """Decide by file name suffix, else by media type; anything else is 415."""
    name = filename or ""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    media_type = (content_type or "").split(";")[0].strip().lower()
    if not suffix and media_type in _BY_MEDIA_TYPE:
        return _BY_MEDIA_TYPE[media_type]
    described = f"{name!r} ({media_type or 'no media type'})" if name else media_type or "the upload"
    raise ApiError(UNSUPPORTED_MEDIA, f"cannot analyse {described}: upload a .txt (UTF-8) or .html file")


def upload_text(data: bytes, kind: UploadKind, source: str) -> str:
    if kind is UploadKind.html:
        return article_from_html(data, source).text
    return decode_bytes(data, source)
