"""Reading a result store: the queries behind exports, stored analyses and the per-document
figures that corpus statistics are built from. Rows become domain objects in
spinscope.store.rebuild."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import Select, and_, func, inspect, literal_column, select, text
from sqlalchemy.orm import Session

from spinscope.analysis import Analysis
from spinscope.errors import InputFormatError, StoreError
from spinscope.store.connect import Store
from spinscope.store.models import ClaimRow, Document, DocumentStatus, ModelSetting, Outcome, Run, SpanRow
from spinscope.store.rebuild import analysis_from_rows, export_record
from spinscope.store.records import CorpusFilter, SettingInfo

Ts = TypeVarTuple("Ts")
_TERM = re.compile(r"\w+")
_EXPORT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class DocumentFigures:
    """One analysed document, as corpus statistics see it."""

    id: int
    key: str
    source: str | None
    published: dt.date | None
    n_words: int
    n_claims: int


@dataclass(frozen=True, slots=True)
class ExampleSpan:
    technique: str
    text: str
    score: float
    doc_key: str
    title: str | None
    quoted: bool


# ---------------------------------------------------------------- model settings


def settings(store: Store) -> list[SettingInfo]:
    with store.session() as session:
        rows = session.execute(select(ModelSetting).order_by(ModelSetting.id)).scalars().all()
        return [SettingInfo(r.id, r.name, r.version, r.min_score, r.claims_model) for r in rows]


def default_setting(store: Store, version: str | None = None) -> SettingInfo:
    """The setting of the newest run (optionally the newest run of model ``version``)."""
    stmt = select(ModelSetting).join(Run, Run.model_setting_id == ModelSetting.id).order_by(Run.id.desc())
    if version is not None:
        stmt = stmt.where(ModelSetting.version == version)
    with store.session() as session:
        row = session.execute(stmt.limit(1)).scalars().first()
        if row is None:
            known = ", ".join(sorted({s.version for s in settings(store)})) or "none"
            what = (
                f"results of model version {version!r} (versions stored: {known})" if version else "results"
            )
            raise StoreError(f"{store.display}: holds no {what}; run `spinscope batch` first")
        return SettingInfo(row.id, row.name, row.version, row.min_score, row.claims_model)


# ---------------------------------------------------------------- filters


def keyword_terms(keyword: str) -> list[str]:
    terms = _TERM.findall(keyword)
    if not terms:
        raise InputFormatError(f"keyword {keyword!r} has no words to search for")
    return terms


def _has_sqlite_fts(session: Session) -> bool:
    return inspect(session.get_bind()).has_table("documents_fts")


def _keyword_condition(session: Session, keyword: str) -> Any:
    terms = keyword_terms(keyword)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # the same expression as the GIN index of migration 0001, so that the index is used
        empty: Any = literal_column("''")
        space: Any = literal_column("' '")
        document = (
            func.coalesce(Document.title, empty).op("||")(space).op("||")(func.coalesce(Document.text, empty))
        )
        return func.to_tsvector(literal_column("'simple'::regconfig"), document).op("@@")(
            func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(terms))
        )
    if _has_sqlite_fts(session):
        query = " ".join(f'"{term}"' for term in terms)
        matching = text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :query").bindparams(
            query=query
        )
        return Document.id.in_(matching.columns(literal_column("rowid")))
    return and_(*(func.lower(Document.text).contains(term.lower(), autoescape=True) for term in terms))


def _filtered(session: Session, stmt: Select[*Ts], setting: SettingInfo, where: CorpusFilter) -> Select[*Ts]:
    """Restrict a statement that already joins Document and Outcome to current, analysed
    documents of ``setting`` that pass ``where``."""
    stmt = stmt.where(
        Outcome.model_setting_id == setting.id,
        Outcome.status == DocumentStatus.DONE,
        Outcome.text_hash == Document.text_hash,
    )
    if where.sources:
        stmt = stmt.where(Document.source.in_(where.sources))
    if where.since is not None:
        stmt = stmt.where(Document.published >= where.since)
    if where.until is not None:
        stmt = stmt.where(Document.published <= where.until)
    if where.keyword:
        stmt = stmt.where(_keyword_condition(session, where.keyword))
    return stmt


# ---------------------------------------------------------------- corpus figures


def document_figures(store: Store, setting: SettingInfo, where: CorpusFilter) -> list[DocumentFigures]:
    stmt = select(
        Document.id, Document.doc_key, Document.source, Document.published, Document.n_words, Outcome.n_claims
    ).join(Outcome, Outcome.document_id == Document.id)
    with store.session() as session:
        rows = session.execute(_filtered(session, stmt, setting, where).order_by(Document.id)).all()
    return [DocumentFigures(*row) for row in rows]


def technique_counts(store: Store, setting: SettingInfo, where: CorpusFilter) -> list[tuple[int, str, int]]:
    """(document id, technique, spans) for every document and technique with spans."""
    stmt = (
        select(Document.id, SpanRow.technique, func.count(SpanRow.id))
        .join(Outcome, Outcome.document_id == Document.id)
        .join(SpanRow, SpanRow.outcome_id == Outcome.id)
        .group_by(Document.id, SpanRow.technique)
    )
    with store.session() as session:
        return [
            (int(d), str(t), int(n)) for d, t, n in session.execute(_filtered(session, stmt, setting, where))
        ]


def example_spans(
    store: Store, setting: SettingInfo, where: CorpusFilter, technique: str, limit: int = 3
) -> list[ExampleSpan]:
    """The highest-scoring spans of ``technique``, at most one per document."""
    stmt = (
        select(SpanRow.text, SpanRow.score, SpanRow.quoted, Document.doc_key, Document.title)
        .join(Outcome, SpanRow.outcome_id == Outcome.id)
        .join(Document, Outcome.document_id == Document.id)
        .where(SpanRow.technique == technique)
        .order_by(SpanRow.score.desc(), SpanRow.id)
        .limit(limit * 20)
    )
    out: list[ExampleSpan] = []
    seen: set[str] = set()
    with store.session() as session:
        for span_text, score, quoted, key, title in session.execute(_filtered(session, stmt, setting, where)):
            if key in seen:
                continue
            seen.add(key)
            out.append(ExampleSpan(technique, span_text, float(score), key, title, bool(quoted)))
            if len(out) == limit:
                break
    return out


def sources(
    store: Store, setting: SettingInfo, where: CorpusFilter | None = None
) -> list[tuple[str | None, int]]:
    """(source, analysed documents) pairs, most documents first."""
    stmt = (
        select(Document.source, func.count(Document.id))
        .join(Outcome, Outcome.document_id == Document.id)
        .group_by(Document.source)
    )
    with store.session() as session:
        rows = session.execute(_filtered(session, stmt, setting, where or CorpusFilter())).all()
    return sorted(((s, int(n)) for s, n in rows), key=lambda r: (-r[1], r[0] or ""))


def search_documents(
    store: Store, setting: SettingInfo, where: CorpusFilter, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    stmt = select(
        Document.doc_key,
        Document.title,
        Document.source,
        Document.published,
        Document.url,
        Document.n_words,
        Outcome.n_spans,
        Outcome.n_claims,
    ).join(Outcome, Outcome.document_id == Document.id)
    with store.session() as session:
        stmt = _filtered(session, stmt, setting, where)
        rows = session.execute(
            stmt.order_by(Document.published.desc().nulls_last(), Document.id).limit(limit).offset(offset)
        ).all()
    return [
        {
            "id": key,
            "title": title,
            "source": source,
            "published": published.isoformat() if published else None,
            "url": url,
            "words": n_words,
            "spans": n_spans,
            "claims": n_claims,
        }
        for key, title, source, published, url, n_words, n_spans, n_claims in rows
    ]


# ---------------------------------------------------------------- stored analyses and export


def _spans_by_outcome(session: Session, outcome_ids: Sequence[int]) -> dict[int, list[SpanRow]]:
    out: dict[int, list[SpanRow]] = {}
    if outcome_ids:
        stmt = select(SpanRow).where(SpanRow.outcome_id.in_(outcome_ids)).order_by(SpanRow.id)
        for row in session.execute(stmt).scalars():
            out.setdefault(row.outcome_id, []).append(row)
    return out


def _claims_by_outcome(session: Session, outcome_ids: Sequence[int]) -> dict[int, list[ClaimRow]]:
    out: dict[int, list[ClaimRow]] = {}
    if outcome_ids:
        stmt = select(ClaimRow).where(ClaimRow.outcome_id.in_(outcome_ids)).order_by(ClaimRow.id)
        for row in session.execute(stmt).scalars():
            out.setdefault(row.outcome_id, []).append(row)
    return out


def _fetch(
    session: Session, keys: Sequence[str], setting: SettingInfo
) -> dict[str, tuple[Document, Outcome | None]]:
    stmt = (
        select(Document, Outcome)
        .outerjoin(Outcome, (Outcome.document_id == Document.id) & (Outcome.model_setting_id == setting.id))
        .where(Document.doc_key.in_(keys))
    )
    return {doc.doc_key: (doc, outcome) for doc, outcome in session.execute(stmt)}


def load_analyses(store: Store, keys: Sequence[str], setting: SettingInfo) -> dict[str, Analysis]:
    """Stored analyses of the documents ``keys`` (documents without a current one are absent)."""
    out: dict[str, Analysis] = {}
    for start in range(0, len(keys), _EXPORT_CHUNK):
        with store.session() as session:
            found = _fetch(session, keys[start : start + _EXPORT_CHUNK], setting)
            done = {
                k: (d, o)
                for k, (d, o) in found.items()
                if o is not None and o.status == DocumentStatus.DONE and o.text_hash == d.text_hash
            }
            ids = [o.id for _, o in done.values() if o is not None]
            spans, claims = _spans_by_outcome(session, ids), _claims_by_outcome(session, ids)
            for key, (doc, outcome) in done.items():
                assert outcome is not None
                out[key] = analysis_from_rows(
                    doc, outcome, setting, spans.get(outcome.id, []), claims.get(outcome.id, [])
                )
    return out


def export_records(
    store: Store, keys: Sequence[str], setting: SettingInfo, include_text: bool = False
) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per key, in the order given: the analysis, or the failure."""
    for start in range(0, len(keys), _EXPORT_CHUNK):
        chunk = keys[start : start + _EXPORT_CHUNK]
        with store.session() as session:
            found = _fetch(session, chunk, setting)
            ids = [o.id for _, o in found.values() if o is not None]
            spans, claims = _spans_by_outcome(session, ids), _claims_by_outcome(session, ids)
            for key in chunk:
                if key not in found:
                    raise StoreError(f"{store.display}: document {key!r} is missing from the store")
                doc, outcome = found[key]
                yield export_record(doc, outcome, setting, spans, claims, include_text=include_text)
