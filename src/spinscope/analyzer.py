"""The analyzer: a loaded model plus the logic that turns texts into :class:`Analysis` objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from spinscope.analysis import Analysis, ModelInfo, Span
from spinscope.blas import use_one_blas_thread
from spinscope.claims.dates import PublishedDate, published_per_text
from spinscope.claims.enrich import ClaimEnricher
from spinscope.deprecation import positional_options
from spinscope.errors import AnalysisError, OptionError
from spinscope.model.card import ModelCard
from spinscope.model.int8_weights import WeightForm
from spinscope.model.lanes import CoreSlots
from spinscope.model.onnx_runtime import RuntimeOptions, available_cores, load_model_dir
from spinscope.model.technique_model import TechniqueModel

DEFAULT_MODEL = "ptc-minilm"


def default_model_dir() -> Path:
    return Path(str(resources.files("spinscope").joinpath("data", "models", DEFAULT_MODEL)))


def check_min_score(min_score: float) -> float:
    """``min_score`` itself, or a coded error when it is outside [0, 1)."""
    if not 0.0 <= min_score < 1.0:
        raise OptionError(f"min_score must be at least 0 and below 1, got {min_score}")
    return min_score


@dataclass(slots=True)
class Analyzer:
    """Holds one loaded model; create it once and reuse it (loading costs ~0.2 s)."""

    card: ModelCard
    model: TechniqueModel
    claims: ClaimEnricher | None = None
    """Adds check-worthy claims and quoted-speech flags; None analyses techniques only."""

    @classmethod
    def load(
        cls,
        model_dir: Path | None = None,
        *args: Any,
        options: RuntimeOptions | None = None,
        claims: bool = True,
    ) -> Analyzer:
        """Load the technique model (and, with ``claims``, the claim model and entity tagger).
        The options are keyword-only (by position: deprecated, with a warning)."""
        given = {"options": options, "claims": claims} | positional_options(
            "Analyzer.load", ("options", "claims"), args
        )
        options, claims = given["options"], given["claims"]
        use_one_blas_thread()  # before any thread of ours runs a product (spinscope.blas)
        threads = options.threads if options else None
        # one slot per core, shared by the stages: the entity tagger's thread and the model
        # calls never run more heavy work at once than there are cores
        slots = CoreSlots(threads or available_cores())
        # the claim step first: its entity model loads on a background thread while the model
        # sessions below are created (ONNX Runtime releases the GIL meanwhile)
        weights = options.int8_weights if options else WeightForm.AUTO
        enricher = ClaimEnricher.load(threads=threads, slots=slots, weights=weights) if claims else None
        card, model = load_model_dir(model_dir or default_model_dir(), options, slots)
        return cls(card, model, enricher)

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(self.card.name, self.card.version)

    def analyze(
        self, text: str, min_score: float | None = None, published: str | date | None = None
    ) -> Analysis:
        result = self.analyze_many([text], min_score, published)[0]
        if result.error is not None:
            raise AnalysisError(result.error)
        return result

    def analyze_many(
        self,
        texts: Sequence[str],
        min_score: float | None = None,
        published: PublishedDate | Sequence[PublishedDate] = None,
    ) -> list[Analysis]:
        """Analyse texts in one batched pass; results come back in input order. A text that
        cannot be analysed yields an Analysis with ``error`` set, and the others go on.
        ``published`` (ISO 8601 date) resolves relative dates in claims ("31 years ago"): one
        date for every text, or a list with one per text (None where unknown).

        ``min_score`` hides spans whose score is below it (default: the model's display
        threshold, chosen in cross-validation for precision); 0 shows every candidate span."""
        threshold = check_min_score(self.card.display_threshold if min_score is None else min_score)
        when = published_per_text(published, len(texts))  # a bad date fails before any model work
        # claim sentences first: their entity tagging (one core) then runs alongside the
        # technique model (spinscope.claims.enrich)
        pending = self.claims.begin(texts, when) if self.claims is not None else None
        try:
            done = self._techniques(texts, threshold)
        except BaseException:
            if pending is not None:
                pending.cancel()
            raise
        # claims and quoted-speech flags: the spinscope.claims enrichment step
        return pending.finish(done) if pending is not None else done

    def _techniques(self, texts: Sequence[str], threshold: float) -> list[Analysis]:
        """One analysis per text with its technique spans (or its error); no claims yet."""
        results: list[Analysis | None] = [None] * len(texts)
        todo: list[int] = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                results[i] = self._result("", (), threshold, f"input {i} is {type(text).__name__}, not str")
            elif not text.strip():
                results[i] = self._result(text, (), threshold)
            else:
                todo.append(i)
        for i, spans in zip(todo, self._spans([texts[i] for i in todo], threshold), strict=True):
            results[i] = (
                self._result(texts[i], tuple(spans), threshold)
                if not isinstance(spans, str)
                else self._result(texts[i], (), threshold, spans)
            )
        return [r for r in results if r is not None]

    def _spans(self, texts: list[str], min_score: float) -> list[list[Span] | str]:
        out: list[list[Span] | str]
        try:
            out = list(self.model.analyze_spans(texts))
        except (ValueError, RuntimeError, MemoryError):
            if len(texts) == 1:
                raise
            # isolate the failing text(s): analyse one at a time
            out = []
            for text in texts:
                try:
                    out.append(self.model.analyze_spans([text])[0])
                except (ValueError, RuntimeError, MemoryError) as exc:
                    out.append(f"analysis failed: {type(exc).__name__}: {exc}")
        # techniques that cross-validation could not find reliably only when every candidate is asked for
        hidden = frozenset(self.card.unreliable_techniques) if min_score > 0 else frozenset()
        return [
            s if isinstance(s, str) else [x for x in s if x.score >= min_score and x.technique not in hidden]
            for s in out
        ]

    def _result(
        self, text: str, spans: tuple[Span, ...], threshold: float, error: str | None = None
    ) -> Analysis:
        # name-blind reading is recorded with the result, as it changes what the model saw
        meta = {"name_blind": True} if self.model.tokenizer.sides is not None else {}
        return Analysis(text=text, spans=spans, model=self.info, min_score=threshold, error=error, meta=meta)
