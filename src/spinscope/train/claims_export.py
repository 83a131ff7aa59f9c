"""Exporting the claim classifier: ONNX (fp32 in the work folder, int8 shipped), tokenizer, card."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import torch

from spinscope.claims.card import ClaimCard
from spinscope.train.claims_network import ClaimInferenceWrapper, ClaimNetwork
from spinscope.train.encoder_source import sha256_file
from spinscope.train.export import quantize_int8, use_eager_attention

FP32_FILE = "claims.fp32.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"


def export_claim_onnx(network: ClaimNetwork, path: Path) -> None:
    network.eval()
    use_eager_attention(network.encoder)
    ids = torch.randint(1000, 2000, (2, 24), dtype=torch.long)
    torch.onnx.export(
        ClaimInferenceWrapper(network),
        (ids, torch.ones_like(ids)),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["score"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "score": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )


def write_claim_model_dir(network: ClaimNetwork, tokenizer_file: Path, work_dir: Path, out_dir: Path) -> None:
    """Write the int8 ONNX model and the tokenizer into ``out_dir`` (the card comes after evaluation)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = work_dir / FP32_FILE
    export_claim_onnx(network, fp32)
    quantize_int8(fp32, out_dir / INT8_FILE)
    shutil.copyfile(tokenizer_file, out_dir / TOKENIZER_FILE)


def save_card(card: ClaimCard, out_dir: Path) -> ClaimCard:
    sums = {name: sha256_file(out_dir / name) for name in (card.onnx_file, card.tokenizer_file)}
    completed = replace(card, files_sha256=sums)
    completed.save(out_dir)
    return completed
