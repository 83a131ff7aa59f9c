"""Which persons' names a training copy replaces, and by what (the copies themselves:
:func:`spinscope.train.counterfactual.person_swapped_copies`).

Name-blind reading (:mod:`spinscope.segment.sides`) hides the names of sides, but persons' names
still reach the model: whether "Smith" or "Okafor" is accused should not decide whether the
accusation is name calling. Training on both versions of a text teaches that without needing a
list of every person at run time.

Persons are found with the named-entity model that spinscope already ships
(:class:`spinscope.claims.entities.EntityTagger`). Each given name and surname of a text is
replaced, consistently in the whole text, by a name drawn from :data:`GIVEN_NAMES` or
:data:`SURNAMES` with a generator seeded by the text's id, so that every run and every
cross-validation fold builds exactly the same copies (the teacher's cached outputs rely on it).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spinscope.neutrality import CONTROL_PAIRS, DEFAULT_PAIRS, UNSEEN_PAIRS, NamePair

GIVEN_NAMES: tuple[str, ...] = (
    "Anna", "David", "Maria", "Ahmed", "Olga", "Kwame", "Priya", "Carlos", "Fatima", "Jonas",
    "Mei", "Omar", "Sofia", "Ivan", "Aisha", "Pedro", "Yuki", "Samuel", "Leila", "Tomas",
    "Nadia", "Ravi", "Elena", "Hassan", "Grace", "Mateo", "Ingrid", "Kofi", "Sara", "Daniel",
)  # fmt: skip
"""Given names of many origins, common enough to read as persons'."""

SURNAMES: tuple[str, ...] = (
    "Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Haddad", "Tanaka", "Petrov", "Silva",
    "Novak", "Rossi", "Schmidt", "Mensah", "Larsen", "Costa", "Ortiz", "Dubois", "Sato",
    "Horvat", "Adeyemi", "Morales", "Fischer", "Moreau", "Nilsson", "Reyes", "Banerjee",
    "Lindqvist", "Walsh", "Mbeki", "Castellano",
)  # fmt: skip
"""Surnames of many origins."""

_NAME_WORD = re.compile(r"[A-Z][a-z]*(?:[A-Z][a-z]+)*(?:-[A-Z][a-z]+)*")
"""A capitalised word of a name: "Brask", "McCabe", "Jean-Luc" (not "O" of "O'Brien")."""

_TITLE_WORDS: tuple[str, ...] = (
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Pope", "Cardinal",
    "Archbishop", "Bishop", "Father", "Sister", "Brother", "Rev", "Reverend", "Imam", "Rabbi",
    "Sheikh", "Judge", "Justice", "President", "Senator", "Sen", "Rep", "Gov", "Governor",
    "General", "Gen", "Colonel", "Col", "Captain", "Capt", "Sergeant", "Prince", "Princess",
    "King", "Queen", "Saint", "St",
)  # fmt: skip
TITLES = frozenset(_TITLE_WORDS)
"""Words NER often takes into a name that name no one in particular."""

PersonFinder = Callable[[Sequence[str]], list[list[tuple[int, int]]]]
"""Gives, for each text, the (start, end) of every person it names."""


@dataclass(frozen=True, slots=True)
class PersonNames:
    """The words naming persons in one text, in order of first mention."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]


def person_names(text: str, persons: Iterable[tuple[int, int]], keep: frozenset[str]) -> PersonNames:
    """The given names (first words) and surnames (last words) of the persons at ``persons``
    whom the text names with two words or more somewhere ("Teodor Brask"), so that words the
    entity model takes for a person on their own ("Twitter") stay. Titles, words in ``keep``
    and words the text also writes in lower case are left as they are."""
    lower = set(re.findall(r"[a-z]+", text))  # "Will", "Email": common words, not names
    given: dict[str, None] = {}
    surnames: dict[str, None] = {}
    for start, end in persons:
        words = [
            w
            for w in _NAME_WORD.findall(text[start:end])
            if len(w) > 1 and w not in keep and w not in TITLES and w.lower() not in lower
        ]
        if len(words) > 1:
            given.setdefault(words[0])
            surnames.setdefault(words[-1])
    return PersonNames(tuple(g for g in given if g not in surnames), tuple(surnames))


def replacement_pairs(text_id: str, names: PersonNames) -> list[NamePair]:
    """Each name paired with another of the same kind that is not among ``names``; drawn with
    a generator seeded by ``text_id``. A text with more names of a kind than the pool has free
    names keeps the later ones. Pairs swap both ways (:class:`spinscope.neutrality.NameSwapper`),
    so a pool name that the text uses otherwise ("Smith" as a company) takes the person's name:
    the copy still names as many people, and its labels still move with the words."""
    seed = int(hashlib.sha256(text_id.encode("utf-8")).hexdigest()[:16], 16)
    rng = random.Random(seed)
    named = set(names.given) | set(names.surnames)
    pairs: list[NamePair] = []
    for own, pool in ((names.given, GIVEN_NAMES), (names.surnames, SURNAMES)):
        free = [name for name in pool if name not in named]
        rng.shuffle(free)
        pairs += [NamePair(name, other) for name, other in zip(own, free, strict=False)]
    return pairs


def names_kept() -> frozenset[str]:
    """Words never replaced: the probes' names (sides, unseen sides, control words), so that
    :mod:`spinscope.neutrality` still measures what it says, and the replacement names."""
    probes = {
        name for pair in DEFAULT_PAIRS + UNSEEN_PAIRS + CONTROL_PAIRS for name in (pair.first, pair.second)
    }
    return frozenset(probes | set(GIVEN_NAMES) | set(SURNAMES))


def entity_person_finder() -> PersonFinder:
    """Persons as the shipped named-entity model finds them."""
    from spinscope.claims.entities import EntityTagger

    tagger = EntityTagger()

    def find(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        return [[(m.start, m.end) for m in mentions if m.label == "person"] for mentions in tagger.tag(texts)]

    return find
