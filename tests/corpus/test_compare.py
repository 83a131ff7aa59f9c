"""Comparing two sources: bootstrap intervals over documents, Holm-adjusted significance,
examples, and the same comparison from the store or from result files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from spinscope.batch.export import write_results_jsonl
from spinscope.corpus import compare_profiles, profiles_from_results, profiles_from_store
from spinscope.corpus.bootstrap import bootstrap_rate_difference, holm_adjust
from spinscope.corpus.compare import ComparisonError
from spinscope.corpus.render import comparison_html, comparison_json
from spinscope.corpus.selection import compare_sources, source_profiles
from spinscope.errors import InputFormatError
from spinscope.store import CorpusFilter, Store, open_store
from tests.support.batch import fill_store, synthetic_outcomes

A_RATES = {"loaded_language": 0.05, "doubt": 0.01, "slogans": 0.004}
B_RATES = {"loaded_language": 0.01, "doubt": 0.01, "name_calling": 0.004}


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("compare") / "c.db"
    store = open_store(str(path))
    setting = fill_store(
        store,
        synthetic_outcomes("Planet", 30, A_RATES, seed=1) + synthetic_outcomes("Star", 30, B_RATES, seed=2),
    )
    yield store, setting
    store.close()


def _compare(store: Store, setting: object, seed: int = 0):  # type: ignore[no-untyped-def]
    a = source_profiles(store, setting, "Planet", CorpusFilter())  # type: ignore[arg-type]
    b = source_profiles(store, setting, "Star", CorpusFilter())  # type: ignore[arg-type]
    return compare_profiles(a, b, resamples=1000, seed=seed)


def test_a_large_difference_is_significant_and_an_equal_rate_is_not(two_sources) -> None:  # type: ignore[no-untyped-def]
    result = _compare(*two_sources)
    top = result.techniques[0]
    assert top.technique == "loaded_language"
    assert top.rate_a == pytest.approx(50, rel=0.25) and top.rate_b == pytest.approx(10, rel=0.4)
    assert top.low < top.difference < top.high and top.low > 0
    assert top.significant and top.direction == "higher in A"
    doubt = next(d for d in result.techniques if d.technique == "doubt")
    assert doubt.low < 0 < doubt.high and not doubt.significant
    absent = next(d for d in result.techniques if d.technique == "whataboutism_strawman_red_herring")
    assert (absent.difference, absent.low, absent.high, absent.p_holm) == (0.0, 0.0, 0.0, 1.0)
    differences = [abs(d.difference) for d in result.techniques]
    assert differences == sorted(differences, reverse=True)
    assert result.a.documents == result.b.documents == 30 and result.a.words == 6000
    assert result.claims.rate_a == pytest.approx(1000 * 15 / 6000)


def test_same_seed_same_intervals(two_sources) -> None:  # type: ignore[no-untyped-def]
    first, again, other = _compare(*two_sources), _compare(*two_sources), _compare(*two_sources, seed=7)
    assert first == again
    assert [(d.low, d.high) for d in first.techniques] != [(d.low, d.high) for d in other.techniques]


def test_examples_come_from_each_side(two_sources) -> None:  # type: ignore[no-untyped-def]
    result = _compare(*two_sources)
    ex_a, ex_b = result.examples["loaded_language"]
    assert len(ex_a) == len(ex_b) == 2
    assert all(e.doc_key.startswith("Planet-") for e in ex_a) and all(
        e.doc_key.startswith("Star-") for e in ex_b
    )
    assert ex_a[0].score >= ex_a[1].score
    slogans = result.examples.get("slogans")
    if slogans is not None:
        assert slogans[1] == ()


def test_bootstrap_matches_a_direct_resampling() -> None:
    rng = np.random.default_rng(5)
    counts_a, words_a = rng.poisson(3, (12, 2)).astype(float), rng.integers(100, 300, 12).astype(float)
    counts_b, words_b = rng.poisson(1, (9, 2)).astype(float), rng.integers(100, 300, 9).astype(float)
    result = bootstrap_rate_difference(counts_a, words_a, counts_b, words_b, resamples=400, seed=3)
    expected = 1000 * counts_a.sum(0) / words_a.sum() - 1000 * counts_b.sum(0) / words_b.sum()
    np.testing.assert_allclose(result.difference, expected)
    assert np.all(result.low <= expected) and np.all(expected <= result.high)
    # the same statistic by explicit index resampling lands within Monte Carlo error
    draws = []
    for _ in range(4000):
        ia, ib = rng.integers(0, 12, 12), rng.integers(0, 9, 9)
        draws.append(
            1000 * counts_a[ia].sum(0) / words_a[ia].sum() - 1000 * counts_b[ib].sum(0) / words_b[ib].sum()
        )
    reference = np.quantile(np.array(draws), [0.025, 0.975], axis=0)
    spread = reference[1] - reference[0]
    np.testing.assert_allclose(result.low, reference[0], atol=0.15 * spread.max())
    np.testing.assert_allclose(result.high, reference[1], atol=0.15 * spread.max())


def test_holm_adjustment() -> None:
    np.testing.assert_allclose(holm_adjust(np.array([0.01, 0.04, 0.03])), [0.03, 0.06, 0.06])
    np.testing.assert_allclose(holm_adjust(np.array([0.5, 0.001])), [0.5, 0.002])


def test_too_few_documents_and_unknown_sources(two_sources, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, setting = two_sources
    with pytest.raises(ComparisonError, match=r"no analysed documents of source 'Moon'.*Planet, Star"):
        source_profiles(store, setting, "Moon", CorpusFilter())
    one = open_store(str(tmp_path / "one.db"))
    try:
        one_setting = fill_store(
            one,
            synthetic_outcomes("Solo", 1, A_RATES, seed=4) + synthetic_outcomes("Duo", 2, A_RATES, seed=5),
        )
        with pytest.raises(ComparisonError, match="needs at least 2 on each side"):
            compare_profiles(
                source_profiles(one, one_setting, "Solo", CorpusFilter()),
                source_profiles(one, one_setting, "Duo", CorpusFilter()),
            )
    finally:
        one.close()


def test_result_files_give_the_same_comparison_as_the_store(two_sources, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, setting = two_sources
    files = {}
    for source in ("Planet", "Star"):
        keys = list(profiles_from_store(store, setting, CorpusFilter(sources=(source,))).keys)
        files[source] = tmp_path / f"{source}.jsonl"
        write_results_jsonl(store, keys, setting, files[source])
    from_files = compare_profiles(
        profiles_from_results(files["Planet"]), profiles_from_results(files["Star"]), resamples=1000, seed=0
    )
    from_store = _compare(store, setting)
    assert [(d.technique, d.count_a, d.count_b) for d in from_files.techniques] == [
        (d.technique, d.count_a, d.count_b) for d in from_store.techniques
    ]
    assert [round(d.low, 9) for d in from_files.techniques] == [
        round(d.low, 9) for d in from_store.techniques
    ]


def test_bad_result_files_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "status": "done"}\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"bad.jsonl:1: result has no 'analysis.spans'"):
        profiles_from_results(bad)
    other = tmp_path / "other.jsonl"
    other.write_text('{"hello": 1}\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match="expected the output of `spinscope batch -o`"):
        profiles_from_results(other)


def test_json_and_html_views(two_sources) -> None:  # type: ignore[no-untyped-def]
    result = _compare(*two_sources)
    data = json.loads(json.dumps(comparison_json(result)))
    assert data["a"]["label"] == "Planet" and data["method"]["seed"] == 0
    assert (
        data["techniques"][0]["technique"] == "loaded_language"
        and data["techniques"][0]["significant"] is True
    )
    assert len(data["techniques"][0]["interval"]) == 2
    assert data["examples"]["loaded_language"]["a"][0]["document"].startswith("Planet-")
    page = comparison_html(result)
    assert "<svg" in page and "Holm" in page and "<script" not in page


def test_cli_compare_from_store_and_files(two_sources, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    store, setting = two_sources
    db = store.url.database
    shown = cli("compare", "--db", db, "Planet", "Star", "--resamples", "1000")
    assert shown.code == 0, shown.stderr
    assert "Loaded language" in shown.stdout and "Holm" in shown.stdout and "Planet" in shown.stdout
    as_json = cli("compare", "--db", db, "Planet", "Star", "--format", "json", "--resamples", "1000")
    assert json.loads(as_json.stdout)["techniques"][0]["technique"] == "loaded_language"
    html = tmp_path / "c.html"
    assert cli("compare", "--db", db, "Planet", "Star", "--format", "html", "-o", str(html)).code == 0
    assert "<svg" in html.read_text(encoding="utf-8")
    missing = cli("compare", "--db", db, "Planet", "Moon")
    assert missing.code == 2 and "no analysed documents of source 'Moon'" in missing.stderr
    files = []
    for source in ("Planet", "Star"):
        keys = list(profiles_from_store(store, setting, CorpusFilter(sources=(source,))).keys)
        files.append(tmp_path / f"{source}.jsonl")
        write_results_jsonl(store, keys, setting, files[-1])
    from_files = cli("compare", str(files[0]), str(files[1]), "--format", "json", "--resamples", "1000")
    assert from_files.code == 0, from_files.stderr
    assert json.loads(from_files.stdout)["a"]["label"] == "Planet.jsonl"
    needs_db = cli("compare", str(files[0]), str(files[1]), "--keyword", "tax")
    assert needs_db.code == 2 and "need --db" in needs_db.stderr


def test_cli_and_web_give_the_same_intervals_for_the_same_data_and_seed(two_sources, cli) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from spinscope.serve import ServeSettings, create_app
    from tests.support.batch import store_location
    from tests.support.web import WordAnalyzer

    store, _ = two_sources
    shown = cli("compare", "--db", store.url.database, "Planet", "Star", "--format", "json", "--seed", "3")
    assert shown.code == 0, shown.stderr
    app = create_app(ServeSettings(corpus_db=store_location(store)), lambda _: WordAnalyzer())  # type: ignore[arg-type]
    with TestClient(app) as client:
        served = client.get("/v1/corpus/compare", params={"a": "Planet", "b": "Star", "seed": 3}).json()
    from_cli = json.loads(shown.stdout)
    assert from_cli["method"] == served["method"]
    assert [(t["technique"], t["interval"]) for t in from_cli["techniques"]] == [
        (t["technique"], t["interval"]) for t in served["techniques"]
    ]


def test_the_same_source_twice_is_refused(two_sources, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    store, setting = two_sources
    with pytest.raises(ComparisonError, match="A and B are the same source"):
        compare_sources(store, setting, "Planet", "Planet", CorpusFilter())
    same = cli("compare", "--db", store.url.database, "Star", "Star")
    assert same.code == 2 and "[E063] A and B are the same source ('Star')" in same.stderr
    results = tmp_path / "r.jsonl"
    results.write_text("", encoding="utf-8")
    twice = cli("compare", str(results), f"{tmp_path}/./r.jsonl")
    assert twice.code == 2 and "A and B are the same results file" in twice.stderr


def test_a_keyword_or_dates_that_match_nothing_are_blamed_not_the_source(two_sources) -> None:  # type: ignore[no-untyped-def]
    store, setting = two_sources
    with pytest.raises(ComparisonError, match="keyword 'zzyzx': no analysed document contains it"):
        compare_sources(store, setting, "Planet", "Star", CorpusFilter(keyword="zzyzx"))
    late = CorpusFilter(since=dt.date(2090, 1, 1))
    with pytest.raises(
        ComparisonError,
        match=r"none of the 30 analysed documents of source 'Planet' were published 2090-01-01 to …",
    ):
        compare_sources(store, setting, "Planet", "Star", late)
    with pytest.raises(
        ComparisonError, match=r"no analysed documents of source 'Moon' \(sources stored: Planet, Star\)"
    ):
        compare_sources(store, setting, "Moon", "Star", CorpusFilter())
