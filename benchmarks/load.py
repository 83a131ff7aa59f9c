"""Load test of ``spinscope serve``: many concurrent clients against one server on loopback.

Starts the server in a subprocess on a free 127.0.0.1 port, drives ``POST /v1/analyze``
from this process with ``--clients`` concurrent clients for ``--seconds`` (and at most
``--max-requests`` requests), samples the server's resident memory (from /proc, Linux) every
second, then prints a Markdown table. A client that gets 503 (pool full) waits
``--backoff`` seconds before its next request, as a polite client honouring Retry-After would.

Every request must be answered with 200 or 503 and the server must survive; the exit code
is 1 when that does not hold.

    nice -n 10 python benchmarks/load.py --seconds 60 --clients 32
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx2 as httpx

HOST = "127.0.0.1"


@dataclass
class Results:
    latencies_ok: list[float] = field(default_factory=list)
    latencies_all: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.samples.append(rss_mib(self.pid))
            except (OSError, RuntimeError):
                return
            self.stop.wait(self.every)


def start_server(args: argparse.Namespace, port: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SPINSCOPE_API_TOKEN"}
    command = [sys.executable, "-m", "spinscope.cli.main", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers-pool", str(args.pool), "--queue", str(args.queue), "--timeout", str(args.timeout)]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, server: subprocess.Popen[bytes], log: IO[bytes], limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"server exited with {server.returncode}: {log.read().decode()[-2000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


async def client_loop(
    client: httpx.AsyncClient, text: str, deadline: float, budget: list[int], results: Results, backoff: float
) -> None:
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            response = await client.post("/v1/analyze", json={"text": text})
        except httpx.HTTPError as exc:
            results.failures[type(exc).__name__] += 1
            continue
        elapsed = time.perf_counter() - started
        results.latencies_all.append(elapsed)
        status = str(response.status_code)
        if response.status_code == 503:
            status += f" {response.json()['error']['type']}"
        results.statuses[status] += 1
        if response.status_code == 200:
            results.latencies_ok.append(elapsed)
        elif response.status_code == 503:
            await asyncio.sleep(backoff)


async def drive(base: str, text: str, args: argparse.Namespace) -> tuple[Results, float]:
    results = Results()
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=base, timeout=args.timeout + 30, limits=limits) as client:
        started = time.monotonic()
        deadline = started + args.seconds
        budget = [args.max_requests]
        await asyncio.gather(
            *(client_loop(client, text, deadline, budget, results, args.backoff) for _ in range(args.clients))
        )
        return results, time.monotonic() - started


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(
    args: argparse.Namespace, results: Results, wall: float, memory: dict[str, float], alive: bool
) -> str:
    answered = sum(results.statuses.values())
    ok = results.statuses.get("200", 0)
    unexpected = sum(n for s, n in results.statuses.items() if not s.startswith(("200", "503")))
    ms = [
        (name, percentile(values, q) * 1000)
        for name, values in (("200", results.latencies_ok), ("all", results.latencies_all))
        for q in (50, 95, 99)
    ]
    rows = [
        ("clients / seconds", f"{args.clients} / {wall:.1f}"),
        ("server pool / queue", f"{args.pool} / {args.queue}"),
        ("text length (chars)", str(args.text_length)),
        ("requests answered", str(answered)),
        ("responses by status", ", ".join(f"{s}: {n}" for s, n in sorted(results.statuses.items()))),
        ("transport errors (no answer)", str(sum(results.failures.values()) or 0)),
        ("unexpected statuses", str(unexpected)),
        ("analyses/s (200)", f"{ok / wall:.2f}"),
        ("answers/s (all)", f"{answered / wall:.2f}"),
        ("latency p50 / p95 / p99, 200 (ms)", " / ".join(f"{v:.0f}" for n, v in ms if n == "200")),
        ("latency p50 / p95 / p99, all (ms)", " / ".join(f"{v:.0f}" for n, v in ms if n == "all")),
        (
            "server RSS start / peak / end (MiB)",
            f"{memory['start']:.0f} / {memory['peak']:.0f} / {memory['end']:.0f}",
        ),
        ("server alive and healthy after", "yes" if alive else "NO"),
    ]
    lines = ["| measure | value |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="how long to drive the server (default 60)"
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument("--pool", type=int, default=2, help="server --workers-pool (default 2)")
    parser.add_argument("--queue", type=int, default=8, help="server --queue (default 8)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="server --timeout in seconds (default 30)"
    )
    parser.add_argument("--backoff", type=float, default=0.25, help="seconds a client waits after a 503")
    parser.add_argument("--text", type=Path, help="UTF-8 text to send (default: the bundled sample article)")
    args = parser.parse_args()
    if args.text:
        text = args.text.read_text(encoding="utf-8")
    else:
        from spinscope.cli.analyze_cmd import sample_text

        text = sample_text()
    args.text_length = len(text)

    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log, serving(args, port, log) as server:
        wait_ready(base, server, log)
        return measure(args, base, server, text)


@contextlib.contextmanager
def serving(args: argparse.Namespace, port: int, log: IO[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    server = start_server(args, port, log)
    try:
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def measure(args: argparse.Namespace, base: str, server: subprocess.Popen[bytes], text: str) -> int:
    for _ in range(3):  # warm-up: the first analyses initialise the runtime
        httpx.post(base + "/v1/analyze", json={"text": text}, timeout=args.timeout + 30).raise_for_status()
    sampler = MemorySampler(server.pid)
    start_rss = rss_mib(server.pid)
    sampler.start()
    results, wall = asyncio.run(drive(base, text, args))
    sampler.stop.set()
    sampler.join()
    alive = server.poll() is None and httpx.get(base + "/healthz", timeout=10).status_code == 200
    end_rss = rss_mib(server.pid) if server.poll() is None else float("nan")
    memory = {"start": start_rss, "peak": max(sampler.samples, default=start_rss), "end": end_rss}
    print(report(args, results, wall, memory, alive))
    if len(sampler.samples) >= 4:
        quarter = len(sampler.samples) // 4
        first, last = sampler.samples[:quarter], sampler.samples[-quarter:]
        print(
            f"\nRSS (MiB) mean of first quarter {statistics.mean(first):.0f}, "
            f"last quarter {statistics.mean(last):.0f} ({len(sampler.samples)} samples)"
        )
    unexpected = sum(n for s, n in results.statuses.items() if not s.startswith(("200", "503")))
    return 0 if alive and not results.failures and not unexpected else 1


if __name__ == "__main__":
    sys.exit(main())
