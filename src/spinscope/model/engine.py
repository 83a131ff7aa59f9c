"""Running a token model over many texts: windows, batching, merging back.

The engine is independent of the runtime: anything that maps a padded batch of token
ids to (token probabilities, hidden states) can serve (ONNX Runtime in production,
PyTorch during training).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from spinscope.budget import check_budget
from spinscope.model.lanes import Lanes
from spinscope.model.tokenize import SpecialTokens, TokenizedText
from spinscope.segment.windows import Window, merge_window_outputs, spread_windows

BatchRunner = Callable[
    [npt.NDArray[np.int64], npt.NDArray[np.int64]],
    tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]],
]
"""(input_ids (B, L), attention_mask (B, L)) -> (probs (B, L, C), hidden (B, L, H))."""


@dataclass(frozen=True, slots=True)
class TokenOutputs:
    probs: npt.NDArray[np.float32]  # (n_tokens, C)
    hidden: npt.NDArray[np.float32]  # (n_tokens, H)


@dataclass(frozen=True, slots=True)
class WindowSettings:
    window_tokens: int  # including [CLS] and [SEP]
    stride: int
    """Largest step between window starts; windows are spread evenly (`spread_windows`)."""
    batch_size: int
    special: SpecialTokens
    lanes: Lanes = field(default_factory=Lanes)
    """Batches run concurrently. ONNX Runtime releases the
    GIL and accepts concurrent calls on one session, so two windows in flight keep both cores
    busy through the small element-wise steps that a single call cannot spread over its threads."""
    fitted: bool = False
    """Windows only as long as their number and smallest overlap need (`spread_windows`)."""


def run_token_model(
    texts: Sequence[TokenizedText], runner: BatchRunner, settings: WindowSettings
) -> list[TokenOutputs]:
    """Per-token outputs for each tokenised text. Windows share a call only with windows of
    the same text and length, so a text's outputs never depend on the other texts given."""
    content = settings.window_tokens - 2
    plans = [spread_windows(len(t), content, settings.stride, settings.fitted) for t in texts]
    jobs = [(ti, wi) for ti, plan in enumerate(plans) for wi in range(len(plan))]
    jobs.sort(key=lambda job: (plans[job[0]][job[1]].length, job[0]))
    batches = _length_buckets(jobs, [[w.length for w in plan] for plan in plans], settings.batch_size)
    window_probs: dict[tuple[int, int], npt.NDArray[np.float32]] = {}
    window_hidden: dict[tuple[int, int], npt.NDArray[np.float32]] = {}
    inputs = [_batch_inputs(batch, plans, texts, settings.special) for batch in batches]
    results = settings.lanes.run(lambda pair: _budgeted(runner, pair), inputs)
    for batch, (probs, hidden) in zip(batches, results, strict=True):
        for row, (ti, wi) in enumerate(batch):
            n = plans[ti][wi].length
            window_probs[(ti, wi)] = probs[row, 1 : n + 1]
            window_hidden[(ti, wi)] = hidden[row, 1 : n + 1]
    outputs: list[TokenOutputs] = []
    for ti, plan in enumerate(plans):
        outputs.append(_merge(len(texts[ti]), plan, window_probs, window_hidden, ti))
    return outputs


def _budgeted(
    runner: BatchRunner, pair: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """One model call, unless the analysis is over its time budget (then it stops here)."""
    check_budget()
    return runner(*pair)


def _batch_inputs(
    batch: list[tuple[int, int]],
    plans: list[list[Window]],
    texts: Sequence[TokenizedText],
    special: SpecialTokens,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Padded (input_ids, attention_mask) of one batch, each window framed by [CLS] ... [SEP]."""
    width = max(plans[ti][wi].length for ti, wi in batch) + 2
    ids = np.full((len(batch), width), special.pad_id, dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, (ti, wi) in enumerate(batch):
        w = plans[ti][wi]
        ids[row, 0] = special.cls_id
        ids[row, 1 : w.length + 1] = texts[ti].ids[w.start : w.end]
        ids[row, w.length + 1] = special.sep_id
        mask[row, : w.length + 2] = 1
    return ids, mask


def _length_buckets(
    jobs: list[tuple[int, int]], lengths: list[list[int]], batch_size: int
) -> list[list[tuple[int, int]]]:
    """Batches of windows of one text and exactly the same length (jobs come sorted by
    length, stably): no padding, so a window's int8 activation ranges never include padding
    positions, and never another text's windows (dynamic quantisation takes one activation
    range per call, so a shared call would make one text's result depend on another's)."""
    batches: list[list[tuple[int, int]]] = []
    for job in jobs:
        length = lengths[job[0]][job[1]]
        last = batches[-1] if batches else None
        if (
            last
            and len(last) < batch_size
            and last[0][0] == job[0]
            and lengths[last[0][0]][last[0][1]] == length
        ):
            last.append(job)
        else:
            batches.append([job])
    return batches


def _merge(
    n_tokens: int,
    plan: list[Window],
    probs: dict[tuple[int, int], npt.NDArray[np.float32]],
    hidden: dict[tuple[int, int], npt.NDArray[np.float32]],
    ti: int,
) -> TokenOutputs:
    keys = [(ti, wi) for wi in range(len(plan))]
    return TokenOutputs(
        merge_window_outputs(n_tokens, plan, [probs.pop(k) for k in keys]),
        merge_window_outputs(n_tokens, plan, [hidden.pop(k) for k in keys]),
    )
