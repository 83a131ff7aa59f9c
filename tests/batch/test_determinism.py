"""Same text, same result: a text's spans, scores and claims do not depend on what it is
analysed with (batch composition, order, chunking, workers) nor on the entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import spinscope
from spinscope.batch import open_input, resolve_model, run_batch
from spinscope.batch.local import LocalEngine
from spinscope.batch.progress import BatchProgress
from spinscope.store import open_store, reader
from tests.support.batch import exact, mixed_length_articles

pytestmark = pytest.mark.usefixtures("needs_model")


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return mixed_length_articles()


@pytest.fixture(scope="module")
def alone(articles: list[dict[str, str]]) -> dict[str, tuple[Any, ...]]:
    analyzer = spinscope.load()
    return {a["id"]: exact(analyzer.analyze(a["text"], published=a.get("published"))) for a in articles}


def test_articles_span_several_windows_of_one_length(articles: list[dict[str, str]]) -> None:
    tokenizer = spinscope.load().model.tokenizer
    window = spinscope.load().card.window_tokens
    assert sum(len(tokenizer.tokenize(a["text"])) > 2 * window for a in articles) >= 3


@pytest.mark.parametrize("batch_size", [1, 16])
def test_batch_composition_and_order_do_not_change_a_result(
    articles: list[dict[str, str]], alone: dict[str, tuple[Any, ...]], batch_size: int
) -> None:
    analyzer = spinscope.load(batch_size=batch_size)
    texts = [a["text"] for a in articles]
    dates = [a.get("published") for a in articles]
    forward = analyzer.analyze_many(texts, published=dates)
    backward = analyzer.analyze_many(texts[::-1], published=dates[::-1])[::-1]
    singles = [analyzer.analyze_many([t], published=[d])[0] for t, d in zip(texts, dates, strict=True)]
    for article, f, b, s in zip(articles, forward, backward, singles, strict=True):
        assert exact(f) == exact(b) == exact(s), article["id"]
        if batch_size == 1:
            assert exact(f) == alone[article["id"]], article["id"]


@pytest.mark.parametrize(("workers", "chunk_size", "reverse"), [(1, 1, False), (2, 3, True), (1, 8, False)])
def test_batch_runs_store_what_analyze_gives(
    tmp_path: Path,
    articles: list[dict[str, str]],
    alone: dict[str, tuple[Any, ...]],
    workers: int,
    chunk_size: int,
    reverse: bool,
) -> None:
    path = tmp_path / "in.jsonl"
    ordered = articles[::-1] if reverse else articles
    path.write_text("".join(json.dumps(a) + "\n" for a in ordered), encoding="utf-8")
    model = resolve_model(None, None)
    engine = LocalEngine(model, workers=workers, threads=1)
    with open_store(str(tmp_path / "r.db")) as store:
        summary = run_batch(open_input(path), store, model, engine, BatchProgress(), chunk_size, {})
        stored = reader.load_analyses(store, list(summary.keys), summary.setting)
    assert summary.tally.done == len(articles)
    assert {key: exact(a) for key, a in stored.items()} == alone


def test_the_analyze_command_gives_the_librarys_result(
    cli: Any, tmp_path: Path, articles: list[dict[str, str]], alone: dict[str, tuple[Any, ...]]
) -> None:
    article = articles[0]
    path = tmp_path / "a.txt"
    path.write_text(article["text"], encoding="utf-8")
    result = cli("analyze", str(path), "--format", "json", "--published", article["published"])
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    spans = tuple((s["start"], s["end"], s["technique"], s["score"], s["quoted"]) for s in data["spans"])
    assert spans == tuple((s, e, t, round(sc, 4), q) for s, e, t, sc, q in alone[article["id"]][0])
