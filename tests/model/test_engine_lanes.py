"""Windows in flight at once ("lanes") change speed, never results."""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
import pytest

from spinscope.analyzer import Analyzer, default_model_dir
from spinscope.model.engine import WindowSettings, run_token_model
from spinscope.model.lanes import BackgroundWorker, CoreSlots, Lanes
from spinscope.model.onnx_runtime import RuntimeOptions
from spinscope.model.tokenize import SpecialTokens, TokenizedText

SPECIAL = SpecialTokens(cls_id=101, sep_id=102, pad_id=0)


def _tokens(n: int, seed: int) -> TokenizedText:
    rng = np.random.default_rng(seed)
    starts = np.arange(n, dtype=np.int64) * 2
    return TokenizedText(
        ids=rng.integers(1000, 2000, n, dtype=np.int64), starts=starts, ends=starts + 1, words=None
    )


class RecordingRunner:
    """A deterministic fake model: output depends only on each row's ids; records threads."""

    def __init__(self) -> None:
        self.threads: set[int] = set()

    def __call__(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        self.threads.add(threading.get_ident())
        x = (ids % 97).astype(np.float32)[..., None] / 97.0
        probs = np.concatenate([x, 1 - x], axis=2) * mask[..., None]
        hidden = np.repeat(x, 4, axis=2) + np.cumsum(mask, axis=1)[..., None]
        return probs.astype(np.float32), hidden.astype(np.float32)


def test_lanes_do_not_change_outputs() -> None:
    texts = [_tokens(n, seed) for seed, n in enumerate((5, 30, 61, 17, 90))]
    results = {}
    for lanes in (1, 2, 4):
        runner = RecordingRunner()
        settings = WindowSettings(
            window_tokens=20, stride=12, batch_size=1, special=SPECIAL, lanes=Lanes(lanes)
        )
        results[lanes] = run_token_model(texts, runner, settings)
        on_caller = runner.threads == {threading.get_ident()}
        assert on_caller == (lanes == 1)  # lanes > 1: the calls run on a thread pool
    for lanes in (2, 4):
        for a, b in zip(results[1], results[lanes], strict=True):
            np.testing.assert_array_equal(a.probs, b.probs)
            np.testing.assert_array_equal(a.hidden, b.hidden)


def test_shipped_model_gives_the_same_spans_with_any_lanes(fixture_article: str) -> None:
    long_text = "\n\n".join([fixture_article] * 4)  # several windows
    spans = []
    for threads, lanes in ((1, 1), (2, 1), (2, 2)):
        options = RuntimeOptions(threads=threads, lanes=lanes)
        analyzer = Analyzer.load(default_model_dir(), options=options, claims=False)
        spans.append(analyzer.analyze(long_text).spans)
    assert spans[0]
    assert spans[0] == spans[1] == spans[2]


def test_lanes_keep_their_threads_and_pickle_as_their_count() -> None:
    import pickle

    lanes = Lanes(2)
    seen: list[set[str]] = []
    for _ in range(3):
        names = lanes.run(lambda _: threading.current_thread().name, list(range(8)))
        seen.append(set(names))
    assert all(name.startswith("spinscope-lane") for name in seen[0])
    assert len(set().union(*seen)) <= 2  # the same two threads every time
    assert lanes.run(lambda x: x * x, [3, 1, 2]) == [9, 1, 4]  # order kept
    copy = pickle.loads(pickle.dumps(lanes))
    assert isinstance(copy, Lanes) and copy.count == 2 and copy.run(str, [1, 2]) == ["1", "2"]


def test_lanes_sharing_core_slots_never_run_more_calls_at_once_than_slots() -> None:
    import time

    slots = CoreSlots(1)
    running, peak = [0], [0]
    lock = threading.Lock()

    def call(x: int) -> int:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.005)
        with lock:
            running[0] -= 1
        return x

    first, second = Lanes(2, slots), Lanes(2, slots)
    other = threading.Thread(target=lambda: first.run(call, list(range(6))))
    other.start()
    assert second.run(call, list(range(6))) == list(range(6))
    other.join()
    assert peak[0] == 1


def test_stages_unpickled_together_still_share_one_set_of_slots() -> None:
    import pickle

    slots = CoreSlots(2)
    a, b = pickle.loads(pickle.dumps((Lanes(2, slots), Lanes(1, slots))))
    assert a.slots is b.slots and a.slots is not None and a.slots.count == 2


def test_a_forked_child_starts_with_every_slot_free(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    slots = CoreSlots(1)
    with slots.held():  # held by a thread of the parent at the moment of the fork
        monkeypatch.setattr(os, "getpid", lambda: -1)
        with slots.held():
            pass  # the child's slot is free: no deadlock


def test_the_background_worker_runs_jobs_in_order_on_one_kept_thread() -> None:
    worker = BackgroundWorker("spinscope-test-worker")
    done: list[tuple[int, str]] = []
    finished = threading.Event()
    for i in range(5):
        worker.submit(lambda i=i: done.append((i, threading.current_thread().name)))
    worker.submit(finished.set)
    assert finished.wait(5)
    assert [i for i, _ in done] == list(range(5))
    assert {name for _, name in done} == {"spinscope-test-worker"}
    threads = [t for t in threading.enumerate() if t.name == "spinscope-test-worker"]
    assert len(threads) == 1 and threads[0].daemon
