"""Corpus statistics and comparisons as terminal tables, CSV, JSON and self-contained HTML."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from html import escape
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from spinscope.corpus.charts import A_COLOUR, B_COLOUR, comparison_svg, rates_svg, technique_name
from spinscope.corpus.compare import Comparison, Difference
from spinscope.corpus.stats import RateTable
from spinscope.render.palette import technique_colour
from spinscope.store.reader import ExampleSpan

_SNIPPET = 90


def fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if math.isfinite(value) else "–"


def snippet(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ---------------------------------------------------------------- rates


def rates_rich(table: RateTable) -> Table:
    """Techniques as rows, groups as columns (plus the whole selection)."""
    columns = [*table.rows, table.total] if table.rows else [table.total]
    out = Table(title="Spans per 1,000 words", show_edge=False)
    out.add_column("")
    for group in columns:
        out.add_column(Text(table.group_label(group)), justify="right")  # source names are not markup
    for j, technique in enumerate(table.techniques):
        out.add_row(
            Text(technique_name(technique), style=technique_colour(technique)),
            *(fmt(g.technique_rates[j]) for g in columns),
        )
    out.add_section()
    out.add_row("all techniques", *(fmt(g.span_rate) for g in columns))
    out.add_row("claims", *(fmt(g.claim_rate) for g in columns))
    out.add_row("documents", *(str(g.documents) for g in columns))
    out.add_row("words", *(f"{g.words:,}" for g in columns))
    return out


def rates_csv(table: RateTable) -> str:
    """One row per group (and one for all documents): counts, then rates per 1,000 words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [*table.by, "documents", "words", "spans", "claims", "spans_per_1000_words", "claims_per_1000_words"]
        + [f"{t}_per_1000_words" for t in table.techniques]
    )
    for group in [*table.rows, table.total]:
        key = list(group.group) if group.group else ["(all)"] * len(table.by)
        writer.writerow(
            [
                *key,
                group.documents,
                group.words,
                group.spans,
                group.claims,
                _csv_num(group.span_rate),
                _csv_num(group.claim_rate),
            ]
            + [_csv_num(r) for r in group.technique_rates]
        )
    return buffer.getvalue()


def _csv_num(value: float) -> str:
    return f"{value:.4f}" if math.isfinite(value) else ""


STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d1d1d}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.note{color:#555;font-size:.85rem}.sig{font-weight:600}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;vertical-align:middle}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #ccc}
form{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:.85rem}
"""


def html_page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def rates_html_section(table: RateTable) -> str:
    columns = [*table.rows, table.total] if table.rows else [table.total]
    head = "".join(f"<th>{escape(table.group_label(g))}</th>" for g in columns)
    body = []
    for j, technique in enumerate(table.techniques):
        swatch = f'<span class="swatch" style="background:{technique_colour(technique)}"></span>'
        cells = "".join(f"<td>{fmt(g.technique_rates[j])}</td>" for g in columns)
        body.append(f"<tr><td>{swatch}{escape(technique_name(technique))}</td>{cells}</tr>")
    for label, values in (
        ("all techniques", [fmt(g.span_rate) for g in columns]),
        ("claims", [fmt(g.claim_rate) for g in columns]),
        ("documents", [str(g.documents) for g in columns]),
        ("words", [f"{g.words:,}" for g in columns]),
    ):
        body.append(f"<tr><td><b>{label}</b></td>{''.join(f'<td>{v}</td>' for v in values)}</tr>")
    shown = len(columns) - 1 if table.rows else 1
    note = (
        ""
        if shown <= 8
        else f'<p class="note">The chart shows the 8 groups with the most words of {shown}.</p>'
    )
    return (
        f"{rates_svg(table)}{note}<table><thead><tr><th>spans per 1,000 words</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def rates_html(table: RateTable, title: str, description: str) -> str:
    body = f"<h1>{escape(title)}</h1><p class='note'>{escape(description)}</p>{rates_html_section(table)}"
    return html_page(title, body)


# ---------------------------------------------------------------- comparison


def comparison_header(c: Comparison) -> str:
    return (
        f"A = {c.a.label} ({c.a.documents} documents, {c.a.words:,} words); "
        f"B = {c.b.label} ({c.b.documents} documents, {c.b.words:,} words)"
    )


def method_note(c: Comparison) -> str:
    return (
        f"Rates are spans per 1,000 words. Intervals: {c.level:.0%} percentile bootstrap over documents "
        f"({c.resamples} resamples, seed {c.seed}). p: two-sided bootstrap p-value, Holm-adjusted over "
        "the techniques; * marks p < 0.05. A difference in rhetoric is not a judgement of either source."
    )


def _diff_cells(d: Difference) -> list[str]:
    return [
        fmt(d.rate_a),
        fmt(d.rate_b),
        f"{d.difference:+.2f}" if math.isfinite(d.difference) else "–",
        f"[{d.low:+.2f}, {d.high:+.2f}]" if math.isfinite(d.low) else "–",
        f"{d.p_holm:.3g}" + (" *" if d.significant else ""),
    ]


def comparison_rich(c: Comparison) -> Group:
    table = Table(title="Technique rates, A vs B (largest differences first)", show_edge=False)
    for column, justify in (
        ("technique", "left"),
        ("A /1k words", "right"),
        ("B /1k words", "right"),
        ("A − B", "right"),
        (f"{c.level:.0%} interval", "right"),
        ("p (Holm)", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for d in c.techniques:
        style = "bold" if d.significant else ""
        table.add_row(
            Text(technique_name(d.technique), style=technique_colour(d.technique)),
            *_diff_cells(d),
            style=style,
        )
    table.add_section()
    claim = c.claims
    table.add_row(
        "claims", *_diff_cells(claim)[:-1], f"{claim.p_value:.3g}" + (" *" if claim.p_value < 0.05 else "")
    )
    parts: list[Any] = [Text(comparison_header(c)), table, Text(method_note(c), style="dim")]
    for technique, (ex_a, ex_b) in c.examples.items():
        parts.append(Text(f"\n{technique_name(technique)}", style=f"bold {technique_colour(technique)}"))
        parts.extend(_example_lines("A", ex_a))
        parts.extend(_example_lines("B", ex_b))
    return Group(*parts)


def _example_lines(side: str, examples: Sequence[ExampleSpan]) -> list[Text]:
    if not examples:
        return [Text(f"  {side}: (no spans)", style="dim")]
    return [
        Text(f"  {side}: “{snippet(e.text)}” — {e.doc_key}" + (" (quoted)" if e.quoted else ""))
        for e in examples
    ]


def _example_json(e: ExampleSpan) -> dict[str, Any]:
    return {
        "document": e.doc_key,
        "title": e.title,
        "text": e.text,
        "score": round(e.score, 4),
        "quoted": e.quoted,
    }


def _difference_json(d: Difference) -> dict[str, Any]:
    def num(v: float) -> float | None:
        return round(v, 6) if math.isfinite(v) else None

    return {
        "technique": d.technique,
        "rate_a": num(d.rate_a),
        "rate_b": num(d.rate_b),
        "count_a": d.count_a,
        "count_b": d.count_b,
        "difference": num(d.difference),
        "interval": [num(d.low), num(d.high)],
        "p_value": num(d.p_value),
        "p_holm": num(d.p_holm),
        "significant": d.significant,
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "a": {"label": c.a.label, "documents": c.a.documents, "words": c.a.words},
        "b": {"label": c.b.label, "documents": c.b.documents, "words": c.b.words},
        "method": {
            "resamples": c.resamples,
            "seed": c.seed,
            "level": c.level,
            "adjustment": "holm",
            "per_words": 1000,
        },
        "techniques": [_difference_json(d) for d in c.techniques],
        "claims": _difference_json(c.claims),
        "examples": {
            t: {"a": [_example_json(e) for e in ex_a], "b": [_example_json(e) for e in ex_b]}
            for t, (ex_a, ex_b) in c.examples.items()
        },
    }


def comparison_html_section(c: Comparison) -> str:
    rows = []
    for d in (*c.techniques, c.claims):
        name = "claims" if d.technique == "claims" else technique_name(d.technique)
        cells = "".join(f"<td>{escape(v)}</td>" for v in _diff_cells(d))
        cls = ' class="sig"' if d.significant else ""
        rows.append(f"<tr{cls}><td>{escape(name)}</td>{cells}</tr>")
    examples = []
    for technique, (ex_a, ex_b) in c.examples.items():
        items = []
        for side, colour, found in (("A", A_COLOUR, ex_a), ("B", B_COLOUR, ex_b)):
            if not found:
                items.append(f'<p class="note">{side}: no spans</p>')
            for e in found:
                items.append(
                    f'<blockquote style="border-color:{colour}">{side}: “{escape(snippet(e.text, 200))}” '
                    f'<span class="note">— {escape(e.title or e.doc_key)}'
                    f"{' (quoted)' if e.quoted else ''}</span></blockquote>"
                )
        examples.append(f"<h3>{escape(technique_name(technique))}</h3>{''.join(items)}")
    return (
        f"<p>{escape(comparison_header(c))}</p>{comparison_svg(c)}"
        "<table><thead><tr><th>technique</th><th>A /1k words</th><th>B /1k words</th><th>A − B</th>"
        f"<th>{c.level:.0%} interval</th><th>p (Holm)</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{escape(method_note(c))}</p><h2>Examples</h2>{"".join(examples)}'
    )


def comparison_html(c: Comparison) -> str:
    title = f"{c.a.label} vs {c.b.label}"
    return html_page(title, f"<h1>{escape(title)}</h1>{comparison_html_section(c)}")
