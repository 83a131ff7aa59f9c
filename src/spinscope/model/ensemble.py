"""Several technique models read as one: token probabilities and span-head probabilities are
averaged over the members.

An ensemble costs one encoder pass per member, so spinscope does not ship one; it serves as the
teacher whose averaged outputs a single student model is trained to reproduce
(``spinscope train --teacher``), and to measure what averaging buys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.decode.spans import SpanClassifier
from spinscope.errors import ModelIntegrityError
from spinscope.model.engine import BatchRunner
from spinscope.model.onnx_runtime import RuntimeOptions, load_model_dir
from spinscope.model.technique_model import TechniqueModel


@dataclass(frozen=True, slots=True)
class EnsembleRunner:
    """Runs every member on the same batch: mean token probabilities, and the members' hidden
    states side by side (B, L, K x H) so that each span head later reads its own member's."""

    members: tuple[BatchRunner, ...]

    def __call__(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        outputs = [member(ids, mask) for member in self.members]
        probs = np.stack([p for p, _ in outputs]).mean(axis=0, dtype=np.float32)
        hidden = np.concatenate([h for _, h in outputs], axis=-1)
        return probs, hidden


@dataclass(frozen=True, slots=True)
class EnsembleSpanHead:
    """Mean of the members' span-head probabilities, member k reading hidden columns
    [k x H, (k + 1) x H)."""

    heads: tuple[SpanClassifier, ...]
    hidden_size: int

    def __call__(
        self, hidden: npt.NDArray[np.float32], runs: list[tuple[int, int]]
    ) -> npt.NDArray[np.float32]:
        h = self.hidden_size
        probs = [head(hidden[:, k * h : (k + 1) * h], runs) for k, head in enumerate(self.heads)]
        return np.stack(probs).mean(axis=0, dtype=np.float32)


def ensemble_of(models: Sequence[TechniqueModel], hidden_size: int) -> TechniqueModel:
    """One TechniqueModel averaging ``models``; they must share techniques, tokenizer
    vocabulary and windowing. Decoding settings are the first member's."""
    if not models:
        raise ModelIntegrityError("an ensemble needs at least one model")
    first = models[0]
    for model in models[1:]:
        if model.techniques != first.techniques:
            raise ModelIntegrityError("ensemble members predict different technique lists")
        if model.tokenizer.vocab_size != first.tokenizer.vocab_size:
            raise ModelIntegrityError("ensemble members use different tokenizers")
    return replace(
        first,
        runner=EnsembleRunner(tuple(m.runner for m in models)),
        span_head=EnsembleSpanHead(tuple(m.span_head for m in models), hidden_size),
    )


def load_ensemble(model_dirs: Sequence[Path], options: RuntimeOptions | None = None) -> TechniqueModel:
    """An ensemble of exported model folders (see :func:`spinscope.model.onnx_runtime.load_model_dir`)."""
    loaded = [load_model_dir(path, options) for path in model_dirs]
    sizes = {card.hidden_size for card, _ in loaded}
    if len(sizes) != 1:
        raise ModelIntegrityError(f"ensemble members have different hidden sizes: {sorted(sizes)}")
    return ensemble_of([model for _, model in loaded], sizes.pop())
