"""spinscope: find persuasion and propaganda techniques in text, with exact character spans.

    >>> import spinscope
    >>> result = spinscope.analyze("They are traitors, every one of them!")
    >>> [(s.technique, s.text) for s in result.spans]  # doctest: +SKIP

``spinscope.techniques`` lists the techniques with definitions and examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinscope.analysis import SCHEMA_VERSION, Analysis, ModelInfo, Span
from spinscope.deprecation import positional_options
from spinscope.errors import SpinscopeError
from spinscope.techniques import TECHNIQUES as techniques
from spinscope.techniques import Technique

if TYPE_CHECKING:
    from spinscope.analyzer import Analyzer

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Analyzer",
    "ModelInfo",
    "Span",
    "SpinscopeError",
    "Technique",
    "analyze",
    "analyze_many",
    "load",
    "techniques",
]


def load(
    model_dir: str | None = None,
    *args: Any,
    threads: int | None = None,
    batch_size: int = 1,
    claims: bool = True,
    name_blind: bool | None = None,
) -> Analyzer:
    """Load (once, then cached) the analyzer for ``model_dir`` (default: the bundled model).
    ``claims=False`` skips check-worthy claims and quoted-speech flags (techniques only, faster).
    ``name_blind``: the technique model reads the names of sides (peoples, countries, faiths,
    parties, political camps) as invented names (True) or as written (False); None: as the
    model card says (:mod:`spinscope.segment.sides`).
    The options are keyword-only; passing them by position still works, with a DeprecationWarning."""
    options = {"threads": threads, "batch_size": batch_size, "claims": claims}
    options |= positional_options("spinscope.load", tuple(options), args)
    return _load(model_dir, **options, name_blind=name_blind)


@lru_cache(maxsize=4)
def _load(
    model_dir: str | None, *, threads: int | None, batch_size: int, claims: bool, name_blind: bool | None
) -> Analyzer:
    from spinscope.analyzer import Analyzer
    from spinscope.model.onnx_runtime import RuntimeOptions

    path = Path(model_dir) if model_dir else None
    options = RuntimeOptions(threads=threads, batch_size=batch_size, name_blind=name_blind)
    return Analyzer.load(path, options=options, claims=claims)


def analyze(
    text: str,
    *,
    min_score: float | None = None,
    model_dir: str | None = None,
    published: str | None = None,
) -> Analysis:
    """Analyse one text with the bundled model (loaded on first use). ``published`` is the
    publication date (ISO 8601, e.g. "2021-01-17") that relative dates in claims refer to."""
    return load(model_dir).analyze(text, min_score, published)


def analyze_many(
    texts: Sequence[str],
    *,
    batch_size: int = 1,
    threads: int | None = None,
    min_score: float | None = None,
    model_dir: str | None = None,
    published: str | Sequence[str | None] | None = None,
    claims: bool = True,
) -> list[Analysis]:
    """Analyse many texts; results keep input order, and each text's result is the one it
    gets alone (model calls never mix texts).
    ``published`` (ISO 8601): one date for every text, or a list with one per text (None where
    unknown); ``claims=False`` analyses techniques only."""
    return load(model_dir, threads=threads, batch_size=batch_size, claims=claims).analyze_many(
        texts, min_score, published
    )


def __getattr__(name: str) -> object:
    if name == "Analyzer":
        from spinscope.analyzer import Analyzer

        return Analyzer
    raise AttributeError(f"module 'spinscope' has no attribute {name!r}")
