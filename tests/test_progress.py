"""Progress reports of an analysis: every stage reaches its total, and reporting changes no result."""

from __future__ import annotations

import io
import json

from rich.console import Console

from spinscope.cli.progress_bar import analysis_progress
from spinscope.progress import CLAIMS, ENTITIES, STAGES, TECHNIQUES, reporting_progress


def test_stages_report_up_to_their_totals_and_results_stay_the_same(  # type: ignore[no-untyped-def]
    analyzer, fixture_article: str
) -> None:
    text = "\n\n".join([fixture_article] * 60)  # two blocks, more tokens than one engine call
    reports: list[tuple[str, int, int]] = []
    with reporting_progress(lambda stage, done, total: reports.append((stage, done, total))):
        reported = analyzer.analyze(text)
    assert reported == analyzer.analyze(text)
    first_reports = list(dict.fromkeys(stage for stage, _, _ in reports))
    assert first_reports == list(STAGES) == [CLAIMS, TECHNIQUES, ENTITIES]
    for stage in STAGES:
        mine = [(done, total) for s, done, total in reports if s == stage]
        assert all(0 < done <= total for done, total in mine)
        assert [done for done, _ in mine] == sorted(done for done, _ in mine)
        assert mine[-1][0] == mine[-1][1]
    assert {total for s, _, total in reports if s == TECHNIQUES} == {len(text)}  # characters
    assert sum(s == TECHNIQUES for s, _, _ in reports) > 1


def test_no_reports_outside_the_block(analyzer) -> None:  # type: ignore[no-untyped-def]
    reports: list[str] = []
    with reporting_progress(lambda stage, done, total: reports.append(stage)):
        pass
    analyzer.analyze("They are traitors, every one of them!")
    assert reports == []


def test_progress_bar_on_a_terminal_only(analyzer, fixture_article: str) -> None:  # type: ignore[no-untyped-def]
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    with analysis_progress(len(fixture_article), terminal, min_chars=0):
        analyzer.analyze(fixture_article)
    assert "techniques" in terminal.file.getvalue() and "claims" in terminal.file.getvalue()
    for console, min_chars in ((Console(file=io.StringIO(), force_terminal=False), 0), (terminal, 10**9)):
        console.file.truncate(0)
        with analysis_progress(len(fixture_article), console, min_chars=min_chars):
            analyzer.analyze(fixture_article)
        assert console.file.getvalue() == ""


def test_analyze_json_stays_clean_of_progress(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "long.txt"
    article.write_text("The minister said unemployment doubled since 2015.\n\n" * 2200, encoding="utf-8")
    result = cli("analyze", str(article), "--format", "json")
    assert result.code == 0
    assert json.loads(result.stdout)["claims"]
    assert "techniques" not in result.stderr  # standard error is not a terminal here
