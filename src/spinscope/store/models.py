"""The relational schema of a result store (SQLAlchemy 2 declarative models).

Schema changes go through Alembic migrations in ``spinscope/store/migrations``; the
models here must always match the newest migration (a test checks this).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DocumentStatus(StrEnum):
    """How a document's analysis ended; stored as these strings."""

    DONE = "done"
    FAILED = "failed"


class RunState(StrEnum):
    """Where a batch run stands; stored as these strings."""

    RUNNING = "running"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ModelSetting(Base):
    """A model version together with the detection threshold it ran with: results made
    under different settings are kept apart."""

    __tablename__ = "model_settings"
    __table_args__ = (UniqueConstraint("name", "version", "min_score", "claims_model"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    min_score: Mapped[float] = mapped_column(Float)
    claims_model: Mapped[str] = mapped_column(String(300), default="")
    """Name and version of the claim model that added claims ('' when none did)."""


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    """running, completed or interrupted (a run killed outright stays 'running')."""
    input: Mapped[str] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(String(20))
    model_setting_id: Mapped[int] = mapped_column(ForeignKey("model_settings.id"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    n_total: Mapped[int] = mapped_column(Integer, default=0)
    n_done: Mapped[int] = mapped_column(Integer, default=0)
    n_skipped: Mapped[int] = mapped_column(Integer, default=0)
    n_failed: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """One input document, keyed by its id in the input. ``text`` is NULL when the input
    item could not be read at all (its outcome then records why)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(1000), unique=True)
    source: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    locator: Mapped[str] = mapped_column(Text)
    """Where the document was read from (file path, or file and line)."""
    text_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    n_words: Mapped[int] = mapped_column(Integer, default=0)

    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Outcome(Base):
    """What happened to one document under one model setting: analysed, or failed and why."""

    __tablename__ = "outcomes"
    __table_args__ = (UniqueConstraint("document_id", "model_setting_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    model_setting_id: Mapped[int] = mapped_column(ForeignKey("model_settings.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    text_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    n_spans: Mapped[int] = mapped_column(Integer, default=0)
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    document: Mapped[Document] = relationship(back_populates="outcomes")


class SpanRow(Base):
    __tablename__ = "spans"
    __table_args__ = (Index(None, "outcome_id", "technique"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    technique: Mapped[str] = mapped_column(String(100))
    score: Mapped[float] = mapped_column(Float)
    quoted: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)

    def as_dict(self) -> dict[str, Any]:
        """The stored span in the form ``Span.to_dict`` wrote it (``Span.from_dict`` reads it)."""
        return {name: getattr(self, name) for name in _SPAN_FIELDS}


_SPAN_FIELDS = ("start", "end", "technique", "score", "text", "quoted")


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    quoted: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    dates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
