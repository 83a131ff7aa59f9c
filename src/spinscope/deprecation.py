"""Keyword-only options that older code still passes by position: accepted, with a warning."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any


def positional_options(where: str, names: Sequence[str], args: tuple[Any, ...]) -> dict[str, Any]:
    """The options in ``args``, given by position the old way, under their keyword ``names``;
    warns (DeprecationWarning) when there are any."""
    if not args:
        return {}
    if len(args) > len(names):
        raise TypeError(
            f"{where}() takes at most {len(names) + 1} positional arguments ({len(args) + 1} given)"
        )
    given = names[: len(args)]
    warnings.warn(
        f"{where}(): pass {', '.join(given)} by keyword ({given[0]}=...); positional use is deprecated",
        DeprecationWarning,
        stacklevel=3,
    )
    return dict(zip(given, args, strict=True))
