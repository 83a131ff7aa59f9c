"""Terminal view: the article with highlighted spans (quoted speech in italics), then a
legend, a span table and the ranked check-worthy claims."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spinscope.analysis import Analysis
from spinscope.render.messages import no_spans_message, short_text_message
from spinscope.render.palette import technique_colour
from spinscope.techniques import TECHNIQUES

_MAX_SNIPPET = 70


def highlighted_text(analysis: Analysis) -> Text:
    """Article text with each span underlined in its technique's colour; where spans
    overlap the styles combine, and the highest-scoring span's colour is drawn last."""
    text = Text(analysis.text)
    for span in sorted(analysis.spans, key=lambda s: s.score):
        italic = " italic" if span.quoted else ""  # quoted speech, not the author's voice
        text.stylize(f"underline{italic} {technique_colour(span.technique)}", span.start, span.end)
    return text


def legend(analysis: Analysis) -> Table:
    table = Table(title="Techniques found", show_edge=False, expand=False)
    table.add_column("", width=2)
    table.add_column("technique")
    table.add_column("spans", justify="right")
    counts = analysis.technique_counts()
    for technique in TECHNIQUES:
        if technique.id in counts:
            swatch = Text("██", style=technique_colour(technique.id))
            table.add_row(swatch, technique.name, str(counts[technique.id]))
    return table


def span_table(analysis: Analysis) -> Table:
    table = Table(title="Spans", show_edge=False, expand=False)
    for column, justify in (
        ("#", "right"),
        ("chars", "right"),
        ("technique", "left"),
        ("score", "right"),
        ("text", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for i, span in enumerate(analysis.spans, start=1):
        snippet = " ".join(span.text.split())
        if len(snippet) > _MAX_SNIPPET:
            snippet = snippet[: _MAX_SNIPPET - 1] + "…"
        name = TECHNIQUES[span.technique].name if span.technique in TECHNIQUES.ids else span.technique
        if span.quoted:
            name += " (quoted)"
        table.add_row(
            str(i),
            f"{span.start}-{span.end}",
            Text(name, style=technique_colour(span.technique)),
            f"{span.score:.2f}",
            Text(snippet),  # article text: never read as Rich markup
        )
    return table


def claims_table(analysis: Analysis) -> Table:
    """Check-worthy claims, highest score first, with who / where / when they mention."""
    table = Table(title="Check-worthy claims (worth verifying, not judged true or false)", show_edge=False)
    for column, justify in (("#", "right"), ("score", "right"), ("chars", "right"), ("claim", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    ranked = sorted(analysis.claims, key=lambda c: (-c.score, c.start))
    for i, claim in enumerate(ranked, start=1):
        body = Text(" ".join(claim.text.split()))
        if claim.quoted:
            body.append("  (quoted)", style="italic")
        details = [f"{e.label}: {e.text}" for e in claim.entities]
        details += [f"date: {d.text}" + (f" = {d.value}" if d.value else "") for d in claim.dates]
        if details:
            body.append("\n" + "; ".join(details), style="dim")
        table.add_row(str(i), f"{claim.score:.2f}", f"{claim.start}-{claim.end}", body)
    return table


def render(analysis: Analysis, console: Console, title: str | None = None, show_spans: bool = True) -> None:
    heading = Text(title) if title is not None else None  # a file name is not markup
    parts: list[object] = [Panel(highlighted_text(analysis), title=heading, title_align="left")]
    short = short_text_message(analysis.text)
    if short:
        parts.append(Text(short, style="dim"))
    if analysis.spans:
        parts.append(legend(analysis))
        if show_spans:
            parts.append(span_table(analysis))
    else:
        parts.append(Text(no_spans_message(analysis.min_score), style="dim"))
    if analysis.claims:
        parts.append(claims_table(analysis))
    parts.append(
        Text(
            "Labels describe rhetoric, not truth: a highlighted passage may be accurate, and an "
            "unmarked one may be false.",
            style="dim italic",
        )
    )
    console.print(Group(*parts))  # type: ignore[arg-type]
