"""A technique model: tokenizer + token model + span head + decoding settings.

Runtime-agnostic: the ONNX loader and the training loop both build one of these, so the
numbers printed during training come from exactly the code users run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from spinscope.analysis import Span
from spinscope.decode.spans import DecodeSettings, SpanClassifier, decode_spans
from spinscope.decode.verifier import Verifier
from spinscope.model.engine import BatchRunner, TokenOutputs, WindowSettings, run_token_model
from spinscope.model.tokenize import SubwordTokenizer, TokenizedText
from spinscope.progress import TECHNIQUES, report_progress
from spinscope.segment.blocks import Block, split_blocks
from spinscope.segment.sides import SideGazetteer

# Upper bound on tokens encoded in one engine call: keeps hidden states (4 bytes x H per
# token, held per window and merged) bounded whatever the input size. 32,768 gave the same
# speed for about 50 MB more per copy of the hidden states.
MAX_TOKENS_PER_CALL = 8_192


@dataclass(frozen=True, slots=True)
class EncodedBlock:
    text_index: int
    block: Block
    tokens: TokenizedText
    outputs: TokenOutputs


@dataclass(slots=True)
class TechniqueModel:
    tokenizer: SubwordTokenizer
    runner: BatchRunner
    span_head: SpanClassifier
    techniques: list[str]
    settings: WindowSettings
    decoding: DecodeSettings
    verifier: Verifier | None = None
    """Calibrates span scores (None: run confidence x technique probability)."""

    def with_stride(self, stride: int) -> TechniqueModel:
        """This model with another largest step between windows (same weights and decoding)."""
        return replace(self, settings=replace(self.settings, stride=stride))

    def with_fitted_windows(self, fitted: bool = True) -> TechniqueModel:
        """This model with windows only as long as they need to be (`spread_windows`)."""
        return replace(self, settings=replace(self.settings, fitted=fitted))

    def blinded(self, sides: SideGazetteer | None) -> TechniqueModel:
        """This model reading the names of sides through ``sides`` (None: as written)."""
        return replace(self, tokenizer=self.tokenizer.with_sides(sides))

    def encode(self, texts: Sequence[str]) -> Iterator[EncodedBlock]:
        """Encode texts block by block, batching windows across texts; memory stays bounded."""
        pending: list[tuple[int, Block, TokenizedText]] = []
        pending_tokens = 0
        total, before = sum(len(t) for t in texts), 0
        for ti, text in enumerate(texts):
            for block in split_blocks(text):
                tokens = self.tokenizer.tokenize(block.text)
                pending.append((ti, block, tokens))
                pending_tokens += len(tokens)
                if pending_tokens >= MAX_TOKENS_PER_CALL:
                    yield from self._flush(pending)
                    pending, pending_tokens = [], 0
                    report_progress(TECHNIQUES, before + block.start + len(block.text), total)
            before += len(text)
        yield from self._flush(pending)
        report_progress(TECHNIQUES, total, total)

    def _flush(self, pending: list[tuple[int, Block, TokenizedText]]) -> Iterator[EncodedBlock]:
        if not pending:
            return
        outputs = run_token_model([p[2] for p in pending], self.runner, self.settings)
        for (ti, block, tokens), out in zip(pending, outputs, strict=True):
            yield EncodedBlock(ti, block, tokens, out)

    def block_spans(self, encoded: EncodedBlock, threshold: float | None = None) -> list[Span]:
        """Spans of one encoded block, with offsets into the whole text."""
        settings = self.decoding if threshold is None else replace(self.decoding, threshold=threshold)
        spans = decode_spans(
            encoded.block.text,
            encoded.tokens,
            encoded.outputs.probs,
            encoded.outputs.hidden,
            self.span_head,
            self.techniques,
            settings,
            self.verifier,
        )
        shift = encoded.block.start
        if shift == 0:
            return spans
        return [Span(s.start + shift, s.end + shift, s.technique, s.score, s.text) for s in spans]

    def analyze_spans(self, texts: Sequence[str], threshold: float | None = None) -> list[list[Span]]:
        result: list[list[Span]] = [[] for _ in texts]
        for encoded in self.encode(texts):
            result[encoded.text_index].extend(self.block_spans(encoded, threshold))
        return result

    def classify_ranges(
        self, encoded: EncodedBlock, ranges: Sequence[tuple[int, int]]
    ) -> npt.NDArray[np.float32]:
        """Technique probabilities (R, T) for character ranges given relative to the block."""
        runs = []
        for start, end in ranges:
            inside = np.flatnonzero((encoded.tokens.starts < end) & (encoded.tokens.ends > start))
            if inside.size == 0:  # a range with no token: use the nearest token
                nearest = int(np.searchsorted(encoded.tokens.starts, start).clip(0, len(encoded.tokens) - 1))
                runs.append((nearest, nearest + 1))
            else:
                runs.append((int(inside[0]), int(inside[-1]) + 1))
        if not runs:
            return np.zeros((0, len(self.techniques)), dtype=np.float32)
        return self.span_head(encoded.outputs.hidden, runs)
