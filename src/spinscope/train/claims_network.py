"""The claim classifier network: the pretrained encoder, masked mean pooling, a linear head.

The head has one logit (check-worthy or not) or, with ``verdict_classes``, three (the ClaimBuster
verdicts: non-factual, unimportant factual, check-worthy factual), so that training also learns
from the difference between a plain statement of fact and a check-worthy one. Either way the
exported model outputs one probability per sentence: that it is check-worthy.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from transformers import AutoModel


class ClaimNetwork(nn.Module):
    def __init__(
        self, encoder_path: Path, dropout: float = 0.1, verdict_classes: bool = False, layers: int = 0
    ) -> None:
        """``layers``: keep only the encoder's first N transformer layers (0: all of them); a
        3-layer MiniLM costs about half the time per sentence of the full 6 layers."""
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder_path), add_pooling_layer=False)
        total = int(self.encoder.config.num_hidden_layers)
        if layers < 0 or layers > total:
            raise ValueError(f"layers={layers}: the encoder at {encoder_path} has {total} layers")
        if 0 < layers < total:
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
        self.dropout = nn.Dropout(dropout)
        self.verdict_classes = verdict_classes
        self.classifier = nn.Linear(int(self.encoder.config.hidden_size), 3 if verdict_classes else 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits: (B,) with one output, (B, 3) with the verdict classes."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits = self.classifier(self.dropout(pooled))
        return logits if self.verdict_classes else logits.squeeze(-1)

    def check_worthy_probability(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """(B,) probability that each row is a check-worthy factual sentence."""
        logits = self(input_ids, attention_mask)
        if self.verdict_classes:
            return torch.softmax(logits, dim=-1)[:, -1]
        return torch.sigmoid(logits)

    def loss(
        self,
        logits: torch.Tensor,
        verdicts: torch.Tensor,
        teacher: torch.Tensor | None = None,
        teacher_weight: float = 0.0,
    ) -> torch.Tensor:
        """Training loss for ClaimBuster verdicts (-1, 0, 1) of the rows. With ``teacher`` (another
        claim model's check-worthiness probability per row), the binary target is the mix
        ``(1 - teacher_weight) * label + teacher_weight * teacher``: distillation."""
        if self.verdict_classes:
            if teacher is not None:
                raise ValueError("distillation needs the binary head (not --verdict-classes)")
            return nn.functional.cross_entropy(logits, verdicts + 1)
        target = (verdicts == 1).to(logits.dtype)
        if teacher is not None:
            target = (1.0 - teacher_weight) * target + teacher_weight * teacher.to(logits.dtype)
        return nn.functional.binary_cross_entropy_with_logits(logits, target)


class ClaimInferenceWrapper(nn.Module):
    """What is exported to ONNX: the probability (sigmoid applied)."""

    def __init__(self, network: ClaimNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.network.check_worthy_probability(input_ids, attention_mask)
