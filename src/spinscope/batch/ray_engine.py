"""The Ray engine: the same batch on a Ray cluster with Ray Data. Each actor of the pool
holds one loaded model (a callable class given to ``map_batches``); results stream back
to the driving process, which writes them to the store."""

from __future__ import annotations

import json
import logging
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spinscope.batch.model_ref import ModelRef
from spinscope.batch.work import WorkerAnalyzer, WorkItem, WorkResult, failed
from spinscope.errors import RayUnavailableError

USAGE_STATS_ENV = "RAY_USAGE_STATS_ENABLED"
LOOPBACK_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
"""Set to 0 before ray is imported, Ray binds a local instance to 127.0.0.1, not the
machine's network address."""


class RayChunkAnalyzer:
    """Ray Data callable class: the constructor runs once per actor and loads the model."""

    def __init__(self, model: dict[str, Any], threads: int) -> None:
        self.worker = WorkerAnalyzer(ModelRef(**model), threads)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        items = [
            WorkItem(str(k), str(t), str(p) or None)
            for k, t, p in zip(batch["key"], batch["text"], batch["published"], strict=True)
        ]
        return {"result": [json.dumps(r.to_json()) for r in self.worker.analyze(items)]}


@dataclass(slots=True)
class RayEngine:
    """``address`` None starts a local Ray instance; ``auto`` joins the cluster this machine
    belongs to; ``ray://host:10001`` connects through Ray Client."""

    model: ModelRef
    workers: int = 1
    threads: int = 1
    chunk_size: int = 8
    address: str | None = None
    wave_chunks: int = 64
    """Chunks per Ray dataset: bounds the driver's memory; each wave starts fresh actors."""
    _connected_here: bool = False
    """Whether this engine called ray.init (and so shuts Ray down when it is done)."""

    name = "ray"

    def _connect(self) -> Any:
        # spinscope works offline: no usage reports from a Ray instance it starts
        os.environ.setdefault(USAGE_STATS_ENV, "0")
        if self.address is None:
            # a Ray instance started here listens on loopback only (read when ray is imported)
            os.environ.setdefault(LOOPBACK_ONLY_ENV, "0")
        try:
            import ray
            import ray.data
        except ImportError as exc:
            raise RayUnavailableError(
                f"the Ray engine needs Ray Data: pip install 'spinscope[ray]' ({exc})"
            ) from exc
        if not ray.is_initialized():
            # Ray installs its own SIGTERM handler (it prints stacks and exits 15); the batch
            # keeps its own, which stops the run as interrupted (exit 130)
            handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
            try:
                ray.init(
                    address=self.address,
                    include_dashboard=False,
                    logging_level=logging.ERROR,
                    log_to_driver=False,
                    configure_logging=True,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = self.address or "a local Ray instance"
                raise RayUnavailableError(f"cannot connect to Ray at {where}: {exc}") from exc
            finally:
                for sig, handler in handlers.items():
                    if handler is not None:
                        signal.signal(sig, handler)
            self._connected_here = True
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # spinscope draws its own progress bar
        context.print_on_execution_start = False
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        return ray

    def analyze(self, chunks: Iterable[list[WorkItem]]) -> Iterator[list[WorkResult]]:
        ray = self._connect()
        try:
            wave: list[WorkItem] = []
            for chunk in chunks:
                wave.extend(chunk)
                if len(wave) >= self.wave_chunks * self.chunk_size:
                    yield from self._run_wave(ray, wave)
                    wave = []
            if wave:
                yield from self._run_wave(ray, wave)
        finally:
            if self._connected_here:  # also after an interrupt: a local instance stops with it
                self._connected_here = False
                ray.shutdown()

    def _run_wave(self, ray: Any, items: list[WorkItem]) -> Iterator[list[WorkResult]]:
        by_key = {item.key: item for item in items}
        dataset = ray.data.from_items(
            [{"key": i.key, "text": i.text, "published": i.published or ""} for i in items]
        ).map_batches(
            RayChunkAnalyzer,
            fn_constructor_kwargs={
                "model": {
                    "model_dir": self.model.model_dir,
                    "name": self.model.name,
                    "version": self.model.version,
                    "min_score": self.model.min_score,
                    "claims_model": self.model.claims_model,
                },
                "threads": self.threads,
            },
            batch_size=self.chunk_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=self.workers),
            num_cpus=self.threads,
        )
        batches = dataset.iter_batches(batch_size=self.chunk_size, batch_format="numpy")
        try:
            for batch in batches:
                results = [WorkResult.from_json(json.loads(str(r))) for r in batch["result"]]
                for result in results:
                    by_key.pop(result.key, None)
                yield results
        except Exception as exc:  # a failed Ray job: the rest of the wave is recorded as failed
            if by_key:
                first_line = str(exc).splitlines()[0] if str(exc) else ""
                reason = f"the Ray job failed: {type(exc).__name__}: {first_line}"
                yield failed(list(by_key.values()), reason)
        finally:
            # stop Ray Data's executor threads now, before Ray itself is shut down (also after an
            # interrupt): a thread still reading from a shut-down Ray makes the process exit 1
            close = getattr(batches, "close", None)
            if close is not None:
                close()
