"""Knowledge distillation: a trained teacher run (for instance on all-mpnet-base-v2) gives soft
targets to the fast model.

For every gold-labelled training window the teacher's token probabilities and its span-head
distribution over each gold span are mixed with the gold labels (``weight`` of teacher, the rest
gold). Windows of unlabelled text get the teacher's targets alone: its token probabilities, and
span-head distributions over the runs it detects. Token targets are first converted back from
the positive-weighted scale the teacher learned (:func:`unweighted_targets`), so the student,
trained with the same weights, aims at the teacher's outputs rather than an overstated copy.

Teacher and student must split text into the same sub-word pieces; their vocabularies may
number them differently (MPNet keeps MiniLM's WordPiece vocabulary with four tokens in front):
ids are translated through the token strings and checked.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch

from spinscope.decode.spans import find_runs, snap_to_words
from spinscope.errors import TrainingSetupError
from spinscope.model.tokenize import SubwordTokenizer, TokenizedText
from spinscope.ptc.corpus import Article
from spinscope.segment.windows import plan_windows
from spinscope.train.encoder_source import locate_encoder
from spinscope.train.examples import SpanTarget, WindowExample, with_specials
from spinscope.train.network import TechniqueNetwork, span_features_torch
from spinscope.train.precision import native_bf16
from spinscope.train.pseudo_labels import unweighted_targets

TEACHER_CHECKPOINT = "checkpoint.pt"
CACHE_FILE = "distill_targets.npz"
TEACHER_SPAN_THRESHOLD = 0.5
"""On unlabelled windows, runs whose teacher 'inside any technique' probability reaches this
value get span-head targets."""


@dataclass(frozen=True, slots=True)
class Teacher:
    network: TechniqueNetwork
    id_map: npt.NDArray[np.int64]
    """Student token id -> teacher token id."""
    bf16: bool
    fingerprint: str
    """Identifies the teacher weights (for the cache of targets)."""


def vocabulary_map(student: SubwordTokenizer, teacher: SubwordTokenizer) -> npt.NDArray[np.int64]:
    """Student id -> teacher id, through the token strings; special tokens map onto the
    teacher's own. Raises when a student token has no counterpart."""
    student_vocab = student.vocabulary()
    teacher_vocab = teacher.vocabulary()
    id_map = np.zeros(student.vocab_size, dtype=np.int64)
    missing = []
    for token, sid in student_vocab.items():
        tid = teacher_vocab.get(token)
        if tid is None:
            missing.append(token)
        else:
            id_map[sid] = tid
    specials = (
        (student.special.cls_id, teacher.special.cls_id),
        (student.special.sep_id, teacher.special.sep_id),
    )
    for sid, tid in (*specials, (student.special.pad_id, teacher.special.pad_id)):
        id_map[sid] = tid
    if missing:
        raise TrainingSetupError(
            f"the teacher's vocabulary lacks {len(missing)} of the student's tokens "
            f"(e.g. {missing[:3]}); distillation needs the same sub-word pieces"
        )
    return id_map


def load_teacher(run_dir: Path, student_tokenizer: SubwordTokenizer, n_techniques: int) -> Teacher:
    """The network of a finished (or checkpointed) training run, in eval mode."""
    checkpoint = run_dir / TEACHER_CHECKPOINT
    if not checkpoint.is_file():
        raise TrainingSetupError(f"{run_dir}: no {TEACHER_CHECKPOINT}; train the teacher run first")
    saved = torch.load(checkpoint, map_location="cpu", weights_only=True)
    config = saved.get("config", {})
    encoder = locate_encoder(str(config.get("encoder", "minilm")), verify=False)
    network = TechniqueNetwork(encoder.path, n_techniques)
    network.load_state_dict(saved["model"])
    network.eval()
    teacher_tokenizer = SubwordTokenizer(encoder.tokenizer_file)
    state = saved.get("state", {})
    fingerprint = hashlib.sha256(
        f"{checkpoint.resolve()}|{state.get('epoch')}|{state.get('step_in_epoch')}|"
        f"{checkpoint.stat().st_size}".encode()
    ).hexdigest()[:16]
    return Teacher(
        network,
        vocabulary_map(student_tokenizer, teacher_tokenizer),
        bool(config.get("bf16", False)) and native_bf16(),
        fingerprint,
    )


@dataclass(frozen=True, slots=True)
class TeacherOutput:
    probs: npt.NDArray[np.float32]  # (tokens incl. specials, T + 1), sigmoid
    runs: list[tuple[int, int]]  # token ranges (specials included) given span-head targets
    span_probs: npt.NDArray[np.float32]  # (len(runs), T), softmax


RunChooser = Callable[[npt.NDArray[np.float32]], list[tuple[int, int]]]
"""Teacher token probabilities of a window -> token ranges whose span-head distribution is wanted."""


def run_teacher(
    teacher: Teacher, windows: Sequence[npt.NDArray[np.int64]], choosers: Sequence[RunChooser]
) -> list[TeacherOutput]:
    """One teacher pass over windows of student ids (with specials); ``choosers[i]`` picks the
    runs of window i."""
    width = max(len(w) for w in windows)
    ids = torch.full((len(windows), width), int(teacher.id_map[0]), dtype=torch.long)
    mask = torch.zeros((len(windows), width), dtype=torch.long)
    for row, window in enumerate(windows):
        ids[row, : len(window)] = torch.from_numpy(teacher.id_map[window])
        mask[row, : len(window)] = 1
    outputs = []
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=teacher.bf16):
        logits, hidden = teacher.network(ids, mask)
        for row, window in enumerate(windows):
            probs = torch.sigmoid(logits[row, : len(window)].float()).numpy().astype(np.float32)
            runs = choosers[row](probs)
            span_probs = np.zeros((0, probs.shape[1] - 1), dtype=np.float32)
            if runs:
                span_logits = teacher.network.span_logits(span_features_torch(hidden[row], runs))
                span_probs = torch.softmax(span_logits.float(), -1).numpy().astype(np.float32)
            outputs.append(TeacherOutput(probs, runs, span_probs))
    return outputs


def _token_targets(probs: npt.NDArray[np.float32], positive_weights: npt.NDArray[np.float32]) -> np.ndarray:
    soft = unweighted_targets(probs, positive_weights)
    soft[0] = 0.0  # [CLS] and [SEP] are never inside a span
    soft[-1] = 0.0
    return soft


def mix_labelled(
    example: WindowExample, out: TeacherOutput, weight: float, positive_weights: npt.NDArray[np.float32]
) -> WindowExample:
    """Gold targets mixed with the teacher's: ``weight`` of teacher, ``1 - weight`` of gold."""
    soft = _token_targets(out.probs, positive_weights)
    tokens = ((1.0 - weight) * example.token_labels + weight * soft).astype(np.float32)
    spans = []
    for span, teacher_dist in zip(example.spans, out.span_probs, strict=True):
        gold = np.zeros_like(teacher_dist)
        gold[list(span.labels)] = 1.0 / len(span.labels)
        mixed = (1.0 - weight) * gold + weight * teacher_dist
        spans.append(replace(span, soft=tuple(float(x) for x in mixed)))
    return replace(example, token_labels=tokens, spans=tuple(spans))


def teacher_only(
    example: WindowExample, out: TeacherOutput, positive_weights: npt.NDArray[np.float32]
) -> WindowExample:
    """Targets for a window of unlabelled text: the teacher's token probabilities, and its
    span-head distribution over each run it detects."""
    spans = tuple(
        SpanTarget(a - 1, b - 1, (int(np.argmax(p)),), tuple(float(x) for x in p))
        for (a, b), p in zip(out.runs, out.span_probs, strict=True)
    )
    return replace(example, token_labels=_token_targets(out.probs, positive_weights), spans=spans)


@dataclass(frozen=True, slots=True)
class UnlabelledWindow:
    example: WindowExample
    words: npt.NDArray[np.int64]
    """Word index of each content token (to snap the teacher's runs to whole words)."""


def unlabelled_windows(
    texts: Sequence[Article], tokenizer: SubwordTokenizer, window_tokens: int, max_windows: int, seed: int
) -> list[UnlabelledWindow]:
    """Up to ``max_windows`` non-overlapping windows, texts taken in a seeded random order."""
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    content = window_tokens - 2
    out: list[UnlabelledWindow] = []
    for index in order:
        tokens = tokenizer.tokenize(texts[index].text)
        words = tokens.words if tokens.words is not None else np.arange(len(tokens))
        for window in plan_windows(len(tokens), content, content):
            ids = with_specials(tokens.ids[window.start : window.end], tokenizer.special)
            empty = np.zeros((len(ids), 1), dtype=np.float32)
            out.append(
                UnlabelledWindow(
                    WindowExample(texts[index].id, ids, empty, ()), words[window.start : window.end]
                )
            )
            if len(out) == max_windows:
                return out
    return out


def detected_runs(probs: npt.NDArray[np.float32], words: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """Runs where the teacher's 'inside any technique' probability reaches
    :data:`TEACHER_SPAN_THRESHOLD`, on whole words, as ranges in the window (specials included)."""
    content = TokenizedText(np.zeros_like(words), np.zeros_like(words), np.zeros_like(words), words)
    runs = snap_to_words(find_runs(probs[1:-1, -1], TEACHER_SPAN_THRESHOLD), content)
    return [(r.first + 1, r.last + 1) for r in runs]


def window_keys(examples: Sequence[WindowExample], prefix: str = "") -> list[str]:
    """A stable key per window: its text's id and its position among that text's windows."""
    seen: dict[str, int] = {}
    keys = []
    for e in examples:
        n = seen.get(e.article_id, 0)
        seen[e.article_id] = n + 1
        keys.append(f"{prefix}{e.article_id}#{n}")
    return keys


UNLABELLED_PREFIX = "unlabelled:"


def _given_runs(runs: list[tuple[int, int]], _probs: npt.NDArray[np.float32]) -> list[tuple[int, int]]:
    return runs


def teach(
    teacher: Teacher,
    labelled: Sequence[WindowExample],
    unlabelled: Sequence[UnlabelledWindow],
    batch_size: int = 16,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, TeacherOutput]:
    """The teacher's outputs for every window, keyed by :func:`window_keys`: over the gold spans
    of labelled windows, over the runs it detects itself in unlabelled ones."""
    plain = [u.example for u in unlabelled]
    keys = window_keys(labelled) + window_keys(plain, UNLABELLED_PREFIX)
    windows = [e.input_ids for e in labelled] + [e.input_ids for e in plain]
    choosers: list[RunChooser] = [
        partial(_given_runs, [(s.first + 1, s.last + 1) for s in e.spans]) for e in labelled
    ]
    choosers += [partial(detected_runs, words=u.words) for u in unlabelled]
    out: dict[str, TeacherOutput] = {}
    for start in range(0, len(windows), batch_size):
        end = start + batch_size
        out.update(
            zip(keys[start:end], run_teacher(teacher, windows[start:end], choosers[start:end]), strict=True)
        )
        if progress:
            progress(len(out), len(windows))
    return out


def distilled_examples(
    labelled: Sequence[WindowExample],
    unlabelled: Sequence[UnlabelledWindow],
    outputs: dict[str, TeacherOutput],
    weight: float,
    positive_weights: npt.NDArray[np.float32],
) -> list[WindowExample]:
    """All windows with teacher targets: the labelled ones mixed with gold, the unlabelled
    ones the teacher's alone. ``outputs`` may hold more windows than asked for (a cache made
    for every cross-validation fold); a window it lacks is an error."""
    try:
        mixed = [
            mix_labelled(e, outputs[k], weight, positive_weights)
            for e, k in zip(labelled, window_keys(labelled), strict=True)
        ]
        plain = [u.example for u in unlabelled]
        taught = [
            teacher_only(e, outputs[k], positive_weights)
            for e, k in zip(plain, window_keys(plain, UNLABELLED_PREFIX), strict=True)
        ]
    except KeyError as exc:
        raise TrainingSetupError(f"no teacher output for window {exc}; delete the target cache") from exc
    return mixed + taught


def save_outputs(path: Path, outputs: dict[str, TeacherOutput], fingerprint: str) -> None:
    """Cache the teacher's outputs, so that resumed runs and other folds do not ask it again."""
    keys = list(outputs)
    runs = [(i, a, b) for i, k in enumerate(keys) for a, b in outputs[k].runs]
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(
        tmp,
        fingerprint=np.array(fingerprint),
        keys=np.array(keys),
        lengths=np.array([len(outputs[k].probs) for k in keys]),
        probs=np.concatenate([outputs[k].probs for k in keys]).astype(np.float16),
        runs=np.array(runs, dtype=np.int64).reshape(len(runs), 3),
        span_probs=np.concatenate([outputs[k].span_probs for k in keys]).astype(np.float32),
    )
    tmp.replace(path)


def load_outputs(path: Path, fingerprint: str) -> dict[str, TeacherOutput] | None:
    """The cached outputs, or None when there is no cache for this teacher."""
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as saved:
        if str(saved["fingerprint"]) != fingerprint:
            return None
        bounds = np.concatenate(([0], np.cumsum(saved["lengths"])))
        probs = saved["probs"].astype(np.float32)
        runs: dict[int, list[tuple[int, int]]] = {}
        for i, a, b in saved["runs"]:
            runs.setdefault(int(i), []).append((int(a), int(b)))
        span_probs = saved["span_probs"]
        out: dict[str, TeacherOutput] = {}
        used = 0
        for i, key in enumerate(saved["keys"]):
            window_runs = runs.get(i, [])
            out[str(key)] = TeacherOutput(
                probs[bounds[i] : bounds[i + 1]], window_runs, span_probs[used : used + len(window_runs)]
            )
            used += len(window_runs)
        return out
