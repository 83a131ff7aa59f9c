"""ASGI middleware: request body limit, access token, security headers.

They run before any route reads the body, so an oversized or unauthorised request is
refused without buffering it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spinscope.render.html import csp_hash
from spinscope.serve.access import cookie_matches, token_matches
from spinscope.serve.errors import UNAUTHORIZED, ApiError, too_large

ErrorResponder = Callable[[Scope, ApiError], Response]


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit; FastAPI hands it to the
    app's HTTP exception handler like any other 413."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body too large")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body: int, respond: ErrorResponder) -> None:
        self.app = app
        self.max_body = max_body
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self.respond(scope, too_large(self.max_body))(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLargeError
            return message

        await self.app(scope, limited_receive, send)


class TokenMiddleware:
    """Requires the access token on every route that ``is_public`` does not name: the header
    ``Authorization: Bearer <token>`` or the session cookie of the login form."""

    def __init__(
        self, app: ASGIApp, token: str, is_public: Callable[[str, str], bool], respond: ErrorResponder
    ) -> None:
        self.app = app
        self.token = token
        self.is_public = is_public
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and not self.is_public(scope["method"], scope["path"])
            and not self._authorised(scope)
        ):
            error = ApiError(
                UNAUTHORIZED,
                "this server requires an access token: send the header 'Authorization: Bearer <token>' "
                "or sign in at /login",
                headers={"WWW-Authenticate": "Bearer"},
            )
            await self.respond(scope, error)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        headers = Headers(scope=scope)
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token_matches(credentials, self.token):
            return True
        return cookie_matches(cookie_parser(headers.get("cookie", "")), self.token)


_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


class InlineScriptCspMiddleware:
    """A Content-Security-Policy for HTML pages that others render with inline scripts (the
    API documentation): each inline script is allowed by its hash, nothing else inline, and
    nothing from other hosts. ``policy`` is formatted with ``{scripts}``."""

    def __init__(self, app: ASGIApp, paths: frozenset[str], policy: str) -> None:
        self.app = app
        self.paths = paths
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                body.extend(message.get("body", b""))
                if message.get("more_body", False):
                    return
                hashes = " ".join(csp_hash(m.decode("utf-8")) for m in _INLINE_SCRIPT.findall(bytes(body)))
                headers = MutableHeaders(scope=start)
                headers["Content-Security-Policy"] = self.policy.format(scripts=hashes)
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body)})
                return
            await send(message)

        await self.app(scope, receive, buffered)


class SecurityHeadersMiddleware:
    """Adds ``headers`` to every response that does not set them itself."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
