"""What the span verifier knows about a candidate span.

A candidate is one (token run, technique) pair that decoding proposes. Its features describe how
sure the token and span heads are, how long it is and how it sits in its sentence, whether its
words repeat elsewhere in the text, how often annotators marked its words
(:mod:`spinscope.decode.lexicon`), and which technique it claims, so that a small calibrated
model (:mod:`spinscope.decode.verifier`) can say how likely an annotator would have marked it.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from spinscope.decode.lexicon import Lexicon, words_with_offsets
from spinscope.segment.words import FUNCTION_WORDS

BASE_FEATURES = (
    "confidence",  # mean detection signal over the run
    "peak",  # highest detection signal in the run
    "technique_prob",  # span head's probability of this technique
    "top_technique",  # 1 when it is the span head's first choice
    "head_entropy",  # span head's entropy, divided by log(T)
    "channel_mean",  # token head's mean probability of this technique over the run
    "log_tokens",
    "function_share",  # share of the span's words that are function words
    "sentence_token_cover",  # share of its sentence's tokens the span covers
    "whole_sentence",  # 1 when it covers at least 90 % of its sentence's tokens
    "token_position",  # where in the text it starts, in tokens (0 = start, 1 = end)
    "log_repeats",  # log(1 + further occurrences of the same words in the text)
    "capitalised",  # starts with a capital letter
    "has_digit",
    "has_quote",
    "has_mark",  # contains ! or ?
    "lex_mean",  # mean / max / min over its words of their lift for its technique (lexicon)
    "lex_max",
    "lex_min",
    "lex_any_mean",  # the same for "inside a span of any technique"
    "lex_any_max",
    "lex_any_min",
)
INTERACTIONS = ("confidence", "technique_prob")
"""Base features that also get one weight per technique."""


def feature_names(techniques: list[str]) -> list[str]:
    names = list(BASE_FEATURES)
    names += [f"is:{t}" for t in techniques]
    names += [f"{f}:{t}" for f in INTERACTIONS for t in techniques]
    return names


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed (span, technique): offsets into the text, the token run behind it, and the
    span head's distribution over techniques for that run."""

    start: int
    end: int
    first: int
    last: int  # exclusive token index
    technique: int
    head_probs: npt.NDArray[np.float32]
    confidence: float
    peak: float


_WORD_CHARS = str.maketrans({"’": "'", "‘": "'"})


def candidate_features(  # noqa: PLR0917 -- one decode step's arrays, in the order they are computed
    text: str,
    token_probs: npt.NDArray[np.float32],
    token_starts: npt.NDArray[np.int64],
    candidates: list[Candidate],
    sentence_bounds: list[tuple[int, int]],
    lexicon: Lexicon | None = None,
) -> npt.NDArray[np.float32]:
    """(C, F) feature matrix in the order of :func:`feature_names`; the lexical features are 0
    without a ``lexicon`` (whose columns are the model's techniques, in its order).

    Lengths and positions are counted in the tokens the model read, not in characters: read
    name-blind, a text and its copy with the sides swapped then get the same features even
    though "Armenian" and "Azerbaijani" differ in length."""
    n_techniques = token_probs.shape[1] - 1
    n_base = len(BASE_FEATURES)
    out = np.zeros((len(candidates), n_base + n_techniques * (1 + len(INTERACTIONS))), dtype=np.float32)
    if not candidates:
        return out
    lowered = text.lower().translate(_WORD_CHARS)
    starts = [s for s, _ in sentence_bounds]
    # each sentence's tokens [first, last), found once for all candidates
    sentence_tokens = np.searchsorted(token_starts, np.array(sentence_bounds, dtype=np.int64).reshape(-1, 2))
    n_tokens = max(len(token_starts), 1)
    log_t = math.log(max(n_techniques, 2))
    for row, c in enumerate(candidates):
        span_text = lowered[c.start : c.end]
        words = [w for w in span_text.split() if any(ch.isalnum() for ch in w)]
        stripped = [w.strip(".,;:!?\"'()[]") for w in words]
        function_share = sum(w in FUNCTION_WORDS for w in stripped) / max(len(stripped), 1)
        k = bisect.bisect_right(starts, c.start) - 1
        s_first, s_last = (int(i) for i in sentence_tokens[k]) if k >= 0 else (c.first, c.last)
        cover = (min(c.last, s_last) - max(c.first, s_first)) / max(s_last - s_first, 1)
        cover = min(max(cover, 0.0), 1.0)
        repeats = lowered.count(span_text) - 1 if span_text.strip() else 0
        p = np.clip(c.head_probs.astype(np.float64), 1e-9, 1.0)
        raw = text[c.start : c.end]
        base = (
            c.confidence,
            c.peak,
            float(c.head_probs[c.technique]),
            float(int(np.argmax(c.head_probs)) == c.technique),
            float(-(p * np.log(p)).sum() / log_t),
            float(token_probs[c.first : c.last, c.technique].mean()),
            math.log1p(c.last - c.first),
            function_share,
            cover,
            float(cover >= 0.9),
            c.first / n_tokens,
            math.log1p(max(repeats, 0)),
            float(raw[:1].isupper()),
            float(any(ch.isdigit() for ch in raw)),
            float(any(ch in '"“”«»' for ch in raw)),
            float("!" in raw or "?" in raw),
            *_lexical(lexicon, raw, c.technique),
        )
        out[row, :n_base] = base
        out[row, n_base + c.technique] = 1.0
        for i, name in enumerate(INTERACTIONS):
            out[row, n_base + n_techniques * (1 + i) + c.technique] = base[BASE_FEATURES.index(name)]
    return out


def _lexical(lexicon: Lexicon | None, span_text: str, technique: int) -> tuple[float, ...]:
    """Mean, max and min lift of the span's words for its technique, then for any technique."""
    words = [w for _, _, w in words_with_offsets(span_text)]
    if lexicon is None or not words:
        return (0.0,) * 6
    lifts = lexicon.lifts(words, technique)
    mine, any_ = lifts[:, 0], lifts[:, 1]
    return (
        float(mine.mean()), float(mine.max()), float(mine.min()),
        float(any_.mean()), float(any_.max()), float(any_.min()),
    )  # fmt: skip
