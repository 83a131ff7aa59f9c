"""A timed-out analysis stops instead of running on: the budget set by the caller reaches
every model call (also those run in lanes), and the web pool gets its thread back."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from spinscope.budget import check_budget, time_budget
from spinscope.errors import AnalysisTimeoutError
from spinscope.model.lanes import Lanes
from spinscope.serve import ServeSettings, create_app
from spinscope.serve.pool import AnalysisPool, PoolTimeoutError


def test_no_budget_means_no_limit() -> None:
    check_budget()


def test_an_expired_budget_stops_calls_in_every_lane() -> None:
    with time_budget(0.0, started=time.monotonic() - 1), pytest.raises(AnalysisTimeoutError):
        Lanes(2).run(lambda _: check_budget(), list(range(4)))
    assert Lanes(2).run(lambda x: (check_budget(), x)[1], [1, 2, 3]) == [1, 2, 3]


def test_the_pool_gets_its_thread_back_after_a_timeout() -> None:
    stopped = threading.Event()

    def model_calls() -> None:  # like an analysis: many short model calls
        try:
            while True:
                check_budget()
                time.sleep(0.01)
        except AnalysisTimeoutError:
            stopped.set()
            raise

    async def scenario() -> None:
        pool = AnalysisPool(size=1, queue_size=0, timeout=0.2)
        with pytest.raises(PoolTimeoutError):
            await pool.run(model_calls)
        assert await asyncio.to_thread(stopped.wait, 30)
        while pool.stats.in_flight:
            await asyncio.sleep(0.01)
        assert await pool.run(lambda: "next") == "next"
        pool.shutdown()

    asyncio.run(scenario())


@dataclass
class RecordingAnalyzer:
    """The real analyzer, noting how each analysis ended."""

    endings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        import spinscope

        self.inner = spinscope.load()

    @property
    def info(self):  # type: ignore[no-untyped-def]
        return self.inner.info

    def analyze(self, text, min_score=None, published=None):  # type: ignore[no-untyped-def]
        try:
            result = self.inner.analyze(text, min_score, published)
        except AnalysisTimeoutError:
            self.endings.append("stopped")
            raise
        self.endings.append("finished")
        return result


@pytest.mark.usefixtures("needs_model")
def test_a_timed_out_web_analysis_stops() -> None:
    sample = resources.files("spinscope").joinpath("data", "samples", "harbour-bridge.txt").read_text("utf-8")
    long_text = (sample + "\n\n") * 500  # about 900 kB, under the 1 MB body limit
    analyzer = RecordingAnalyzer()
    app = create_app(ServeSettings(timeout=0.5), lambda _: analyzer)  # type: ignore[arg-type,return-value]
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.post("/v1/analyze", json={"text": long_text})
        assert answer.status_code == 503 and answer.json()["error"]["code"] == "E109"
        deadline = time.monotonic() + 120
        while client.get("/healthz").json()["pool"]["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert analyzer.endings == ["stopped"]  # it stopped rather than finished
        assert client.get("/healthz").json()["pool"]["in_flight"] == 0
