"""Loading a shipped model directory into a :class:`TechniqueModel` run by ONNX Runtime."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.cache import cache_home
from spinscope.decode.features import feature_names
from spinscope.decode.spans import DecodeSettings, DetectionSignal
from spinscope.decode.verifier import Verifier
from spinscope.errors import ModelIntegrityError, ModelNotFoundError
from spinscope.model.card import ModelCard
from spinscope.model.engine import WindowSettings
from spinscope.model.int8_weights import (
    WeightForm,
    moves_weights_here,
    unsigned_weight_model,
    unsigned_weight_source,
)
from spinscope.model.lanes import CoreSlots, Lanes
from spinscope.model.span_head import SpanHead
from spinscope.model.technique_model import TechniqueModel
from spinscope.model.tokenize import SubwordTokenizer
from spinscope.segment.sides import SideGazetteer


@dataclass(frozen=True, slots=True)
class RuntimeOptions:
    threads: int | None = None
    """CPU threads for the technique model; None: one per core this process may use."""
    batch_size: int = 1
    """Windows per ONNX Runtime call. The int8 model quantises activations with one range per
    call, so with several windows per call a text's result would depend on the texts batched
    with it; one window per call keeps every result reproducible (measured cost: a few per
    cent of throughput, see benchmarks/speed.py). Larger values suit fp32 models."""
    lanes: int | None = None
    """Windows in flight at once, the threads shared out among them (each call gets
    ``threads // lanes``); None: one lane per thread, each call single-threaded. A two-thread
    call waits at every operator for both threads, so its speed depends on the second core
    being free at that moment; on this project's shared 2-core machine one window took 6.9 to
    10.4 ms that way between runs, against a steady 6.8-7.3 ms per window with two
    single-threaded calls side by side. Over whole articles the lanes were 1.2-1.4x as fast
    when the machine was slow and within 7 % (either way) when it was fast
    (``python benchmarks/ort_profile.py`` times both). A text of one window uses one core."""
    onnx_file: str | None = None
    """Use another ONNX file of the folder (for example the fp32 export) instead of the card's."""
    name_blind: bool | None = None
    """Read the names of sides as invented names (True) or as written (False); None: as the
    model card says (:mod:`spinscope.segment.sides`)."""
    int8_weights: WeightForm = WeightForm.AUTO
    """How int8 weights reach ONNX Runtime; by default in the form it multiplies exactly on this
    CPU (:mod:`spinscope.model.int8_weights`). The other forms are for measuring the difference."""


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


SLOW_FUSIONS: tuple[str, ...] = ("SkipLayerNormFusion",)
"""Graph fusions left off. ONNX Runtime's CPU SkipLayerNormalization kernel (residual add and
layer norm in one) took 14 % of a window's time, five times what the separate Add and
LayerNormalization take; without the fusion a window runs about 15 % faster with the same
outputs up to int8 rounding (``python benchmarks/ort_profile.py`` measures both ways)."""


def cpu_session(
    path: Path, threads: int | None, what: str = "model", weights: WeightForm = WeightForm.AUTO
) -> Any:
    """An ONNX Runtime CPU session with full graph optimisation except :data:`SLOW_FUSIONS`;
    ``threads`` intra-op threads (None: one per physical core); int8 weights in ``weights``'
    form (by default exact on this CPU: :mod:`spinscope.model.int8_weights`). Load failures
    become a ModelIntegrityError naming ``path``."""
    import onnxruntime as ort  # heavy import, only when a model is loaded

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = threads

    def session(source: str | bytes) -> Any:
        return ort.InferenceSession(
            source, options, providers=["CPUExecutionProvider"], disabled_optimizers=list(SLOW_FUSIONS)
        )

    moved = None
    if moves_weights_here(weights):
        moved = unsigned_weight_source(path, cache_home())
    try:
        if isinstance(moved, str):
            try:
                return session(moved)
            except Exception:  # a cached rewrite damaged since it was written: rewrite again
                moved = unsigned_weight_model(path)
        return session(moved if moved is not None else str(path))
    except ModelIntegrityError:
        raise
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelIntegrityError(f"{path}: ONNX Runtime cannot load the {what}: {exc}") from exc


class OnnxRunner:
    """Callable batch runner over an ONNX Runtime inference session."""

    def __init__(self, path: Path, threads: int | None, weights: WeightForm = WeightForm.AUTO) -> None:
        self.session = cpu_session(path, threads, weights=weights)

    def __call__(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        probs, hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return probs, hidden


def load_model_dir(
    model_dir: Path, options: RuntimeOptions | None = None, slots: CoreSlots | None = None
) -> tuple[ModelCard, TechniqueModel]:
    """The card and technique model of ``model_dir``; its window calls hold ``slots`` (shared
    with the other stages of an analyzer, :class:`spinscope.model.lanes.CoreSlots`)."""
    options = options or RuntimeOptions()
    if not model_dir.is_dir():
        raise ModelNotFoundError(f"{model_dir}: no such model folder")
    card = ModelCard.load(model_dir)
    onnx_path = model_dir / (options.onnx_file or card.onnx_file)
    for path in (onnx_path, model_dir / card.tokenizer_file, model_dir / card.span_head_file):
        if not path.is_file():
            raise ModelNotFoundError(f"{path}: model file missing (the model card names it)")
    sides = SideGazetteer.bundled() if _reads_name_blind(card, options) else None
    tokenizer = SubwordTokenizer(model_dir / card.tokenizer_file, sides)
    threads = options.threads or available_cores()
    lanes = threads if options.lanes is None else max(1, min(options.lanes, threads))
    model = TechniqueModel(
        tokenizer=tokenizer,
        runner=OnnxRunner(onnx_path, max(1, threads // lanes), options.int8_weights),
        span_head=SpanHead.load(model_dir / card.span_head_file),
        techniques=list(card.techniques),
        settings=WindowSettings(
            card.window_tokens,
            card.window_stride,
            options.batch_size,
            tokenizer.special,
            Lanes(lanes, slots),
            fitted=card.window_fitted,
        ),
        decoding=DecodeSettings(
            card.span_threshold,
            card.extra_label_threshold,
            card.span_low_ratio,
            DetectionSignal.from_card(card.detection_signal),
            tuple(card.sentence_techniques),
            card.sentence_cover,
            card.runs_within_sentences,
        ),
        verifier=load_verifier(model_dir, card),
    )
    return card, model


def _reads_name_blind(card: ModelCard, options: RuntimeOptions) -> bool:
    return card.name_blind if options.name_blind is None else options.name_blind


def load_verifier(model_dir: Path, card: ModelCard) -> Verifier | None:
    """The model's span verifier, or None when its card names none."""
    if not card.verifier_file:
        return None
    path = model_dir / card.verifier_file
    if not path.is_file():
        raise ModelNotFoundError(f"{path}: model file missing (the model card names it)")
    return Verifier.load(path, feature_names(list(card.techniques)))
