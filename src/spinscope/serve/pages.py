"""The browser pages: a form (text box or file upload) that answers with the same view as
the HTML report. Works as a plain form POST; the page script only adds tooltips."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from spinscope.analysis import Analysis
from spinscope.claims.dates import PublishedDateError, parse_published
from spinscope.render.html import HtmlRenderer
from spinscope.serve.dependencies import Service
from spinscope.serve.errors import INVALID_REQUEST, UNAUTHORIZED, ApiError
from spinscope.serve.service import AnalysisService

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
STYLESHEET_PATH = "/static/spinscope.css"
SCRIPT_PATH = "/static/spinscope.js"
FAVICON_PATH = "/favicon.ico"


def page_response(  # noqa: PLR0913 -- every field of the page template, all keyword-only
    renderer: HtmlRenderer,
    *,
    auth_required: bool,
    status: int = 200,
    text: str = "",
    min_score: str = "",
    published: str = "",
    result: Markup | None = None,
    error: str | None = None,
    max_body: int | None = None,
    url_input: bool = False,
    url: str = "",
    corpus: bool = False,
) -> HTMLResponse:
    html = renderer.render(
        "page.html.j2",
        stylesheet=STYLESHEET_PATH,
        script=SCRIPT_PATH,
        auth_required=auth_required,
        text=text,
        min_score=min_score,
        published=published,
        result=result,
        error=error,
        max_body=max_body,
        url_input=url_input,
        url=url,
        corpus=corpus,
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_CSP})


def _parse_min_score(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0.0 <= score < 1.0:
        raise ApiError(
            INVALID_REQUEST,
            f"minimum score must be a number from 0 to below 1, got {value!r}",
            field="min_score",
        )
    return score


def _parse_published(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parse_published(value)
    except PublishedDateError as exc:
        raise ApiError(INVALID_REQUEST, str(exc), field="published") from exc


def build_page_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    async def index(request: Request, service: Service) -> HTMLResponse:
        return page_response(service.renderer, **_form_settings(service, request))

    @router.post("/", response_class=HTMLResponse)
    async def submit(  # noqa: PLR0917 -- FastAPI reads the form fields from the signature
        request: Request,
        service: Service,
        text: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        min_score: Annotated[str, Form()] = "",
        published: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        form: dict[str, Any] = {"text": text, "min_score": min_score, "published": published, "url": url}
        try:
            _check_form_token(service, token)
            threshold = _parse_min_score(min_score)
            when = _parse_published(published)
            analysis, source = await _analyse_form(service, text, file, url, threshold, when)
        except ApiError as error:
            return page_response(
                service.renderer,
                **_form_settings(service, request),
                **form,
                status=error.status,
                error=f"{error.message} [{error.code}]",
            )
        return page_response(
            service.renderer,
            **_form_settings(service, request),
            **form,
            result=service.renderer.fragment(analysis, source),
        )

    @router.get(STYLESHEET_PATH)
    async def stylesheet(service: Service) -> Response:
        return Response(service.renderer.stylesheet(), media_type="text/css; charset=utf-8")

    @router.get(SCRIPT_PATH)
    async def script(service: Service) -> Response:
        return Response(service.renderer.script(), media_type="text/javascript; charset=utf-8")

    @router.get(FAVICON_PATH)
    async def favicon(service: Service) -> Response:
        return Response(
            service.renderer.favicon(),
            media_type="image/vnd.microsoft.icon",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return router


def _form_settings(service: AnalysisService, request: Request) -> dict[str, Any]:
    settings = service.settings
    return {
        "auth_required": settings.api_token is not None,
        "max_body": settings.max_body,
        "url_input": settings.url_input,
        "corpus": any(getattr(route, "path", None) == "/corpus" for route in request.app.routes),
    }


def _check_form_token(service: AnalysisService, token: str) -> None:
    expected = service.settings.api_token
    if expected is not None and not hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(UNAUTHORIZED, "this server requires an access token: enter it in the token field")


async def _analyse_form(  # noqa: PLR0917 -- FastAPI reads the form fields from the signature
    service: AnalysisService,
    text: str,
    file: UploadFile | None,
    url: str,
    min_score: float | None,
    published: dt.date | None,
) -> tuple[Analysis, str]:
    if file is not None and file.filename:
        data = await file.read()
        upload = await service.analyze_upload(file.filename, file.content_type, data, min_score, published)
        return upload.analysis, upload.source
    if url.strip() and not text.strip():
        found = await service.analyze_url(url.strip(), min_score, published)
        return found.analysis, found.source
    if not text.strip():
        raise ApiError(INVALID_REQUEST, "paste some text or choose a file to analyse", field="text")
    return await service.analyze_text(text, min_score, published), "pasted text"
