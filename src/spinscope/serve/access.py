"""Who may call what when the server has an access token.

Every route needs the token except the few listed in :data:`PUBLIC_ROUTES`, which reveal no
stored or analysed data (the empty form, its stylesheet and script, the health check, the API
documentation). A route added later is therefore protected unless it is listed here. Clients
send ``Authorization: Bearer <token>``; a browser signs in once on the login form and then
sends a session cookie derived from the token (HttpOnly, SameSite=Strict).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from spinscope.render.html import HtmlRenderer
from spinscope.serve.dependencies import Service

SESSION_COOKIE = "spinscope_session"
LOGIN_PATH = "/login"
LOGIN_CSP = (
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

PUBLIC_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/"),  # the empty form
        ("POST", "/"),  # the form checks the token field itself
        ("GET", LOGIN_PATH),
        ("POST", LOGIN_PATH),  # checks the token field itself
        ("GET", "/static/spinscope.css"),
        ("GET", "/static/spinscope.js"),
        ("GET", "/favicon.ico"),
        ("GET", "/healthz"),
        ("GET", "/docs"),
        ("GET", "/docs/oauth2-redirect"),
        ("GET", "/openapi.json"),
    }
)
"""(method, path) of the routes that answer without the token."""
PUBLIC_PREFIXES: tuple[str, ...] = ("/static/docs/",)
"""Static files of the API documentation page."""


def is_public(method: str, path: str) -> bool:
    method = "GET" if method == "HEAD" else method
    return (method, path) in PUBLIC_ROUTES or (method == "GET" and path.startswith(PUBLIC_PREFIXES))


def session_value(token: str) -> str:
    """The session cookie's value: derived from the token, so it changes when the token does."""
    return hmac.new(token.encode("utf-8"), b"spinscope web session", hashlib.sha256).hexdigest()


def token_matches(given: str, token: str) -> bool:
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def cookie_matches(cookies: dict[str, str], token: str) -> bool:
    return hmac.compare_digest(
        cookies.get(SESSION_COOKIE, "").encode("ascii", "replace"), session_value(token).encode("ascii")
    )


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this server only (never another host)."""
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target


def login_page(
    renderer: HtmlRenderer, next_path: str, *, status: int = 401, error: str | None = None
) -> HTMLResponse:
    html = renderer.render(
        "login.html.j2", stylesheet="/static/spinscope.css", next_path=safe_next(next_path), error=error
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": LOGIN_CSP})


def build_login_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(LOGIN_PATH, response_class=HTMLResponse)
    async def login_form(service: Service, next: str = "/") -> HTMLResponse:
        return login_page(service.renderer, next, status=200)

    @router.post(LOGIN_PATH)
    async def login(
        service: Service,
        token: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        expected = service.settings.api_token
        if expected is None:
            return RedirectResponse(safe_next(next), status_code=303)
        if not token_matches(token, expected):
            return login_page(service.renderer, next, error="wrong access token [E101]")
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(
            SESSION_COOKIE, session_value(expected), httponly=True, samesite="strict", path="/"
        )
        return response

    return router
