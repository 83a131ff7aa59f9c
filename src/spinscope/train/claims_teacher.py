"""A finished claim model as teacher: its check-worthiness probability for each training sentence.

The scores are cached in the work folder (keyed by the teacher model file's SHA-256 and the
sentences), so a resumed run does not score the training set again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.claims.card import ClaimCard
from spinscope.claims.scorer import load_claim_scorer
from spinscope.train.claims_data import ClaimExample
from spinscope.train.encoder_source import sha256_file


def teacher_key(teacher_dir: Path, examples: list[ClaimExample]) -> str:
    """Short digest of the teacher's weights and the sentences (with their context) it scores."""
    card = ClaimCard.load(teacher_dir)
    digest = hashlib.sha256(sha256_file(teacher_dir / card.onnx_file).encode())
    for e in examples:
        digest.update(e.text.encode("utf-8") + b"\x00" + e.context.encode("utf-8") + b"\x01")
    return digest.hexdigest()[:12]


def teacher_scores(
    teacher_dir: Path,
    examples: list[ClaimExample],
    work_dir: Path,
    log: Callable[[str], None] = print,
) -> npt.NDArray[np.float32]:
    """The teacher's probability per example, from ``work_dir``'s cache when it holds them."""
    cache = work_dir / f"claims-teacher-{teacher_key(teacher_dir, examples)}.npy"
    if cache.is_file():
        log(f"teacher scores from {cache}")
        return np.load(cache).astype(np.float32)
    log(f"scoring {len(examples)} training sentences with the teacher {teacher_dir}")
    scorer = load_claim_scorer(teacher_dir)
    scores = scorer.score([e.text for e in examples], [e.context for e in examples]).astype(np.float32)
    work_dir.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".partial.npy")
    np.save(partial, scores)
    partial.replace(cache)
    return scores
