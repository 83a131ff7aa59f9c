"""The claim classifier network: the pretrained encoder, masked mean pooling, one logit."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from transformers import AutoModel


class ClaimNetwork(nn.Module):
    def __init__(self, encoder_path: Path, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder_path), add_pooling_layer=False)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(int(self.encoder.config.hidden_size), 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logit per row (B,)."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled)).squeeze(-1)


class ClaimInferenceWrapper(nn.Module):
    """What is exported to ONNX: the probability (sigmoid applied)."""

    def __init__(self, network: ClaimNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.network(input_ids, attention_mask))
