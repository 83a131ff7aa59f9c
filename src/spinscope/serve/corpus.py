"""The corpus pages and JSON API of the web app, over the result store that the app's
lifespan opens (``spinscope serve --db``, :attr:`ServeSettings.corpus_db`).

Routes: ``GET /corpus`` (HTML page: rates with a chart, filters, comparison of two sources),
``GET /v1/corpus/sources``, ``/v1/corpus/stats``, ``/v1/corpus/compare``, ``/v1/corpus/documents``.
Errors are raised, not answered here: the app's exception handlers turn them into the JSON
error, or for a browser on ``/corpus`` into this page with the message (:func:`corpus_error_page`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from spinscope.corpus.compare import DEFAULT_RESAMPLES, MIN_RESAMPLES
from spinscope.corpus.profiles import profiles_from_store
from spinscope.corpus.render import STYLE, comparison_html_section, comparison_json, rates_html_section
from spinscope.corpus.selection import compare_sources, describe, make_filter, parse_by
from spinscope.corpus.stats import rate_table
from spinscope.corpus.views import rate_table_json
from spinscope.errors import InputFormatError, SpinscopeError
from spinscope.render.html import HtmlRenderer
from spinscope.serve.dependencies import CorpusStore, Service
from spinscope.serve.errors import ApiError
from spinscope.store import reader
from spinscope.store.connect import Store
from spinscope.store.records import CorpusFilter, SettingInfo

CORPUS_PATH = "/corpus"
MAX_RESAMPLES = 10_000
GROUPINGS = (
    ("", "all together"),
    ("source", "source"),
    ("month", "month"),
    ("source,month", "source and month"),
)

Sources = Annotated[list[str] | None, Query(description="Only these sources (repeatable).")]
Since = Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")]
Keyword = Annotated[str | None, Query(max_length=200, description="All of these words (full-text search).")]
By = Annotated[str, Query(description="'', source, month or source,month")]


@dataclass(frozen=True, slots=True)
class CorpusForm:
    """The page's filter and comparison fields, as the browser sent them."""

    by: str = "source"
    sources: list[str] = field(default_factory=list)
    since: str = ""
    until: str = ""
    keyword: str = ""
    a: list[str] = field(default_factory=list)
    b: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> CorpusForm:
        """From a query string (:class:`starlette.datastructures.QueryParams`), e.g. for an error page."""
        getlist = getattr(query, "getlist", lambda key: [query[key]] if key in query else [])
        return cls(
            by=query.get("by", "source"),
            sources=list(getlist("source")),
            since=query.get("since", ""),
            until=query.get("until", ""),
            keyword=query.get("keyword", ""),
            a=[query["a"]] if query.get("a") else [],
            b=[query["b"]] if query.get("b") else [],
        )

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        return _form_date(self.since, "from"), _form_date(self.until, "to")


def _form_date(value: str, name: str) -> dt.date | None:
    """A date from a form field: empty means no filter."""
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputFormatError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _setting_json(setting: SettingInfo) -> dict[str, Any]:
    return {"name": setting.name, "version": setting.version, "min_score": setting.min_score}


def _filter_json(where: CorpusFilter) -> dict[str, Any]:
    return {
        "sources": list(where.sources),
        "since": where.since.isoformat() if where.since else None,
        "until": where.until.isoformat() if where.until else None,
        "keyword": where.keyword,
    }


def render_corpus_page(
    renderer: HtmlRenderer,
    *,
    form: CorpusForm,
    known: list[tuple[str | None, int]],
    description: str | None = None,
    stats: Markup | None = None,
    comparison: Markup | None = None,
    error: SpinscopeError | ApiError | None = None,
    status: int = 200,
) -> HTMLResponse:
    html = renderer.render(
        "corpus.html.j2",
        style=Markup(STYLE),
        form=form,
        known=known,
        groupings=GROUPINGS,
        description=description,
        empty=error is None and description is None,
        stats=stats or Markup(""),
        comparison=comparison or Markup(""),
        error=error,
    )
    return HTMLResponse(html, status_code=status)


def corpus_error_page(
    renderer: HtmlRenderer, store: Store | None, query: Mapping[str, Any], error: ApiError
) -> HTMLResponse:
    """The corpus page with the error's message above the filters, as the user left them."""
    return render_corpus_page(
        renderer,
        form=CorpusForm.from_query(query),
        known=_known_sources(store),
        error=error,
        status=error.status,
    )


def _known_sources(store: Store | None) -> list[tuple[str | None, int]]:
    """The sources for the form's lists; none when the store cannot say (the page shows why)."""
    if store is None:
        return []
    try:
        return reader.sources(store, reader.default_setting(store))
    except SpinscopeError:
        return []


def build_corpus_router() -> APIRouter:
    """Routes over the app's result store (:data:`spinscope.serve.dependencies.CorpusStore`)."""
    router = APIRouter(tags=["corpus"])

    @router.get("/v1/corpus/sources", summary="Sources and how many analysed documents each has")
    def api_sources(
        store: CorpusStore, since: Since = None, until: Until = None, keyword: Keyword = None
    ) -> Any:
        where = make_filter((), since, until, keyword)
        rows = reader.sources(store, reader.default_setting(store), where)
        return {"sources": [{"source": s, "documents": n} for s, n in rows]}

    @router.get("/v1/corpus/stats", summary="Technique and claim rates per 1,000 words, per group")
    def api_stats(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        store: CorpusStore,
        by: By = "",
        source: Sources = None,
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
    ) -> Any:
        where = make_filter(source or (), since, until, keyword)
        setting = reader.default_setting(store)
        table = rate_table(profiles_from_store(store, setting, where), parse_by(by))
        return {"model": _setting_json(setting), "filter": _filter_json(where), **rate_table_json(table)}

    @router.get("/v1/corpus/compare", summary="Two sources' technique rates with bootstrap intervals")
    def api_compare(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        store: CorpusStore,
        a: Annotated[str, Query(min_length=1, description="Source A")],
        b: Annotated[str, Query(min_length=1, description="Source B")],
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
        resamples: Annotated[int, Query(ge=MIN_RESAMPLES, le=MAX_RESAMPLES)] = DEFAULT_RESAMPLES,
        seed: int = 0,
    ) -> Any:
        where = make_filter((), since, until, keyword)
        setting = reader.default_setting(store)
        result = compare_sources(store, setting, a, b, where, resamples=resamples, seed=seed)
        return {"model": _setting_json(setting), "filter": _filter_json(where), **comparison_json(result)}

    @router.get("/v1/corpus/documents", summary="Analysed documents matching the filters")
    def api_documents(  # noqa: PLR0917 -- FastAPI reads the query parameters from the signature
        store: CorpusStore,
        source: Sources = None,
        since: Since = None,
        until: Until = None,
        keyword: Keyword = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Any:
        where = make_filter(source or (), since, until, keyword)
        found = reader.search_documents(
            store, reader.default_setting(store), where, limit=limit, offset=offset
        )
        return {"documents": found, "limit": limit, "offset": offset}

    @router.get(CORPUS_PATH, response_class=HTMLResponse, summary="The corpus page")
    def page(  # noqa: PLR0913, PLR0917 -- FastAPI reads the query parameters from the signature
        store: CorpusStore,
        service: Service,
        by: By = "source",
        source: Sources = None,
        since: str = "",
        until: str = "",
        keyword: Keyword = None,
        a: str | None = None,
        b: str | None = None,
    ) -> HTMLResponse:
        form = CorpusForm(by, source or [], since, until, keyword or "", [a] if a else [], [b] if b else [])
        return corpus_page(service.renderer, store, form)

    return router


def corpus_page(renderer: HtmlRenderer, store: Store, form: CorpusForm) -> HTMLResponse:
    """The page for ``form``: rates of the matching documents and, given A and B, their comparison."""
    since, until = form.dates()
    setting = reader.default_setting(store)
    known = reader.sources(store, setting)
    where = make_filter(form.sources, since, until, form.keyword or None)
    profiles = profiles_from_store(store, setting, where)
    description = stats = comparison = None
    if len(profiles):
        description = describe(setting, where)
        stats = Markup(rates_html_section(rate_table(profiles, parse_by(form.by))))
    if form.a and form.b:
        where_both = make_filter((), since, until, form.keyword or None)
        comparison = Markup(
            comparison_html_section(compare_sources(store, setting, form.a[0], form.b[0], where_both))
        )
    return render_corpus_page(
        renderer, form=form, known=known, description=description, stats=stats, comparison=comparison
    )
