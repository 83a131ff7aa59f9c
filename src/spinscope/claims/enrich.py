"""The enrichment step: adds check-worthy claims and quoted-speech flags to analyses.

For each text: split sentences, score every sentence (one batch across all texts), keep those
at or above the claim model's threshold, and attach the people, organisations, places and
dates they mention; then find quotations and flag the claims and technique spans inside them.

It runs in two halves so that the entity tagger (spaCy, one core) works while the technique
model runs: :meth:`ClaimEnricher.begin` scores the sentences of the texts and starts tagging
the claim sentences (and reading their dates) on a background thread;
:meth:`PendingClaims.finish` waits for them and attaches the claims to the texts' analyses.
Each sentence is scored and tagged on its own, so the result is the same as running the halves
one after the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from spinscope.analysis import Analysis, Claim, DateMention, Entity
from spinscope.budget import check_budget
from spinscope.claims.card import CARD_FILE
from spinscope.claims.dateline import find_dateline
from spinscope.claims.dates import DateNormaliser, PublishedDate, published_per_text
from spinscope.claims.entities import DATE_LABEL, EntityTagger, Mention
from spinscope.claims.quotes import find_quote_ranges, mark_quoted
from spinscope.claims.scorer import ClaimScorer, default_claim_model_dir, load_claim_scorer
from spinscope.model.int8_weights import WeightForm
from spinscope.model.lanes import BackgroundWorker, CoreSlots
from spinscope.progress import CLAIMS, ENTITIES, report_progress
from spinscope.segment.sentences import Sentence, split_sentences

T = TypeVar("T")

CHUNK_SENTENCES = 512
"""Sentences scored (and claims tagged) per step: bounds memory, paces progress reports."""


def _load_in_background(load: Callable[[], T]) -> Future[T]:
    """Start ``load()`` on its own thread; the future gives its result or raises its error."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(load())
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=run, name="spinscope-entity-model", daemon=False).start()
    return future


@dataclass(slots=True)
class ClaimEnricher:
    scorer: ClaimScorer | None
    """None when no claim model is installed: quoted-speech flags are still set, claims stay empty."""
    dates: DateNormaliser = field(default_factory=DateNormaliser)
    slots: CoreSlots | None = None
    """Held while entities are tagged, shared with the model calls of the other stages
    (:class:`spinscope.model.lanes.CoreSlots`); None: the tagger runs unchecked."""
    _worker: BackgroundWorker = field(default_factory=lambda: BackgroundWorker("spinscope-entities"))
    """The thread that tags the claim sentences, kept from one analysis to the next."""
    _tagger: EntityTagger | None = None
    _tagger_loading: Future[EntityTagger] | None = None
    _tagger_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(
        cls,
        model_dir: Path | None = None,
        threads: int | None = None,
        preload_entities: bool = True,
        slots: CoreSlots | None = None,
        weights: WeightForm = WeightForm.AUTO,
    ) -> ClaimEnricher:
        """Load ``model_dir`` (an error if it is missing), else the bundled claim model if installed.

        ``preload_entities``: start loading the named-entity model (about half a second, mostly
        importing spaCy) on a background thread now, so that it overlaps with loading and
        running the other models instead of delaying the first analysis. ``slots``: shared
        with the other stages, so that together they run no more heavy calls than cores.
        ``weights``: the form of the claim model's int8 weights (:mod:`spinscope.model.int8_weights`)."""
        if model_dir is None and not (default_claim_model_dir() / CARD_FILE).is_file():
            return cls(None, slots=slots)
        loading = _load_in_background(EntityTagger) if preload_entities else None
        scorer = load_claim_scorer(model_dir, threads, slots=slots, weights=weights)
        return cls(scorer, slots=slots, _tagger_loading=loading)

    @property
    def tagger(self) -> EntityTagger:
        """The named-entity tagger, loaded on first use unless already loading (once, whichever
        threads ask for it)."""
        with self._tagger_lock:
            if self._tagger is None:
                loading, self._tagger_loading = self._tagger_loading, None
                self._tagger = loading.result() if loading is not None else EntityTagger()
            return self._tagger

    def enrich_many(
        self, analyses: Sequence[Analysis], published: PublishedDate | Sequence[PublishedDate] = None
    ) -> list[Analysis]:
        """Analyses with claims and quoted flags added; analyses with an error pass unchanged.
        ``published``: one date for all, or a list with one per analysis."""
        texts = [a.text if a.error is None else "" for a in analyses]
        return self.begin(texts, published).finish(analyses)

    def begin(
        self, texts: Sequence[object], published: PublishedDate | Sequence[PublishedDate] = None
    ) -> PendingClaims:
        """Score the sentences of ``texts`` (entries that are not text, or blank, are skipped)
        and start tagging the claim sentences, and reading their dates, on a background thread.
        ``published``: one date for all texts, or a list with one per text."""
        when = published_per_text(published, len(texts))  # a bad date fails before any model work
        todo = [(i, t) for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        origin: dict[int, dict[str, Any]] = {}
        for i, text in todo:
            when[i], origin[i] = publication(text, when[i])
        kept = self._claim_sentences(todo)
        chunks = [kept[lo : lo + CHUNK_SENTENCES] for lo in range(0, len(kept), CHUNK_SENTENCES)]
        # one job per chunk: the analyses of other callers take turns with a long text's
        building = [self._worker.call(partial(self._claims, chunk, when)) for chunk in chunks]
        return PendingClaims([i for i, _ in todo], when, origin, kept, building)

    def _claims(self, kept: list[tuple[int, Sentence, float]], when: list[date | None]) -> list[Claim]:
        """The claims of scored sentences, with their entities and dates."""
        check_budget()
        tagger = self.tagger
        with self.slots.held() if self.slots is not None else nullcontext():
            mentions = tagger.tag([s.text for _, s, _ in kept])
            return [
                build_claim(self.dates, sentence, score, found, when[i])
                for (i, sentence, score), found in zip(kept, mentions, strict=True)
            ]

    def _claim_sentences(self, texts: list[tuple[int, str]]) -> list[tuple[int, Sentence, float]]:
        """(text index, sentence, score) of the sentences at or above the claim threshold."""
        if self.scorer is None:
            return []
        flat = [(i, s) for i, text in texts for s in split_sentences(text)]
        kept: list[tuple[int, Sentence, float]] = []
        # in chunks (each sentence is scored in its own model call anyway, so chunking changes
        # no score): the token ids held at once stay bounded however long the text
        for lo in range(0, len(flat), CHUNK_SENTENCES):
            chunk = flat[lo : lo + CHUNK_SENTENCES]
            previous = [
                "" if k == 0 or flat[k - 1][0] != i else flat[k - 1][1].text
                for k, (i, _) in enumerate(chunk, start=lo)
            ]
            scores = self.scorer.score([s.text for _, s in chunk], previous)
            threshold = self.scorer.threshold
            kept += [(i, s, float(p)) for (i, s), p in zip(chunk, scores, strict=True) if p >= threshold]
            report_progress(CLAIMS, lo + len(chunk), len(flat))
        return kept


@dataclass(slots=True)
class PendingClaims:
    """The claims of a batch of texts, between :meth:`ClaimEnricher.begin` (sentences scored,
    entity tagging under way) and :meth:`finish`."""

    scored: list[int]
    """Indices of the texts whose sentences were scored."""
    when: list[date | None]
    """Publication date of each text (given, or from its date line)."""
    origin: dict[int, dict[str, Any]]
    """Where each scored text's publication date came from (metadata of its analysis)."""
    kept: list[tuple[int, Sentence, float]]
    """(text index, sentence, score) of the claim sentences."""
    building: list[Future[list[Claim]]]
    """The claims of ``kept``, chunk by chunk."""

    def cancel(self) -> None:
        """Stop the tagging that has not started (when the analysis fails on the way)."""
        for future in self.building:
            future.cancel()

    def finish(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        """``analyses`` (of the texts given to ``begin``, in the same order) with their claims
        and quoted flags; those with an error pass unchanged."""
        built: list[Claim] = []
        for future in self.building:
            built += future.result()
            report_progress(ENTITIES, len(built), len(self.kept))
        todo = [i for i in self.scored if analyses[i].error is None]
        claims: dict[int, list[Claim]] = {i: [] for i in todo}
        for (i, _, _), claim in zip(self.kept, built, strict=True):
            if i in claims:
                claims[i].append(claim)
        out = list(analyses)
        for i in todo:
            meta = dict(analyses[i].meta)
            day = self.when[i]
            if day is not None:
                meta["published"] = day.isoformat()
                meta.update(self.origin[i])
            quotes = find_quote_ranges(analyses[i].text)
            out[i] = mark_quoted(replace(analyses[i], claims=tuple(claims[i]), meta=meta), quotes)
        return out


def build_claim(
    dates: DateNormaliser, sentence: Sentence, score: float, found: Sequence[Mention], published: date | None
) -> Claim:
    """A claim sentence with its entities and the dates that parse (offsets index the text)."""
    shift = sentence.start
    entities: list[Entity] = []
    mentioned: list[DateMention] = []
    for m in found:
        start, end, text = m.start + shift, m.end + shift, sentence.text[m.start : m.end]
        if m.label == DATE_LABEL:
            is_date, value = dates.read(text, published)
            if is_date:
                mentioned.append(DateMention(start, end, text, value))
        else:
            entities.append(Entity(start, end, text, m.label))
    return Claim(
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        score=score,
        entities=tuple(entities),
        dates=tuple(mentioned),
    )


def publication(text: str, given: date | None) -> tuple[date | None, dict[str, Any]]:
    """The publication date of ``text`` and where it comes from (metadata of the analysis): the
    caller's (``given``) or, when the caller gave none, the article's date line."""
    if given is not None:
        return given, {"published_from": "given"}
    found = find_dateline(text)
    if found is None:
        return None, {}
    return found.date, {"published_from": "dateline", "published_span": [found.start, found.end]}
