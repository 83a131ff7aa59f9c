"""The corpus pages and JSON API of the web app, as a FastAPI router over one result store.

    from spinscope.store import open_store
    from spinscope.corpus.web import build_corpus_router

    store = open_store("corpus.db")
    app.include_router(build_corpus_router(store))   # close the store when the app stops

Routes: ``GET /corpus`` (HTML page: rates with a chart, filters, comparison of two sources),
``GET /v1/corpus/sources``, ``/v1/corpus/stats``, ``/v1/corpus/compare``, ``/v1/corpus/documents``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from spinscope.corpus.compare import DEFAULT_RESAMPLES, MIN_RESAMPLES, ComparisonError
from spinscope.corpus.profiles import profiles_from_store
from spinscope.corpus.render import comparison_html_section, comparison_json, html_page, rates_html_section
from spinscope.corpus.selection import compare_sources, describe, make_filter, parse_by
from spinscope.corpus.stats import rate_table
from spinscope.corpus.views import rate_table_json
from spinscope.errors import InputFormatError, SpinscopeError, StoreError
from spinscope.store import reader
from spinscope.store.connect import Store
from spinscope.store.records import CorpusFilter, SettingInfo

MAX_RESAMPLES = 10_000

Sources = Annotated[list[str] | None, Query(description="Only these sources (repeatable).")]
Since = Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")]
Keyword = Annotated[str | None, Query(max_length=200, description="All of these words (full-text search).")]
By = Annotated[str, Query(description="'', source, month or source,month")]


NAV = (
    '<nav class="nav"><a href="/">Analyse a text</a> · <a href="/corpus" aria-current="page">Corpus</a>'
    ' · <a href="/docs">API</a></nav>'
)
"""The same links as the analysis page's."""


def _error(exc: SpinscopeError) -> JSONResponse:
    status = 404 if isinstance(exc, ComparisonError | StoreError) else 422
    kind = "not_found" if status == 404 else "invalid_request"
    return JSONResponse(
        {"error": {"code": exc.code, "type": kind, "message": exc.message}}, status_code=status
    )


@dataclass(frozen=True, slots=True)
class _Corpus:
    """The queries behind every route, over one store."""

    store: Store

    def setting(self) -> SettingInfo:
        return reader.default_setting(self.store)

    def stats(self, by: str, where: CorpusFilter) -> dict[str, Any]:
        setting = self.setting()
        table = rate_table(profiles_from_store(self.store, setting, where), parse_by(by))
        return {"model": _setting_json(setting), "filter": _filter_json(where), **rate_table_json(table)}

    def compare(self, a: str, b: str, where: CorpusFilter, resamples: int, seed: int) -> dict[str, Any]:
        setting = self.setting()
        result = compare_sources(self.store, setting, a, b, where, resamples=resamples, seed=seed)
        return {"model": _setting_json(setting), "filter": _filter_json(where), **comparison_json(result)}


def _setting_json(setting: SettingInfo) -> dict[str, Any]:
    return {"name": setting.name, "version": setting.version, "min_score": setting.min_score}


def _filter_json(where: CorpusFilter) -> dict[str, Any]:
    return {
        "sources": list(where.sources),
        "since": where.since.isoformat() if where.since else None,
        "until": where.until.isoformat() if where.until else None,
        "keyword": where.keyword,
    }


def build_corpus_router(store: Store) -> APIRouter:
    """Routes over ``store``; the caller opens it (:func:`spinscope.store.open_store`) and closes it."""
    corpus = _Corpus(store)
    router = APIRouter(tags=["corpus"])

    @router.get("/v1/corpus/sources", summary="Sources and how many analysed documents each has")
    def api_sources(since: Since = None, until: Until = None, keyword: Keyword = None) -> Any:
        try:
            where = make_filter((), since, until, keyword)
            rows = reader.sources(store, corpus.setting(), where)
        except SpinscopeError as exc:
            return _error(exc)
        return {"sources": [{"source": s, "documents": n} for s, n in rows]}

    @router.get("/v1/corpus/stats", summary="Technique and claim rates per 1,000 words, per group")
    def api_stats(
        by: By = "",
        source: Sources = None,
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
    ) -> Any:
        try:
            return corpus.stats(by, make_filter(source or (), since, until, keyword))
        except SpinscopeError as exc:
            return _error(exc)

    @router.get("/v1/corpus/compare", summary="Two sources' technique rates with bootstrap intervals")
    def api_compare(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        a: Annotated[str, Query(min_length=1, description="Source A")],
        b: Annotated[str, Query(min_length=1, description="Source B")],
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
        resamples: Annotated[int, Query(ge=MIN_RESAMPLES, le=MAX_RESAMPLES)] = DEFAULT_RESAMPLES,
        seed: int = 0,
    ) -> Any:
        try:
            return corpus.compare(a, b, make_filter((), since, until, keyword), resamples, seed)
        except SpinscopeError as exc:
            return _error(exc)

    @router.get("/v1/corpus/documents", summary="Analysed documents matching the filters")
    def api_documents(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        source: Sources = None,
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Any:
        try:
            where = make_filter(source or (), since, until, keyword)
            found = reader.search_documents(store, corpus.setting(), where, limit=limit, offset=offset)
        except SpinscopeError as exc:
            return _error(exc)
        return {"documents": found, "limit": limit, "offset": offset}

    @router.get("/corpus", response_class=HTMLResponse, summary="The corpus page")
    async def page(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        by: By = "source",
        source: Sources = None,
        since: str | None = None,
        until: str | None = None,
        keyword: Keyword = None,
        a: str | None = None,
        b: str | None = None,
    ) -> HTMLResponse:
        html, status = await run_in_threadpool(_page, store, by, source or [], since, until, keyword, a, b)
        return HTMLResponse(html, status_code=status)

    return router


def _form_date(value: str | None, name: str) -> dt.date | None:
    """A date from a form field: empty means no filter."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputFormatError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _page(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
    store: Store,
    by: str,
    sources: list[str],
    since_text: str | None,
    until_text: str | None,
    keyword: str | None,
    a: str | None,
    b: str | None,
) -> tuple[str, int]:
    """The corpus page and its status; errors are shown on the page itself."""
    message = ""
    status = 200
    stats_html = compare_html = ""
    known: list[tuple[str | None, int]] = []
    since = until = None
    try:
        since, until = _form_date(since_text, "from"), _form_date(until_text, "to")
        setting = reader.default_setting(store)
        known = reader.sources(store, setting)
        where = make_filter(sources, since, until, keyword)
        profiles = profiles_from_store(store, setting, where)
        if len(profiles):
            stats_html = f'<p class="note">{escape(describe(setting, where))}</p>' + rates_html_section(
                rate_table(profiles, parse_by(by))
            )
        else:
            stats_html = '<p class="note">No analysed documents match these filters.</p>'
        if a and b:
            compared = compare_sources(store, setting, a, b, make_filter((), since, until, keyword))
            compare_html = comparison_html_section(compared)
    except SpinscopeError as exc:
        message = f'<p role="alert"><b>{escape(exc.message)}</b> [{escape(exc.code)}]</p>'
        status = 404 if isinstance(exc, ComparisonError | StoreError) else 422
    body = (
        f"{NAV}<h1>Corpus</h1>"
        '<p class="note">Persuasion techniques per 1,000 words in the stored corpus. Rates describe '
        "rhetoric, not whether anything is true.</p>"
        f"{message}{_filter_form(known, by, sources, since, until, keyword)}{stats_html}"
        f"<h2>Compare two sources</h2>{_compare_form(known, a, b, since, until, keyword)}{compare_html}"
    )
    return html_page("spinscope corpus", body), status


def _options(known: list[tuple[str | None, int]], selected: list[str]) -> str:
    return "".join(
        f'<option value="{escape(s)}"{" selected" if s in selected else ""}>{escape(s)} ({n})</option>'
        for s, n in known
        if s
    )


def _date_inputs(since: dt.date | None, until: dt.date | None, keyword: str | None) -> str:
    return (
        f'<label>from<input type="date" name="since" value="{since.isoformat() if since else ""}"></label>'
        f'<label>to<input type="date" name="until" value="{until.isoformat() if until else ""}"></label>'
        f'<label>keyword<input type="search" name="keyword" value="{escape(keyword or "")}"></label>'
    )


def _filter_form(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
    known: list[tuple[str | None, int]],
    by: str,
    sources: list[str],
    since: dt.date | None,
    until: dt.date | None,
    keyword: str | None,
) -> str:
    groupings = "".join(
        f'<option value="{v}"{" selected" if v == by else ""}>{label}</option>'
        for v, label in (
            ("", "all together"),
            ("source", "source"),
            ("month", "month"),
            ("source,month", "source and month"),
        )
    )
    return (
        '<form method="get" action="/corpus">'
        f'<label>sources<select name="source" multiple size="4">{_options(known, sources)}</select></label>'
        f"{_date_inputs(since, until, keyword)}"
        f'<label>group by<select name="by">{groupings}</select></label>'
        '<button type="submit">Show</button></form>'
    )


def _compare_form(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
    known: list[tuple[str | None, int]],
    a: str | None,
    b: str | None,
    since: dt.date | None,
    until: dt.date | None,
    keyword: str | None,
) -> str:
    return (
        '<form method="get" action="/corpus">'
        f'<label>A<select name="a">{_options(known, [a] if a else [])}</select></label>'
        f'<label>B<select name="b">{_options(known, [b] if b else [])}</select></label>'
        f"{_date_inputs(since, until, keyword)}"
        '<button type="submit">Compare</button></form>'
    )
