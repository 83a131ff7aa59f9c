"""The model card: the JSON file that tells the runtime how to use a model directory.

Code never hard-codes label order, window sizes or thresholds: they live here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from spinscope.errors import ModelIntegrityError, ModelNotFoundError

if TYPE_CHECKING:
    from spinscope.decode.spans import DecodeSettings

CARD_FILE = "card.json"

CardT = TypeVar("CardT")


@dataclass(frozen=True, slots=True)
class ModelCard:
    name: str
    version: str
    techniques: list[str]
    """Technique ids in the order of the token head's first channels."""
    onnx_file: str
    tokenizer_file: str
    span_head_file: str
    window_tokens: int
    window_stride: int
    hidden_size: int
    span_threshold: float
    """Probability above which a token is inside a propaganda span."""
    extra_label_threshold: float
    """A span gets a second technique when its probability reaches this value."""
    span_low_ratio: float = 1.0
    """Hysteresis: a span grows over neighbouring tokens reaching threshold x this ratio."""
    detection_signal: str = "any"
    """Which token signal detects spans: a value of spinscope.decode.spans.DetectionSignal."""
    sentence_techniques: list[str] = field(default_factory=list)
    """Techniques widened to whole sentences (see DecodeSettings.sentence_techniques)."""
    sentence_cover: float = 1.01
    """Share of its sentence a span must cover to be widened (above 1: never)."""
    runs_within_sentences: bool = False
    """Detected runs never cross a sentence boundary (see DecodeSettings.within_sentences)."""
    verifier_file: str = ""
    """Span verifier (calibrated scores; see spinscope.decode.verifier); "" when the model has none."""
    display_threshold: float = 0.0
    """Default ``min_score``: spans scoring below it are not shown unless asked for."""
    unreliable_techniques: list[str] = field(default_factory=list)
    """Techniques that cross-validation found no right span of among those the default view would
    show: their spans are shown only when every candidate is asked for (``min_score`` 0)."""
    window_fitted: bool = False
    """Windows only as long as their number and smallest overlap need (``spread_windows``)
    instead of all ``window_tokens`` long."""
    name_blind: bool = False
    """Whether the model reads texts name-blind by default: the names of sides in spinscope's
    gazetteer reach it as invented names (:mod:`spinscope.segment.sides`)."""
    base_encoder: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    files_sha256: dict[str, str] = field(default_factory=dict)

    @property
    def any_channel(self) -> int:
        """Index of the token head's 'inside any technique' channel (after the techniques)."""
        return len(self.techniques)

    def with_decoding(self, settings: DecodeSettings) -> ModelCard:
        """This card with the decoding ``settings`` (as tuned on dev articles or on folds)."""
        return replace(
            self,
            span_threshold=settings.threshold,
            extra_label_threshold=settings.extra_label_threshold,
            span_low_ratio=settings.low_ratio,
            detection_signal=settings.signal.value,
            sentence_techniques=list(settings.sentence_techniques),
            sentence_cover=settings.sentence_cover,
            runs_within_sentences=settings.within_sentences,
        )

    def save(self, model_dir: Path) -> None:
        write_card(model_dir, self)

    @classmethod
    def load(cls, model_dir: Path) -> ModelCard:
        return read_card(model_dir, cls, "model")


def write_card(model_dir: Path, card: Any) -> None:
    """Write a card dataclass as ``card.json`` in ``model_dir``."""
    (model_dir / CARD_FILE).write_text(
        json.dumps(asdict(card), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def read_card(model_dir: Path, card_type: type[CardT], what: str) -> CardT:
    """Read ``card.json`` of ``model_dir`` into ``card_type``; errors name the folder and file."""
    path = model_dir / CARD_FILE
    if not path.is_file():
        raise ModelNotFoundError(f"{model_dir}: not a spinscope {what} folder (no {CARD_FILE})")
    try:
        return card_type(**json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, TypeError) as exc:
        raise ModelIntegrityError(f"{path}: unreadable {what} card: {exc}") from exc
