"""Reading SemEval-2021 Task 6 style extra training data (invented fixture texts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinscope.errors import TrainingSetupError
from spinscope.techniques import TECHNIQUES
from spinscope.train.meme_corpus import TECHNIQUE_IDS, read_meme_corpus


def _write(tmp_path: Path, items: object) -> Path:
    path = tmp_path / "memes.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_maps_techniques_and_drops_unknown_ones(tmp_path: Path) -> None:
    text = "ONLY TRAITORS BUY IMPORTED CHEESE\n\nLOCAL CHEESE FOREVER"
    items = [
        {
            "id": "7",
            "text": text,
            "labels": [
                {"start": 5, "end": 13, "technique": "Name calling/Labeling"},
                {"start": 35, "end": 55, "technique": "Slogans"},
                {"start": 0, "end": 4, "technique": "Smears"},
            ],
        },
        {"id": "8", "text": "Nothing to see here.", "labels": []},
    ]
    corpus = read_meme_corpus(_write(tmp_path, items))
    assert [a.id for a in corpus.articles] == ["meme-7", "meme-8"]
    rows = corpus.gold["meme-7"]
    assert [(r.technique, text[r.start : r.end]) for r in rows] == [
        ("name_calling", "TRAITORS"),
        ("slogans", "LOCAL CHEESE FOREVER"),
    ]
    assert corpus.dropped_spans == 1
    assert corpus.gold["meme-8"] == []


def test_every_mapped_technique_is_one_of_ours() -> None:
    assert set(TECHNIQUE_IDS.values()) <= set(TECHNIQUES.ids)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read"),
        ('{"id": 1}', "expected a JSON list"),
        ('[{"id": "1", "labels": []}]', "item 0: malformed"),
        ('[{"id": "1", "text": "abc", "labels": [{"start": 2, "end": 9, "technique": "Doubt"}]}]', "outside"),
    ],
)
def test_malformed_files_get_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrainingSetupError, match=message):
        read_meme_corpus(path)
