"""The side-swap probe: name swapping, agreement measures, and the probe loop."""

from __future__ import annotations

import json
import re

import pytest

from spinscope.analysis import Analysis, Claim, ModelInfo, Span
from spinscope.errors import SpinscopeError
from spinscope.neutrality import NamePair, NameSwapper, compare, dice, probe

PAIRS = [NamePair("Varn", "Oskel"), NamePair("Varnish", "Oskelian"), NamePair("Varnishes", "Oskelians")]
INFO = ModelInfo("test", "0")


def test_swap_is_whole_word_same_case_and_undoes_itself() -> None:
    swapper = NameSwapper(PAIRS)
    text = "The Varnish army left Varn; Oskelians cheered. Varn's mayor, varnish, Varnished."
    swapped = swapper.swap(text)
    assert swapped == "The Oskelian army left Oskel; Varnishes cheered. Oskel's mayor, varnish, Varnished."
    assert swapper.swap(swapped) == text
    assert swapper.mentions(text) == 4
    assert swapper.mentions("nothing here") == 0


def test_longer_names_win_and_unknown_forms_stay() -> None:
    swapper = NameSwapper([NamePair("Varnish", "Oskelian")])
    assert swapper.swap("Varnishes and Varnish") == "Varnishes and Oskelian"
    assert swapper.swap("Varnish—Oskelian 😀 talks") == "Oskelian—Varnish 😀 talks"


@pytest.mark.parametrize(
    "pairs",
    [[NamePair("Varn", "Varn")], [NamePair("Varn", "Oskel"), NamePair("Varn", "Tesk")], [NamePair(" ", "x")]],
)
def test_bad_pairs_are_refused(pairs: list[NamePair]) -> None:
    with pytest.raises(SpinscopeError, match="name"):
        NameSwapper(pairs)


def test_dice_of_multisets() -> None:
    from collections import Counter

    assert dice(Counter(), Counter()) == 1.0
    assert dice(Counter("aab"), Counter("ab")) == pytest.approx(2 * 2 / 5)
    assert dice(Counter("a"), Counter("b")) == 0.0


def analysis(
    text: str, spans: list[tuple[str, str, float]], claims: tuple[tuple[str, float], ...] = ()
) -> Analysis:
    out = []
    for needle, technique, score in spans:
        start = text.index(needle)
        out.append(Span(start, start + len(needle), technique, score, needle))
    found = []
    for sentence, score in claims:
        start = text.index(sentence)
        found.append(Claim(start, start + len(sentence), sentence, score, (), (), False))
    return Analysis(text, tuple(out), INFO, 0.5, claims=tuple(found))


def test_compare_hand_computed() -> None:
    swapper = NameSwapper(PAIRS)
    text = "Varnish traitors burned the bridge. Prices rose 40 percent in Varn."
    other = swapper.swap(text)
    original = analysis(
        text,
        [("Varnish traitors", "name_calling", 0.8), ("burned the bridge", "loaded_language", 0.6)],
        (("Prices rose 40 percent in Varn.", 0.9),),
    )
    same = analysis(
        other,
        [("Oskelian traitors", "name_calling", 0.7), ("burned the bridge", "loaded_language", 0.6)],
        (("Prices rose 40 percent in Oskel.", 0.85),),
    )
    agreement = compare(original, same, swapper)
    assert (agreement.spans, agreement.span_places, agreement.claims) == (1.0, 1.0, 1.0)
    assert agreement.span_score_change == pytest.approx(0.05)
    assert agreement.claim_score_change == pytest.approx(0.05)
    # the swapped text keeps one of the two places, under another technique, and no claim
    changed = analysis(other, [("Oskelian traitors", "doubt", 0.7)])
    agreement = compare(original, changed, swapper)
    assert agreement.spans == 0.0
    assert agreement.span_places == pytest.approx(2 * 1 / 3)
    assert agreement.claims == 0.0
    assert (agreement.spans_original, agreement.spans_swapped) == (2, 1)


def test_probe_skips_texts_without_names_and_pairs_results() -> None:
    swapper = NameSwapper(PAIRS)
    seen: list[list[str]] = []

    def word_analyzer(texts: list[str]) -> list[Analysis]:
        seen.append(texts)
        return [
            Analysis(
                t,
                tuple(
                    Span(m.start(), m.end(), "loaded_language", 0.9, m.group(0))
                    for m in re.finditer("traitors", t)
                ),
                INFO,
                0.5,
            )
            for t in texts
        ]

    texts = ["No sides here, traitors.", "Varnish traitors again.", "Oskel traitors too."]
    rows = probe(texts, swapper, word_analyzer)
    assert len(rows) == 2 and all(r.spans == 1.0 for r in rows)
    assert seen == [
        ["Varnish traitors again.", "Oskel traitors too.", "Oskelian traitors again.", "Varn traitors too."]
    ]


def _probe_files(cli, folder, texts: dict[str, str], *options: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """``spinscope neutrality --json`` over files holding ``texts``: each file's row by name."""
    paths = {name: folder / name for name in texts}
    for name, path in paths.items():
        path.write_text(texts[name], encoding="utf-8")
    result = cli("neutrality", *map(str, paths.values()), *options, "--json")
    assert result.code == 0, result.stderr
    out = json.loads(result.stdout)
    return {name: out[str(path)] for name, path in paths.items()}


def test_cli_probes_named_files_and_skips_others(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    named = (
        "The Varnish militia burned the bridge, a disgraceful act of cowardly traitors.\r\n"
        "Oskel leaders said the attack was a catastrophe 😀.\n"
    )
    plain = "Nobody is named here, only a disastrous plan.\n"
    out = _probe_files(
        cli,
        tmp_path,
        {"named.txt": named, "plain.txt": plain},
        "--pair",
        "Varnish=Oskelian",
        "--pair",
        "Varn=Oskel",
    )
    assert out["plain.txt"] is None
    row = out["named.txt"]
    assert isinstance(row, dict)
    assert 0.0 <= row["spans"] <= 1.0 and 0.0 <= row["claims"] <= 1.0
    assert row["spans_original"] >= 1
    lost = {tuple(x) for x in row["only_original"]}
    gained = {tuple(x) for x in row["only_swapped"]}
    kept = row["spans_original"] - len(lost)
    assert row["spans"] == pytest.approx(2 * kept / (row["spans_original"] + row["spans_swapped"]))
    assert all("Oskelian" not in text for text, _ in gained)  # reported with the names swapped back


def test_cli_name_blind_reading_of_real_sides_agrees_fully(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Armenian militias burned the bridge, a disgraceful act of cowardly traitors, and the "
        "Azerbaijani envoy called it a barbaric crime that will destroy everything.\n"
    )
    row = _probe_files(cli, tmp_path, {"sides.txt": text}, "--pair", "Armenian=Azerbaijani", "--name-blind")
    assert row["sides.txt"] == {**row["sides.txt"], "spans": 1.0, "span_score_change": 0.0}


def test_cli_errors(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = cli("neutrality", str(tmp_path / "absent.txt"))
    assert missing.code == 2 and "no such file" in missing.stderr
    text = tmp_path / "a.txt"
    text.write_text("Varn.", encoding="utf-8")
    bad = cli("neutrality", str(text), "--pair", "Varnish")
    assert bad.code == 2 and "NAME=OTHER" in bad.stderr


def test_offsets_follow_the_swap() -> None:
    swapper = NameSwapper([NamePair("Varn", "Oskelian")])
    text = "A Varn army, Oskelian men and Varn. 😀 Varnish stays."
    new, offsets = swapper.swap_with_offsets(text)
    assert new == swapper.swap(text) == "A Oskelian army, Varn men and Oskelian. 😀 Varnish stays."
    for start, end in [(0, 1), (2, 6), (7, 11), (13, 21), (30, 35), (36, len(text)), (0, len(text))]:
        new_start, new_end = offsets.span(start, end)
        assert new[new_start:new_end] == swapper.swap(text[start:end])
    assert offsets.span(3, 5) == (2, 10)  # a boundary inside a name widens to the whole new name
    unchanged, none = swapper.swap_with_offsets("no names")
    assert unchanged == "no names" and none.span(3, 5) == (3, 5)


def test_training_copies_keep_labels_on_the_same_words() -> None:
    from spinscope.ptc.corpus import Article, LabelRow
    from spinscope.train.counterfactual import COPY_SUFFIX, swapped_copies

    text = "The Varnish militia are cowardly traitors, said Oskel officials.\r\nWeather was fine."
    rows = [
        LabelRow(
            "1", text.index("Varnish militia are cowardly traitors"), text.index(", said"), "name_calling"
        ),
        LabelRow("1", text.index("Weather"), len(text), None),
    ]
    sources = [(Article("1", text), rows), (Article("2", "No sides here."), [])]
    ((copy, moved),) = swapped_copies(sources, NameSwapper(PAIRS))
    assert copy.id == "1" + COPY_SUFFIX
    assert (
        copy.text == "The Oskelian militia are cowardly traitors, said Varn officials.\r\nWeather was fine."
    )
    assert [copy.text[r.start : r.end] for r in moved] == [
        "Oskelian militia are cowardly traitors",
        "Weather was fine.",
    ]
    assert [(r.article_id, r.technique) for r in moved] == [(copy.id, "name_calling"), (copy.id, None)]


def test_a_held_out_fold_brings_its_swapped_copies_into_the_teachers_pool() -> None:
    # with --swap-sides, every cross-validation fold must find the teacher's outputs for the
    # copies of the articles it trains on, including those another fold held out
    from spinscope.ptc.corpus import Article, LabelRow
    from spinscope.train.counterfactual import COPY_SUFFIX, labelled_sources

    articles = [Article("7", "Armenians and Azerbaijanis met."), Article("8", "It rained.")]
    gold = {"7": [LabelRow("7", 0, 9, "name_calling")]}
    plain = labelled_sources(articles, gold, swap_sides=False)
    assert [a.id for a, _ in plain] == ["7", "8"] and plain[1][1] == []
    swapped = labelled_sources(articles, gold, swap_sides=True)
    assert [a.id for a, _ in swapped] == ["7", "8", "7" + COPY_SUFFIX]
    copy, rows = swapped[2]
    assert copy.text == "Azerbaijanis and Armenians met."
    assert [copy.text[r.start : r.end] for r in rows] == ["Azerbaijanis"]


def test_unseen_pairs_name_no_side_that_training_swaps() -> None:
    from spinscope.neutrality import CONTROL_PAIRS, DEFAULT_PAIRS, UNSEEN_PAIRS

    def names(pairs: tuple[NamePair, ...]) -> set[str]:
        return {name for pair in pairs for name in (pair.first, pair.second)}

    assert not names(UNSEEN_PAIRS) & names(DEFAULT_PAIRS)
    assert not names(UNSEEN_PAIRS) & names(CONTROL_PAIRS)
    swapped = NameSwapper(UNSEEN_PAIRS).swap("Obama met Iraqi and Kurdish leaders; Catholics prayed.")
    assert swapped == "Bush met Iranian and Turkish leaders; Protestants prayed."
