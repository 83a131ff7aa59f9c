"""Whether to train under bf16 autocast on this CPU.

bf16 autocast nearly halves an MPNet training step on CPUs that multiply bf16 matrices natively
(AVX-512 with the BF16 extension, or AMX). On CPUs without it, PyTorch falls back to a generic
bf16 matrix product that runs several times slower than fp32. So the encoder's bf16 default
applies only where the CPU has native bf16, and an explicit ``--bf16`` elsewhere is kept but
warned about.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinscope.cpu_features import cpu_flags

NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively: PyTorch's own probe where it has one, else the
    CPU's feature flags."""
    try:
        import torch

        probe = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
        if probe is not None:
            return bool(probe())
    except (ImportError, RuntimeError, AttributeError):
        pass
    return bool((cpu_flags() or frozenset()) & NATIVE_BF16_FLAGS)


@dataclass(frozen=True, slots=True)
class PrecisionChoice:
    bf16: bool
    note: str = ""
    """Said to the user when the choice is not what they might expect ("" when there is none)."""


def choose_precision(requested: bool | None, encoder_default: bool, native: bool) -> PrecisionChoice:
    """bf16 or fp32 for a run: what the user asked for, else the encoder's default where the CPU
    has native bf16, fp32 otherwise."""
    if requested is None:
        if encoder_default and not native:
            return PrecisionChoice(
                False,
                "training in fp32: this CPU has no native bf16, where bf16 autocast runs several "
                "times slower than fp32 (--bf16 forces it)",
            )
        return PrecisionChoice(encoder_default)
    if requested and not native:
        return PrecisionChoice(
            True,
            "warning: --bf16 on a CPU without native bf16 runs several times slower than --fp32",
        )
    return PrecisionChoice(requested)
