"""Per-document figures of a corpus (words, claims, spans per technique) as arrays, from a
result store or from JSONL result files: what rates and comparisons are computed from."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from spinscope.errors import InputFormatError, InputNotFoundError
from spinscope.store import reader
from spinscope.store.connect import Store
from spinscope.store.reader import ExampleSpan
from spinscope.store.records import CorpusFilter, SettingInfo
from spinscope.techniques import TECHNIQUES

NO_SOURCE = "(no source)"
UNDATED = "(undated)"

ExampleLookup = Callable[[str, int], list[ExampleSpan]]
"""(technique id, how many) -> the highest-scoring example spans."""


@dataclass(frozen=True, slots=True)
class CorpusProfiles:
    """Row i describes document ``keys[i]``; ``counts[i, j]`` is its spans of ``techniques[j]``."""

    label: str
    keys: tuple[str, ...]
    sources: tuple[str | None, ...]
    published: tuple[dt.date | None, ...]
    words: npt.NDArray[np.float64]
    claims: npt.NDArray[np.float64]
    counts: npt.NDArray[np.float64]
    techniques: tuple[str, ...]
    examples: ExampleLookup = field(default=lambda technique, limit: [], compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def total_words(self) -> int:
        return int(self.words.sum())

    def select(self, mask: npt.NDArray[np.bool_], label: str) -> CorpusProfiles:
        idx = np.flatnonzero(mask)
        return replace(
            self,
            label=label,
            keys=tuple(self.keys[i] for i in idx),
            sources=tuple(self.sources[i] for i in idx),
            published=tuple(self.published[i] for i in idx),
            words=self.words[idx],
            claims=self.claims[idx],
            counts=self.counts[idx],
        )

    def group_keys(self, by: Sequence[str]) -> list[tuple[str, ...]]:
        """Each document's group: its source and/or its month of publication."""
        parts: list[list[str]] = []
        for name in by:
            if name == "source":
                parts.append([s or NO_SOURCE for s in self.sources])
            elif name == "month":
                parts.append([d.strftime("%Y-%m") if d else UNDATED for d in self.published])
            else:
                raise InputFormatError(f"cannot group by {name!r}; use source, month or source,month")
        return [tuple(p[i] for p in parts) for i in range(len(self))]


def technique_order(found: Iterable[str]) -> tuple[str, ...]:
    """The registry's techniques in registry order, then any other stored ids."""
    extra = sorted(set(found) - set(TECHNIQUES.ids))
    return (*TECHNIQUES.ids, *extra)


def profiles_from_store(
    store: Store, setting: SettingInfo, where: CorpusFilter, label: str = "corpus"
) -> CorpusProfiles:
    docs = reader.document_figures(store, setting, where)
    counts = reader.technique_counts(store, setting, where)
    techniques = technique_order(t for _, t, _ in counts)
    row = {d.id: i for i, d in enumerate(docs)}
    column = {t: j for j, t in enumerate(techniques)}
    matrix = np.zeros((len(docs), len(techniques)), dtype=np.float64)
    for doc_id, technique, n in counts:
        if doc_id in row:
            matrix[row[doc_id], column[technique]] = n
    return CorpusProfiles(
        label=label,
        keys=tuple(d.key for d in docs),
        sources=tuple(d.source for d in docs),
        published=tuple(d.published for d in docs),
        words=np.array([d.n_words for d in docs], dtype=np.float64),
        claims=np.array([d.n_claims for d in docs], dtype=np.float64),
        counts=matrix,
        techniques=techniques,
        examples=lambda technique, limit: reader.example_spans(store, setting, where, technique, limit),
    )


def profiles_from_results(path: Path) -> CorpusProfiles:
    """Profiles from a ``spinscope batch -o`` JSONL file (failed documents are left out)."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such results file")
    keys: list[str] = []
    sources: list[str | None] = []
    published: list[dt.date | None] = []
    words: list[int] = []
    claims: list[int] = []
    per_doc: list[dict[str, int]] = []
    spans_by_technique: dict[str, list[ExampleSpan]] = {}
    with path.open("r", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            record = _result_record(path, number, line)
            if record.get("status") != "done":
                continue
            analysis = record["analysis"]
            keys.append(str(record["id"]))
            sources.append(record.get("source"))
            published.append(dt.date.fromisoformat(record["published"]) if record.get("published") else None)
            words.append(int(record.get("words", 0)))
            claims.append(len(analysis.get("claims", ())))
            tally: dict[str, int] = {}
            for span in analysis["spans"]:
                tally[span["technique"]] = tally.get(span["technique"], 0) + 1
                spans_by_technique.setdefault(span["technique"], []).append(
                    ExampleSpan(
                        span["technique"],
                        span["text"],
                        float(span["score"]),
                        str(record["id"]),
                        record.get("title"),
                        bool(span.get("quoted", False)),
                    )
                )
            per_doc.append(tally)
    techniques = technique_order(spans_by_technique)
    matrix = np.array([[d.get(t, 0) for t in techniques] for d in per_doc], dtype=np.float64).reshape(
        len(per_doc), len(techniques)
    )
    return CorpusProfiles(
        label=path.name,
        keys=tuple(keys),
        sources=tuple(sources),
        published=tuple(published),
        words=np.array(words, dtype=np.float64),
        claims=np.array(claims, dtype=np.float64),
        counts=matrix,
        techniques=techniques,
        examples=_examples_from(spans_by_technique),
    )


def _examples_from(spans: dict[str, list[ExampleSpan]]) -> ExampleLookup:
    def lookup(technique: str, limit: int) -> list[ExampleSpan]:
        out: list[ExampleSpan] = []
        seen: set[str] = set()
        for span in sorted(spans.get(technique, ()), key=lambda s: -s.score):
            if span.doc_key not in seen:
                seen.add(span.doc_key)
                out.append(span)
            if len(out) == limit:
                break
        return out

    return lookup


def _result_record(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
        if not isinstance(record, dict) or "id" not in record or "status" not in record:
            raise ValueError("not a spinscope result record (needs 'id' and 'status')")
        if record["status"] == "done" and not isinstance(record.get("analysis", {}).get("spans"), list):
            raise ValueError("result has no 'analysis.spans' list")
        if record.get("published"):
            dt.date.fromisoformat(record["published"])
        return record
    except (ValueError, TypeError, AttributeError) as exc:
        raise InputFormatError(
            f"{path}:{number}: {exc}; expected the output of `spinscope batch -o`"
        ) from exc


def align(a: CorpusProfiles, b: CorpusProfiles) -> tuple[CorpusProfiles, CorpusProfiles]:
    """The same technique columns on both sides."""
    techniques = technique_order((*a.techniques, *b.techniques))
    return _with_techniques(a, techniques), _with_techniques(b, techniques)


def _with_techniques(p: CorpusProfiles, techniques: tuple[str, ...]) -> CorpusProfiles:
    if p.techniques == techniques:
        return p
    matrix = np.zeros((len(p), len(techniques)), dtype=np.float64)
    for j, technique in enumerate(techniques):
        if technique in p.techniques:
            matrix[:, j] = p.counts[:, p.techniques.index(technique)]
    return replace(p, counts=matrix, techniques=techniques)
