"""The ``Analysis`` contract: the one object the model side hands to everything else.

Offsets are Python string indices (code points) into the exact text that was analysed,
end exclusive, so ``analysis.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spinscope.errors import InputFormatError

SCHEMA_VERSION = "1.1"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text that uses one technique (overlapping spans are separate objects)."""

    start: int
    end: int
    technique: str
    score: float
    text: str
    quoted: bool = False
    """True when the span lies inside quoted (reported) speech rather than the author's voice."""

    def to_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """The one encoding of a span, used by the JSON output, the result store, batch workers,
        the web API and the HTML report (schema :data:`SCHEMA_VERSION`). Scores are rounded to
        4 decimals; ``exact`` keeps every digit, for hand-offs inside spinscope (batch workers,
        the result store) whose results must equal an analysis made alone."""
        return {
            "start": self.start,
            "end": self.end,
            "technique": self.technique,
            "score": self.score if exact else round(self.score, 4),
            "text": self.text,
            "quoted": self.quoted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str) -> Span:
        """The span that :meth:`to_dict` wrote, over ``source``, the text it refers to. Its
        ``text`` is taken from ``source``; a ``text`` in ``data`` must be the same, so that
        offsets over another text are refused instead of highlighting the wrong words."""
        start, end = int(data["start"]), int(data["end"])
        if not 0 <= start <= end <= len(source):
            raise InputFormatError(f"span {start}-{end} lies outside a text of {len(source)} characters")
        text = source[start:end]
        if "text" in data and data["text"] != text:
            raise InputFormatError(
                f"span {start}-{end}: its text {data['text']!r} is not the source's {text!r}"
            )
        return cls(
            start, end, str(data["technique"]), float(data["score"]), text, bool(data.get("quoted", False))
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A named person, organisation or place mentioned in a claim."""

    start: int
    end: int
    text: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> Entity:
        start, end = int(data["start"]), int(data["end"])
        return cls(start, end, text[start:end], str(data["label"]))


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression; ``value`` is ISO 8601 when it could be resolved, else None."""

    start: int
    end: int
    text: str
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> DateMention:
        start, end = int(data["start"]), int(data["end"])
        value = data.get("value")
        return cls(start, end, text[start:end], None if value is None else str(value))


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that states a check-worthy factual claim."""

    start: int
    end: int
    text: str
    score: float
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quoted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "entities": [e.to_dict() for e in self.entities],
            "dates": [d.to_dict() for d in self.dates],
            "quoted": self.quoted,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> Claim:
        start, end = int(data["start"]), int(data["end"])
        return cls(
            start=start,
            end=end,
            text=text[start:end],
            score=float(data["score"]),
            entities=tuple(Entity.from_dict(e, text) for e in data.get("entities", [])),
            dates=tuple(DateMention.from_dict(d, text) for d in data.get("dates", [])),
            quoted=bool(data.get("quoted", False)),
        )


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    version: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    spans: tuple[Span, ...]
    model: ModelInfo
    min_score: float
    claims: tuple[Claim, ...] = ()
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def model_label(self) -> str:
        """The model's name and version as reports show them, with how it read names of sides."""
        reading = ", name-blind" if self.meta.get("name_blind") else ""
        return f"{self.model.name} {self.model.version}{reading}"

    def technique_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for span in self.spans:
            counts[span.technique] = counts.get(span.technique, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "model": self.model.to_dict(),
            "min_score": self.min_score,
            "text_length": len(self.text),
            "spans": [s.to_dict() for s in self.spans],
            "claims": [c.to_dict() for c in self.claims],
        }
        if self.error is not None:
            out["error"] = self.error
        if self.meta:
            out["meta"] = dict(self.meta)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> Analysis:
        """Rebuild an analysis from its JSON form and the text it refers to."""
        try:
            spans = tuple(Span.from_dict(s, text) for s in data["spans"])
            model = ModelInfo(**data["model"])
            return cls(
                text=text,
                spans=spans,
                model=model,
                min_score=float(data["min_score"]),
                claims=tuple(Claim.from_dict(c, text) for c in data.get("claims", [])),
                error=data.get("error"),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputFormatError(f"not a spinscope analysis JSON object: {exc}") from exc
