"""The Ray engine on a local Ray cluster (loopback): the same results as the local engine,
in the same store, with failures recorded and reruns skipping finished work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spinscope.batch import open_input, resolve_model, run_batch
from spinscope.batch.local import LocalEngine
from spinscope.batch.progress import BatchProgress
from spinscope.batch.ray_engine import LOOPBACK_ONLY_ENV, USAGE_STATS_ENV, RayEngine
from spinscope.store import open_store, reader
from tests.support.batch import exact, fixture_articles, mixed_length_articles

os.environ[LOOPBACK_ONLY_ENV] = "0"  # the test cluster listens on 127.0.0.1 only
os.environ[USAGE_STATS_ENV] = "0"  # and reports nothing anywhere
ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'spinscope[ray]')")

pytestmark = pytest.mark.usefixtures("needs_model")


@pytest.fixture(scope="module")
def ray_cluster():  # type: ignore[no-untyped-def]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    address = ray.get_runtime_context().gcs_address
    assert address.startswith("127.0.0.1:")
    yield address
    ray.shutdown()


def _input(tmp_path: Path, articles: list[dict[str, str]] | None = None) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in articles or fixture_articles()]
    lines.append('{"id": "broken", "text": 3}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(db: Path, engine_name: str, path: Path):  # type: ignore[no-untyped-def]
    model = resolve_model(None, None)
    engine = (
        RayEngine(model, workers=1, threads=1, chunk_size=3)
        if engine_name == "ray"
        else LocalEngine(model, workers=1, threads=1)
    )
    with open_store(str(db)) as store:
        summary = run_batch(open_input(path), store, model, engine, BatchProgress(), 3, {})
        analyses = reader.load_analyses(store, list(summary.keys), summary.setting)
        records = list(reader.export_records(store, list(summary.keys), summary.setting))
    return summary, analyses, records


def _comparable(analyses):  # type: ignore[no-untyped-def]
    return {
        key: (
            [(s.start, s.end, s.technique, round(s.score, 5), s.quoted) for s in a.spans],
            [(c.start, c.end, round(c.score, 4)) for c in a.claims],
        )
        for key, a in analyses.items()
    }


def test_sigterm_stops_a_ray_batch_as_interrupted_and_stops_ray(tmp_path: Path) -> None:
    """Runs first, before the module's cluster exists: the command starts its own Ray."""
    import signal
    import sqlite3
    import time

    from spinscope.batch.lifeline import descendants

    articles = [{**a, "id": f"{a['id']}-{n}"} for n in range(12) for a in fixture_articles()]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = tmp_path / "ray.db"
    command = [sys.executable, "-m", "spinscope.cli.main", "batch", str(path), "--db", str(db)]
    command += ["--engine", "ray", "--chunk-size", "2", "-q"]
    proc = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )

    def committed() -> int:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
                return int(connection.execute("SELECT count(*) FROM outcomes").fetchone()[0])
        except sqlite3.OperationalError:
            return 0

    deadline = time.monotonic() + 240
    while committed() < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    ray_processes = descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "SIGTERM received" not in stderr and "Traceback" not in stderr
    with sqlite3.connect(db) as connection:
        (status,) = connection.execute("SELECT status FROM runs").fetchone()
    assert status == "interrupted"
    deadline = time.monotonic() + 60
    while (left := {p for p in ray_processes if Path(f"/proc/{p}").exists()}) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, f"Ray processes left behind: {left}"


def test_ray_results_equal_the_local_engines(ray_cluster: str, tmp_path: Path) -> None:
    path = _input(tmp_path)
    ray_summary, ray_analyses, ray_records = _stored(tmp_path / "ray.db", "ray", path)
    local_summary, local_analyses, local_records = _stored(tmp_path / "local.db", "local", path)
    assert (ray_summary.tally.done, ray_summary.tally.failed) == (8, 1)
    assert (local_summary.tally.done, local_summary.tally.failed) == (8, 1)
    assert _comparable(ray_analyses) == _comparable(local_analyses)
    assert [r["status"] for r in ray_records] == [r["status"] for r in local_records]
    workers = list(ray_summary.tally.worker_peak_rss_kib)
    assert workers and all(":" in w for w in workers)

    again, _, _ = _stored(tmp_path / "ray.db", "ray", path)
    assert (again.tally.done, again.tally.skipped, again.tally.failed) == (0, 8, 1)


def test_ray_results_equal_analyze_alone_exactly(ray_cluster: str, tmp_path: Path) -> None:
    import spinscope

    articles = mixed_length_articles()
    _, analyses, _ = _stored(tmp_path / "ray.db", "ray", _input(tmp_path, articles[::-1]))
    analyzer = spinscope.load()
    alone = {a["id"]: exact(analyzer.analyze(a["text"], published=a["published"])) for a in articles}
    assert {key: exact(a) for key, a in analyses.items()} == alone


def test_cli_joins_a_running_cluster_by_address(ray_cluster: str, tmp_path: Path) -> None:
    path = _input(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "spinscope.cli.main",
            "batch",
            str(path),
            "-o",
            "out.jsonl",
            "--engine",
            "ray",
            "--address",
            ray_cluster,
            "--workers",
            "1",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the broken line is a stored failure
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [a["id"] for a in fixture_articles()] + ["broken"]
    assert [r["status"] for r in records].count("done") == 8
