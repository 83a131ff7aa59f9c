"""Sub-word tokenisation with exact character offsets, for texts of any length."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from spinscope.segment.blocks import DEFAULT_BLOCK_CHARS, split_blocks
from spinscope.segment.sides import SideGazetteer, mask_tokens
from spinscope.segment.tokens import TokenizedText

__all__ = ["SpecialTokens", "SubwordTokenizer", "TokenizedText"]


@dataclass(frozen=True, slots=True)
class SpecialTokens:
    cls_id: int
    sep_id: int
    pad_id: int


class SubwordTokenizer:
    """Wraps a ``tokenizers`` tokenizer: no truncation, no padding, no special tokens.

    With ``sides``, it reads name-blind: the names of sides that gazetteer knows become invented
    names, their pieces keeping the names' offsets (:mod:`spinscope.segment.sides`)."""

    def __init__(self, path: Path, sides: SideGazetteer | None = None) -> None:
        self.sides = sides
        self._tok = Tokenizer.from_file(str(path))
        self._tok.no_truncation()
        self._tok.no_padding()
        # RoBERTa-style vocabularies (MPNet) keep BERT's [CLS]/[SEP]/[PAD] as ordinary
        # entries but were trained with <s>, </s> and <pad>: prefer those where they exist.
        names = ("<s>", "</s>", "<pad>") if self._tok.token_to_id("<s>") is not None else None
        cls, sep, pad = names or ("[CLS]", "[SEP]", "[PAD]")
        self.special = SpecialTokens(
            cls_id=self._required_id(cls),
            sep_id=self._required_id(sep),
            pad_id=self._required_id(pad),
        )
        self._pieces: dict[str, tuple[int, ...]] = {}

    def with_sides(self, sides: SideGazetteer | None) -> SubwordTokenizer:
        """The same tokenizer reading the names of sides through ``sides`` (None: as written)."""
        other = copy.copy(self)
        other.sides = sides
        return other

    def first_ids(self, text: str, limit: int) -> npt.NDArray[np.int64]:
        """The first ``limit`` sub-word ids of ``text``, without the offsets and word indices a
        sentence scorer does not use. Same ids as :meth:`tokenize` (texts longer than one block,
        and name-blind reading, go through it)."""
        if len(text) > DEFAULT_BLOCK_CHARS or self.sides is not None:
            return self.tokenize(text).ids[:limit]
        ids = self._tok.encode(text, add_special_tokens=False).ids
        return np.asarray(ids[:limit], dtype=np.int64)

    def pieces(self, text: str) -> tuple[int, ...]:
        """Sub-word ids of a short text, remembered (for the invented names of name-blind
        reading, :mod:`spinscope.segment.sides`)."""
        if text not in self._pieces:
            self._pieces[text] = tuple(self._tok.encode(text, add_special_tokens=False).ids)
        return self._pieces[text]

    @property
    def vocab_size(self) -> int:
        return int(self._tok.get_vocab_size())

    def vocabulary(self) -> dict[str, int]:
        """Token string -> id, special tokens included."""
        return dict(self._tok.get_vocab(with_added_tokens=True))

    def _required_id(self, token: str) -> int:
        token_id = self._tok.token_to_id(token)
        if token_id is None:
            raise ValueError(f"tokenizer has no {token} token")
        return int(token_id)

    def tokenize(self, text: str) -> TokenizedText:
        ids: list[npt.NDArray[np.int64]] = []
        starts: list[npt.NDArray[np.int64]] = []
        ends: list[npt.NDArray[np.int64]] = []
        words: list[npt.NDArray[np.int64]] = []
        next_word = 0
        for block in split_blocks(text):
            enc = self._tok.encode(block.text, add_special_tokens=False)
            if not enc.ids:
                continue
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            ids.append(np.asarray(enc.ids, dtype=np.int64))
            starts.append(offsets[:, 0] + block.start)
            ends.append(offsets[:, 1] + block.start)
            word_ids = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64)
            words.append(word_ids + next_word)
            next_word = int(words[-1].max()) + 1
        if not ids:
            empty = np.zeros(0, dtype=np.int64)
            return TokenizedText(empty, empty, empty, empty)
        tokens = TokenizedText(
            np.concatenate(ids), np.concatenate(starts), np.concatenate(ends), np.concatenate(words)
        )
        if self.sides is None:
            return tokens
        return mask_tokens(text, tokens, self.sides.find(text), self.pieces)
