"""Picking the documents a statistic is about: model setting, sources, dates, keyword."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spinscope.corpus.compare import (
    DEFAULT_RESAMPLES,
    Comparison,
    ComparisonError,
    compare_profiles,
    refuse_same,
)
from spinscope.corpus.profiles import CorpusProfiles, profiles_from_store
from spinscope.errors import InputFormatError
from spinscope.store import reader
from spinscope.store.connect import Store
from spinscope.store.records import CorpusFilter, SettingInfo

GROUPINGS = {
    "": (),
    "none": (),
    "source": ("source",),
    "month": ("month",),
    "source,month": ("source", "month"),
}


def parse_by(value: str | None) -> tuple[str, ...]:
    key = (value or "").replace(" ", "")
    if key not in GROUPINGS:
        raise InputFormatError(f"cannot group by {value!r}; use source, month or source,month")
    return GROUPINGS[key]


def make_filter(
    sources: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    keyword: str | None = None,
) -> CorpusFilter:
    if since and until and since > until:
        raise InputFormatError(f"--since {since} is after --until {until}")
    if keyword is not None and keyword.strip():
        reader.keyword_terms(keyword)  # fails early on a keyword without words
    return CorpusFilter(
        tuple(sources), since, until, keyword.strip() if keyword and keyword.strip() else None
    )


def describe(setting: SettingInfo, where: CorpusFilter) -> str:
    parts = [f"model {setting.label}"]
    if where.sources:
        parts.append("sources: " + ", ".join(where.sources))
    if where.since or where.until:
        parts.append(f"published {where.since or '…'} to {where.until or '…'}")
    if where.keyword:
        parts.append(f"keyword: {where.keyword}")
    return "; ".join(parts)


def source_profiles(store: Store, setting: SettingInfo, source: str, where: CorpusFilter) -> CorpusProfiles:
    """Profiles of one source's documents, with the other filters of ``where``."""
    selected = CorpusFilter((source,), where.since, where.until, where.keyword)
    profiles = profiles_from_store(store, setting, selected, label=source)
    if len(profiles) == 0:
        raise ComparisonError(_why_none(store, setting, source, where))
    return profiles


def _why_none(store: Store, setting: SettingInfo, source: str, where: CorpusFilter) -> str:
    """Why no document of ``source`` was selected: an unknown source, or the filters."""
    stored = dict(reader.sources(store, setting))
    if source not in stored:
        known = [s for s in stored if s]
        listed = ", ".join(known[:20]) + (" …" if len(known) > 20 else "") if known else "none"
        return f"no analysed documents of source {source!r} (sources stored: {listed})"
    if where.keyword and not reader.sources(store, setting, CorpusFilter(keyword=where.keyword)):
        return f"keyword {where.keyword!r}: no analysed document contains it; try other words"
    narrowed = [f"contain the keyword {where.keyword!r}"] if where.keyword else []
    if where.since or where.until:
        narrowed.append(f"were published {where.since or '…'} to {where.until or '…'}")
    if not narrowed:
        return f"no analysed documents of source {source!r}"
    return (
        f"none of the {stored[source]} analysed documents of source {source!r} "
        f"{' and '.join(narrowed)}; widen the filters"
    )


def compare_sources(
    store: Store,
    setting: SettingInfo,
    a: str,
    b: str,
    where: CorpusFilter,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    examples_per_side: int = 2,
) -> Comparison:
    """Two stored sources compared, with the other filters of ``where``: the one code path of
    ``spinscope compare --db``, the corpus page and ``/v1/corpus/compare``."""
    refuse_same(a, b)
    return compare_profiles(
        source_profiles(store, setting, a, where),
        source_profiles(store, setting, b, where),
        resamples=resamples,
        seed=seed,
        examples_per_side=examples_per_side,
    )
