"""Model windows over a long token sequence, and merging their outputs back.

A text of any length is cut into windows of at most ``size`` tokens that overlap; each
token's output is then taken from the window in which it sits most centrally, so that
every token is predicted with as much context on both sides as the windows allow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Window:
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def plan_windows(n_tokens: int, size: int, stride: int) -> list[Window]:
    """Cover ``range(n_tokens)`` with windows of ``size`` tokens, ``stride`` apart."""
    short = _at_most_one_window(n_tokens, size, stride)
    if short is not None:
        return short
    windows = [Window(s, s + size) for s in range(0, n_tokens - size, stride)]
    windows.append(Window(n_tokens - size, n_tokens))
    return windows


def spread_windows(n_tokens: int, size: int, max_stride: int, fitted: bool = False) -> list[Window]:
    """Cover ``range(n_tokens)`` with as few windows of ``size`` tokens as ``max_stride``
    allows, spread evenly: the seams' overlaps differ by at most one token and are at least
    ``size - max_stride`` tokens, and no last window nearly repeats the one before it (as a
    fixed stride can leave). The inference plan; training windows keep :func:`plan_windows`.

    ``fitted``: the same number of windows and the same smallest overlap, but every window only
    as long as that needs (all of a text's windows equally long, at most ``size``): a text
    just over five windows long is not encoded as six full ones."""
    short = _at_most_one_window(n_tokens, size, max_stride)
    if short is not None:
        return short
    gaps = -(-(n_tokens - size) // max_stride)  # ceil: windows - 1
    if fitted:
        overlap = size - max_stride
        size = min(size, -(-(n_tokens + gaps * overlap) // (gaps + 1)))
    last = n_tokens - size
    return [Window(start, start + size) for start in (round(i * last / gaps) for i in range(gaps + 1))]


def _at_most_one_window(n_tokens: int, size: int, stride: int) -> list[Window] | None:
    """The plan when ``n_tokens`` fits one window (None otherwise); bad settings raise."""
    if size <= 0 or stride <= 0 or stride > size:
        raise ValueError(f"need 0 < stride <= size, got size={size} stride={stride}")
    if n_tokens <= 0:
        return []
    return [Window(0, n_tokens)] if n_tokens <= size else None


def merge_window_outputs(
    n_tokens: int, windows: list[Window], outputs: list[npt.NDArray[np.float32]]
) -> npt.NDArray[np.float32]:
    """Combine per-window arrays of shape (window.length, C) into one (n_tokens, C) array."""
    if len(windows) != len(outputs):
        raise ValueError("one output array per window is needed")
    if not outputs:
        return np.zeros((n_tokens, 0), dtype=np.float32)
    channels = outputs[0].shape[1]
    merged = np.zeros((n_tokens, channels), dtype=np.float32)
    best = np.full(n_tokens, -1, dtype=np.int64)
    for window, out in zip(windows, outputs, strict=True):
        if out.shape[0] != window.length:
            raise ValueError(f"window {window} has {out.shape[0]} outputs, expected {window.length}")
        idx = np.arange(window.start, window.end)
        margin = np.minimum(idx - window.start, window.end - 1 - idx)
        take = margin > best[window.start : window.end]
        merged[idx[take]] = out[take]
        best[idx[take]] = margin[take]
    return merged
