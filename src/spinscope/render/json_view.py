"""The JSON form of an analysis (see docs/json-schema.md for the schema)."""

from __future__ import annotations

import json
from typing import Any

from spinscope.analysis import Analysis


def analysis_json(
    analysis: Analysis, source: str | None = None, include_text: bool = False
) -> dict[str, Any]:
    data = analysis.to_dict()
    if source is not None:
        data["source"] = source
    if include_text:
        data["text"] = analysis.text
    return data


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
