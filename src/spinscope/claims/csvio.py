"""Reading and writing the CSV files of ``spinscope claims predict`` and ``claims score``.

Inputs follow the ClaimBuster layout: ``Sentence_id,Text`` to score, ``Sentence_id,Verdict``
as gold (Verdict 1 = check-worthy factual sentence). Other columns are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import InputFormatError
from spinscope.ingest.text import read_text_file
from spinscope.output import atomic_writer

ID_COLUMN = "Sentence_id"
TEXT_COLUMN = "Text"
VERDICT_COLUMN = "Verdict"
DEBATE_COLUMN = "File_id"
PREDICTION_COLUMNS = (ID_COLUMN, "score", "label")
CHECK_WORTHY_VERDICT = 1


@dataclass(frozen=True, slots=True)
class SentenceRow:
    sentence_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Prediction:
    sentence_id: str
    score: float
    label: int


def read_table(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file with a header that must contain ``required`` columns."""
    text = read_text_file(path).removeprefix("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in required if name not in header]
        if missing:
            found = ", ".join(header) if header else "no header"
            raise InputFormatError(
                f"{path}: missing column {', '.join(missing)} (found: {found}); "
                f"expected a header with {', '.join(required)}"
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            if None in row:
                raise InputFormatError(f"{path}: line {reader.line_num} has more fields than the header")
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
        return rows
    except csv.Error as exc:
        raise InputFormatError(f"{path}: not a readable CSV file: {exc}") from exc


def _ids(path: Path, rows: list[dict[str, str]]) -> list[str]:
    ids = [row[ID_COLUMN].strip() for row in rows]
    for line, sentence_id in enumerate(ids, start=2):
        if not sentence_id:
            raise InputFormatError(f"{path}: row {line} has an empty {ID_COLUMN}")
    return ids


def _unique(path: Path, ids: list[str]) -> None:
    seen: set[str] = set()
    for sentence_id in ids:
        if sentence_id in seen:
            raise InputFormatError(f"{path}: {ID_COLUMN} {sentence_id!r} appears more than once")
        seen.add(sentence_id)


def read_sentences(path: Path) -> list[SentenceRow]:
    """Sentences to score, in file order; an empty Text is kept (it scores 0)."""
    rows = read_table(path, (ID_COLUMN, TEXT_COLUMN))
    ids = _ids(path, rows)
    return [SentenceRow(i, row[TEXT_COLUMN]) for i, row in zip(ids, rows, strict=True)]


def _int_field(path: Path, line: int, column: str, value: str) -> int:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise InputFormatError(f"{path}: row {line}: {column} must be an integer, got {value!r}")
    return int(number)


def read_gold(path: Path) -> dict[str, int]:
    """Gold labels by sentence id: 1 when Verdict is 1 (check-worthy), else 0."""
    rows = read_table(path, (ID_COLUMN, VERDICT_COLUMN))
    ids = _ids(path, rows)
    _unique(path, ids)
    return {
        i: int(_int_field(path, line, VERDICT_COLUMN, row[VERDICT_COLUMN].strip()) == CHECK_WORTHY_VERDICT)
        for line, (i, row) in enumerate(zip(ids, rows, strict=True), start=2)
    }


def read_groups(path: Path, column: str) -> dict[str, str]:
    """The value of ``column`` (e.g. the debate, ``File_id``) by sentence id."""
    rows = read_table(path, (ID_COLUMN, column))
    ids = _ids(path, rows)
    for line, (i, row) in enumerate(zip(ids, rows, strict=True), start=2):
        if not row[column].strip():
            raise InputFormatError(f"{path}: row {line} ({ID_COLUMN} {i}) has an empty {column}")
    return {i: row[column].strip() for i, row in zip(ids, rows, strict=True)}


def read_predictions(path: Path) -> dict[str, int]:
    """Predicted labels by sentence id, from a file written by ``claims predict``."""
    rows = read_table(path, (ID_COLUMN, "label"))
    ids = _ids(path, rows)
    _unique(path, ids)
    labels: dict[str, int] = {}
    for line, (i, row) in enumerate(zip(ids, rows, strict=True), start=2):
        label = _int_field(path, line, "label", row["label"].strip())
        if label not in (0, 1):
            raise InputFormatError(f"{path}: row {line}: label must be 0 or 1, got {label}")
        labels[i] = label
    return labels


def aligned_labels(
    gold: dict[str, int], predicted: dict[str, int], gold_name: str, pred_name: str
) -> tuple[list[int], list[int]]:
    """Gold and predicted labels in gold order; every gold id must have a prediction."""
    missing = [i for i in gold if i not in predicted]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputFormatError(
            f"{pred_name}: no prediction for {len(missing)} of the {len(gold)} sentences "
            f"in {gold_name} ({shown})"
        )
    return [gold[i] for i in gold], [predicted[i] for i in gold]


def write_predictions(path: Path, predictions: Sequence[Prediction]) -> None:
    with atomic_writer(path) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(PREDICTION_COLUMNS)
        for p in predictions:
            writer.writerow((p.sentence_id, f"{p.score:.4f}", p.label))
