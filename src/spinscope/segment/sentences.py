"""Sentence segmentation with exact offsets into the original text.

A rule-based segmenter tuned for news prose: a sentence ends at ``.``, ``!``, ``?``, ``…``
(or a CJK full stop), possibly followed by closing quotes or brackets, when whitespace and
a plausible sentence start follow. Periods after known abbreviations ("Mr.", "Gen.") never
end a sentence; periods after initials and dotted acronyms ("J.", "U.S.") end one only
before a word that usually starts a sentence ("The", "He", ...). Line breaks end a
sentence unless the next line continues in lower case (hard-wrapped text). Decimals
("3.5") and dotted names ("example.com") contain no whitespace and are never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


# Abbreviations that (almost) never end a sentence: titles and words followed by a name or number.
TITLE_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "messrs",
        "mme",
        "mlle",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "sgt",
        "cpl",
        "pvt",
        "rev",
        "fr",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "vol",
        "fig",
        "figs",
        "pp",
        "art",
        "sec",
        "ch",
        "approx",
        "ca",
        "cf",
        "vs",
        "v",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# Abbreviations that may end a sentence (they end one before a usual sentence opener).
ENDING_ABBREVIATIONS = frozenset(
    ["inc", "ltd", "co", "corp", "bros", "jr", "sr", "etc", "al", "esq", "plc", "llc", "dept", "univ", "assn"]
)
# Words that usually open a sentence: after an ambiguous period they signal a boundary.
SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "thus",
        "he",
        "she",
        "it",
        "its",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "but",
        "and",
        "so",
        "yet",
        "or",
        "nor",
        "if",
        "in",
        "on",
        "at",
        "for",
        "as",
        "after",
        "before",
        "when",
        "while",
        "since",
        "although",
        "though",
        "however",
        "meanwhile",
        "moreover",
        "still",
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "no",
        "not",
        "yes",
        "some",
        "many",
        "most",
        "all",
        "each",
        "every",
        "both",
        "one",
        "two",
        "three",
        "several",
        "few",
        "such",
        "last",
        "next",
    ]
)

_TERMINALS = ".!?…‼⁇⁈⁉。！？｡"
_CJK_TERMINALS = "。！？｡"
_CLOSERS = "\"'”’»›」』)]}"
_OPENERS = "\"'“‘«‹„‚「『([{¿¡"
_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"

_CANDIDATE = re.compile(
    rf"(?:\.{{2,}}|[{re.escape(_TERMINALS)}]+)[{re.escape(_CLOSERS)}]*(?=\s|$)|[{_CJK_TERMINALS}]+[{re.escape(_CLOSERS)}]*"
)
_WORD_BEFORE = re.compile(r"([\w.\-']+)$")
_FIRST_WORD = re.compile(r"\w+")
_LINE_SPLIT = re.compile(rf"[{_LINE_BREAKS}]+")
_VISIBLE = re.compile(r"\S")
_LOOKAHEAD = 64
"""Characters looked at after a candidate boundary (whitespace, opening marks, the next word)."""
_LIST_MARKER = re.compile(r"(?:\d{1,3}|[a-zA-Z]|[ivxlcdm]{1,5})$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order; ``text[s.start:s.end] == s.text``, no leading or trailing
    whitespace, and stretches holding no letter or digit are left out."""
    sentences: list[Sentence] = []
    for start, end in _paragraphs(text):
        for piece in _split_paragraph(text, start, end):
            s, e = _trim(text, *piece)
            if e > s and any(ch.isalnum() for ch in text[s:e]):
                sentences.append(Sentence(s, e, text[s:e]))
    return sentences


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text`` (see :func:`split_sentences`)."""
    return [(s.start, s.end) for s in split_sentences(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Stretches between line breaks; a break followed by a line that starts in lower case
    (after a line that does not end a sentence) is treated as a hard wrap, not a boundary."""
    pieces: list[tuple[int, int]] = []
    start = line_start = 0
    last = ""  # the last visible character since ``start`` (each line is read once: linear time)
    for match in _LINE_SPLIT.finditer(text):
        line = text[line_start : match.start()].rstrip()
        last = line[-1] if line else last
        following = text[match.end() : match.end() + 1]
        blank_line = _count_breaks(match.group()) > 1
        wrapped = (
            not blank_line and last != "" and last not in _TERMINALS + _CLOSERS + ":;" and following.islower()
        )
        if not wrapped:
            pieces.append((start, match.start()))
            start, last = match.end(), ""
        line_start = match.end()
    pieces.append((start, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _count_breaks(run: str) -> int:
    return len(run.replace("\r\n", "\n"))


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        cut = match.end()
        if cut >= end or not _is_boundary(text, sentence_start, match.start(), match.group(), cut, end):
            continue
        out.append((sentence_start, cut))
        sentence_start = cut
    out.append((sentence_start, end))
    return out


def _is_boundary(text: str, sentence_start: int, mark: int, punct: str, cut: int, end: int) -> bool:  # noqa: PLR0917 -- hot-path helper over positions of one regex match
    """Whether the terminal punctuation ``punct`` at ``mark`` ends the sentence."""
    if punct[0] in _CJK_TERMINALS:
        return True
    following = text[cut : min(end, cut + _LOOKAHEAD)].lstrip()
    if not _looks_like_sentence_start(following):
        return False
    if punct[0] != "." or punct.startswith(".."):
        return True  # ! ? … and "..." before a capital
    word_match = _WORD_BEFORE.search(text, max(sentence_start, mark - _LOOKAHEAD), mark)
    if word_match is None:
        return True
    first_in_sentence = _VISIBLE.search(text, sentence_start, word_match.start(1)) is None
    return _period_ends_sentence(word_match.group(1), first_in_sentence, following)


def _looks_like_sentence_start(following: str) -> bool:
    """An upper-case letter, a digit, a letter of a caseless script, or an opening quote or
    bracket before one of these; never a lower-case letter ('"Why?" she asked.')."""
    next_char = following.lstrip(_OPENERS)[:1]
    if not next_char or next_char.islower():
        return False
    return (
        next_char.isupper()
        or next_char.isdigit()
        or following[0] in _OPENERS
        or _is_caseless_letter(next_char)
    )


def _period_ends_sentence(word: str, first_in_sentence: bool, following: str) -> bool:
    """Whether a period after ``word`` ends the sentence, given the text that follows."""
    bare = word.rstrip(".").lower()
    next_word = _FIRST_WORD.search(following)
    opener = next_word is not None and next_word.group().lower() in SENTENCE_OPENERS
    if bare in TITLE_ABBREVIATIONS:
        return False
    if first_in_sentence and _LIST_MARKER.match(word):
        return False  # a list marker: "1. First item", "b. second"
    if bare in ENDING_ABBREVIATIONS:
        return opener
    if "." in word.strip(".") or (len(bare) == 1 and bare.isalpha()):
        return opener  # "U.S.", "a.m.", an initial "J."
    return True


def _is_caseless_letter(ch: str) -> bool:
    """A letter from a script without case (Arabic, Hebrew, CJK, ...)."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()
