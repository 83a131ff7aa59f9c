"""What the routes call: the loaded analyzer, the bounded pool and the HTML renderer,
created once per server process in the app's lifespan and reached through
:data:`spinscope.serve.dependencies.Service`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from spinscope.analysis import Analysis, ModelInfo
from spinscope.errors import SpinscopeError
from spinscope.ingest.article import article_from_url
from spinscope.render.html import HtmlRenderer
from spinscope.serve.errors import BUSY, NOT_FOUND, TIMEOUT, ApiError
from spinscope.serve.pool import AnalysisPool, PoolBusyError, PoolTimeoutError
from spinscope.serve.settings import ServeSettings
from spinscope.serve.uploads import UploadKind, upload_kind, upload_text

T = TypeVar("T")


class TextAnalyzer(Protocol):
    """What the server needs from an analyzer (:class:`spinscope.analyzer.Analyzer` is one)."""

    @property
    def info(self) -> ModelInfo: ...

    def analyze(
        self, text: str, min_score: float | None = None, published: dt.date | None = None
    ) -> Analysis: ...


def load_model(settings: ServeSettings) -> TextAnalyzer:
    """Load the model named by the settings (default: the bundled one)."""
    from spinscope.analyzer import Analyzer
    from spinscope.model.onnx_runtime import RuntimeOptions

    return Analyzer.load(settings.model_dir, options=RuntimeOptions(threads=settings.analysis_threads))


@dataclass(frozen=True, slots=True)
class UploadResult:
    analysis: Analysis
    source: str
    kind: UploadKind


@dataclass(slots=True)
class AnalysisService:
    settings: ServeSettings
    analyzer: TextAnalyzer
    pool: AnalysisPool
    renderer: HtmlRenderer

    @classmethod
    def start(cls, settings: ServeSettings, analyzer: TextAnalyzer) -> AnalysisService:
        pool = AnalysisPool(settings.pool_size, settings.queue_size, settings.timeout)
        return cls(settings, analyzer, pool, HtmlRenderer())

    def close(self) -> None:
        self.pool.shutdown()

    async def analyze_text(
        self, text: str, min_score: float | None, published: dt.date | None = None
    ) -> Analysis:
        return await self._run(self.analyzer.analyze, text, min_score, published)

    async def analyze_upload(
        self,
        filename: str | None,
        content_type: str | None,
        data: bytes,
        min_score: float | None,
        published: dt.date | None = None,
    ) -> UploadResult:
        kind = upload_kind(filename, content_type)
        source = filename or "upload"
        return await self._run(self._upload_job, data, kind, source, min_score, published)

    def _upload_job(
        self, data: bytes, kind: UploadKind, source: str, min_score: float | None, published: dt.date | None
    ) -> UploadResult:
        text = upload_text(data, kind, source)
        return UploadResult(self.analyzer.analyze(text, min_score, published), source, kind)

    async def analyze_url(
        self, url: str, min_score: float | None, published: dt.date | None = None
    ) -> UploadResult:
        """Fetch a page (public addresses only) and analyse its article text."""
        if not self.settings.url_input:
            raise ApiError(NOT_FOUND, "this server does not fetch URLs (start it with --url-input)")
        return await self._run(self._url_job, url, min_score, published)

    def _url_job(self, url: str, min_score: float | None, published: dt.date | None) -> UploadResult:
        article = article_from_url(url, policy=self.settings.fetch_policy())
        kind = UploadKind.html if article.extracted_from else UploadKind.text
        return UploadResult(self.analyzer.analyze(article.text, min_score, published), url, kind)

    async def _run(self, job: Callable[..., T], *args: object) -> T:
        try:
            return await self.pool.run(job, *args)
        except PoolBusyError as exc:
            stats = self.pool.stats
            raise ApiError(
                BUSY,
                f"server busy: {stats.in_flight} analyses running or waiting "
                f"(limit {stats.size} + {stats.queue_size}); retry shortly",
                headers={"Retry-After": "1"},
            ) from exc
        except PoolTimeoutError as exc:
            raise ApiError(
                TIMEOUT,
                f"analysis did not finish within {self.settings.timeout:g} s "
                "(server --timeout); send a shorter text or retry when the server is less busy",
            ) from exc
        except SpinscopeError as exc:
            raise ApiError.from_core(exc) from exc
