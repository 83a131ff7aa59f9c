"""Exporting a trained network to a model folder: ONNX (fp32 and int8), span head, card."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import torch

from spinscope.model.card import ModelCard
from spinscope.train.encoder_source import sha256_file
from spinscope.train.network import InferenceWrapper, TechniqueNetwork

FP32_FILE = "model.fp32.onnx"
INT8_FILE = "model.int8.onnx"


def use_eager_attention(encoder: torch.nn.Module) -> None:
    """Export attention as plain MatMul/Softmax. The default (scaled_dot_product_attention)
    exports with Where/IsNaN masking over every attention matrix, which took about a quarter
    of the int8 model's time in ONNX Runtime (measured by benchmarks/speed.py's profile)."""
    encoder.set_attn_implementation("eager")  # type: ignore[operator]


def export_onnx(network: TechniqueNetwork, path: Path) -> None:
    network.eval()
    use_eager_attention(network.encoder)
    wrapper = InferenceWrapper(network)
    ids = torch.randint(1000, 2000, (2, 64), dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        wrapper,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["probs", "hidden"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "probs": {0: "batch", 1: "tokens"},
            "hidden": {0: "batch", 1: "tokens"},
        },
        opset_version=17,
        dynamo=False,
    )


def quantize_int8(fp32_path: Path, int8_path: Path, *, weight_products_only: bool = True) -> None:
    """Dynamic int8 quantisation, per-channel weights (MatMul/Gemm, and the embedding Gather).

    ``weight_products_only=False`` also quantises products of two activations (attention);
    spinscope does not ship that (``benchmarks/graph_variants.py`` measures it)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32_path),
        str(int8_path),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gemm", "Gather"],
        extra_options={"MatMulConstBOnly": weight_products_only},
    )


def write_model_dir(
    network: TechniqueNetwork,
    tokenizer_file: Path,
    out_dir: Path,
    card: ModelCard,
) -> ModelCard:
    """Write ONNX files, tokenizer, span head and card into ``out_dir``; returns the card
    completed with file checksums."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export_onnx(network, out_dir / FP32_FILE)
    quantize_int8(out_dir / FP32_FILE, out_dir / INT8_FILE)
    shutil.copyfile(tokenizer_file, out_dir / card.tokenizer_file)
    network.export_span_head().save(out_dir / card.span_head_file)
    files = [card.onnx_file, card.tokenizer_file, card.span_head_file]
    sums = {name: sha256_file(out_dir / name) for name in files}
    completed = replace(card, files_sha256=sums)
    completed.save(out_dir)
    return completed
