"""From per-token probabilities to character spans with techniques.

Token runs above the detection threshold become spans; a small span classifier (the
"span head", applied to the encoder's hidden states of the span) names the technique.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from spinscope.analysis import Span
from spinscope.decode.features import Candidate, candidate_features
from spinscope.decode.verifier import Verifier
from spinscope.errors import ModelIntegrityError
from spinscope.segment.sentences import sentence_bounds
from spinscope.segment.tokens import TokenizedText
from spinscope.segment.words import only_function_words, orthographic_words

SpanClassifier = Callable[[npt.NDArray[np.float32], list[tuple[int, int]]], npt.NDArray[np.float32]]
"""(hidden states (N, H), token runs [(first, last_exclusive)]) -> probabilities (R, T)."""

# Characters that belong to the preceding character: a span must not end before them.
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


@dataclass(frozen=True, slots=True)
class TokenRun:
    first: int
    last: int  # exclusive
    confidence: float


def find_runs(probs: npt.NDArray[np.float32], threshold: float, low_ratio: float = 1.0) -> list[TokenRun]:
    """Runs of tokens found by hysteresis: maximal runs of tokens reaching
    ``threshold * low_ratio`` that contain at least one token reaching ``threshold``."""
    strong = probs >= threshold
    if not strong.any():
        return []
    weak = probs >= threshold * low_ratio
    padded = np.concatenate(([False], weak, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    runs: list[TokenRun] = []
    for first, last in zip(edges[::2], edges[1::2], strict=True):
        if strong[first:last].any():
            runs.append(TokenRun(int(first), int(last), float(probs[first:last].mean())))
    return runs


def snap_to_words(runs: list[TokenRun], tokens: TokenizedText) -> list[TokenRun]:
    """Grow each run so that it starts and ends on whole words (never half of a word);
    runs that then touch or overlap are merged."""
    words = tokens.words
    if words is None or not runs:
        return runs
    snapped: list[TokenRun] = []
    n = len(words)
    for run in runs:
        first, last, confidence = run.first, run.last, run.confidence
        while first > 0 and words[first - 1] == words[first] and words[first] >= 0:
            first -= 1
        while last < n and words[last] == words[last - 1] and words[last] >= 0:
            last += 1
        if snapped and first <= snapped[-1].last:
            previous = snapped.pop()
            first, confidence = previous.first, max(previous.confidence, confidence)
        snapped.append(TokenRun(first, last, confidence))
    return snapped


def extend_to_grapheme(text: str, end: int) -> int:
    """Move ``end`` past combining marks and joiners so a span never splits a character."""
    while end < len(text) and (unicodedata.combining(text[end]) or text[end] in _JOINERS):
        end += 1
    return end


def runs_to_candidates(  # noqa: PLR0917 -- the arrays of one decode step, in the order they are computed
    text: str,
    tokens: TokenizedText,
    runs: list[TokenRun],
    technique_probs: npt.NDArray[np.float32],
    extra_label_threshold: float,
    signal: npt.NDArray[np.float32] | None = None,
) -> list[Candidate]:
    """One candidate per run and technique whose probability is the top one or reaches
    ``extra_label_threshold``."""
    out: list[Candidate] = []
    for run, probs in zip(runs, technique_probs, strict=True):
        start = int(tokens.starts[run.first])
        end = extend_to_grapheme(text, int(tokens.ends[run.last - 1]))
        peak = float(signal[run.first : run.last].max()) if signal is not None else run.confidence
        for rank, t in enumerate(np.argsort(-probs)):
            if rank > 0 and probs[t] < extra_label_threshold:
                break
            out.append(Candidate(start, end, run.first, run.last, int(t), probs, run.confidence, peak))
    return out


def raw_score(candidate: Candidate) -> float:
    """Score without a verifier: run confidence x technique probability."""
    return candidate.confidence * float(candidate.head_probs[candidate.technique])


def to_spans(
    text: str, candidates: list[Candidate], scores: list[float], technique_ids: list[str]
) -> list[Span]:
    spans = [
        Span(c.start, c.end, technique_ids[c.technique], score, text[c.start : c.end])
        for c, score in zip(candidates, scores, strict=True)
    ]
    spans.sort(key=lambda s: (s.start, s.end, -s.score))
    return spans


def runs_to_spans(  # noqa: PLR0917 -- the arrays of one decode step, in the order they are computed
    text: str,
    tokens: TokenizedText,
    runs: list[TokenRun],
    technique_probs: npt.NDArray[np.float32],
    technique_ids: list[str],
    extra_label_threshold: float,
) -> list[Span]:
    """Turn runs into spans, one per technique whose probability is the top one or reaches
    ``extra_label_threshold``. Score = run confidence x technique probability."""
    candidates = runs_to_candidates(text, tokens, runs, technique_probs, extra_label_threshold)
    return to_spans(text, candidates, [raw_score(c) for c in candidates], technique_ids)


class DetectionSignal(StrEnum):
    """Which per-token signal detects spans; the value is what the model card stores."""

    ANY = "any"
    """The token head's 'inside any technique' channel."""
    ANY_MAX = "any+max"
    """The mean of that channel and the most probable technique channel."""

    @classmethod
    def from_card(cls, value: str) -> DetectionSignal:
        """The signal a model card names; an unknown name is a coded model error."""
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(cls)
            message = f"model card: unknown detection signal {value!r}; known: {known}"
            raise ModelIntegrityError(message) from None


@dataclass(frozen=True, slots=True)
class DecodeSettings:
    """How token probabilities become spans (all values come from the model card)."""

    threshold: float
    """A span needs at least one token whose detection signal reaches this value."""
    extra_label_threshold: float
    """A span gets a further technique when the span head gives it this probability."""
    low_ratio: float = 1.0
    """Hysteresis: a span grows over neighbouring tokens reaching threshold x low_ratio."""
    signal: DetectionSignal = DetectionSignal.ANY
    """Detection signal (see DetectionSignal)."""
    sentence_techniques: tuple[str, ...] = ()
    """Techniques that annotators mostly mark on whole sentences (doubt, black-and-white, ...)."""
    sentence_cover: float = 1.01
    """A span of a sentence technique that covers at least this share of its sentence's
    characters is widened to the whole sentence (above 1: never)."""
    within_sentences: bool = False
    """Runs never cross a sentence boundary: they are found and snapped to words within each
    sentence, so that a confident stretch at the end of one sentence does not carry on into
    the next (on a short text the signal can stay above the threshold across sentences)."""


def detection_signal(
    token_probs: npt.NDArray[np.float32], any_channel: int, kind: DetectionSignal
) -> npt.NDArray[np.float32]:
    inside_any = token_probs[:, any_channel]
    if kind is DetectionSignal.ANY:
        return inside_any
    return ((inside_any + token_probs[:, :any_channel].max(axis=1)) / 2).astype(np.float32)


def sentence_token_ranges(tokens: TokenizedText, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each sentence (character bounds), the tokens that start inside it: [first, last)."""
    starts = np.asarray(tokens.starts)
    ranges = []
    for start, end in bounds:
        first, last = int(np.searchsorted(starts, start)), int(np.searchsorted(starts, end))
        if last > first:
            ranges.append((first, last))
    return ranges


def detected_runs(
    signal: npt.NDArray[np.float32],
    words: TokenizedText,
    settings: DecodeSettings,
    sentences: list[tuple[int, int]] | None = None,
) -> list[TokenRun]:
    """Runs of the detection signal snapped to whole words; with ``sentences`` (token ranges),
    found and snapped within each sentence."""
    if sentences is None:
        return snap_to_words(find_runs(signal, settings.threshold, settings.low_ratio), words)
    runs: list[TokenRun] = []
    for first, last in sentences:
        found = find_runs(signal[first:last], settings.threshold, settings.low_ratio)
        inside = [TokenRun(r.first + first, r.last + first, r.confidence) for r in found]
        runs.extend(snap_to_words(inside, words))
    return runs


def decode_candidates(  # noqa: PLR0917 -- the arrays of one decode step, in the order they are computed
    text: str,
    tokens: TokenizedText,
    token_probs: npt.NDArray[np.float32],
    hidden: npt.NDArray[np.float32],
    classify: SpanClassifier,
    settings: DecodeSettings,
    bounds: list[tuple[int, int]] | None = None,
) -> list[Candidate]:
    """Candidate (span, technique) pairs: runs of tokens above the detection threshold, on whole
    written words, not made of function words alone, each named by the span head. ``bounds``:
    the text's sentences, if already split (needed only with ``settings.within_sentences``)."""
    if len(tokens) == 0:  # e.g. only zero-width or control characters
        return []
    any_channel = token_probs.shape[1] - 1
    signal = detection_signal(token_probs, any_channel, settings.signal)
    words = replace(tokens, words=orthographic_words(text, tokens.starts, tokens.ends, tokens.words))
    sentences = None
    if settings.within_sentences:
        sentences = sentence_token_ranges(tokens, sentence_bounds(text) if bounds is None else bounds)
    runs = [
        run
        for run in detected_runs(signal, words, settings, sentences)
        if not only_function_words(text[tokens.starts[run.first] : tokens.ends[run.last - 1]])
    ]
    if not runs:
        return []
    probs = classify(hidden, [(r.first, r.last) for r in runs])
    return runs_to_candidates(text, tokens, runs, probs, settings.extra_label_threshold, signal)


def decode_spans(  # noqa: PLR0917 -- the arrays of one decode step, in the order they are computed
    text: str,
    tokens: TokenizedText,
    token_probs: npt.NDArray[np.float32],
    hidden: npt.NDArray[np.float32],
    classify: SpanClassifier,
    technique_ids: list[str],
    settings: DecodeSettings,
    verifier: Verifier | None = None,
) -> list[Span]:
    """Spans with their scores: the verifier's calibrated probability where the model has one,
    else run confidence x technique probability."""
    widen = bool(settings.sentence_techniques) and settings.sentence_cover <= 1.0
    needs_bounds = verifier is not None or widen or settings.within_sentences
    bounds = sentence_bounds(text) if needs_bounds and len(tokens) else []
    candidates = decode_candidates(text, tokens, token_probs, hidden, classify, settings, bounds)
    if not candidates:
        return []
    if verifier is not None:
        scores = [
            float(x)
            for x in verifier.score(
                candidate_features(text, token_probs, tokens.starts, candidates, bounds, verifier.lexicon)
            )
        ]
    else:
        scores = [raw_score(c) for c in candidates]
    spans = to_spans(text, candidates, scores, technique_ids)
    if widen:
        spans = widen_to_sentences(
            text, spans, frozenset(settings.sentence_techniques), settings.sentence_cover, bounds
        )
    return spans


def widen_to_sentences(
    text: str,
    spans: list[Span],
    techniques: frozenset[str],
    min_cover: float,
    bounds: list[tuple[int, int]] | None = None,
) -> list[Span]:
    """Spans of ``techniques`` that cover at least ``min_cover`` of a sentence's characters
    become that whole sentence (PTC marks doubt, black-and-white fallacies and the like on
    whole sentences; the model finds them in fragments). ``bounds``: the text's sentences, if
    already split."""
    if not any(s.technique in techniques for s in spans):
        return spans
    bounds = sentence_bounds(text) if bounds is None else bounds
    firsts = [start for start, _ in bounds]
    out: list[Span] = []
    for span in spans:
        k = bisect.bisect_right(firsts, span.start) - 1
        start, end = bounds[k] if k >= 0 else (span.start, span.start)
        covers = span.end <= end and (span.end - span.start) >= min_cover * (end - start)
        if span.technique in techniques and k >= 0 and covers:
            out.append(Span(start, end, span.technique, span.score, text[start:end], span.quoted))
        else:
            out.append(span)
    out.sort(key=lambda s: (s.start, s.end, -s.score))
    return out
