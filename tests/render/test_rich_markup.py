"""Text from documents, files and error messages reaches the terminal as written: Rich never
reads it as markup (an error mentioning ``[html-clean]`` keeps it)."""

from __future__ import annotations

import io

from rich.console import Console

from spinscope.analysis import Analysis, ModelInfo, Span
from spinscope.batch.progress import render_summary
from spinscope.batch.summary import BatchSummary, BatchTally
from spinscope.corpus.profiles import CorpusProfiles
from spinscope.corpus.render import rates_rich
from spinscope.corpus.stats import rate_table
from spinscope.render.terminal import render
from spinscope.store.records import SettingInfo

REASON = "ImportError: lxml.html.clean is now a separate project; install lxml[html-clean] or [bold]x[/bold]"


def printed(*renderables: object) -> str:
    console = Console(file=io.StringIO(), width=400, no_color=True, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_batch_failures_keep_square_brackets() -> None:
    tally = BatchTally(total=2, done=1, failed=1)
    tally.add_failure("[draft] page.html", REASON)
    summary = BatchSummary(7, "[team] corpus.db", SettingInfo(1, "m", "1", 0.5), tally, 1.0, ("a",))
    console = Console(file=io.StringIO(), width=400, no_color=True, force_terminal=False)
    render_summary(summary, console)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "lxml[html-clean]" in shown and "[bold]x[/bold]" in shown
    assert "[draft] page.html" in shown and "[team] corpus.db" in shown


def test_analysis_text_and_file_name_keep_square_brackets() -> None:
    text = "They call it [bold]progress[/bold] and [red]reform[/]."
    start = text.index("[bold]")
    span = Span(start, start + 24, "loaded_language", 0.9, text[start : start + 24])
    console = Console(file=io.StringIO(), width=400, no_color=True, force_terminal=False)
    render(Analysis(text, (span,), ModelInfo("m", "1"), 0.5), console, title="[draft] notes.txt")
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[bold]progress[/bold]" in shown.split("Spans")[1]  # the span table's text column
    assert "[draft] notes.txt" in shown and "[red]reform[/]" in shown


def test_source_names_keep_square_brackets() -> None:
    import numpy as np

    profiles = CorpusProfiles(
        label="all",
        keys=("a", "b"),
        sources=("[b]Planet[/b]", "Star"),
        published=(None, None),
        words=np.array([100.0, 100.0]),
        claims=np.array([1.0, 0.0]),
        techniques=("loaded_language",),
        counts=np.array([[2.0], [1.0]]),
    )
    assert "[b]Planet[/b]" in printed(rates_rich(rate_table(profiles, ("source",))))
