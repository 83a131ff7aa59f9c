"""JSON errors of the web API: ``{"error": {"code", "type", "message", "field"?}}``.

The codes are in the one table, :mod:`spinscope.errors` (:class:`~spinscope.errors.HttpCode`);
input errors raised by the core (undecodable upload, ...) keep their own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spinscope.errors import (
    ComparisonError,
    FetchError,
    HttpCode,
    InputDecodeError,
    InputFormatError,
    NoArticleTextError,
    RefusedAddressError,
    SpinscopeError,
    StoreError,
)


@dataclass(frozen=True, slots=True)
class ErrorKind:
    status: int
    code: str
    type: str


UNAUTHORIZED = ErrorKind(401, HttpCode.UNAUTHORIZED, "unauthorized")
NOT_FOUND = ErrorKind(404, HttpCode.NOT_FOUND, "not_found")
METHOD_NOT_ALLOWED = ErrorKind(405, HttpCode.METHOD_NOT_ALLOWED, "method_not_allowed")
TOO_LARGE = ErrorKind(413, HttpCode.REQUEST_TOO_LARGE, "request_too_large")
UNSUPPORTED_MEDIA = ErrorKind(415, HttpCode.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
INVALID_REQUEST = ErrorKind(422, HttpCode.INVALID_REQUEST, "invalid_request")
NO_TEXT = ErrorKind(422, NoArticleTextError.code, "no_article_text")
BUSY = ErrorKind(503, HttpCode.BUSY, "busy")
TIMEOUT = ErrorKind(503, HttpCode.TIMEOUT, "timeout")
ANALYSIS_FAILED = ErrorKind(500, HttpCode.ANALYSIS_FAILED, "analysis_failed")
HTTP_ERROR = ErrorKind(400, HttpCode.BAD_REQUEST, "bad_request")
REFUSED_ADDRESS = ErrorKind(422, RefusedAddressError.code, "refused_address")
FETCH_FAILED = ErrorKind(502, FetchError.code, "fetch_failed")

_BY_STATUS = {kind.status: kind for kind in (UNAUTHORIZED, NOT_FOUND, METHOD_NOT_ALLOWED, TOO_LARGE)}


class ApiError(Exception):
    """An error answered to the client with a status, a code and a one-line message."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.field = field
        self.code = code or kind.code
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return self.kind.status

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "type": self.kind.type, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}

    @classmethod
    def for_status(cls, status: int, message: str) -> ApiError:
        kind = _BY_STATUS.get(status, ErrorKind(status, HTTP_ERROR.code, HTTP_ERROR.type))
        return cls(kind, message)

    @classmethod
    def from_core(cls, exc: SpinscopeError) -> ApiError:
        """Input problems found by the core become 422 with the core's code, a page that could not
        be fetched 502, a source or result store that is not there 404; others 500."""
        if isinstance(exc, NoArticleTextError):
            kind = NO_TEXT
        elif isinstance(exc, RefusedAddressError):
            kind = REFUSED_ADDRESS
        elif isinstance(exc, FetchError):
            kind = FETCH_FAILED
        elif isinstance(exc, ComparisonError | StoreError):
            kind = NOT_FOUND
        elif isinstance(exc, InputDecodeError | InputFormatError):
            kind = INVALID_REQUEST
        else:
            kind = ANALYSIS_FAILED
        return cls(kind, exc.message, code=exc.code)


def too_large(limit: int) -> ApiError:
    return ApiError(TOO_LARGE, f"request body is larger than the limit of {limit} bytes (--max-body)")


def validation_error(errors: list[dict[str, Any]]) -> ApiError:
    """One 422 error naming the first offending field (``body`` for malformed JSON)."""
    if not errors:
        return ApiError(INVALID_REQUEST, "invalid request")
    first = errors[0]
    location = [str(part) for part in first.get("loc", ())]
    if first.get("type") == "json_invalid":
        position = location[1] if len(location) > 1 else "?"
        reason = first.get("ctx", {}).get("error", "not valid JSON")
        return ApiError(
            INVALID_REQUEST, f"malformed JSON in request body at character {position}: {reason}", field="body"
        )
    field = ".".join(location[1:]) if len(location) > 1 else (location[0] if location else "body")
    message = f"{field}: {first.get('msg', 'invalid value')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return ApiError(INVALID_REQUEST, message, field=field)
