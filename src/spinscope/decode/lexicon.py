"""A word lexicon of annotated articles: how often annotators marked each word inside a span of
each technique, for the span verifier's lexical features.

A candidate named "loaded language" whose words annotators rarely marked ("the council said")
is less likely right than one whose words they often marked ("bloodthirsty", "traitors"). For
each word of a candidate the lexicon gives its *lift*: the smoothed share of the word's
occurrences that lay inside a span of the technique, over the share of all words that did
(log; 0 for a word never seen, or seen as often inside as the average word). The verifier reads
the mean, maximum and minimum lift over the candidate's words, for its technique and for any
technique.

Names are left out: a word written with a capital letter in most of its occurrences (people,
parties, peoples, places) gets no entry, nor does any word the caller names (the names of sides
in spinscope's gazetteer, which include lower-case camps such as "liberals" and
"conservatives"), so the verifier cannot learn which names annotators marked and scores the
same sentence alike whichever side it names.

The lexicon of a shipped model is built from the articles that model was trained on, and each
cross-validation fold's from that fold model's training articles only, so the verifier is
fitted on features it would have had on unseen text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

WORD = re.compile(r"\w+(?:'\w+)*")
"""A word: letters and digits, joined across apostrophes ("don't", "people's")."""
_FOLD = str.maketrans({"’": "'", "‘": "'"})
SMOOTHING = 1.0
"""Pseudo-occurrences at the average rate added to every word: rare words lift less."""

ANY = "*"
"""The column of "inside a span of any technique"."""

Annotated = tuple[str, Sequence[tuple[int, int, str]]]
"""An article's text and its annotated spans (start, end, technique)."""


def words_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word of ``text``."""
    folded = text.translate(_FOLD).lower()
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]


def _is_name(capitalised: int, total: int) -> bool:
    """Written with a capital letter in most of its occurrences."""
    return 2 * capitalised > total


@dataclass(frozen=True, slots=True)
class Lexicon:
    columns: tuple[str, ...]
    """Technique ids, then :data:`ANY`."""
    words: tuple[str, ...]
    inside: npt.NDArray[np.int32]
    """(words, columns): occurrences of each word inside an annotated span of each column."""
    total: npt.NDArray[np.int32]
    """(words,): all occurrences of each word."""
    prior: npt.NDArray[np.float64]
    """(columns,): share of all word occurrences inside a span of each column."""
    smoothing: float = SMOOTHING
    rows: dict[str, int] = field(init=False, repr=False, compare=False)
    """Row of each word (built from ``words``)."""

    @classmethod
    def build(
        cls, articles: Iterable[Annotated], techniques: Sequence[str], left_out: Collection[str] = ()
    ) -> Lexicon:
        """The lexicon of annotated articles; ``left_out``: lower-case words given no entry."""
        columns = (*techniques, ANY)
        index = {name: k for k, name in enumerate(columns)}
        rows: dict[str, int] = {}
        inside: list[list[int]] = []
        total: list[int] = []
        capitalised: list[int] = []
        for text, spans in articles:
            marked = sorted((s, e, index[t]) for s, e, t in spans if t in index)
            for start, end, word in words_with_offsets(text):
                row = rows.setdefault(word, len(rows))
                if row == len(total):
                    inside.append([0] * len(columns))
                    total.append(0)
                    capitalised.append(0)
                total[row] += 1
                capitalised[row] += text[start].isupper()
                hits = {k for s, e, k in marked if s < end and e > start}
                for k in hits:
                    inside[row][k] += 1
                if hits:
                    inside[row][-1] += 1
        counts = np.array(inside, dtype=np.int32).reshape(len(total), len(columns))
        totals = np.array(total, dtype=np.int32)
        prior = (counts.sum(axis=0) + 1.0) / max(int(totals.sum()), 1)
        words = tuple(rows)
        excluded = frozenset(left_out)
        keep = [
            i
            for i in range(len(total))
            if not _is_name(capitalised[i], total[i]) and words[i] not in excluded
        ]
        return cls(columns, tuple(words[i] for i in keep), counts[keep], totals[keep], prior)

    def digest(self) -> str:
        """SHA-256 of the lexicon's content: equal digests, equal lexical features."""
        sha = hashlib.sha256("\n".join((*self.columns, *self.words)).encode("utf-8"))
        for array in (self.inside, self.total, self.prior, np.array(self.smoothing)):
            sha.update(np.ascontiguousarray(array).tobytes())
        return sha.hexdigest()

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", {w: i for i, w in enumerate(self.words)})

    def lifts(self, words: Sequence[str], technique: int) -> npt.NDArray[np.float64]:
        """(words, 2): log lift of each word for the technique in column ``technique`` and for
        any technique (0 for a word the lexicon has never seen)."""
        columns = [technique, len(self.columns) - 1]
        prior = self.prior[columns]
        rows = np.array([self.rows.get(word, -1) for word in words], dtype=np.int64)
        known = rows >= 0
        out = np.zeros((len(words), 2))
        inside = self.inside[rows[known]][:, columns]
        total = self.total[rows[known], None]
        out[known] = np.log((inside + self.smoothing * prior) / (total + self.smoothing) / prior)
        return out
