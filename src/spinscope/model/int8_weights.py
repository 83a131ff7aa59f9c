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
model computes what it computes on a CPU with VNNI. The rewrite happens in memory; the file on
disk stays as shipped.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import numpy as np

from spinscope.cpu_features import is_x86
from spinscope.errors import ModelIntegrityError

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


def moves_weights(form: WeightForm, signed_exact: bool) -> bool:
    """Whether to move the weights to uint8 for a load in ``form``, given whether this CPU
    multiplies them exactly as shipped."""
    if form is WeightForm.AUTO:
        return not signed_exact
    return form is WeightForm.UNSIGNED


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
            while len(node.input) < 3:
                node.input.append("")
            if len(node.input) == 3:
                node.input.append(name)
            else:
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
