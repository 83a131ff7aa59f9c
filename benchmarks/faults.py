"""Fault injection for `spinscope batch`: kill it, cut its database, run two at once, and count
what was lost, duplicated or left running. Every count must be 0.

    python benchmarks/faults.py                                   # SQLite only
    python benchmarks/faults.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/db \\
        --pg-bin /usr/lib/postgresql/15/bin --pg-data /tmp/pg/data  # + PostgreSQL, down and up

Probes (each on SQLite and, with --postgres, on PostgreSQL):

* kill: `--kills` times, SIGKILL a two-worker batch at a random moment after its first commit
  (sometimes mid-commit), then rerun to the end. Counts documents lost (in the input, not
  stored as done), duplicated (stored more than once, or analysed more than once for the same
  text), and processes of the killed batch still running 10 s after the kill.
* down: with --pg-bin and --pg-data, stop the PostgreSQL server mid-run for --down-seconds,
  start it again; the batch must finish on its own (exit 0).
* concurrent: two batches started together on a fresh store. SQLite: one runs, the other is
  refused (E064) and a rerun skips everything; PostgreSQL: both run and share the documents.
* same text, same result: 10 articles stored by a batch in input order, by a batch in reverse
  order with one-document chunks, and analysed one by one with `spinscope analyze`: the spans
  must be identical (positions, techniques, scores to the 4 decimals of the JSON output).

Columns: runs, documents lost, duplicated, processes left behind, articles whose spans differ
(diff), runs that ended otherwise than expected (odd). Exit status 1 unless all are 0.

The PostgreSQL URL's database is emptied (its public schema dropped) before each probe.
Defaults from the environment of .ci/setup.d/30-postgres.sh (SPINSCOPE_TEST_POSTGRES_URL,
SPINSCOPE_TEST_POSTGRES_BIN, SPINSCOPE_TEST_POSTGRES_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from spinscope.batch.lifeline import descendants

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "batch" / "articles.jsonl"
CLI = [sys.executable, "-m", "spinscope.cli.main"]


@dataclass
class ProbeResult:
    probe: str
    store: str
    runs: int = 0
    lost: int = 0
    duplicated: int = 0
    left_behind: int = 0
    mismatched: int = 0
    unexpected: int = 0
    """Runs that ended otherwise than the probe expects (exit status, refusal)."""
    notes: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.lost == self.duplicated == self.left_behind == self.mismatched == self.unexpected == 0


def articles() -> list[dict[str, Any]]:
    return [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


def corpus(n: int) -> list[dict[str, Any]]:
    base = articles()
    return [{**a, "id": f"{a['id']}-{i // len(base)}"} for i, a in enumerate(base * (n // len(base) + 1))][:n]


def ten_articles() -> list[dict[str, Any]]:
    base = articles()
    texts = [a["text"] for a in base]
    joined = [
        {
            "id": f"joined-{i}",
            "text": "\n\n".join(texts[i:] + texts[:i] + texts[::-1]),
            "published": "2024-03-05",
        }
        for i in range(2)
    ]
    return joined[:1] + base[:4] + joined[1:] + base[4:]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def sql_url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def query(db: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(sql_url(db))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    except Exception:  # not created yet, or the server is down
        return []
    finally:
        engine.dispose()


def committed(db: str) -> int:
    rows = query(db, "SELECT count(*) FROM outcomes")
    return int(rows[0][0]) if rows else 0


def reset(db: str, tmp: Path, name: str) -> str:
    """An empty store: a new SQLite file, or the PostgreSQL database with its schema dropped."""
    if "://" not in db:
        return str(tmp / f"{name}.db")
    engine = create_engine(db)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return db


def batch(input_path: Path, db: str, *extra: str) -> subprocess.Popen[str]:
    command = [*CLI, "batch", str(input_path), "--db", db, "--chunk-size", "2", "-q", *extra]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def still_running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if stat[stat.rfind(")") + 2] != "Z":
            alive.add(pid)
    return alive


def count_damage(db: str, ids: list[str], result: ProbeResult) -> None:
    """Lost: input ids not stored as done; duplicated: ids stored twice, or analysed twice."""
    done = {
        row[0]
        for row in query(
            db,
            "SELECT d.doc_key FROM documents d JOIN outcomes o ON o.document_id = d.id "
            "WHERE o.status = 'done'",
        )
    }
    result.lost += len(set(ids) - done)
    rows = query(db, "SELECT count(*) - count(DISTINCT doc_key) FROM documents")
    result.duplicated += int(rows[0][0]) if rows else 0
    rows = query(db, "SELECT count(*) FROM outcomes WHERE attempts > 1")
    result.duplicated += int(rows[0][0]) if rows else 0


def probe_kill(db: str, tmp: Path, kills: int, docs: int, rng: random.Random) -> ProbeResult:
    result = ProbeResult("kill -9 mid-run, rerun", "postgresql" if "://" in db else "sqlite")
    records = corpus(docs)
    path = write_jsonl(tmp / "kill.jsonl", records)
    db = reset(db, tmp, "kill")
    for _ in range(kills):
        proc = batch(path, db, "--workers", "2", "--threads", "1")
        start = committed(db)
        if not wait_for(lambda p=proc, s=start: committed(db) > s or p.poll() is not None, 300):  # type: ignore[misc]
            result.notes.append("no commit within 300 s")
        time.sleep(rng.uniform(0.0, 3.0))  # a random moment, sometimes mid-commit
        processes = descendants(proc.pid)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
        wait_for(lambda left=processes: not still_running(left), 10)  # type: ignore[misc]
        result.left_behind += len(still_running(processes))
        result.runs += 1
    final = batch(path, db, "--workers", "2", "--threads", "1")
    _, stderr = final.communicate()
    result.runs += 1
    if final.returncode != 0:
        result.unexpected += 1
        result.notes.append(f"rerun exit {final.returncode}: {stderr.strip()[-300:]}")
    count_damage(db, [r["id"] for r in records], result)
    return result


def probe_down(db: str, tmp: Path, pg_bin: str, pg_data: str, seconds: float, docs: int) -> ProbeResult:
    result = ProbeResult(f"PostgreSQL down {seconds:g} s mid-run", "postgresql")
    records = corpus(docs)
    path = write_jsonl(tmp / "down.jsonl", records)
    db = reset(db, tmp, "down")
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # the server's own options (port, listen address, socket folder), to start it as it was
    words = shlex.split(Path(pg_data, "postmaster.opts").read_text(encoding="utf-8"))
    options = shlex.join(words[3:] if words[1:2] == ["-D"] else words[1:])
    proc = batch(path, db)
    wait_for(lambda: committed(db) >= 4 or proc.poll() is not None, 300)
    subprocess.run([*run_as, f"{pg_bin}/pg_ctl", "-D", pg_data, "-m", "fast", "-w", "stop"], check=True)
    time.sleep(seconds)
    log = f"{pg_data}/../server.log"
    start = [*run_as, f"{pg_bin}/pg_ctl", "-D", pg_data, "-l", log, "-w", "-o", options, "start"]
    subprocess.run(start, check=True, stdout=subprocess.DEVNULL)
    _, stderr = proc.communicate()
    result.runs = 1
    said = [line for line in stderr.splitlines() if "result store" in line]
    result.notes += said[:2]
    if proc.returncode != 0:
        result.unexpected += 1
        result.notes.append(f"exit {proc.returncode}: {stderr.strip()[-300:]}")
    count_damage(db, [r["id"] for r in records], result)
    return result


def probe_concurrent(db: str, tmp: Path, docs: int) -> ProbeResult:
    result = ProbeResult("two batches at once on a new store", "postgresql" if "://" in db else "sqlite")
    records = corpus(docs)
    path = write_jsonl(tmp / "both.jsonl", records)
    db = reset(db, tmp, "both")
    procs = [batch(path, db), batch(path, db)]
    outcomes = [(p.wait(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    result.runs = 2
    codes = sorted(code for code, _ in outcomes)
    refused = [err for code, err in outcomes if "[E064]" in err]
    result.notes.append(f"exit statuses {codes}; refused with E064: {len(refused)}")
    expected = [0, 0] if "://" in db else [0, 2]  # PostgreSQL: both share; SQLite: one refused
    if codes != expected or ("://" not in db and len(refused) != 1):
        result.unexpected += 1
        result.notes.append(f"expected exit statuses {expected}")
    rerun = batch(path, db)
    rerun.communicate()
    result.runs += 1
    count_damage(db, [r["id"] for r in records], result)
    return result


def probe_same_result(tmp: Path) -> ProbeResult:
    result = ProbeResult("10 articles: forward, reverse, alone", "sqlite")
    records = ten_articles()
    spans: dict[str, list[dict[str, Any]]] = {}
    for name, ordered, chunk in (("forward", records, "8"), ("reverse", records[::-1], "1")):
        path = write_jsonl(tmp / f"{name}.jsonl", ordered)
        out = tmp / f"{name}.out.jsonl"
        db = str(tmp / f"{name}.db")
        command = [*CLI, "batch", str(path), "--db", db, "-o", str(out), "-q", "--chunk-size", chunk]
        subprocess.run(command, check=True)
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            spans[f"{name}:{record['id']}"] = _span_keys(record["analysis"]["spans"])
        result.runs += 1
    for record in records:
        path = tmp / "one.txt"
        path.write_text(record["text"], encoding="utf-8")
        command = [*CLI, "analyze", str(path), "--format", "json", "--published", record["published"]]
        answer = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        alone = _span_keys(answer["spans"])
        same = alone == spans[f"forward:{record['id']}"] == spans[f"reverse:{record['id']}"]
        result.mismatched += 0 if same else 1
        result.runs += 1
    result.notes.append(f"{sum(len(v) for k, v in spans.items() if k.startswith('forward'))} spans compared")
    return result


def _span_keys(spans: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(s["start"], s["end"], s["technique"], round(float(s["score"]), 4)) for s in spans]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs per store (default 3)")
    parser.add_argument("--docs", type=int, default=48, help="documents per probe (default 48)")
    parser.add_argument("--postgres", default=os.environ.get("SPINSCOPE_TEST_POSTGRES_URL"))
    parser.add_argument("--pg-bin", default=os.environ.get("SPINSCOPE_TEST_POSTGRES_BIN"))
    parser.add_argument("--pg-data", default=_pg_data())
    parser.add_argument("--down-seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    stores = ["sqlite"] + ([args.postgres] if args.postgres else [])
    results: list[ProbeResult] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="spinscope-faults-") as folder:
        tmp = Path(folder)
        for store in stores:
            db = "kill.db" if store == "sqlite" else store
            results.append(probe_kill(db, tmp, args.kills, args.docs, rng))
            results.append(probe_concurrent(db, tmp, args.docs))
        if args.postgres and args.pg_bin and args.pg_data:
            results.append(
                probe_down(args.postgres, tmp, args.pg_bin, args.pg_data, args.down_seconds, args.docs)
            )
        results.append(probe_same_result(tmp))
    print(f"{'probe':42} {'store':11} {'runs':>4} {'lost':>4} {'dup':>4} {'left':>4} {'diff':>4} {'odd':>4}")
    for r in results:
        counts = f"{r.runs:4} {r.lost:4} {r.duplicated:4} {r.left_behind:4} {r.mismatched:4} {r.unexpected:4}"
        print(f"{r.probe:42} {r.store:11} {counts}")
        for note in r.notes:
            print(f"    {note}")
    total = {
        k: sum(getattr(r, k) for r in results)
        for k in ("lost", "duplicated", "left_behind", "mismatched", "unexpected")
    }
    print(
        f"total: {total} in {time.monotonic() - started:.0f} s"
        + ("" if args.postgres else " (no PostgreSQL)")
    )
    if args.json:
        args.json.write_text(json.dumps({"results": [asdict(r) for r in results], "total": total}, indent=2))
    if any(not r.clean for r in results):
        sys.exit(1)


def _pg_data() -> str | None:
    base = os.environ.get("SPINSCOPE_TEST_POSTGRES_DIR")
    return f"{base}/data" if base else None


if __name__ == "__main__":
    main()
