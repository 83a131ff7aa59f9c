"""One BLAS thread for spinscope's products: set once, from whichever thread comes first, and
never changed again (changing the pool while another thread multiplies can hang OpenBLAS)."""

from __future__ import annotations

import threading

import numpy as np  # noqa: F401 -- loads the BLAS library that threadpoolctl reports
from threadpoolctl import ThreadpoolController

from spinscope.blas import use_one_blas_thread


def _numpy_blas_threads() -> set[int]:
    return {
        int(i["num_threads"])
        for i in ThreadpoolController().info()
        if i["user_api"] == "blas" and "numpy" in i["filepath"]
    }


def test_sections_on_any_thread_leave_one_blas_thread() -> None:
    worker = threading.Thread(target=use_one_blas_thread)
    worker.start()
    worker.join(10)
    assert _numpy_blas_threads() <= {1}
    use_one_blas_thread()
    assert _numpy_blas_threads() <= {1}
    use_one_blas_thread()
    assert _numpy_blas_threads() <= {1}
