"""Typed request and response bodies of the JSON API (they also make the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from spinscope.analysis import Span


class AnalysisOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_score: float | None = Field(
        default=None,
        ge=0,
        lt=1,
        description="Show only spans whose score reaches this value (0 to below 1); omit it for the "
        "model's display threshold, 0 for every candidate span.",
    )
    published: dt.date | None = Field(
        default=None,
        description="The article's publication date (YYYY-MM-DD). Relative dates in claims "
        '("31 years ago") are resolved against it; without it they stay unresolved.',
    )


class AnalyzeUrlRequest(AnalysisOptions):
    url: str = Field(
        pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://",
        max_length=2000,
        description="An http or https URL of a public web page; span offsets refer to the extracted "
        "article text returned as `text`.",
    )


class AnalyzeRequest(AnalysisOptions):
    text: str = Field(
        description="The article text. Span offsets in the answer are Python string indices "
        "(Unicode code points) into exactly this text."
    )

    @field_validator("text")
    @classmethod
    def _valid_unicode(cls, text: str) -> str:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"text is not valid Unicode (unpaired surrogate at character {exc.start})"
            ) from exc
        return text


class ModelOut(BaseModel):
    name: str
    version: str


class SpanOut(BaseModel):
    """A span as :meth:`spinscope.analysis.Span.to_dict` writes it (its one encoding); the fields
    name and describe those keys, in that order (checked by the tests)."""

    start: int = Field(description="Start offset (code points), inclusive.")
    end: int = Field(description="End offset (code points), exclusive.")
    technique: str = Field(description="Technique id, see GET /v1/techniques.")
    score: float
    text: str
    quoted: bool = Field(description="True when the span is inside quoted (reported) speech.")

    @classmethod
    def from_span(cls, span: Span) -> SpanOut:
        return cls.model_validate(span.to_dict())


class EntityOut(BaseModel):
    start: int
    end: int
    text: str
    label: str


class DateOut(BaseModel):
    start: int
    end: int
    text: str
    value: str | None = Field(description="ISO 8601 when the date could be resolved, else null.")


class ClaimOut(BaseModel):
    start: int
    end: int
    text: str
    score: float = Field(description="How check-worthy the sentence is (0 to 1); not whether it is true.")
    entities: list[EntityOut]
    dates: list[DateOut]
    quoted: bool


class AnalysisOut(BaseModel):
    """The JSON form of an analysis, the same as ``spinscope analyze --format json``
    (:func:`spinscope.render.json_view.analysis_json`); routes answer with
    ``response_model_exclude_unset`` so that keys the analysis leaves out stay out."""

    model_config = ConfigDict(extra="allow")

    schema_version: str
    model: ModelOut
    min_score: float
    text_length: int
    spans: list[SpanOut]
    claims: list[ClaimOut] = Field(default_factory=list, description="Check-worthy claims (schema 1.1).")
    error: str | None = None
    meta: dict[str, Any] | None = Field(
        default=None, description="How the analysis was made, e.g. the publication date used."
    )
    source: str | None = Field(default=None, description="Uploads: the file name.")
    text: str | None = Field(
        default=None, description="Uploads: the text that was analysed (for HTML, the extracted article)."
    )


class TechniqueOut(BaseModel):
    id: str
    name: str
    ptc_label: str
    definition: str
    example: str


class PoolOut(BaseModel):
    size: int = Field(description="Analyses that run at the same time.")
    queue_size: int = Field(description="Requests that may wait; beyond that the answer is 503.")
    in_flight: int = Field(description="Analyses running or waiting now.")


class HealthOut(BaseModel):
    status: Literal["ok"]
    model: ModelOut
    pool: PoolOut
    auth_required: bool


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code, e.g. E104.")
    type: str = Field(description="Short name of the error, e.g. request_too_large.")
    message: str
    field: str | None = Field(default=None, description="The request field at fault, if any.")


class ErrorOut(BaseModel):
    error: ErrorDetail
