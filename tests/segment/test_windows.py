"""Window planning over long token sequences and merging outputs back."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinscope.segment.blocks import split_blocks
from spinscope.segment.windows import Window, merge_window_outputs, plan_windows


def test_short_sequence_is_one_window() -> None:
    assert plan_windows(10, 254, 192) == [Window(0, 10)]
    assert plan_windows(0, 254, 192) == []


def test_windows_cover_everything_with_overlap() -> None:
    windows = plan_windows(600, 254, 192)
    assert windows[0].start == 0 and windows[-1].end == 600
    for a, b in itertools.pairwise(windows):
        assert b.start < a.end  # overlap
    assert all(w.length == 254 for w in windows)


def test_invalid_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        plan_windows(10, 4, 8)


@given(n=st.integers(1, 2000), size=st.integers(2, 300), data=st.data())
def test_merge_takes_each_token_from_its_most_central_window(n: int, size: int, data: st.DataObject) -> None:
    stride = data.draw(st.integers(1, size))
    windows = plan_windows(n, size, stride)
    # each window reports, for each token, (window index, margin of the token in that window)
    outputs = []
    for wi, w in enumerate(windows):
        idx = np.arange(w.start, w.end)
        margin = np.minimum(idx - w.start, w.end - 1 - idx)
        outputs.append(np.stack([np.full(w.length, wi), margin], axis=1).astype(np.float32))
    merged = merge_window_outputs(n, windows, outputs)
    assert merged.shape == (n, 2)
    best = np.full(n, -1.0)
    for w in windows:
        idx = np.arange(w.start, w.end)
        best[idx] = np.maximum(best[idx], np.minimum(idx - w.start, w.end - 1 - idx))
    assert np.array_equal(merged[:, 1], best)


def test_merge_checks_shapes() -> None:
    with pytest.raises(ValueError):
        merge_window_outputs(5, [Window(0, 5)], [np.zeros((4, 1), np.float32)])


@given(st.text(st.characters(codec="utf-8"), max_size=400), st.integers(8, 50))
def test_blocks_reassemble_the_text_exactly(text: str, max_chars: int) -> None:
    blocks = split_blocks(text, max_chars)
    assert "".join(b.text for b in blocks) == text
    position = 0
    for block in blocks:
        assert block.start == position
        assert len(block.text) <= max_chars
        position += len(block.text)
