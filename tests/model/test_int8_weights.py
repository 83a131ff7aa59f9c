"""int8 weights moved to uint8 give exactly the same integer products, on any CPU."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from spinscope.analyzer import default_model_dir
from spinscope.errors import ModelIntegrityError
from spinscope.model.int8_weights import (
    WeightForm,
    int8_path_here,
    moves_weights,
    signed_products_exact,
    signed_products_exact_here,
    unsigned_weight_model,
    unsigned_weight_source,
)
from spinscope.model.onnx_runtime import cpu_session


def matmul_integer_model(path: Path, weight: np.ndarray, zero_point: np.ndarray | None) -> Path:
    """A one-node model: Y = MatMulInteger(A, weight) with A's zero point 0 as an input."""
    inputs = ["A", "W", "a_zero"] + (["w_zero"] if zero_point is not None else [])
    initializers = [
        numpy_helper.from_array(weight, "W"),
        numpy_helper.from_array(np.array(0, np.uint8), "a_zero"),
    ]
    if zero_point is not None:
        initializers.append(numpy_helper.from_array(zero_point, "w_zero"))
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", inputs, ["Y"])],
        "matmul_integer",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, ["rows", weight.shape[0]])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, ["rows", weight.shape[1]])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


@pytest.mark.parametrize("per_channel", [True, False, None])
def test_moved_weights_multiply_exactly(
    tmp_path: Path, per_channel: bool | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINSCOPE_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(7)
    weight = rng.integers(-128, 128, (384, 96)).astype(np.int8)  # the full range: the hard case
    activations = rng.integers(0, 256, (32, 384)).astype(np.uint8)
    zero_point = (
        None
        if per_channel is None
        else rng.integers(-3, 4, 96).astype(np.int8)
        if per_channel
        else np.array(2, dtype=np.int8)
    )
    path = matmul_integer_model(tmp_path / "m.onnx", weight, zero_point)
    expected = activations.astype(np.int64) @ (
        weight.astype(np.int64) - (0 if zero_point is None else zero_point)
    )
    session = cpu_session(path, 1, weights=WeightForm.UNSIGNED)
    (got,) = session.run(None, {"A": activations})
    np.testing.assert_array_equal(got, expected)
    moved = onnx.load_from_string(unsigned_weight_model(path))
    assert {t.name: t.data_type for t in moved.graph.initializer}["W"] == TensorProto.UINT8


def test_shipped_model_has_its_weights_moved_and_agrees_where_both_forms_are_exact() -> None:
    path = default_model_dir() / "model.int8.onnx"
    moved = onnx.load_from_string(unsigned_weight_model(path))
    weights = {t.name: t.data_type for t in moved.graph.initializer}
    products = [n for n in moved.graph.node if n.op_type == "MatMulInteger"]
    assert products and all(weights[n.input[1]] == TensorProto.UINT8 for n in products)
    if not signed_products_exact_here():
        pytest.skip("this CPU's uint8 x int8 products saturate: only the moved form is exact here")
    ids = np.array([[101, 7592, 1010, 2088, 999, 102]], dtype=np.int64)
    mask = np.ones_like(ids)
    outputs = [
        cpu_session(path, 1, weights=form).run(None, {"input_ids": ids, "attention_mask": mask})
        for form in (WeightForm.SIGNED, WeightForm.UNSIGNED)
    ]
    for signed, unsigned in zip(*outputs, strict=True):
        np.testing.assert_allclose(signed, unsigned, atol=1e-5)


def test_models_without_int8_products_are_left_alone(tmp_path: Path) -> None:
    path = matmul_integer_model(tmp_path / "m.onnx", np.ones((4, 2), dtype=np.uint8), None)
    assert unsigned_weight_model(path) is None


def test_unreadable_model_names_its_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.onnx"
    path.write_bytes(b"not a model")
    with pytest.raises(ModelIntegrityError, match=r"broken\.onnx"):
        unsigned_weight_model(path)


def test_which_cpus_get_moved_weights() -> None:
    assert signed_products_exact("x86_64", frozenset({"avx2", "avx512_vnni"}))
    assert signed_products_exact("x86_64", frozenset({"avx2", "avx_vnni"}))
    assert not signed_products_exact("x86_64", frozenset({"avx2", "avx512f"}))
    assert not signed_products_exact("AMD64", None)  # flags unknown: the exact form, to be safe
    assert signed_products_exact("aarch64", None)
    assert moves_weights(WeightForm.AUTO, signed_exact=False)
    assert not moves_weights(WeightForm.AUTO, signed_exact=True)
    assert moves_weights(WeightForm.UNSIGNED, signed_exact=True)
    assert not moves_weights(WeightForm.SIGNED, signed_exact=False)


def test_users_are_told_which_int8_path_runs() -> None:
    assert int8_path_here(WeightForm.UNSIGNED) == "int8 weights moved to uint8 at load (asked for)"
    assert int8_path_here(WeightForm.SIGNED).startswith("int8 weights as shipped (")
    auto = int8_path_here()
    assert ("VNNI" in auto) and (auto.startswith("int8 weights as shipped") == signed_products_exact_here())


def test_rewritten_model_is_cached_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    path = matmul_integer_model(tmp_path / "m.onnx", rng.integers(-128, 128, (8, 4)).astype(np.int8), None)
    cache = tmp_path / "cache"
    first = unsigned_weight_source(path, cache)
    assert isinstance(first, str) and Path(first).parent == cache
    assert Path(first).read_bytes() == unsigned_weight_model(path)

    def no_rewrite(_: Path) -> bytes:
        raise AssertionError("rewritten again although cached")

    monkeypatch.setattr("spinscope.model.int8_weights.unsigned_weight_model", no_rewrite)
    assert unsigned_weight_source(path, cache) == first


def test_model_without_int8_weights_is_remembered(tmp_path: Path) -> None:
    path = matmul_integer_model(tmp_path / "m.onnx", np.ones((4, 2), dtype=np.uint8), None)
    cache = tmp_path / "cache"
    assert unsigned_weight_source(path, cache) is None
    assert [p.stat().st_size for p in cache.iterdir()] == [0]
    assert unsigned_weight_source(path, cache) is None


def test_unwritable_cache_rewrites_in_memory(tmp_path: Path) -> None:
    path = matmul_integer_model(tmp_path / "m.onnx", np.full((4, 2), -5, dtype=np.int8), None)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    assert unsigned_weight_source(path, blocked) == unsigned_weight_model(path)


def test_damaged_cache_entry_is_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    weight = rng.integers(-128, 128, (16, 8)).astype(np.int8)
    path = matmul_integer_model(tmp_path / "m.onnx", weight, None)
    monkeypatch.setenv("SPINSCOPE_CACHE", str(tmp_path / "cache"))
    cached = unsigned_weight_source(path, tmp_path / "cache")
    assert isinstance(cached, str)
    Path(cached).write_bytes(b"damaged")
    activations = rng.integers(0, 256, (3, 16)).astype(np.uint8)
    (got,) = cpu_session(path, 1, weights=WeightForm.UNSIGNED).run(None, {"A": activations})
    np.testing.assert_array_equal(got, activations.astype(np.int64) @ weight.astype(np.int64))
