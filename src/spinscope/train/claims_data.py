"""The ClaimBuster crowdsourced sentences, split by debate into train / dev / validation.

Validation debates are reported and never tuned on; dev debates choose the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spinscope.claims.csvio import DEBATE_COLUMN, ID_COLUMN, TEXT_COLUMN, VERDICT_COLUMN, read_table
from spinscope.train.splits import _read


@dataclass(frozen=True, slots=True)
class ClaimExample:
    sentence_id: str
    text: str
    label: int  # 1 = check-worthy factual sentence (Verdict 1)
    debate: str
    context: str = ""
    """The sentence before this one in the same debate (file order), or ''."""
    verdict: int = -1
    """The ClaimBuster verdict: -1 non-factual, 0 unimportant factual, 1 check-worthy factual."""


@dataclass(frozen=True, slots=True)
class ClaimSplits:
    train: list[ClaimExample]
    dev: list[ClaimExample]
    validation: list[ClaimExample]


def validation_debates() -> list[str]:
    return _read("claimbuster-validation.txt")


def dev_debates() -> list[str]:
    return _read("claimbuster-dev.txt")


def read_claimbuster(path: Path) -> list[ClaimExample]:
    rows = read_table(path, (ID_COLUMN, TEXT_COLUMN, DEBATE_COLUMN, VERDICT_COLUMN))
    examples: list[ClaimExample] = []
    for k, r in enumerate(rows):
        debate = r[DEBATE_COLUMN].strip()
        verdict = int(float(r[VERDICT_COLUMN]))
        previous = rows[k - 1] if k and rows[k - 1][DEBATE_COLUMN].strip() == debate else None
        examples.append(
            ClaimExample(
                r[ID_COLUMN].strip(),
                r[TEXT_COLUMN],
                int(verdict == 1),
                debate,
                previous[TEXT_COLUMN] if previous else "",
                verdict,
            )
        )
    return examples


def split_claimbuster(examples: list[ClaimExample]) -> ClaimSplits:
    held_out = set(validation_debates())
    dev = set(dev_debates())
    return ClaimSplits(
        train=[e for e in examples if e.debate not in held_out and e.debate not in dev],
        dev=[e for e in examples if e.debate in dev],
        validation=[e for e in examples if e.debate in held_out],
    )


def load_claim_splits(path: Path) -> ClaimSplits:
    return split_claimbuster(read_claimbuster(path))
