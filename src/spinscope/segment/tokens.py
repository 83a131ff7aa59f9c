"""Sub-word tokens as the rest of spinscope sees them: ids and exact character offsets.

Its own module, below both the tokenizer (:mod:`spinscope.model.tokenize`) and the decoder
(:mod:`spinscope.decode.spans`), so that decoding never imports the model side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class TokenizedText:
    """Token ids, their half-open character offsets into the original text, and the index
    of the word each token belongs to (sub-word pieces of one word share it)."""

    ids: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    words: npt.NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return int(self.ids.shape[0])
