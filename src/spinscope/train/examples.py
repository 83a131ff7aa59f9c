"""Turning PTC articles and gold spans into fixed-size training windows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from spinscope.model.tokenize import SpecialTokens, SubwordTokenizer, TokenizedText
from spinscope.ptc.corpus import Article, LabelRow
from spinscope.segment.windows import plan_windows


@dataclass(frozen=True, slots=True)
class SpanTarget:
    first: int  # token index inside the window content (excluding [CLS])
    last: int  # exclusive
    labels: tuple[int, ...]
    soft: tuple[float, ...] = ()
    """A distribution over the techniques to aim at instead of ``labels`` (distillation)."""


@dataclass(frozen=True, slots=True)
class WindowExample:
    article_id: str
    input_ids: npt.NDArray[np.int64]  # with [CLS] ... [SEP]
    token_labels: npt.NDArray[np.float32]  # (len(input_ids), n_techniques + 1)
    spans: tuple[SpanTarget, ...]


def token_label_matrix(
    tokens: TokenizedText, rows: list[LabelRow], technique_index: dict[str, int]
) -> npt.NDArray[np.float32]:
    """(n_tokens, T + 1): channel t marks tokens overlapping a span of technique t; the
    last channel marks tokens inside any span."""
    n_techniques = len(technique_index)
    labels = np.zeros((len(tokens), n_techniques + 1), dtype=np.float32)
    for row in rows:
        inside = (tokens.starts < row.end) & (tokens.ends > row.start)
        if row.technique is not None and row.technique in technique_index:
            labels[inside, technique_index[row.technique]] = 1.0
        labels[inside, n_techniques] = 1.0
    return labels


def span_token_range(tokens: TokenizedText, start: int, end: int) -> tuple[int, int] | None:
    inside = np.flatnonzero((tokens.starts < end) & (tokens.ends > start))
    if inside.size == 0:
        return None
    return int(inside[0]), int(inside[-1]) + 1


def article_windows(  # noqa: PLR0917 -- an article and what tokenises and labels it, each its own type
    article: Article,
    rows: list[LabelRow],
    tokenizer: SubwordTokenizer,
    technique_index: dict[str, int],
    window_tokens: int,
    stride: int,
) -> list[WindowExample]:
    tokens = tokenizer.tokenize(article.text)
    labels = token_label_matrix(tokens, rows, technique_index)
    grouped: dict[tuple[int, int], set[int]] = {}
    for row in rows:
        if row.technique is None or row.technique not in technique_index:
            continue
        token_range = span_token_range(tokens, row.start, row.end)
        if token_range is not None:
            grouped.setdefault(token_range, set()).add(technique_index[row.technique])
    content = window_tokens - 2
    out: list[WindowExample] = []
    for window in plan_windows(len(tokens), content, stride):
        spans = tuple(
            SpanTarget(first - window.start, last - window.start, tuple(sorted(labs)))
            for (first, last), labs in sorted(grouped.items())
            if first >= window.start and last <= window.end
        )
        out.append(
            WindowExample(
                article.id,
                with_specials(tokens.ids[window.start : window.end], tokenizer.special),
                pad_label_rows(labels[window.start : window.end]),
                spans,
            )
        )
    return out


def with_specials(ids: npt.NDArray[np.int64], special: SpecialTokens) -> npt.NDArray[np.int64]:
    return np.concatenate(([special.cls_id], ids, [special.sep_id])).astype(np.int64)


def pad_label_rows(labels: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Add all-zero rows for [CLS] and [SEP]."""
    zero = np.zeros((1, labels.shape[1]), dtype=np.float32)
    return np.concatenate([zero, labels, zero])
