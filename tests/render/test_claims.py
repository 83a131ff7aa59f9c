"""Claims in the outputs: the JSON form (schema 1.1) and the terminal view, from hand-built analyses."""

from __future__ import annotations

import io
import json

from rich.console import Console

from spinscope.analysis import SCHEMA_VERSION, Analysis, Claim, DateMention, Entity, ModelInfo, Span
from spinscope.render.json_view import analysis_json
from spinscope.render.terminal import claims_table, render

TEXT = (
    "On January 19, 1990 the council of Port Elin 😀 approved a 84 million crown bridge. "
    "“It will ruin us,” said Ana Voss. What a disgrace!"
)


def build() -> Analysis:
    first_end = TEXT.index("bridge.") + len("bridge.")
    quote_start = TEXT.index("“")
    quote_end = TEXT.index("Voss.") + len("Voss.")
    date_start = TEXT.index("January")
    place = TEXT.index("Port Elin")
    person = TEXT.index("Ana Voss")
    ruin = TEXT.index("ruin us")
    return Analysis(
        text=TEXT,
        spans=(
            Span(ruin, ruin + 7, "loaded_language", 0.8, "ruin us", quoted=True),
            Span(TEXT.index("disgrace"), TEXT.index("disgrace") + 8, "loaded_language", 0.7, "disgrace"),
        ),
        model=ModelInfo("ptc-minilm", "1.0"),
        min_score=0.4,
        claims=(
            Claim(
                0,
                first_end,
                TEXT[:first_end],
                0.93,
                entities=(Entity(place, place + 9, "Port Elin", "place"),),
                dates=(DateMention(date_start, date_start + 16, "January 19, 1990", "1990-01-19"),),
            ),
            Claim(
                quote_start,
                quote_end,
                TEXT[quote_start:quote_end],
                0.61,
                entities=(Entity(person, person + 8, "Ana Voss", "person"),),
                quoted=True,
            ),
        ),
        meta={"published": "2021-01-17"},
    )


def test_json_has_claims_and_round_trips() -> None:
    analysis = build()
    data = json.loads(json.dumps(analysis_json(analysis)))
    assert data["schema_version"] == SCHEMA_VERSION == "1.1"
    first = data["claims"][0]
    assert first == {
        "start": 0,
        "end": analysis.claims[0].end,
        "text": analysis.claims[0].text,
        "score": 0.93,
        "entities": [{"start": 35, "end": 44, "text": "Port Elin", "label": "place"}],
        "dates": [{"start": 3, "end": 19, "text": "January 19, 1990", "value": "1990-01-19"}],
        "quoted": False,
    }
    assert data["claims"][1]["quoted"] is True and data["spans"][0]["quoted"] is True
    assert data["meta"] == {"published": "2021-01-17"}
    assert Analysis.from_dict(data, TEXT) == analysis


def test_json_of_an_analysis_without_claims_has_an_empty_list() -> None:
    analysis = Analysis(text="Hi.", spans=(), model=ModelInfo("m", "1"), min_score=0.5)
    data = analysis.to_dict()
    assert data["claims"] == []
    assert Analysis.from_dict(data, "Hi.").claims == ()


def test_terminal_lists_claims_by_score_with_who_and_when() -> None:
    analysis = build()
    buffer = io.StringIO()
    render(analysis, Console(file=buffer, width=120, no_color=True))
    out = buffer.getvalue()
    assert "Check-worthy claims" in out
    assert out.index("0.93") < out.index("0.61")
    assert "place: Port Elin" in out and "date: January 19, 1990 = 1990-01-19" in out
    assert "person: Ana Voss" in out and "(quoted)" in out


def test_claims_table_ranks_by_score() -> None:
    analysis = build()
    reordered = Analysis(
        text=TEXT, spans=(), model=analysis.model, min_score=0.4, claims=tuple(reversed(analysis.claims))
    )
    table = claims_table(reordered)
    scores = list(table.columns[1].cells)
    assert scores == ["0.93", "0.61"]
