"""Orthographic words over sub-word tokens, and the closed-class words that never make a span.

The tokenizer's own word boundaries split at every punctuation mark, so "people's", "don't" and
"ear-to-ear" are several words to it. A reader sees one word in each: a highlight must never
start at the "s" of "people's" or stop before "n't". :func:`orthographic_words` joins tokens
that touch across a letter-to-letter junction or across an apostrophe, hyphen or dot that sits
between two letters or digits.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

WORD_INTERNAL = frozenset("'’‘`-‐‑.")
"""Marks that join two letters into one word ("don't", "ear-to-ear", "U.S")."""

FUNCTION_WORDS = frozenset(
    """
    a an the this that these those such what which who whom whose why how when where whether
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves one ones
    some any no none all both each either neither every few many much more most other another
    several enough own same
    and or but nor so yet for if then than because as while although though unless until since
    whereas
    of in on at by to from with without within into onto upon about above below over under
    after before between among through during against around across along toward towards
    behind beyond near off out up down via per despite except like unlike
    be am is are was were been being have has had having do does did doing done
    will would shall should can could may might must ought
    not n't nt never also just only even too very quite rather really still already again
    there here now then ever s t d ll m re ve
    isn aren wasn weren don doesn didn won wouldn shan shouldn couldn mustn hasn haven hadn
    """.split()  # noqa: SIM905 (a block of words reads better than a list of 200 strings)
)
"""Closed-class English words: a span made only of these (and punctuation) says nothing."""

_WORD = re.compile(r"\w+", re.UNICODE)


def orthographic_words(
    text: str,
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    pieces: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int64]:
    """Word index of each token (tokens given by character offsets into ``text``, in order).

    ``pieces``: the tokenizer's own word index per token, if known; tokens of one tokenizer word
    are joined without a look at the text, so only the junctions between touching tokenizer
    words (at punctuation) are examined one by one."""
    n = len(starts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    touching = ends[:-1] == starts[1:]
    joined = touching & (pieces[:-1] == pieces[1:]) if pieces is not None else np.zeros(n - 1, dtype=bool)
    for i in np.flatnonzero(touching & ~joined):
        joined[i] = _joined(text, int(ends[i]), int(starts[i + 1]))
    return np.concatenate(([0], np.cumsum(~joined))).astype(np.int64)


def _joined(text: str, left_end: int, right_start: int) -> bool:
    """Whether the token ending at ``left_end`` and the one starting at ``right_start`` belong
    to one written word."""
    if left_end != right_start or left_end <= 0 or right_start >= len(text):
        return False
    before, after = text[left_end - 1], text[right_start]
    if before.isalnum() and after.isalnum():
        return True
    if after in WORD_INTERNAL:  # "people|'s": the mark must sit between two letters
        return before.isalnum() and right_start + 1 < len(text) and text[right_start + 1].isalnum()
    if before in WORD_INTERNAL:  # "people'|s"
        return after.isalnum() and left_end >= 2 and text[left_end - 2].isalnum()
    return False


def only_function_words(text: str) -> bool:
    """True when ``text`` has no word outside :data:`FUNCTION_WORDS` (punctuation only counts
    as nothing)."""
    return all(word.lower() in FUNCTION_WORDS for word in _WORD.findall(text.replace("’", "'")))
