"""Write the fp32 reference outputs that the int8 agreement test compares against.

    python tools/quantization_reference.py --fp32 runs/ptc-minilm/model/model.fp32.onnx

Run it whenever the shipped model changes: it stores, for the fixture article, the per-token
probabilities of the fp32 export, together with the sha256 of the int8 model they belong to.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from spinscope.analyzer import default_model_dir
from spinscope.model.card import ModelCard
from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir
from spinscope.train.encoder_source import sha256_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "sample-corpus" / "articles" / "vellmark-lanterns.txt"
REFERENCE = ROOT / "tests" / "fixtures" / "fp32_reference.npz"


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--fp32", type=Path, required=True, help="the fp32 ONNX export of the shipped model")
    args = parser.parse_args()
    model_dir = default_model_dir()
    card = ModelCard.load(model_dir)
    # the fp32 graph with the shipped tokenizer, span head and card (an absolute path wins)
    _, model = load_model_dir(model_dir, RuntimeOptions(onnx_file=str(args.fp32.resolve())))
    text = FIXTURE.read_text(encoding="utf-8")
    (encoded,) = list(model.encode([text]))
    np.savez_compressed(
        REFERENCE,
        probs=encoded.outputs.probs.astype(np.float16),
        int8_sha256=np.array(sha256_file(model_dir / card.onnx_file)),
    )
    print(f"wrote {REFERENCE} ({encoded.outputs.probs.shape[0]} tokens)")


if __name__ == "__main__":
    main()
