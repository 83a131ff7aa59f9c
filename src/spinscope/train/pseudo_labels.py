"""Self-training: unlabelled texts labelled by teacher models.

Each training window cut from an unlabelled text gets, as token targets, the teachers' mean
probability for every channel (the 14 techniques and "inside any technique") instead of 0/1
gold labels. The student is trained on them next to the gold-labelled PTC windows, with the
same token loss; the span head learns from gold spans only. Unlabelled text can be a folder of
``.txt`` files or a CSV file with a ``Text`` column (such as the ClaimBuster debate sentences),
whose rows are joined into one text per ``File_id`` in file order.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.claims.csvio import DEBATE_COLUMN, TEXT_COLUMN, read_table
from spinscope.errors import InputFormatError, InputNotFoundError, TrainingSetupError
from spinscope.model.ensemble import load_ensemble
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, iter_articles
from spinscope.segment.windows import plan_windows
from spinscope.train.examples import WindowExample, pad_label_rows, with_specials


def load_teacher(teachers: Sequence[Path], vocab_size: int) -> TechniqueModel:
    """The ensemble of ``teachers`` (exported model folders, or run folders holding model/);
    they must use the student's vocabulary of ``vocab_size`` subwords."""
    if not teachers:
        raise TrainingSetupError("--unlabeled needs at least one --teacher model to label the texts")
    folders = [t / "model" if (t / "model").is_dir() else t for t in teachers]
    teacher = load_ensemble(folders)
    if teacher.tokenizer.vocab_size != vocab_size:
        raise TrainingSetupError(
            f"{folders[0]}: the teacher's tokenizer has {teacher.tokenizer.vocab_size} subwords, "
            f"the encoder's {vocab_size}; teachers must be fine-tuned from the same encoder"
        )
    return teacher


def read_unlabeled(path: Path) -> list[Article]:
    """Texts of a folder of ``.txt`` files, of a CSV file with a ``Text`` column (rows
    sharing a ``File_id`` joined line by line, in file order), or of a meme-text JSON file
    (SemEval-2021 Task 6 layout; its labels are not used)."""
    if path.is_dir():
        return list(iter_articles(path))
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file or folder of unlabelled texts")
    if path.suffix.lower() != ".csv":
        from spinscope.train.meme_corpus import read_meme_corpus

        return read_meme_corpus(path).articles
    rows = read_table(path, [TEXT_COLUMN])
    grouped: dict[str, list[str]] = {}
    for number, row in enumerate(rows):
        key = row.get(DEBATE_COLUMN) or f"row{number}"
        text = row[TEXT_COLUMN].strip()
        if text:
            grouped.setdefault(key, []).append(text)
    if not grouped:
        raise InputFormatError(f"{path}: no non-empty {TEXT_COLUMN} rows to learn from")
    return [Article(key, "\n".join(lines)) for key, lines in grouped.items()]


def unweighted_targets(
    probs: npt.NDArray[np.float32], positive_weights: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Targets q whose weighted loss leads the student to the teacher's outputs p.

    A model trained with a positive weight w on a channel learns p = w q / (w q + 1 - q) for
    a token that is positive with probability q, so its outputs overstate q. Training the
    student on p with the same weight would overstate twice; q = p / (w (1 - p) + p) undoes one.
    """
    p = np.clip(probs, 0.0, 1.0)
    return (p / (positive_weights * (1.0 - p) + p)).astype(np.float32)


def pseudo_labelled_windows(  # noqa: PLR0917 -- texts, teacher and window geometry, each its own type
    texts: Sequence[Article],
    teacher: TechniqueModel,
    window_tokens: int,
    max_windows: int,
    seed: int,
    positive_weights: npt.NDArray[np.float32],
) -> list[WindowExample]:
    """Up to ``max_windows`` non-overlapping windows from ``texts`` (taken in a seeded random
    order), each with targets from the teacher's token probabilities (see
    :func:`unweighted_targets`; one weight per channel) and no span targets."""
    if max_windows <= 0:
        return []
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    out: list[WindowExample] = []
    for index in order:
        for example in _text_windows(texts[index], teacher, window_tokens, positive_weights):
            out.append(example)
            if len(out) == max_windows:
                return out
    return out


def _text_windows(
    article: Article, teacher: TechniqueModel, window_tokens: int, positive_weights: npt.NDArray[np.float32]
) -> Iterator[WindowExample]:
    content = window_tokens - 2
    special = teacher.tokenizer.special
    for encoded in teacher.encode([article.text]):
        probs = unweighted_targets(encoded.outputs.probs, positive_weights)
        for window in plan_windows(len(encoded.tokens), content, content):
            yield WindowExample(
                article.id,
                with_specials(encoded.tokens.ids[window.start : window.end], special),
                pad_label_rows(probs[window.start : window.end]),
                (),
            )
