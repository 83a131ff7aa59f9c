"""JSON forms of corpus statistics (shared by the web API and tests)."""

from __future__ import annotations

import math
from typing import Any

from spinscope.corpus.stats import GroupRates, RateTable


def _num(value: float) -> float | None:
    return round(value, 6) if math.isfinite(value) else None


def group_json(table: RateTable, row: GroupRates) -> dict[str, Any]:
    return {
        "group": dict(zip(table.by, row.group, strict=True)) if row.group else None,
        "documents": row.documents,
        "words": row.words,
        "spans": row.spans,
        "claims": row.claims,
        "spans_per_1000_words": _num(row.span_rate),
        "claims_per_1000_words": _num(row.claim_rate),
        "techniques_per_1000_words": {
            t: _num(r) for t, r in zip(table.techniques, row.technique_rates, strict=True)
        },
    }


def rate_table_json(table: RateTable) -> dict[str, Any]:
    return {
        "by": list(table.by),
        "techniques": list(table.techniques),
        "groups": [group_json(table, row) for row in table.rows],
        "total": group_json(table, table.total),
    }
