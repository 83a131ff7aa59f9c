"""One BLAS thread inside spinscope's matrix sections, the original count restored after the
last one ends, whichever threads overlap."""

from __future__ import annotations

import threading

import numpy as np  # noqa: F401 -- loads the BLAS library that threadpoolctl reports

from spinscope.blas import _LIMIT, one_blas_thread


def _threads() -> set[int]:
    """Thread counts of the BLAS libraries the limit governs (those loaded at its first use:
    NumPy's; a BLAS that SciPy loads later serves no spinscope product)."""
    with one_blas_thread():
        pass  # makes sure the limit has found the libraries
    return {int(i["num_threads"]) for i in _LIMIT.controller.info() if i["user_api"] == "blas"}


def test_nested_and_overlapping_sections_restore_the_original_count() -> None:
    before = _threads()
    with one_blas_thread():
        assert _threads() <= {1}
        with one_blas_thread():
            assert _threads() <= {1}
        assert _threads() <= {1}  # the outer section still runs
    assert _threads() == before

    first_inside, second_done, seen = threading.Event(), threading.Event(), []

    def first() -> None:
        with one_blas_thread():
            first_inside.set()
            second_done.wait(10)
            seen.append(_threads())  # the other thread left first: still one thread here

    worker = threading.Thread(target=first)
    worker.start()
    first_inside.wait(10)
    with one_blas_thread():
        pass
    second_done.set()
    worker.join(10)
    assert seen and seen[0] <= {1}
    assert _threads() == before
