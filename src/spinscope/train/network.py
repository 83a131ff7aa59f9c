"""The trainable network: a pretrained encoder, a token head and a span head (PyTorch)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers import AutoModel

from spinscope.model.span_head import SpanHead


class TechniqueNetwork(nn.Module):
    """Encoder -> token head (sigmoid per technique + 'any technique'), and a span head
    that classifies a token run from [mean, first, last] hidden states."""

    def __init__(self, encoder_path: Path, n_techniques: int, span_hidden: int = 256) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder_path), add_pooling_layer=False)
        hidden = int(self.encoder.config.hidden_size)
        self.hidden_size = hidden
        self.dropout = nn.Dropout(0.1)
        self.token_head = nn.Linear(hidden, n_techniques + 1)
        self.span_fc1 = nn.Linear(3 * hidden, span_hidden)
        self.span_fc2 = nn.Linear(span_hidden, n_techniques)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.token_head(self.dropout(hidden)), hidden

    def span_logits(self, features: torch.Tensor) -> torch.Tensor:
        h = nn.functional.gelu(self.span_fc1(self.dropout(features)))
        return self.span_fc2(h)

    def export_span_head(self) -> SpanHead:
        def arr(t: torch.Tensor) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        return SpanHead(
            arr(self.span_fc1.weight.T),
            arr(self.span_fc1.bias),
            arr(self.span_fc2.weight.T),
            arr(self.span_fc2.bias),
        )


def span_features_torch(hidden: torch.Tensor, runs: list[tuple[int, int]]) -> torch.Tensor:
    """Torch twin of :func:`spinscope.model.span_head.span_features` (same layout)."""
    feats = [torch.cat([hidden[a:b].mean(0), hidden[a], hidden[b - 1]]) for a, b in runs]
    return torch.stack(feats)


class InferenceWrapper(nn.Module):
    """What is exported to ONNX: probabilities (sigmoid applied) and hidden states."""

    def __init__(self, network: TechniqueNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        logits, hidden = self.network(input_ids, attention_mask)
        return torch.sigmoid(logits), hidden
