"""The FastAPI application: routes, error handlers and middleware around one service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import ExitStack, asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.types import Scope

from spinscope import __version__
from spinscope.errors import SpinscopeError
from spinscope.serve.access import build_login_router, is_public, login_page
from spinscope.serve.api import build_api_router, build_health_router
from spinscope.serve.corpus import CORPUS_PATH, build_corpus_router, corpus_error_page
from spinscope.serve.errors import UNAUTHORIZED, ApiError, too_large, validation_error
from spinscope.serve.middleware import (
    BodyLimitMiddleware,
    InlineScriptCspMiddleware,
    SecurityHeadersMiddleware,
    TokenMiddleware,
)
from spinscope.serve.pages import build_page_router, page_response
from spinscope.serve.service import AnalysisService, TextAnalyzer, load_model
from spinscope.serve.settings import ServeSettings
from spinscope.store import open_store

log = logging.getLogger("spinscope.serve")

API_PREFIX = "/v1/"
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
DOCS_PAGES = frozenset({"/docs", "/docs/oauth2-redirect"})
DOCS_CSP = (
    "default-src 'none'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Swagger UI sets styles from its script, so styles may be inline; scripts may not."""

DESCRIPTION = (
    "Find persuasion and propaganda techniques in news and opinion text, with exact character "
    "spans (Python string indices into the text you send). Labels describe rhetoric, never "
    'whether a claim is true. Errors are JSON: `{"error": {"code", "type", "message", "field"}}`.'
)


def _wants_html(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    if path.startswith(API_PREFIX) or path in {"/healthz", "/openapi.json"}:
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    return "text/html" in accept


def error_response(scope: Scope, error: ApiError) -> Response:
    """The error as JSON, or as the page with a message for a browser on a page route."""
    state = scope["app"].state if "app" in scope else None
    service: AnalysisService | None = getattr(state, "service", None)
    if service is not None and _wants_html(scope) and error.kind is UNAUTHORIZED and scope["method"] == "GET":
        query = scope.get("query_string", b"").decode("latin-1")
        response: Response = login_page(service.renderer, scope["path"] + (f"?{query}" if query else ""))
    elif service is not None and _wants_html(scope) and scope["path"] == CORPUS_PATH:
        query_params = QueryParams(scope.get("query_string", b""))
        store = getattr(state, "corpus_store", None)
        response = corpus_error_page(service.renderer, store, query_params, error)
    elif service is not None and _wants_html(scope):
        response = page_response(
            service.renderer,
            auth_required=service.settings.api_token is not None,
            status=error.status,
            error=f"{error.message} [{error.code}]",
        )
    else:
        response = JSONResponse(error.body(), status_code=error.status)
    response.headers.update(error.headers)
    return response


def _install_error_handlers(app: FastAPI, settings: ServeSettings) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(request.scope, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request.scope, validation_error(list(exc.errors())))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        error = (
            too_large(settings.max_body)
            if exc.status_code == 413
            else ApiError.for_status(exc.status_code, str(exc.detail))
        )
        response = error_response(request.scope, error)
        response.headers.update(exc.headers or {})
        return response

    async def on_core(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SpinscopeError)
        return error_response(request.scope, ApiError.from_core(exc))

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(SpinscopeError, on_core)


def create_app(
    settings: ServeSettings,
    load_analyzer: Callable[[ServeSettings], TextAnalyzer] = load_model,
    extra_routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app. The analyzer is loaded once, when the server starts (lifespan), and the
    result store of ``settings.corpus_db`` (if any) is opened then and closed when it stops.
    ``extra_routers`` are mounted as they are."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        analyzer = await run_in_threadpool(load_analyzer, settings)
        with ExitStack() as resources:
            if settings.corpus_db is not None:
                store = await run_in_threadpool(open_store, settings.corpus_db, create=False)
                app.state.corpus_store = resources.enter_context(store)
            service = AnalysisService.start(settings, analyzer)
            resources.callback(service.close)
            app.state.service = service
            log.info("spinscope: model %s loaded; pool of %d", analyzer.info.name, settings.pool_size)
            yield

    app = FastAPIOffline(
        title="spinscope",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        static_url="/static/docs",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from the validator service
    )
    app.include_router(build_page_router())
    app.include_router(build_api_router(token_required=settings.api_token is not None))
    app.include_router(build_health_router())
    app.include_router(build_login_router())
    if settings.corpus_db is not None:
        app.include_router(build_corpus_router())
    for router in extra_routers:
        app.include_router(router)
    _install_error_handlers(app, settings)
    # Added last = outermost: headers on everything, token check before the body limit reads.
    app.add_middleware(BodyLimitMiddleware, max_body=settings.max_body, respond=error_response)
    if settings.api_token is not None:  # every route but the few public ones (serve.access)
        app.add_middleware(
            TokenMiddleware, token=settings.api_token, is_public=is_public, respond=error_response
        )
    app.add_middleware(InlineScriptCspMiddleware, paths=DOCS_PAGES, policy=DOCS_CSP)
    app.add_middleware(SecurityHeadersMiddleware, headers=HEADERS)
    return app
