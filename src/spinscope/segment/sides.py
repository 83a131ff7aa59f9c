"""Name-blind reading: the names of sides (peoples, countries, faiths, parties, political camps)
replaced, in the technique model's input only, by invented names of the same kind.

The first side of a kind that a text names becomes the first invented name of that kind, the
second the second, and so on, so a text and its copy with two sides swapped ("Armenians
attacked Azerbaijanis" / "Azerbaijanis attacked Armenians") reach the model as the same
tokens, and it cannot find more rhetoric against one side than against the other. Offsets are
untouched: the invented name's sub-word pieces carry the replaced name's character span, so
spans are reported on the original text.

The gazetteer ships as tab-separated files in ``spinscope/data`` (one per kind; columns: the
place or faith as a whole, the adjective or one member, several members; ``-`` for none,
alternatives separated by commas). Names of persons are not in it. The claim step's place
gazetteer (:mod:`spinscope.claims.places`) is not reused: it knows places and guesses
nationalities by suffix, but has no faiths, parties or camps, and no grammatical slot to say
which invented form replaces a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from spinscope.errors import ModelIntegrityError
from spinscope.segment.tokens import TokenizedText

KINDS: tuple[str, ...] = ("peoples", "faiths", "parties", "camps")
SLOTS: tuple[str, ...] = ("whole", "one", "many")
"""The grammatical slots of a side's names: "Armenia", "Armenian", "Armenians"."""


@dataclass(frozen=True, slots=True)
class SideFamily:
    """The names of one side: each slot holds its alternative written forms."""

    kind: str
    whole: tuple[str, ...]
    one: tuple[str, ...]
    many: tuple[str, ...]

    def forms(self) -> Iterable[tuple[str, str]]:
        """(slot, written form) of every name of this side."""
        for slot in SLOTS:
            for form in getattr(self, slot):
                yield slot, form


INVENTED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "peoples": (
        ("Zarnia", "Zarnian", "Zarnians"),
        ("Velmora", "Velmoran", "Velmorans"),
        ("Tovaria", "Tovarian", "Tovarians"),
        ("Quessia", "Quessian", "Quessians"),
        ("Brelonia", "Brelonian", "Brelonians"),
        ("Durvania", "Durvanian", "Durvanians"),
        ("Oskelia", "Oskelian", "Oskelians"),
        ("Marvosia", "Marvosian", "Marvosians"),
    ),
    "faiths": (
        ("Veshanism", "Veshan", "Veshans"),
        ("Oluranism", "Oluran", "Olurans"),
        ("Tamerism", "Tamerite", "Tamerites"),
        ("Corvanism", "Corvanist", "Corvanists"),
    ),
    "parties": (
        ("Tolvan Party", "Tolvan", "Tolvans"),
        ("Brisk Party", "Brisker", "Briskers"),
        ("Hallow Party", "Hallowite", "Hallowites"),
        ("Ferrow Party", "Ferrowite", "Ferrowites"),
    ),
    "camps": (
        ("zendism", "zendist", "zendists"),
        ("marlism", "marlist", "marlists"),
        ("corvism", "corvist", "corvists"),
    ),
}
"""Invented names per kind, in the order a text's sides receive them; a text naming more
sides of a kind than there are invented names starts again at the first."""


class PieceEncoder(Protocol):
    """Sub-word ids of a short text (the technique model's tokenizer)."""

    def __call__(self, text: str, /) -> Sequence[int]: ...


@dataclass(frozen=True, slots=True)
class Masked:
    """One name in a text and the invented name the model reads in its place."""

    start: int
    end: int
    replacement: str


class SideGazetteer:
    """Finds the names of sides in a text and the invented name each becomes."""

    def __init__(self, families: Sequence[SideFamily]) -> None:
        self._where: dict[str, tuple[str, int, int]] = {}  # form -> kind, family, slot index
        for index, family in enumerate(families):
            for slot, form in family.forms():
                if form in self._where:
                    raise ModelIntegrityError(f"side gazetteer: {form!r} names two sides")
                self._where[form] = (family.kind, index, SLOTS.index(slot))
        # one branch per shared prefix: a flat alternation of a thousand names would try every
        # one of them at every position of the text
        self._pattern = re.compile(r"(?<![\w.])" + _trie_pattern(list(self._where)) + r"(?!\w)")
        self.families = tuple(families)

    @classmethod
    def bundled(cls) -> SideGazetteer:
        """The gazetteer that ships with spinscope."""
        root = resources.files("spinscope") / "data"
        families: list[SideFamily] = []
        for kind in KINDS:
            resource = root / f"sides-{kind}.tsv"
            families += parse_families(resource.read_text(encoding="utf-8"), kind, str(resource))
        return cls(families)

    def knows(self, name: str) -> bool:
        """Whether ``name`` is one of the written forms of a side ("Armenians": yes)."""
        return name in self._where

    def words(self) -> frozenset[str]:
        """The names of sides written as one word, lower-cased ("liberals", "armenian")."""
        return frozenset(form.lower() for form in self._where if form.isalpha())

    def find(self, text: str) -> list[Masked]:
        """Every name of a side in ``text``, in order, with the invented name it becomes."""
        order: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        found: list[Masked] = []
        for match in self._pattern.finditer(text):
            kind, family, slot = self._where[match.group(0)]
            if (kind, family) not in order:
                order[(kind, family)] = counts.get(kind, 0)
                counts[kind] = order[(kind, family)] + 1
            invented = INVENTED[kind][order[(kind, family)] % len(INVENTED[kind])]
            found.append(Masked(match.start(), match.end(), invented[slot]))
        return found


def _trie_pattern(names: Sequence[str]) -> str:
    """A regular expression matching exactly ``names``, the longest where several match at one
    place ("Azerbaijanis" before "Azerbaijani"), with shared prefixes factored out."""
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def parse_families(content: str, kind: str, source: str | Path) -> list[SideFamily]:
    """The families of one gazetteer file (header and ``#`` lines skipped)."""
    families: list[SideFamily] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(SLOTS):
            raise ModelIntegrityError(f"{source}, line {number}: expected {len(SLOTS)} tab-separated fields")
        slots = [
            tuple(f.strip() for f in field.split(",")) if field.strip() != "-" else () for field in fields
        ]
        families.append(SideFamily(kind, *slots))
    return families


def mask_tokens(
    text: str, tokens: TokenizedText, masked: Sequence[Masked], encode: PieceEncoder
) -> TokenizedText:
    """``tokens`` of ``text`` with the pieces of each masked name replaced by the pieces of its
    invented name. The first invented piece carries the name's character span and the others
    an empty span at its end, so the pieces join into one written word and spans that include
    the name reach exactly its ends. Names that do not fall on token boundaries are left."""
    if not masked or len(tokens) == 0:
        return tokens
    keep: list[tuple[int, int]] = []  # token index ranges copied as they are
    inserts: list[tuple[list[int], int, int, int]] = []  # invented ids, start, end, word
    done = 0
    for name in masked:
        first = int(np.searchsorted(tokens.starts, name.start))
        last = int(np.searchsorted(tokens.ends, name.end, side="right"))
        if (
            first >= last
            or first < done
            or tokens.starts[first] != name.start
            or tokens.ends[last - 1] != name.end
        ):
            continue
        keep.append((done, first))
        word = int(tokens.words[first]) if tokens.words is not None else -1
        inserts.append((list(encode(name.replacement)), name.start, name.end, word))
        done = last
    if not inserts:
        return tokens
    ids: list[np.ndarray] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    words: list[np.ndarray] = []
    for (a, b), (invented, start, end, word) in zip(keep, inserts, strict=True):
        n = len(invented)
        ids += [tokens.ids[a:b], np.asarray(invented, dtype=np.int64)]
        starts += [tokens.starts[a:b], np.asarray([start] + [end] * (n - 1), dtype=np.int64)]
        ends += [tokens.ends[a:b], np.full(n, end, dtype=np.int64)]
        if tokens.words is not None:
            words += [tokens.words[a:b], np.full(n, word, dtype=np.int64)]
    ids.append(tokens.ids[done:])
    starts.append(tokens.starts[done:])
    ends.append(tokens.ends[done:])
    if tokens.words is not None:
        words.append(tokens.words[done:])
    return TokenizedText(
        np.concatenate(ids),
        np.concatenate(starts),
        np.concatenate(ends),
        np.concatenate(words) if tokens.words is not None else None,
    )
