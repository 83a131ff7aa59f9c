"""Batch runs with the real model: every input document ends exactly once in the store, as
a result or a failure; reruns skip finished work and retry failures."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import spinscope
from spinscope.batch import open_input, resolve_model, run_batch
from spinscope.batch.local import LocalEngine
from spinscope.batch.progress import BatchProgress
from spinscope.store import Store, reader
from spinscope.store.models import Document, Outcome, Run
from tests.support.batch import fixture_articles, open_test_store, stores

pytestmark = pytest.mark.usefixtures("needs_model")


def _write_jsonl(path: Path, records: list[dict[str, object]], extra_lines: tuple[bytes, ...] = ()) -> Path:
    body = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
    path.write_bytes(body + b"".join(line + b"\n" for line in extra_lines))
    return path


def _run(path: Path, store: Store, workers: int = 1, chunk_size: int = 3):  # type: ignore[no-untyped-def]
    model = resolve_model(None, None)
    engine = LocalEngine(model, workers=workers, threads=1)
    return run_batch(open_input(path), store, model, engine, BatchProgress(), chunk_size, {"test": True})


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        docs = session.scalar(select(func.count()).select_from(Document))
        outcomes = session.scalar(select(func.count()).select_from(Outcome))
    return int(docs or 0), int(outcomes or 0)


def _span_tuples(analysis: spinscope.Analysis) -> list[tuple[int, int, str, float]]:
    return [(s.start, s.end, s.technique, round(s.score, 4)) for s in analysis.spans]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from stores(request.param, tmp_path)


def test_every_document_is_stored_once_with_the_models_spans(tmp_path: Path, store: Store) -> None:
    path = _write_jsonl(tmp_path / "in.jsonl", fixture_articles(), (b"{broken", b'{"id": "no-text"}'))
    summary = _run(path, store)
    assert (summary.tally.total, summary.tally.done, summary.tally.failed, summary.tally.skipped) == (
        10,
        8,
        2,
        0,
    )
    assert _counts(store) == (10, 10)
    assert summary.keys == (*[a["id"] for a in fixture_articles()], "in.jsonl:9", "no-text")
    analyzer = spinscope.load()
    stored = reader.load_analyses(store, list(summary.keys), summary.setting)
    assert set(stored) == {a["id"] for a in fixture_articles()}
    for article in fixture_articles():
        expected = analyzer.analyze(article["text"], published=article["published"])
        got = stored[article["id"]]
        assert _span_tuples(got) == _span_tuples(expected)
        assert [(c.start, c.end) for c in got.claims] == [(c.start, c.end) for c in expected.claims]
        for span in got.spans:
            assert article["text"][span.start : span.end] == span.text
    records = {r["id"]: r for r in reader.export_records(store, list(summary.keys), summary.setting)}
    assert records["in.jsonl:9"]["status"] == "failed" and "not valid JSON" in records["in.jsonl:9"]["error"]
    assert records["no-text"]["status"] == "failed"


def test_rerun_skips_finished_documents_and_retries_failures(tmp_path: Path, store: Store) -> None:
    path = _write_jsonl(tmp_path / "in.jsonl", fixture_articles()[:4], (b"{broken",))
    first = _run(path, store)
    assert (first.tally.done, first.tally.failed) == (4, 1)
    second = _run(path, store)
    assert (second.tally.done, second.tally.skipped, second.tally.failed) == (0, 4, 1)
    assert _counts(store) == (5, 5)
    with store.session() as session:
        attempts = session.scalar(select(Outcome.attempts).where(Outcome.status == "failed"))
        runs = session.execute(
            select(Run.status, Run.n_done, Run.n_skipped, Run.n_failed).order_by(Run.id)
        ).all()
    assert attempts == 2
    assert [tuple(r) for r in runs] == [("completed", 4, 0, 1), ("completed", 0, 4, 1)]


def test_changed_text_is_reanalysed_and_new_metadata_kept(tmp_path: Path, store: Store) -> None:
    articles = fixture_articles()[:3]
    path = _write_jsonl(tmp_path / "in.jsonl", articles)
    _run(path, store)
    articles[0] = {**articles[0], "text": articles[0]["text"] + " The fares are a scandal!"}
    articles[1] = {**articles[1], "title": "A corrected title"}
    _write_jsonl(path, articles)
    again = _run(path, store)
    assert (again.tally.done, again.tally.skipped) == (1, 2)
    assert _counts(store) == (3, 3)
    with store.session() as session:
        title = session.scalar(select(Document.title).where(Document.doc_key == articles[1]["id"]))
    assert title == "A corrected title"
    stored = reader.load_analyses(store, [articles[0]["id"]], again.setting)
    assert stored[articles[0]["id"]].text.endswith("a scandal!")


def test_repeated_ids_in_one_input(tmp_path: Path, store: Store) -> None:
    one, two = fixture_articles()[:2]
    conflicting = {**two, "id": one["id"]}
    path = _write_jsonl(tmp_path / "in.jsonl", [one, one, conflicting])
    summary = _run(path, store)
    assert (summary.tally.done, summary.tally.skipped, summary.tally.duplicates, summary.tally.failed) == (
        1,
        1,
        1,
        1,
    )
    assert summary.tally.failures[0][0] == "in.jsonl:3"
    assert "already used by in.jsonl:1" in summary.tally.failures[0][1]
    assert _counts(store) == (2, 2)


def test_two_worker_processes_give_the_same_results(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "in.jsonl", fixture_articles())
    results = []
    for workers in (1, 2):
        with _sqlite(tmp_path / f"w{workers}.db") as s:
            summary = _run(path, s, workers=workers, chunk_size=2)
            assert summary.tally.done == 8
            stored = reader.load_analyses(s, list(summary.keys), summary.setting)
            results.append(
                {k: (_span_tuples(a), [(c.start, c.end) for c in a.claims]) for k, a in stored.items()}
            )
            if workers == 2:
                assert len(summary.tally.worker_peak_rss_kib) == 2
    assert results[0] == results[1]


def _sqlite(path: Path) -> Store:
    from spinscope.store import open_store

    return open_store(str(path))


# ---------------------------------------------------------------- the command line


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spinscope.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_batch_writes_each_document_once_and_resumes(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "in.jsonl", fixture_articles(), (b"{broken",))
    first = _cli("batch", str(path), "-o", "out.jsonl", cwd=tmp_path)
    assert first.returncode == 1, first.stderr  # one document failed
    assert "failed" in first.stderr and "not valid JSON" in first.stderr
    ids = _jsonl_ids(tmp_path / "out.jsonl")
    assert ids == [a["id"] for a in fixture_articles()] + ["in.jsonl:9"]
    assert (tmp_path / "out.jsonl.db").is_file()
    again = _cli("batch", str(path), "-o", "out.jsonl", "--quiet", cwd=tmp_path)
    assert again.returncode == 1 and again.stderr == ""
    assert _jsonl_ids(tmp_path / "out.jsonl") == ids
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["status"] == "done" and record["analysis"]["spans"] is not None and "text" not in record


def test_cli_batch_folder_to_postgres(tmp_path: Path) -> None:
    store = open_test_store("postgresql", tmp_path)
    store.close()
    folder = tmp_path / "corpus"
    for article in fixture_articles()[:3]:
        (folder / article["source"]).mkdir(parents=True, exist_ok=True)
        (folder / article["source"] / f"{article['id']}.txt").write_text(
            article["text"], encoding="utf-8", newline=""
        )
    url = os.environ["SPINSCOPE_TEST_POSTGRES_URL"]
    done = _cli("batch", str(folder), "--db", url, "--workers", "2", "--chunk-size", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "analysed now" in done.stderr
    stats = _cli("stats", "--db", url, "--by", "source", "--format", "csv", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[1].startswith("Harbour Herald,3,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("batch", "in.jsonl"), "give -o RESULTS.jsonl and/or --db URL"),
        (("batch", "in.jsonl", "-o", "x.jsonl", "--address", "auto"), "--address is for --engine ray"),
        (("batch", "missing.jsonl", "-o", "x.jsonl"), "missing.jsonl: no such file or folder"),
        (("batch", "in.jsonl", "--db", "mysql://h/db"), "unsupported database 'mysql'"),
    ],
)
def test_cli_batch_usage_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    _write_jsonl(tmp_path / "in.jsonl", fixture_articles()[:1])
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- kill and resume


def _batch_command(path: Path, db: Path, *extra: str) -> list[str]:
    """`spinscope batch` in a child process, committing every 2 documents."""
    return [
        sys.executable,
        "-m",
        "spinscope.cli.main",
        "batch",
        str(path),
        "--db",
        str(db),
        "--chunk-size",
        "2",
        *extra,
    ]


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM outcomes").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_in_the_middle_then_rerun_stores_each_document_once(tmp_path: Path) -> None:
    articles = [
        {**article, "id": f"{article['id']}-{copy}"} for copy in range(12) for article in fixture_articles()
    ]  # 96 documents
    path = _write_jsonl(tmp_path / "in.jsonl", articles)
    db = tmp_path / "kill.db"
    command = _batch_command(path, db, "-q")
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while _committed(db) < 6:
            assert proc.poll() is None, f"batch ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no results were committed within 120 s"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    before = _committed(db)
    assert 6 <= before < len(articles), "the kill must land in the middle of the run"

    rerun = _cli("batch", str(path), "--db", str(db), "-o", "out.jsonl", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as connection:
        docs = connection.execute("SELECT count(*), count(DISTINCT doc_key) FROM documents").fetchone()
        outcomes = connection.execute(
            "SELECT count(*), count(DISTINCT document_id), sum(status = 'done') FROM outcomes"
        ).fetchone()
        runs = connection.execute("SELECT status, n_done, n_skipped FROM runs ORDER BY id").fetchall()
    assert docs == (len(articles), len(articles))
    assert outcomes == (len(articles), len(articles), len(articles))
    assert runs[0][0] == "interrupted"  # killed; the rerun, holding the store alone, marked it
    assert runs[1] == ("completed", len(articles) - before, before)
    print(f"SIGKILL after {before} of {len(articles)} documents were committed; the rerun skipped {before}")
    assert sorted(_jsonl_ids(tmp_path / "out.jsonl")) == sorted(a["id"] for a in articles)


def test_sigterm_stops_the_run_as_interrupted(tmp_path: Path) -> None:
    articles = [{**a, "id": f"{a['id']}-{n}"} for n in range(12) for a in fixture_articles()]
    path = _write_jsonl(tmp_path / "in.jsonl", articles)
    db = tmp_path / "term.db"
    command = _batch_command(path, db)
    proc = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while _committed(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted; finished documents are kept" in stderr and "Traceback" not in stderr
    with sqlite3.connect(db) as connection:
        status, done = connection.execute("SELECT status, n_done FROM runs").fetchone()
    assert status == "interrupted" and done == _committed(db) < len(articles)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list processes")
def test_sigkill_of_a_two_worker_batch_leaves_no_process_behind(tmp_path: Path) -> None:
    from spinscope.batch.lifeline import descendants

    articles = [{**a, "id": f"{a['id']}-{n}"} for n in range(12) for a in fixture_articles()]
    path = _write_jsonl(tmp_path / "in.jsonl", articles)
    db = tmp_path / "orphans.db"
    proc = subprocess.Popen(
        _batch_command(path, db, "-q", "--workers", "2", "--threads", "1"),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _committed(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    left = descendants(proc.pid)  # forkserver, resource tracker, two workers
    assert len(left) >= 3, left
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while (left := {pid for pid in left if _running(pid)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"processes left behind: {left}"


def _running(pid: int) -> bool:
    """Alive and not a zombie (a reparented zombie is gone once init reaps it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def test_sigterm_handler_is_restored_after_the_batch() -> None:
    import signal

    from spinscope.cli.batch_work import sigterm_as_interrupt

    before = signal.getsignal(signal.SIGTERM)
    with sigterm_as_interrupt():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        signal.raise_signal(signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is before
