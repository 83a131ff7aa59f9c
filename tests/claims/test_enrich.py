"""The enrichment step with the bundled claim model and the named-entity pipeline, on an
invented article: claims, who / where / when, quoted speech, offsets."""

from __future__ import annotations

import pytest

from spinscope.analysis import Analysis, ModelInfo, Span
from spinscope.claims.dates import PublishedDateError
from spinscope.claims.enrich import ClaimEnricher
from spinscope.claims.scorer import default_claim_model_dir
from spinscope.segment.sentences import split_sentences
from tests.support import FIXTURES

ARTICLE = (FIXTURES / "claims" / "article.txt").read_text(encoding="utf-8")
pytestmark = pytest.mark.skipif(
    not (default_claim_model_dir() / "card.json").is_file(), reason="the claim model is not bundled"
)


@pytest.fixture(scope="module")
def enricher() -> ClaimEnricher:
    return ClaimEnricher.load()


def bare(text: str, spans: tuple[Span, ...] = ()) -> Analysis:
    return Analysis(text=text, spans=spans, model=ModelInfo("test", "0"), min_score=0.4)


def claim_containing(analysis: Analysis, needle: str):  # type: ignore[no-untyped-def]
    matches = [c for c in analysis.claims if needle in c.text]
    assert matches, f"no claim contains {needle!r}: {[c.text for c in analysis.claims]}"
    return matches[0]


@pytest.fixture(scope="module")
def enriched(enricher: ClaimEnricher) -> Analysis:
    nonsense = ARTICLE.index("nonsense")
    voss_quote = ARTICLE.index("has doubled")
    spans = (
        Span(voss_quote, voss_quote + 11, "exaggeration_minimisation", 0.6, "has doubled"),
        Span(nonsense, nonsense + 8, "loaded_language", 0.8, "nonsense"),
    )
    return enricher.enrich_many([bare(ARTICLE, spans)], "2021-01-17")[0]


def test_claims_are_exact_sentences_above_the_threshold(enriched: Analysis, enricher: ClaimEnricher) -> None:
    sentences = {(s.start, s.end) for s in split_sentences(ARTICLE)}
    assert enricher.scorer is not None and enriched.claims
    for claim in enriched.claims:
        assert (claim.start, claim.end) in sentences
        assert ARTICLE[claim.start : claim.end] == claim.text
        assert enricher.scorer.threshold <= claim.score <= 1.0
        for mention in (*claim.entities, *claim.dates):
            assert claim.start <= mention.start < mention.end <= claim.end
            assert ARTICLE[mention.start : mention.end] == mention.text
    texts = " ".join(c.text for c in enriched.claims)
    assert "Thank you to everyone" not in texts


def test_who_where_when(enriched: Analysis) -> None:
    vote = claim_containing(enriched, "voted 112 to 3")
    assert ("Port Elin", "place") in {(e.text, e.label) for e in vote.entities}
    assert ("January 19, 1990", "1990-01-19") in {(d.text, d.value) for d in vote.dates}
    quote = claim_containing(enriched, "Unemployment in Port Elin has doubled")
    assert "person" in {e.label for e in quote.entities}
    assert "Ana Voss" in {e.text for e in quote.entities}


def test_relative_dates_use_the_publication_date(enricher: ClaimEnricher, enriched: Analysis) -> None:
    sentence = (
        "The vote came 31 years ago this week, after the federal government cut the quota by 40 percent."
    )
    with_date = claim_containing(enriched, "31 years ago")
    # "31 years ago this week" before 2021-01-17: a week of January 1990
    assert any((d.value or "").startswith("1990") for d in with_date.dates)
    assert enriched.meta["published"] == "2021-01-17"
    without = enricher.enrich_many([bare(sentence)])[0]
    if without.claims:
        assert all(d.value is None for d in without.claims[0].dates if "ago" in d.text)


def test_each_text_may_have_its_own_publication_date(enricher: ClaimEnricher) -> None:
    dates = ["2021-01-17", None, "2031-01-17"]
    early, unknown, late = enricher.enrich_many([bare(ARTICLE)] * 3, dates)
    assert early.meta["published"] == "2021-01-17" and early.meta["published_from"] == "given"
    assert unknown.meta["published_from"] == "dateline"  # ARTICLE carries "Published January 17, 2021"

    def ago_values(analysis: Analysis) -> set[str | None]:
        claim = claim_containing(analysis, "31 years ago")
        return {d.value for d in claim.dates if "ago" in d.text}

    assert all((v or "").startswith("1990") for v in ago_values(early))
    assert all((v or "").startswith("2000") for v in ago_values(late))
    assert ago_values(unknown) == ago_values(early)  # resolved against the date line instead


def test_quoted_speech_flags(enriched: Analysis) -> None:
    quote = claim_containing(enriched, "Unemployment in Port Elin has doubled")
    assert quote.quoted  # most of the sentence is the mayor's words
    vote = claim_containing(enriched, "voted 112 to 3")
    assert not vote.quoted
    by_text = {s.text: s.quoted for s in enriched.spans}
    assert by_text == {"has doubled": True, "nonsense": False}


def test_quoted_claim(enricher: ClaimEnricher) -> None:
    text = "“Unemployment in Port Elin rose by 40 percent between 2015 and 2020,” the mayor said."
    (claim,) = enricher.enrich_many([bare(text)])[0].claims
    assert claim.quoted


def test_errors_and_blank_texts_pass_through(enricher: ClaimEnricher) -> None:
    failed = Analysis(text="x", spans=(), model=ModelInfo("t", "0"), min_score=0.4, error="analysis failed")
    blank = bare("   \n ")
    out = enricher.enrich_many([failed, blank])
    assert out[0] is failed
    assert out[1].claims == ()


def test_bad_publication_date(enricher: ClaimEnricher) -> None:
    with pytest.raises(PublishedDateError, match="not an ISO 8601 date"):
        enricher.enrich_many([bare(ARTICLE)], "17.01.2021")


def test_analyze_end_to_end(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(ARTICLE, published="2021-01-17")
    assert result.claims and result.to_dict()["claims"]
    assert all(ARTICLE[c.start : c.end] == c.text for c in result.claims)
    assert any((d.value or "").startswith("1990") for c in result.claims for d in c.dates if "ago" in d.text)
    with pytest.raises(PublishedDateError):
        analyzer.analyze(ARTICLE, published="next Tuesday")
    dated, undated = analyzer.analyze_many([ARTICLE, ARTICLE], published=["2021-01-17", None])
    assert dated.meta["published_from"] == "given" and undated.meta["published_from"] == "dateline"
    with pytest.raises(PublishedDateError, match="1 publication dates for 2 texts"):
        analyzer.analyze_many([ARTICLE, ARTICLE], published=["2021-01-17"])


def test_two_enrichers_in_a_fresh_process() -> None:
    import subprocess
    import sys

    code = (
        "from spinscope.claims.enrich import ClaimEnricher\n"
        "a, b = ClaimEnricher.load(), ClaimEnricher.load()\n"
        "found = [m.label for m in b.tagger.tag(['Ada Lovelace moved to Paris.'])[0]]\n"
        "print(sorted(found), a.tagger is not b.tagger)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['person', 'place'] True"


def test_entity_model_loads_in_the_background_and_its_errors_surface_on_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import spinscope.claims.enrich as enrich_module
    from spinscope.errors import ModelNotFoundError

    loaded_on: list[str] = []

    class Recording:
        def __init__(self) -> None:
            loaded_on.append(threading.current_thread().name)

    monkeypatch.setattr(enrich_module, "EntityTagger", Recording)
    preloaded = ClaimEnricher.load()
    assert isinstance(preloaded.tagger, Recording)
    assert preloaded.tagger is preloaded.tagger  # loaded once
    assert loaded_on == ["spinscope-entity-model"]

    on_demand = ClaimEnricher.load(preload_entities=False)
    assert loaded_on == ["spinscope-entity-model"]  # nothing loaded yet
    assert isinstance(on_demand.tagger, Recording)
    assert loaded_on[-1] == threading.current_thread().name

    def missing() -> None:
        raise ModelNotFoundError("the named-entity model is not installed")

    monkeypatch.setattr(enrich_module, "EntityTagger", missing)
    broken = ClaimEnricher.load()  # loading fails in the background ...
    with pytest.raises(ModelNotFoundError, match="not installed"):
        _ = broken.tagger  # ... and the error is raised where the tagger is needed


def test_entity_tagging_runs_beside_the_technique_model_and_changes_nothing(  # type: ignore[no-untyped-def]
    analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses
    import threading

    enricher = analyzer.claims
    threads: list[str] = []
    tag = type(enricher.tagger).tag

    def recording_tag(tagger, texts):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return tag(tagger, texts)

    monkeypatch.setattr(type(enricher.tagger), "tag", recording_tag)
    texts = [ARTICLE, "", ARTICLE.replace("Port Elin", "Nordvik")]
    together = analyzer.analyze_many(texts, published="2021-01-17")
    assert threads and all(name.startswith("spinscope-entities") for name in threads)
    techniques_only = dataclasses.replace(analyzer, claims=None).analyze_many(texts)
    one_after_the_other = enricher.enrich_many(techniques_only, "2021-01-17")
    assert together == one_after_the_other
    assert together[0].claims and together[1].claims == ()


def test_a_failing_technique_stage_cancels_the_tagging(  # type: ignore[no-untyped-def]
    analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spinscope.claims.enrich import PendingClaims

    cancelled: list[int] = []
    monkeypatch.setattr(PendingClaims, "cancel", lambda self: cancelled.append(len(self.building)))

    def broken(model, texts):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(type(analyzer.model), "analyze_spans", broken)
    with pytest.raises(KeyboardInterrupt):
        analyzer.analyze_many([ARTICLE])
    assert cancelled == [1]
