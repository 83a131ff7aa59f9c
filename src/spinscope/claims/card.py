"""The claim model card: what the runtime needs to score sentences, and where the model came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spinscope.model.card import CARD_FILE, read_card, write_card

__all__ = ["CARD_FILE", "ClaimCard"]


@dataclass(frozen=True, slots=True)
class ClaimCard:
    name: str
    version: str
    onnx_file: str
    """ONNX graph: (input_ids, attention_mask) -> score, the check-worthiness probability per row."""
    tokenizer_file: str
    max_tokens: int
    """Longest input in tokens, [CLS] and [SEP] included; longer sentences are cut."""
    threshold: float
    """A sentence is a claim when its score reaches this value (tuned on the dev debates)."""
    context_sentences: int = 0
    """1 when the model also reads the sentence before the scored one, 0 when it reads it alone."""
    base_encoder: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    data_terms: str = ""
    files_sha256: dict[str, str] = field(default_factory=dict)

    def save(self, model_dir: Path) -> None:
        write_card(model_dir, self)

    @classmethod
    def load(cls, model_dir: Path) -> ClaimCard:
        return read_card(model_dir, cls, "claim model")
