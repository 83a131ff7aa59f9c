"""Which model a batch runs with, resolved once in the driving process from the model card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spinscope.analysis import ModelInfo
from spinscope.analyzer import check_min_score, default_model_dir
from spinscope.errors import SpinscopeError
from spinscope.model.card import ModelCard


@dataclass(frozen=True, slots=True)
class ModelRef:
    """``model_dir`` None means the model bundled with spinscope (on every machine that runs it)."""

    model_dir: str | None
    name: str
    version: str
    min_score: float
    claims_model: str = ""
    """Name and version of the claim model that adds claims ('' when there is none)."""

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(self.name, self.version)


def resolve_model(model_dir: str | None, min_score: float | None) -> ModelRef:
    card = ModelCard.load(Path(model_dir) if model_dir else default_model_dir())
    threshold = check_min_score(card.display_threshold if min_score is None else min_score)
    return ModelRef(model_dir, card.name, card.version, float(threshold), claim_model_label())


def claim_model_label() -> str:
    """The bundled claim model as 'name version', or '' when it is not installed."""
    from spinscope.claims.card import ClaimCard
    from spinscope.claims.scorer import default_claim_model_dir

    try:
        card = ClaimCard.load(default_claim_model_dir())
    except SpinscopeError:
        return ""
    return f"{card.name} {card.version}"
