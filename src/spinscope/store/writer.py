"""Writing batch results: each chunk of outcomes is one transaction, so a killed process
leaves every document either fully stored or absent, never half-written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from spinscope.errors import StoreError
from spinscope.store.connect import Store
from spinscope.store.models import (
    ClaimRow,
    Document,
    DocumentStatus,
    ModelSetting,
    Outcome,
    Run,
    RunState,
    SpanRow,
)
from spinscope.store.records import DocumentRecord, OutcomeRecord, RunCounts, SettingInfo, StoredState


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _dialect_insert(session: Session, model: type[Any]) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise StoreError(f"unsupported database dialect {name!r}")


def ensure_setting(
    store: Store, name: str, version: str, min_score: float, claims_model: str = ""
) -> SettingInfo:
    """The (model, version, threshold, claim model) setting, created on first use."""
    key = {"name": name, "version": version, "min_score": min_score, "claims_model": claims_model}
    with store.session() as session:
        session.execute(
            _dialect_insert(session, ModelSetting)
            .values(**key)
            .on_conflict_do_nothing(index_elements=list(key))
        )
        setting_id = session.scalar(
            select(ModelSetting.id).where(*(getattr(ModelSetting, k) == v for k, v in key.items()))
        )
    if setting_id is None:
        raise StoreError(f"{store.display}: could not record model setting {name} {version}")
    return SettingInfo(setting_id, name, version, min_score, claims_model)


def start_run(
    store: Store, input_ref: str, engine: str, setting: SettingInfo, settings: Mapping[str, Any]
) -> int:
    with store.session() as session:
        run = Run(
            started_at=_now(),
            status=RunState.RUNNING,
            input=input_ref,
            engine=engine,
            model_setting_id=setting.id,
            settings=dict(settings),
            n_total=0,
            n_done=0,
            n_skipped=0,
            n_failed=0,
        )
        session.add(run)
        session.flush()
        return run.id


def update_run(store: Store, run_id: int, counts: RunCounts, status: RunState | None = None) -> None:
    values: dict[str, Any] = {
        "n_total": counts.total,
        "n_done": counts.done,
        "n_skipped": counts.skipped,
        "n_failed": counts.failed,
    }
    if status is not None:
        values["status"] = status
        if status != RunState.RUNNING:
            values["finished_at"] = _now()
    with store.session() as session:
        session.execute(update(Run).where(Run.id == run_id).values(**values))


def stored_counts(store: Store, run_id: int) -> tuple[int, int]:
    """(done, failed): the outcomes that run ``run_id`` stored, counted in the store itself."""
    stmt = select(Outcome.status, func.count()).where(Outcome.run_id == run_id).group_by(Outcome.status)
    with store.session() as session:
        counts = {status: int(n) for status, n in session.execute(stmt)}
    return counts.get(DocumentStatus.DONE, 0), counts.get(DocumentStatus.FAILED, 0)


def close_stale_runs(store: Store) -> int:
    """Mark runs still recorded as running as interrupted (call only while no batch can be
    running: they were killed before they could say so). Returns how many there were."""
    with store.session() as session:
        result = session.execute(
            update(Run)
            .where(Run.status == RunState.RUNNING)
            .values(status=RunState.INTERRUPTED, finished_at=_now())
        )
    return int(getattr(result, "rowcount", 0) or 0)


def stored_states(store: Store, keys: Iterable[str], setting: SettingInfo) -> dict[str, StoredState]:
    """What the store holds for each of ``keys`` (keys it has never seen are absent)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    stmt = (
        select(
            Document.doc_key,
            Document.text_hash,
            Document.source,
            Document.published,
            Document.title,
            Document.url,
            Document.locator,
            Outcome.status,
            Outcome.text_hash,
        )
        .outerjoin(Outcome, (Outcome.document_id == Document.id) & (Outcome.model_setting_id == setting.id))
        .where(Document.doc_key.in_(wanted))
    )
    out: dict[str, StoredState] = {}
    with store.session() as session:
        for key, doc_hash, source, published, title, url, locator, status, outcome_hash in session.execute(
            stmt
        ):
            done = status == DocumentStatus.DONE and doc_hash is not None and outcome_hash == doc_hash
            out[key] = StoredState(doc_hash, done, (source, published, title, url, locator))
    return out


def update_metadata(store: Store, documents: Sequence[DocumentRecord]) -> None:
    """Refresh source, date, title, url and locator of documents whose text is unchanged."""
    if not documents:
        return
    with store.session() as session:
        for doc in documents:
            session.execute(
                update(Document)
                .where(Document.doc_key == doc.key)
                .values(
                    source=doc.source,
                    published=doc.published,
                    title=doc.title,
                    url=doc.url,
                    locator=doc.locator,
                )
            )


def save_outcomes(
    store: Store, run_id: int, setting: SettingInfo, outcomes: Sequence[OutcomeRecord]
) -> list[OutcomeRecord]:
    """Store outcomes in one transaction and return what was stored. If the database refuses
    the chunk, store them one by one, and record any document it still refuses as a failure
    with the database's reason (that failure is what comes back for it). A lost connection is
    not a refusal: it propagates."""
    if not outcomes:
        return []
    try:
        with store.session() as session:
            for outcome in outcomes:
                _save_one(session, run_id, setting.id, outcome)
        return list(outcomes)
    except DBAPIError as exc:
        if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
            raise
    stored: list[OutcomeRecord] = []
    for outcome in outcomes:
        try:
            with store.session() as session:
                _save_one(session, run_id, setting.id, outcome)
            stored.append(outcome)
        except DBAPIError as exc:
            if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
                raise
            reason = f"the database refused this document: {exc.orig}".splitlines()[0]
            unreadable = DocumentRecord(
                key=outcome.document.key,
                locator=outcome.document.locator,
                text=None,
                source=outcome.document.source,
                published=outcome.document.published,
                title=None,
                url=None,
            )
            refused = OutcomeRecord(unreadable, error=reason)
            with store.session() as session:
                _save_one(session, run_id, setting.id, refused)
            stored.append(refused)
    return stored


def _save_one(session: Session, run_id: int, setting_id: int, outcome: OutcomeRecord) -> None:
    doc = outcome.document
    values = {
        "doc_key": doc.key,
        "source": doc.source,
        "published": doc.published,
        "title": doc.title,
        "url": doc.url,
        "locator": doc.locator,
        "text_hash": doc.text_hash,
        "text": doc.text,
        "n_words": doc.n_words,
    }
    stmt = _dialect_insert(session, Document).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["doc_key"], set_={k: stmt.excluded[k] for k in values if k != "doc_key"}
    ).returning(Document.id)
    document_id = session.execute(stmt).scalar_one()
    previous = session.execute(
        select(Outcome.id, Outcome.attempts).where(
            Outcome.document_id == document_id, Outcome.model_setting_id == setting_id
        )
    ).first()
    attempts = 1
    if previous is not None:
        attempts = previous.attempts + 1
        session.execute(delete(Outcome).where(Outcome.id == previous.id))
    analysis = outcome.analysis
    outcome_id = session.execute(
        insert(Outcome)
        .values(
            document_id=document_id,
            model_setting_id=setting_id,
            run_id=run_id,
            text_hash=doc.text_hash,
            status=DocumentStatus.DONE if analysis is not None else DocumentStatus.FAILED,
            error=outcome.error,
            attempts=attempts,
            n_spans=len(analysis.spans) if analysis else 0,
            n_claims=len(analysis.claims) if analysis else 0,
            created_at=_now(),
        )
        .returning(Outcome.id)
    ).scalar_one()
    if analysis is None:
        return
    if analysis.spans:
        session.execute(
            insert(SpanRow),
            [{"outcome_id": outcome_id, **s.to_dict(exact=True)} for s in analysis.spans],
        )
    if analysis.claims:
        session.execute(
            insert(ClaimRow),
            [
                {
                    "outcome_id": outcome_id,
                    "start": c.start,
                    "end": c.end,
                    "score": c.score,
                    "quoted": c.quoted,
                    "text": c.text,
                    "entities": [e.to_dict() for e in c.entities],
                    "dates": [d.to_dict() for d in c.dates],
                }
                for c in analysis.claims
            ],
        )
