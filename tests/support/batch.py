"""Builders shared by the batch, store, corpus and web tests: fixture articles, result stores of
either kind, hand-built analyses and invented outcomes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from spinscope.analysis import Analysis, Claim, ModelInfo, Span
from spinscope.batch.model_ref import ModelRef
from spinscope.batch.work import WorkItem, WorkResult
from spinscope.store import DocumentRecord, OutcomeRecord, RunCounts, Store, open_store, writer
from spinscope.store.models import RunState
from spinscope.store.records import SettingInfo

from . import FIXTURES

BATCH_FIXTURES = FIXTURES / "batch"
ARTICLES_JSONL = BATCH_FIXTURES / "articles.jsonl"
POSTGRES_ENV = "SPINSCOPE_TEST_POSTGRES_URL"
MODEL = ModelInfo("test-model", "1.0")
MIN_SCORE = 0.5
STAND_IN = ModelRef(None, "stand-in", "1.0", MIN_SCORE)
"""The model a batch names when its engine (NullEngine, ...) runs none."""

_WORDS = (
    "harbour",
    "council",
    "ferry",
    "fares",
    "market",
    "school",
    "library",
    "storm",
    "bridge",
    "road",
    "tax",
)


def fixture_articles() -> list[dict[str, str]]:
    return [json.loads(line) for line in ARTICLES_JSONL.read_text(encoding="utf-8").splitlines()]


def mixed_length_articles() -> list[dict[str, str]]:
    """The fixture articles (one model window each) and three texts of several windows each
    (the articles joined in rotated orders), so that windows of one length occur in many texts."""
    articles = fixture_articles()
    texts = [a["text"] for a in articles]
    long = [
        {
            "id": f"joined-{i}",
            "text": "\n\n".join(texts[i:] + texts[:i] + texts[::-1]),
            "published": "2024-03-05",
        }
        for i in range(3)
    ]
    return long[:1] + articles[:4] + long[1:] + articles[4:]


@functools.cache
def model_missing_reason() -> str | None:
    """Why the bundled models cannot be loaded here, or None when they can."""
    import spinscope
    from spinscope.errors import SpinscopeError

    try:
        spinscope.load()
    except SpinscopeError as exc:
        return f"the bundled models cannot be loaded: {exc}"
    return None


def exact(analysis: Analysis) -> tuple[Any, ...]:
    """Everything a result says: span scores unrounded, claim scores to the 4 decimals that
    results carry between processes and in JSON."""
    return (
        tuple((s.start, s.end, s.technique, s.score, s.quoted) for s in analysis.spans),
        tuple((c.start, c.end, round(c.score, 4), c.quoted) for c in analysis.claims),
    )


@dataclass
class NullEngine:
    """Analyses every document as having no spans."""

    name: str = "null"

    def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        for chunk in chunks:
            yield [WorkResult(item.key, worker="here:1") for item in chunk]


def write_jsonl(path: Path, texts: dict[str, str]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items()), encoding="utf-8"
    )
    return path


def postgres_url() -> str:
    """The test PostgreSQL URL, or skip with the reason it is unavailable."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        reason = os.environ.get("SPINSCOPE_TEST_POSTGRES_SKIP") or (
            f"{POSTGRES_ENV} is not set (.ci/setup.d/30-postgres.sh starts a server and sets it)"
        )
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    return url


def reset_postgres(url: str) -> None:
    """An empty public schema, so each test starts from a fresh database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def open_test_store(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return open_store(str(tmp_path / "results.db"))
    url = postgres_url()
    reset_postgres(url)
    return open_store(url)


def store_location(store: Store) -> str:
    """The path or URL that opens ``store`` again (``ServeSettings.corpus_db``, ``--db``)."""
    return store.url.render_as_string(hide_password=False)


def stores(kind: str, tmp_path: Path) -> Iterator[Store]:
    """Body of a store fixture: an empty store of ``kind`` (sqlite or postgresql), closed after."""
    store = open_test_store(kind, tmp_path)
    yield store
    store.close()


def analysis_for(text: str, marked: Sequence[tuple[str, str]], claims: Sequence[str] = ()) -> Analysis:
    """An analysis with a span on the first occurrence of each (phrase, technique)."""
    spans = []
    for phrase, technique in marked:
        start = text.index(phrase)
        spans.append(Span(start, start + len(phrase), technique, 0.9, phrase))
    claim_objs = []
    for sentence in claims:
        start = text.index(sentence)
        claim_objs.append(Claim(start, start + len(sentence), sentence, 0.8))
    return Analysis(
        text, tuple(sorted(spans, key=lambda s: (s.start, s.end))), MODEL, MIN_SCORE, tuple(claim_objs)
    )


def synthetic_outcomes(
    source: str, n: int, rates: dict[str, float], seed: int, start: dt.date = dt.date(2024, 1, 1)
) -> list[OutcomeRecord]:
    """``n`` invented documents of 200 words; each word is a span of technique t with
    probability ``rates[t]`` (so the expected rate per 1,000 words is 1000 * rates[t])."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [rng.choice(_WORDS) for _ in range(200)]
        text = " ".join(words)
        spans = []
        offset = 0
        for word in words:
            for technique, p in rates.items():
                if rng.random() < p:
                    spans.append(Span(offset, offset + len(word), technique, rng.uniform(0.5, 1.0), word))
            offset += len(word) + 1
        claims = (Claim(0, len(words[0]), words[0], 0.7),) if i % 2 == 0 else ()
        doc = DocumentRecord(
            key=f"{source}-{i}",
            locator=f"synthetic:{source}:{i}",
            text=text,
            source=source,
            published=start + dt.timedelta(days=7 * i),
            title=f"{source} story {i}",
        )
        out.append(OutcomeRecord(doc, Analysis(text, tuple(spans), MODEL, MIN_SCORE, claims)))
    return out


def fill_store(store: Store, outcomes: Sequence[OutcomeRecord]) -> SettingInfo:
    setting = writer.ensure_setting(store, MODEL.name, MODEL.version, MIN_SCORE)
    run_id = writer.start_run(store, "synthetic", "test", setting, {})
    writer.save_outcomes(store, run_id, setting, outcomes)
    writer.update_run(store, run_id, RunCounts(len(outcomes), len(outcomes), 0, 0), RunState.COMPLETED)
    return setting
