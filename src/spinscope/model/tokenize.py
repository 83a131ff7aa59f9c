"""Sub-word tokenisation with exact character offsets, for texts of any length."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from spinscope.segment.blocks import split_blocks



@dataclass(frozen=True, slots=True)
class TokenizedText:
    """Token ids and their half-open character offsets into the original text."""

    ids: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True, slots=True)
class SpecialTokens:
    cls_id: int
    sep_id: int
    pad_id: int


class SubwordTokenizer:
    """Wraps a ``tokenizers`` tokenizer: no truncation, no padding, no special tokens."""

    def __init__(self, path: Path) -> None:
        self._tok = Tokenizer.from_file(str(path))
        self._tok.no_truncation()
        self._tok.no_padding()
        self.special = SpecialTokens(
            cls_id=self._required_id("[CLS]"),
            sep_id=self._required_id("[SEP]"),
            pad_id=self._required_id("[PAD]"),
        )

    def _required_id(self, token: str) -> int:
        token_id = self._tok.token_to_id(token)
        if token_id is None:
            raise ValueError(f"tokenizer has no {token} token")
        return int(token_id)

    def tokenize(self, text: str) -> TokenizedText:
        ids: list[npt.NDArray[np.int64]] = []
        starts: list[npt.NDArray[np.int64]] = []
        ends: list[npt.NDArray[np.int64]] = []
        for block in split_blocks(text):
            piece_start = block.start
            enc = self._tok.encode(block.text, add_special_tokens=False)
            if not enc.ids:
                continue
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            ids.append(np.asarray(enc.ids, dtype=np.int64))
            starts.append(offsets[:, 0] + piece_start)
            ends.append(offsets[:, 1] + piece_start)
        if not ids:
            empty = np.zeros(0, dtype=np.int64)
            return TokenizedText(empty, empty, empty)
        return TokenizedText(np.concatenate(ids), np.concatenate(starts), np.concatenate(ends))
