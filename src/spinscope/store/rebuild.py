"""Domain objects rebuilt from stored rows: analyses with their spans and claims, and the JSON
export record of a document. The queries that fetch the rows are in spinscope.store.reader."""

from __future__ import annotations

from typing import Any

from spinscope.analysis import SCHEMA_VERSION, Analysis, Claim, DateMention, Entity, ModelInfo, Span
from spinscope.store.models import ClaimRow, Document, DocumentStatus, Outcome, SpanRow
from spinscope.store.records import SettingInfo


def claim_from_row(row: ClaimRow) -> Claim:
    return Claim(
        start=row.start,
        end=row.end,
        text=row.text,
        score=row.score,
        entities=tuple(Entity(**e) for e in row.entities),
        dates=tuple(DateMention(**d) for d in row.dates),
        quoted=row.quoted,
    )


def analysis_from_rows(
    doc: Document, outcome: Outcome, setting: SettingInfo, spans: list[SpanRow], claims: list[ClaimRow]
) -> Analysis:
    """The stored analysis of ``doc``: its spans checked against its text (Span.from_dict)."""
    text_value = doc.text or ""
    return Analysis(
        text=text_value,
        spans=tuple(Span.from_dict(s.as_dict(), text_value) for s in spans),
        model=ModelInfo(setting.name, setting.version),
        min_score=setting.min_score,
        claims=tuple(claim_from_row(c) for c in claims),
    )


def export_record(
    doc: Document,
    outcome: Outcome | None,
    setting: SettingInfo,
    spans: dict[int, list[SpanRow]],
    claims: dict[int, list[ClaimRow]],
    *,
    include_text: bool,
) -> dict[str, Any]:
    """The JSON export record of ``doc``: its analysis when current and done, else why not."""
    record: dict[str, Any] = {
        "id": doc.doc_key,
        "source": doc.source,
        "published": doc.published.isoformat() if doc.published else None,
        "title": doc.title,
        "url": doc.url,
        "locator": doc.locator,
        "text_hash": doc.text_hash,
        "words": doc.n_words,
    }
    current = outcome is not None and outcome.text_hash == doc.text_hash
    if outcome is None or not current:
        record["status"] = "missing"
        record["error"] = "no result for this text under this model setting"
    elif outcome.status == DocumentStatus.DONE:
        analysis = analysis_from_rows(
            doc, outcome, setting, spans.get(outcome.id, []), claims.get(outcome.id, [])
        )
        record["status"] = "done"
        data = analysis.to_dict()
        data.setdefault("claims", [c.to_dict() for c in analysis.claims])
        record["analysis"] = data
    else:
        record["status"] = DocumentStatus.FAILED.value
        record["error"] = outcome.error
    if include_text:
        record["text"] = doc.text
    record["schema_version"] = SCHEMA_VERSION
    return record
