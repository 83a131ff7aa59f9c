"""A web app over a small analyzer that marks fixed words, so HTTP behaviour (limits, errors,
auth, the bounded pool) is tested without the trained model."""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient

from spinscope.analysis import Analysis, ModelInfo, Span
from spinscope.serve import ServeSettings, create_app
from spinscope.serve.models import ErrorOut

if TYPE_CHECKING:
    import httpx2


WORDS = {"disastrous": "loaded_language", "traitors": "name_calling"}


@dataclass
class WordAnalyzer:
    """Marks every occurrence of the words in WORDS; can be made to wait on an event."""

    gate: threading.Event | None = None
    started: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    published_seen: list[dt.date | None] = field(default_factory=list)

    @property
    def info(self) -> ModelInfo:
        return ModelInfo("word-list", "test")

    def analyze(
        self, text: str, min_score: float | None = None, published: dt.date | None = None
    ) -> Analysis:
        self.published_seen.append(published)
        self.started.release()
        if self.gate is not None:
            self.gate.wait(10)
        spans = tuple(
            Span(m.start(), m.end(), WORDS[m.group(0).lower()], 0.9, m.group(0))
            for m in re.finditer("|".join(WORDS), text, flags=re.IGNORECASE)
        )
        return Analysis(text, spans, self.info, 0.5 if min_score is None else min_score)


def make_client(analyzer: WordAnalyzer | None = None, **settings: object) -> TestClient:
    chosen = analyzer or WordAnalyzer()
    app = create_app(ServeSettings(**settings), lambda _: chosen)  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


def error_of(response: httpx2.Response) -> dict[str, Any]:
    body = response.json()
    ErrorOut.model_validate(body)
    return body["error"]
