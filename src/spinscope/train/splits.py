"""The fixed PTC article splits: validation (reported, never tuned on) and dev (tuning)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spinscope.ptc.corpus import Article, LabelRow, gold_by_article, iter_articles, read_labels

CV_FOLDS = 5


def _read(name: str) -> list[str]:
    text = resources.files("spinscope.train").joinpath("splits", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def cv_folds() -> dict[str, int]:
    """Article id -> cross-validation fold (0-4) of every PTC training article (validation and
    dev articles are in no fold)."""
    folds: dict[str, int] = {}
    for line in _read("ptc-cv-folds.txt"):
        article_id, fold = line.split("\t")
        folds[article_id] = int(fold)
    return folds


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
    held_out: list[Article] = field(default_factory=list)
    """With a cross-validation fold: that fold's articles, left out of ``train``."""


def load_ptc(data_dir: Path, holdout_fold: int | None = None) -> PtcData:
    """Training and dev articles of a PTC folder (validation articles left out), and the gold
    technique spans of every article. With ``holdout_fold`` (0-4), the articles of that
    cross-validation fold move from ``train`` to ``held_out``."""
    articles = list(iter_articles(data_dir / "train-articles"))
    gold = gold_by_article(read_labels(data_dir / "train-labels-task-flc-tc"))
    validation = set(validation_ids())
    dev = set(dev_ids())
    pool = [a for a in articles if a.id not in validation and a.id not in dev]
    folds = cv_folds() if holdout_fold is not None else {}
    return PtcData(
        train=[a for a in pool if folds.get(a.id, -1) != holdout_fold],
        dev=[a for a in articles if a.id in dev],
        gold=gold,
        held_out=[a for a in pool if holdout_fold is not None and folds.get(a.id) == holdout_fold],
    )
