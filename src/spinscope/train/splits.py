"""The fixed PTC article splits: validation (reported, never tuned on) and dev (tuning)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spinscope.ptc.corpus import Article, LabelRow, gold_by_article, iter_articles, read_labels


def _read(name: str) -> list[str]:
    text = resources.files("spinscope.train").joinpath("splits", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def validation_ids() -> list[str]:
    return _read("ptc-validation.txt")


def dev_ids() -> list[str]:
    return _read("ptc-dev.txt")


def validation_articles(data_dir: Path) -> list[Article]:
    """The held-out validation articles of a PTC folder (``train-articles/``)."""
    return list(iter_articles(data_dir / "train-articles", validation_ids()))


@dataclass(frozen=True, slots=True)
class PtcData:
    train: list[Article]
    dev: list[Article]
    gold: dict[str, list[LabelRow]]


def load_ptc(data_dir: Path) -> PtcData:
    """Training and dev articles of a PTC folder (validation articles left out), and the gold
    technique spans of every article."""
    articles = list(iter_articles(data_dir / "train-articles"))
    gold = gold_by_article(read_labels(data_dir / "train-labels-task-flc-tc"))
    held_out = set(validation_ids())
    dev = set(dev_ids())
    return PtcData(
        train=[a for a in articles if a.id not in held_out and a.id not in dev],
        dev=[a for a in articles if a.id in dev],
        gold=gold,
    )
