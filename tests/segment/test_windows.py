"""Window planning over long token sequences and merging outputs back."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinscope.segment.blocks import split_blocks
from spinscope.segment.windows import Window, merge_window_outputs, plan_windows, spread_windows


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
    with pytest.raises(ValueError):
        spread_windows(10, 4, 8)


def test_spread_windows_leave_no_near_repeat_at_the_end() -> None:
    # a fixed stride of 192 needs 7 windows for 1,300 tokens, the last 86 tokens after the 6th
    assert len(plan_windows(1300, 254, 192)) == 7
    spread = spread_windows(1300, 254, 224)
    assert [w.start for w in spread] == [0, 209, 418, 628, 837, 1046]
    assert spread_windows(10, 254, 192) == [Window(0, 10)]
    assert spread_windows(0, 254, 192) == []


@given(n=st.integers(1, 3000), size=st.integers(2, 300), data=st.data())
def test_spread_windows_cover_evenly_within_the_largest_stride(
    n: int, size: int, data: st.DataObject
) -> None:
    stride = data.draw(st.integers(1, size))
    windows = spread_windows(n, size, stride)
    assert windows[0].start == 0 and windows[-1].end == n
    assert all(w.length == min(size, n) for w in windows)
    steps = [b.start - a.start for a, b in itertools.pairwise(windows)]
    assert all(0 < step <= stride for step in steps)
    assert not steps or max(steps) - min(steps) <= 1  # even seams
    assert len(windows) <= len(plan_windows(n, size, stride))  # never more work than a fixed stride


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


@given(n=st.integers(1, 3000), size=st.integers(2, 300), data=st.data())
def test_fitted_windows_are_as_many_and_no_longer_than_needed(n: int, size: int, data: st.DataObject) -> None:
    stride = data.draw(st.integers(1, size))
    spread = spread_windows(n, size, stride)
    fitted = spread_windows(n, size, stride, fitted=True)
    assert len(fitted) == len(spread)
    assert fitted[0].start == 0 and fitted[-1].end == n
    assert len({w.length for w in fitted}) == 1 and fitted[0].length <= min(size, n)
    overlaps = [a.end - b.start for a, b in itertools.pairwise(fitted)]
    assert all(overlap >= size - stride - 1 for overlap in overlaps)  # the seams keep their context
    if len(fitted) > 1:  # one token shorter and the overlaps could not be kept
        assert (fitted[0].length - 1) * len(fitted) < n + (len(fitted) - 1) * (size - stride)


def test_fitted_windows_of_a_text_just_over_five_windows_long() -> None:
    fitted = spread_windows(1300, 254, 224, fitted=True)
    assert len(fitted) == 6 and {w.length for w in fitted} == {242}
    assert sum(w.length for w in fitted) < sum(w.length for w in spread_windows(1300, 254, 224))
