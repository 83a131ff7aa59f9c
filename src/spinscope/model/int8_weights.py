"""Exact int8 matrix products on every x86 CPU.

The bundled models are quantised dynamically: activations become unsigned 8-bit numbers at run
time, weights are signed 8-bit numbers (``MatMulInteger`` with uint8 x int8 inputs). CPUs with
VNNI (AVX-512 VNNI or AVX-VNNI) multiply such pairs exactly. On x86 CPUs without it, ONNX
Runtime's kernel for this pairing adds pairs of products in 16 bits, which saturate: the
products come out wrong and the model's outputs drift (``python benchmarks/int8_exactness.py``
measures both). Its kernel for uint8 x uint8 widens to 16 bits before it multiplies and is
exact everywhere.

So on those CPUs the weights are moved to uint8 when the model is loaded: every int8 weight
``w`` becomes ``w + 128`` with zero point ``z + 128``. The integer product is unchanged, so the
model computes what it computes on a CPU with VNNI. The shipped file stays as it is; the
rewritten model is kept in the cache folder (:func:`spinscope.cache.cache_home`), named by the
shipped file's SHA-256, so that later starts load it directly instead of rewriting it again.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path

import numpy as np

from spinscope.cache import write_atomically
from spinscope.cpu_features import cpu_flags, is_x86
from spinscope.errors import ModelIntegrityError

CACHE_FORMAT = 1
"""Part of the cached file's name; bumped whenever the rewrite changes."""
NO_INT8_PRODUCTS = b""
"""Content of the cache entry of a model that has no int8 weights to move."""

VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})
"""Feature flags of the x86 instructions that multiply uint8 by int8 without saturating."""


class WeightForm(StrEnum):
    """How the int8 weights of a model are handed to ONNX Runtime."""

    AUTO = "auto"
    """As shipped where the CPU multiplies them exactly, moved to uint8 elsewhere."""
    SIGNED = "signed"
    """As shipped (uint8 x int8), whatever the CPU."""
    UNSIGNED = "unsigned"
    """Moved to uint8 (uint8 x uint8), whatever the CPU."""


def signed_products_exact(machine: str | None = None, flags: frozenset[str] | None = None) -> bool:
    """Whether ONNX Runtime multiplies uint8 by int8 exactly here: on x86 only with VNNI. Where
    the system does not report the CPU's flags, x86 is taken to lack it (the uint8 form is exact
    on every CPU, so the doubt costs speed, never correctness)."""
    if not is_x86(machine):
        return True
    return bool(flags is not None and flags & VNNI_FLAGS)


def signed_products_exact_here() -> bool:
    """:func:`signed_products_exact` for this machine's CPU."""
    return signed_products_exact(flags=cpu_flags())


def moves_weights(form: WeightForm, signed_exact: bool) -> bool:
    """Whether to move the weights to uint8 for a load in ``form``, given whether this CPU
    multiplies them exactly as shipped."""
    if form is WeightForm.AUTO:
        return not signed_exact
    return form is WeightForm.UNSIGNED


def moves_weights_here(form: WeightForm = WeightForm.AUTO) -> bool:
    """:func:`moves_weights` for this machine's CPU."""
    return moves_weights(form, signed_products_exact_here())


def unsigned_weight_model(path: Path) -> bytes | None:
    """The ONNX model at ``path`` with the int8 weights of its ``MatMulInteger`` nodes (and their
    zero points) moved to uint8, serialised; None when it has no such weights."""
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError as exc:  # a dependency of spinscope: only a broken install lacks it
        raise ModelIntegrityError(f"{path}: reading int8 weights needs the onnx package ({exc})") from exc
    try:
        model = onnx.load(str(path))
    except Exception as exc:  # onnx raises protobuf's and its own exception types
        raise ModelIntegrityError(f"{path}: not a readable ONNX model: {exc}") from exc
    initializers = {tensor.name: tensor for tensor in model.graph.initializer}
    moved: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or len(node.input) < 2:
            continue
        weight = initializers.get(node.input[1])
        zero_point = initializers.get(node.input[3]) if len(node.input) > 3 and node.input[3] else None
        if weight is None or weight.data_type != onnx.TensorProto.INT8:
            continue
        if zero_point is None:  # the int8 zero point defaults to 0: make it explicit, 128 in uint8
            name = f"{node.input[1]}_zero_point_uint8"
            if name not in initializers:
                initializers[name] = numpy_helper.from_array(np.array(128, dtype=np.uint8), name)
                model.graph.initializer.append(initializers[name])
            while len(node.input) < 4:
                node.input.append("")
            node.input[3] = name
            moved.add(name)
        for tensor in (weight, zero_point):
            if tensor is None or tensor.name in moved:
                continue
            values = numpy_helper.to_array(tensor)
            if values.dtype != np.int8:
                raise ModelIntegrityError(
                    f"{path}: MatMulInteger input {tensor.name} is {values.dtype}, expected int8"
                )
            tensor.CopyFrom(
                numpy_helper.from_array((values.astype(np.int16) + 128).astype(np.uint8), tensor.name)
            )
            moved.add(tensor.name)
    if not moved:
        return None
    return model.SerializeToString()


def int8_path_here(form: WeightForm = WeightForm.AUTO) -> str:
    """One line for users: how this machine runs the models' int8 products, and why."""
    if not moves_weights_here(form):
        exact = signed_products_exact_here()
        why = "this CPU multiplies them exactly (VNNI)" if exact else "asked for; not exact on this CPU"
        return f"int8 weights as shipped ({why})"
    why = (
        "asked for"
        if form is WeightForm.UNSIGNED
        else "no VNNI: ONNX Runtime's uint8 x int8 kernel saturates here; "
        "uint8 x uint8 is exact, about 1.1x slower"
    )
    return f"int8 weights moved to uint8 at load ({why})"


def unsigned_weight_source(path: Path, cache: Path) -> str | bytes | None:
    """What ONNX Runtime should load for the model at ``path`` with its weights moved to uint8:
    the path of the rewritten file in ``cache`` (written on first use), or the rewritten model
    in memory where the cache cannot be written; None when the model has no int8 weights."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    target = cache / f"int8-uint8-v{CACHE_FORMAT}-{digest}.onnx"
    try:
        if target.stat().st_size > 0:
            return str(target)
        return None  # an empty entry: this model has no int8 weights
    except OSError:
        pass
    rewritten = unsigned_weight_model(path)
    try:
        write_atomically(target, rewritten or NO_INT8_PRODUCTS)
    except OSError:
        return rewritten
    return str(target) if rewritten is not None else None
