"""spinscope as a spaCy pipeline component: ``nlp.add_pipe("spinscope")``.

Registered through the ``spacy_factories`` entry point, so any pipeline finds it once spinscope
is installed. Technique spans go to ``doc.spans["spinscope"]`` (label = technique id) and
check-worthy claims to ``doc.spans["spinscope_claims"]``. spaCy spans cover whole tokens, so each
span is widened to the tokens it touches; its exact character offsets are kept in
``span._.spinscope_chars`` and its score in ``span._.spinscope_score``.
"""

# No ``from __future__ import annotations`` here: spaCy validates a factory's config against
# its annotations, and the confection releases of spaCy 3.8.7 cannot resolve string ones.
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from spinscope.analyzer import Analyzer

TECHNIQUES_KEY = "spinscope"
CLAIMS_KEY = "spinscope_claims"

for _name in ("spinscope_score", "spinscope_chars"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(slots=True)
class SpinscopeComponent:
    analyzer: Analyzer
    min_score: float | None

    def __call__(self, doc: Doc) -> Doc:
        result = self.analyzer.analyze(doc.text, self.min_score)
        doc.spans[TECHNIQUES_KEY] = [_span(doc, s.start, s.end, s.technique, s.score) for s in result.spans]
        doc.spans[CLAIMS_KEY] = [_span(doc, c.start, c.end, "claim", c.score) for c in result.claims]
        return doc


def _span(doc: Doc, start: int, end: int, label: str, score: float) -> Span:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # only whitespace: the nearest token
        token = doc[min(len(doc) - 1, max(0, _token_at(doc, start)))]
        span = Span(doc, token.i, token.i + 1, label=label)
    span._.spinscope_score = score
    span._.spinscope_chars = (start, end)
    return span


def _token_at(doc: Doc, char: int) -> int:
    return next((t.i for t in doc if t.idx + len(t.text) > char), len(doc) - 1)


@Language.factory(
    "spinscope",
    default_config={"model": None, "min_score": None, "claims": True, "threads": None},
)
def make_spinscope(  # noqa: PLR0917 -- spaCy passes a factory's config by name; its signature is the config
    nlp: Language, name: str, model: str | None, min_score: float | None, claims: bool, threads: int | None
) -> Any:
    """The component; ``config={"claims": False}`` skips the claim step (about twice as fast)."""
    from spinscope import load

    return SpinscopeComponent(load(model, threads=threads, claims=claims), min_score)
