"""JSON API routes: ``/v1/analyze``, ``/v1/analyze/file``, ``/v1/techniques``, ``/healthz``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.security import HTTPBearer

from spinscope.render.json_view import analysis_json
from spinscope.serve.dependencies import Service
from spinscope.serve.errors import UNSUPPORTED_MEDIA, ApiError
from spinscope.serve.models import (
    AnalysisOut,
    AnalyzeRequest,
    AnalyzeUrlRequest,
    ErrorOut,
    HealthOut,
    TechniqueOut,
)
from spinscope.techniques import TECHNIQUES

# Documents the bearer scheme in OpenAPI; BearerTokenMiddleware enforces it before the body is read.
_bearer = HTTPBearer(auto_error=False, description="Needed when the server has SPINSCOPE_API_TOKEN set.")

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (401, "API token missing or wrong (only when the server requires one)"),
        (413, "Request body larger than the server's limit"),
        (422, "Malformed or invalid request; `field` names the culprit"),
        (503, "Server busy (retry after the Retry-After seconds) or analysis over the time budget"),
    )
}
_JSON_TYPES = ("application/json",)


async def require_json(request: Request) -> None:
    """415 for a body that is not JSON, or JSON not in UTF-8 (RFC 8259 allows no other
    encoding; Python's parser would also take UTF-16 and UTF-32)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in _JSON_TYPES and not media_type.endswith("+json"):
        raise ApiError(
            UNSUPPORTED_MEDIA,
            f"request body is {media_type or 'of no media type'}: send application/json "
            '({"text": ...}), or upload a file to /v1/analyze/file',
        )
    body = await request.body()
    if b"\x00" in body[:4] or body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ApiError(
            UNSUPPORTED_MEDIA, "the JSON body is not UTF-8 (it looks like UTF-16 or UTF-32): send UTF-8"
        )


def build_api_router(token_required: bool = False) -> APIRouter:
    """The ``/v1`` routes; with ``token_required`` the API documentation shows the bearer
    scheme (and its Authorize buttons), without it none."""
    security = [Depends(_bearer)] if token_required else []
    router = APIRouter(prefix="/v1", dependencies=security, responses=_ERRORS, tags=["analysis"])

    unsupported: dict[int | str, dict[str, Any]] = {
        415: {"model": ErrorOut, "description": "Body is not application/json"}
    }

    @router.post(
        "/analyze",
        response_model=AnalysisOut,
        response_model_exclude_unset=True,
        responses=unsupported,
        dependencies=[Depends(require_json)],
    )
    async def analyze(request: AnalyzeRequest, service: Service) -> dict[str, Any]:
        """Analyse a text; the answer is the same JSON as `spinscope analyze --format json`."""
        result = await service.analyze_text(request.text, request.min_score, request.published)
        return analysis_json(result)

    @router.post(
        "/analyze/file",
        response_model=AnalysisOut,
        response_model_exclude_unset=True,
        responses={
            415: {"model": ErrorOut, "description": "Not a .txt or .html file"},
        },
    )
    async def analyze_file(
        file: Annotated[UploadFile, File(description="A UTF-8 .txt file or an .html page.")],
        service: Service,
        min_score: Annotated[float | None, Form(ge=0, lt=1)] = None,
        published: Annotated[
            dt.date | None, Form(description="Publication date (YYYY-MM-DD) for relative dates in claims.")
        ] = None,
    ) -> dict[str, Any]:
        """Analyse an uploaded .txt or .html file. HTML is reduced to its article text first;
        the answer includes that `text`, which the span offsets refer to."""
        data = await file.read()
        upload = await service.analyze_upload(file.filename, file.content_type, data, min_score, published)
        return analysis_json(upload.analysis, source=upload.source, include_text=True)

    @router.post(
        "/analyze/url",
        response_model=AnalysisOut,
        response_model_exclude_unset=True,
        responses={
            404: {"model": ErrorOut, "description": "The server was not started with --url-input"},
            502: {"model": ErrorOut, "description": "The page could not be fetched (E005)"},
            **unsupported,
        },
        dependencies=[Depends(require_json)],
    )
    async def analyze_url(request: AnalyzeUrlRequest, service: Service) -> dict[str, Any]:
        """Fetch a public web page and analyse its article text (only on servers started with
        `--url-input`; loopback, private and link-local addresses are refused with E006)."""
        found = await service.analyze_url(request.url, request.min_score, request.published)
        return analysis_json(found.analysis, source=found.source, include_text=True)

    @router.get("/techniques", response_model=list[TechniqueOut])
    async def techniques() -> list[dict[str, str]]:
        """The techniques spinscope detects, with definitions and invented examples."""
        return [asdict(t) for t in TECHNIQUES]

    return router


def build_health_router() -> APIRouter:
    router = APIRouter(tags=["service"])

    @router.get("/healthz", response_model=HealthOut)
    async def healthz(service: Service) -> dict[str, Any]:
        """Liveness and load: the loaded model and how full the analysis pool is."""
        return {
            "status": "ok",
            "model": service.analyzer.info.to_dict(),
            "pool": asdict(service.pool.stats),
            "auth_required": service.settings.api_token is not None,
        }

    return router
