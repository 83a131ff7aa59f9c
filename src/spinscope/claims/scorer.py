"""Scoring sentences for check-worthiness: tokenise, batch by length, run the classifier.

Runtime-agnostic like the technique model: ONNX Runtime in production, the PyTorch network
during training, so the validation numbers come from exactly the code users run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.budget import check_budget
from spinscope.claims.card import ClaimCard
from spinscope.errors import ModelNotFoundError
from spinscope.model.int8_weights import WeightForm
from spinscope.model.lanes import CoreSlots, Lanes
from spinscope.model.onnx_runtime import available_cores, cpu_session
from spinscope.model.tokenize import SubwordTokenizer

DEFAULT_CLAIM_MODEL = "claims-minilm"

ClaimRunner = Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64]], npt.NDArray[np.float32]]
"""(input_ids (B, L), attention_mask (B, L)) -> check-worthiness probability (B,)."""


def default_claim_model_dir() -> Path:
    return Path(str(resources.files("spinscope").joinpath("data", "models", DEFAULT_CLAIM_MODEL)))


@dataclass(slots=True)
class ClaimScorer:
    tokenizer: SubwordTokenizer
    runner: ClaimRunner
    max_tokens: int
    threshold: float
    batch_size: int = 1
    """Sentences per runner call. The int8 model quantises activations with one range per call,
    so with several sentences per call (padded to the longest) a sentence's score would depend
    on the sentences batched with it: by up to 0.16 on PTC articles, enough to move 1 in 70
    across the threshold. One sentence per call keeps every score reproducible and, with
    ``lanes``, took the same time. Larger batches suit the fp32 PyTorch runner of training."""
    uses_context: bool = False
    """Whether the model reads the previous sentence too (as a second segment)."""
    lanes: Lanes = field(default_factory=Lanes)
    """Runner calls in flight at once (see :mod:`spinscope.model.lanes`)."""

    def token_ids(self, text: str, context: str = "") -> npt.NDArray[np.int64]:
        """[CLS] sentence [SEP], then the end of the previous sentence and [SEP] when the model
        uses context; the sentence is cut to fit first, the context gets the room left."""
        special = self.tokenizer.special
        ids = self.tokenizer.first_ids(text, self.max_tokens - 2)
        sep = np.array([special.sep_id], dtype=np.int64)
        parts = [np.array([special.cls_id], dtype=np.int64), ids, sep]
        room = self.max_tokens - len(ids) - 3
        if self.uses_context and context.strip() and room > 0:
            parts += [self.tokenizer.tokenize(context).ids[-room:], sep]
        return np.concatenate(parts).astype(np.int64)

    def score(self, texts: Sequence[str], contexts: Sequence[str] | None = None) -> npt.NDArray[np.float32]:
        """Probability that each text is a check-worthy factual sentence; blank texts score 0.
        ``contexts`` (the sentence before each text) is read only by models that use context."""
        scores = np.zeros(len(texts), dtype=np.float32)
        before = contexts if contexts is not None else [""] * len(texts)
        encoded = {i: self.token_ids(t, before[i]) for i, t in enumerate(texts) if t.strip()}
        order = sorted(encoded, key=lambda i: len(encoded[i]))
        batches = [order[b : b + self.batch_size] for b in range(0, len(order), self.batch_size)]

        def run(rows: list[int]) -> npt.NDArray[np.float32]:
            check_budget()  # one sentence per call: an analysis over its budget stops here
            return np.asarray(self.runner(*self._padded(rows, encoded)), dtype=np.float32).reshape(-1)

        for rows, result in zip(batches, self.lanes.run(run, batches), strict=True):
            scores[rows] = result
        return scores

    def _padded(
        self, rows: list[int], encoded: dict[int, npt.NDArray[np.int64]]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(input_ids, attention_mask) of ``rows``, padded to the longest."""
        width = max(len(encoded[i]) for i in rows)
        ids = np.full((len(rows), width), self.tokenizer.special.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, i in enumerate(rows):
            ids[r, : len(encoded[i])] = encoded[i]
            mask[r, : len(encoded[i])] = 1
        return ids, mask


class OnnxClaimRunner:
    def __init__(self, path: Path, threads: int | None, weights: WeightForm = WeightForm.AUTO) -> None:
        self.session = cpu_session(path, threads, "claim model", weights)

    def __call__(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        (scores,) = self.session.run(["score"], {"input_ids": ids, "attention_mask": mask})
        return np.asarray(scores, dtype=np.float32)


def load_claim_scorer(
    model_dir: Path | None = None,
    threads: int | None = None,
    batch_size: int = 1,
    slots: CoreSlots | None = None,
    weights: WeightForm = WeightForm.AUTO,
) -> ClaimScorer:
    """Load a claim model folder (default: the bundled one); ``threads`` single-threaded calls
    in flight (None: one per core), each holding one of ``slots`` when given; int8 weights in
    ``weights``' form (:mod:`spinscope.model.int8_weights`)."""
    model_dir = model_dir or default_claim_model_dir()
    if not model_dir.is_dir():
        raise ModelNotFoundError(f"{model_dir}: no such claim model folder")
    card = ClaimCard.load(model_dir)
    for name in (card.onnx_file, card.tokenizer_file):
        if not (model_dir / name).is_file():
            raise ModelNotFoundError(
                f"{model_dir / name}: claim model file missing (the model card names it)"
            )
    return ClaimScorer(
        tokenizer=SubwordTokenizer(model_dir / card.tokenizer_file),
        runner=OnnxClaimRunner(model_dir / card.onnx_file, 1, weights),
        max_tokens=card.max_tokens,
        threshold=card.threshold,
        batch_size=batch_size,
        uses_context=card.context_sentences > 0,
        lanes=Lanes(threads or available_cores(), slots),
    )
