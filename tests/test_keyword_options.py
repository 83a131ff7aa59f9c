"""Options are keyword-only; positional use of the public loaders still works, with a warning."""

from __future__ import annotations

import pytest

import spinscope
from spinscope.analyzer import Analyzer, default_model_dir


def test_load_takes_options_by_keyword_and_warns_on_positions() -> None:
    by_keyword = spinscope.load(None, threads=1, claims=False)
    with pytest.warns(
        DeprecationWarning, match=r"spinscope.load\(\): pass threads, batch_size, claims by keyword"
    ):
        by_position = spinscope.load(None, 1, 1, False)
    assert by_position is by_keyword  # the same cached analyzer
    with pytest.raises(TypeError, match="at most 4 positional"):
        spinscope.load(None, 1, 1, False, "extra")


def test_analyzer_load_warns_on_positions() -> None:
    with pytest.warns(DeprecationWarning, match="Analyzer.load"):
        analyzer = Analyzer.load(default_model_dir(), None, False)
    assert analyzer.claims is None
