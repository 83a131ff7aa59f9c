"""benchmarks/entity_head.py: mentions become token labels and come back unchanged."""

from __future__ import annotations

import re
from types import ModuleType

import numpy as np
import pytest

from tests.support import load_benchmark


@pytest.fixture(scope="module")
def head() -> ModuleType:
    return load_benchmark("entity_head")


def _sentence(head: ModuleType, text: str, mentions: set[tuple[int, int, int]]) -> object:
    # one token per word or punctuation mark, "'s" as a token of its own
    pieces = [(m.start(), m.end()) for m in re.finditer(r"'s|\w+|[^\w\s]", text)]
    starts = np.array([s for s, _ in pieces], dtype=np.int64)
    ends = np.array([e for _, e in pieces], dtype=np.int64)
    features = head.casing(text, starts, ends)
    return head.Sentence(features, starts, ends, mentions)


def test_labels_round_trip_adjacent_mentions_of_one_kind(head: ModuleType) -> None:
    text = "Jane Doe met John Smith in New York's harbour on 3 May 1990."
    mentions = {(0, 8, 1), (13, 23, 1), (27, 35, 3), (49, 59, 4)}
    sentence = _sentence(head, text, mentions)
    labels = head.token_labels(sentence)
    assert labels.tolist() == [1, 2, 0, 1, 2, 0, 5, 6, 0, 0, 0, 7, 8, 8, 0]
    assert head.mentions_of(sentence, labels) == mentions


def test_casing_marks_capitals_digits_and_the_first_token(head: ModuleType) -> None:
    sentence = _sentence(head, "The UN met in 1990", set())
    own = sentence.features[:, :5]
    assert own[:, 0].tolist() == [1, 1, 0, 0, 0]  # capitalised
    assert own[:, 1].tolist() == [0, 1, 0, 0, 0]  # all capitals
    assert own[:, 2].tolist() == [0, 0, 0, 0, 1]  # digits
    assert own[:, 3].tolist() == [1, 0, 0, 0, 0]  # first token
    assert sentence.features[1, 5:10].tolist() == own[0].tolist()  # previous token's features


def test_scores_exact_span_and_kind(head: ModuleType) -> None:
    text = "Jane Doe met John Smith"
    sentence = _sentence(head, text, {(0, 8, 1), (13, 23, 1)})
    found = head.score([sentence], lambda s: np.array([1, 2, 0, 3, 4]))
    assert found["per_kind_f1"]["person"] == 0.667  # rounded to three places
    assert found["per_kind_f1"]["organisation"] == 0.0
    assert found["f1"] == 0.5
