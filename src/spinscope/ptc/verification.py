"""Candidate spans of a model on annotated articles, with their features and whether annotators
marked them: the table the span verifier is fitted on (``benchmarks/cv.py calibrate``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.decode.features import candidate_features, feature_names
from spinscope.decode.lexicon import Lexicon
from spinscope.decode.spans import decode_candidates, raw_score
from spinscope.model.technique_model import TechniqueModel
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.segment.sentences import sentence_bounds
from spinscope.segment.sides import SideGazetteer


@dataclass(frozen=True, slots=True)
class CandidateTable:
    """One row per candidate (span, technique)."""

    features: npt.NDArray[np.float32]
    same: npt.NDArray[np.bool_]
    """Overlaps an annotated span of the same technique."""
    any: npt.NDArray[np.bool_]
    """Overlaps an annotated span of any technique."""
    raw: npt.NDArray[np.float32]
    """The score without a verifier (run confidence x technique probability)."""
    technique: npt.NDArray[np.int64]
    article: npt.NDArray[np.str_]
    fold: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    """Character offsets of the candidate in its article."""
    names: tuple[str, ...]
    techniques: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.features.shape[0])

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            features=self.features,
            same=self.same,
            any=self.any,
            raw=self.raw,
            technique=self.technique,
            article=self.article,
            fold=self.fold,
            start=self.start,
            end=self.end,
            names=np.array(self.names),
            techniques=np.array(self.techniques),
        )

    @classmethod
    def load(cls, path: Path) -> CandidateTable:
        with np.load(path, allow_pickle=False) as saved:
            return cls(
                saved["features"],
                saved["same"],
                saved["any"],
                saved["raw"],
                saved["technique"],
                saved["article"],
                saved["fold"],
                saved["start"],
                saved["end"],
                tuple(str(n) for n in saved["names"]),
                tuple(str(t) for t in saved["techniques"]),
            )

    @classmethod
    def concat(cls, tables: Sequence[CandidateTable]) -> CandidateTable:
        first = tables[0]
        return cls(
            np.concatenate([t.features for t in tables]),
            np.concatenate([t.same for t in tables]),
            np.concatenate([t.any for t in tables]),
            np.concatenate([t.raw for t in tables]),
            np.concatenate([t.technique for t in tables]),
            np.concatenate([t.article for t in tables]),
            np.concatenate([t.fold for t in tables]),
            np.concatenate([t.start for t in tables]),
            np.concatenate([t.end for t in tables]),
            first.names,
            first.techniques,
        )


def collect_candidates(
    model: TechniqueModel,
    articles: Sequence[Article],
    gold: dict[str, list[LabelRow]],
    fold: int = -1,
    lexicon: Lexicon | None = None,
) -> CandidateTable:
    """Decode ``articles`` with the model's own decoding settings and label every candidate;
    lexical features from ``lexicon`` (default: the model's verifier's, if any)."""
    if lexicon is None and model.verifier is not None:
        lexicon = model.verifier.lexicon
    rows: list[npt.NDArray[np.float32]] = []
    same: list[bool] = []
    any_: list[bool] = []
    raw: list[float] = []
    technique: list[int] = []
    article_ids: list[str] = []
    offsets: list[tuple[int, int]] = []
    for encoded in model.encode([a.text for a in articles]):
        article = articles[encoded.text_index]
        text = encoded.block.text
        bounds = sentence_bounds(text)
        candidates = decode_candidates(
            text,
            encoded.tokens,
            encoded.outputs.probs,
            encoded.outputs.hidden,
            model.span_head,
            model.decoding,
            bounds,
        )
        if not candidates:
            continue
        probs = encoded.outputs.probs
        rows.append(candidate_features(text, probs, encoded.tokens.starts, candidates, bounds, lexicon))
        shift = encoded.block.start
        marked = gold.get(article.id, [])
        for c in candidates:
            start, end = c.start + shift, c.end + shift
            hits = [g for g in marked if g.start < end and g.end > start]
            name = model.techniques[c.technique]
            same.append(any(g.technique == name for g in hits))
            any_.append(bool(hits))
            raw.append(raw_score(c))
            technique.append(c.technique)
            article_ids.append(article.id)
            offsets.append((start, end))
    n_features = len(feature_names(model.techniques))
    return CandidateTable(
        np.concatenate(rows) if rows else np.zeros((0, n_features), dtype=np.float32),
        np.array(same, dtype=bool),
        np.array(any_, dtype=bool),
        np.array(raw, dtype=np.float32),
        np.array(technique, dtype=np.int64),
        np.array(article_ids, dtype=str),
        np.full(len(same), fold, dtype=np.int64),
        np.array([s for s, _ in offsets], dtype=np.int64),
        np.array([e for _, e in offsets], dtype=np.int64),
        tuple(feature_names(model.techniques)),
        tuple(model.techniques),
    )


def training_lexicon(
    articles: Sequence[Article], gold: dict[str, list[LabelRow]], techniques: Sequence[str]
) -> Lexicon:
    """The word lexicon of annotated articles (those a model was trained on), without the names
    of sides."""
    return Lexicon.build(
        (
            (a.text, [(g.start, g.end, g.technique) for g in gold.get(a.id, []) if g.technique])
            for a in articles
        ),
        techniques,
        left_out=SideGazetteer.bundled().words(),
    )
