"""Charts of corpus rates: inline SVG for HTML pages (drawn here, no scripts or remote
assets, so pages work offline) and PNG through matplotlib."""

from __future__ import annotations

import math
from html import escape
from typing import BinaryIO

from spinscope.corpus.compare import Comparison
from spinscope.corpus.stats import GroupRates, RateTable
from spinscope.render.palette import SOURCE_A_COLOUR, SOURCE_B_COLOUR
from spinscope.techniques import TECHNIQUES

MAX_GROUPS = 8
"""Charts show at most this many groups (those with the most words); tables show all."""
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
A_COLOUR, B_COLOUR, NEUTRAL = SOURCE_A_COLOUR, SOURCE_B_COLOUR, "#8a8a8a"

_LABEL_W, _CHART_W, _ROW_GAP, _BAR_H = 250, 460, 10, 9


def technique_name(technique: str) -> str:
    return TECHNIQUES[technique].name if technique in TECHNIQUES.ids else technique


def chart_groups(table: RateTable) -> list[GroupRates]:
    rows = list(table.rows) or [table.total]
    if len(rows) <= MAX_GROUPS:
        return rows
    keep = sorted(rows, key=lambda r: -r.words)[:MAX_GROUPS]
    return [r for r in rows if r in keep]


def _finite(value: float) -> float:
    return value if math.isfinite(value) else 0.0


def rates_svg(table: RateTable) -> str:
    """Grouped horizontal bars: spans per 1,000 words for each technique and group."""
    groups = chart_groups(table)
    labels = [table.group_label(g) for g in groups]
    peak = max((_finite(r) for g in groups for r in g.technique_rates), default=0.0) or 1.0
    row_h = len(groups) * _BAR_H + _ROW_GAP
    legend_h = 18 * len(groups) + 10
    height = legend_h + row_h * len(table.techniques) + 30
    width = _LABEL_W + _CHART_W + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Technique rates per 1,000 words" '
        'font-family="sans-serif" font-size="12">'
    ]
    for i, label in enumerate(labels):
        y = 14 + 18 * i
        colour = GROUP_COLOURS[i % len(GROUP_COLOURS)]
        out.append(f'<rect x="{_LABEL_W}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{_LABEL_W + 18}" y="{y}">{escape(label)}</text>')
    top = legend_h
    for j, technique in enumerate(table.techniques):
        y0 = top + j * row_h
        out.append(
            f'<text x="{_LABEL_W - 8}" y="{y0 + row_h / 2 + 2:.1f}" text-anchor="end">'
            f"{escape(technique_name(technique))}</text>"
        )
        for i, group in enumerate(groups):
            value = group.technique_rates[j]
            w = _CHART_W * _finite(value) / peak
            y = y0 + i * _BAR_H
            colour = GROUP_COLOURS[i % len(GROUP_COLOURS)]
            shown = f"{value:.2f}" if math.isfinite(value) else "n/a"
            out.append(
                f'<rect x="{_LABEL_W}" y="{y}" width="{w:.1f}" height="{_BAR_H - 1}" fill="{colour}">'
                f"<title>{escape(labels[i])}: {escape(technique_name(technique))} {shown} "
                "per 1,000 words</title></rect>"
            )
    axis_y = top + row_h * len(table.techniques) + 4
    out.append(
        f'<line x1="{_LABEL_W}" y1="{axis_y}" x2="{_LABEL_W + _CHART_W}" y2="{axis_y}" stroke="#444"/>'
    )
    for k in range(5):
        x = _LABEL_W + _CHART_W * k / 4
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{peak * k / 4:.2f}</text>')
    out.append("</svg>")
    return "".join(out)


def comparison_svg(comparison: Comparison) -> str:
    """Difference A - B per technique with its bootstrap interval; coloured where significant."""
    rows = comparison.techniques
    bound = max((abs(_finite(v)) for d in rows for v in (d.low, d.high, d.difference)), default=0.0) or 1.0
    row_h = 22
    width = _LABEL_W + _CHART_W + 60
    height = 40 + row_h * len(rows) + 30
    centre = _LABEL_W + _CHART_W / 2

    def x_of(value: float) -> float:
        return centre + (_CHART_W / 2) * _finite(value) / bound

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Rate differences with intervals" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="{_LABEL_W}" y="16" fill="{B_COLOUR}">◀ higher in {escape(comparison.b.label)}</text>',
        f'<text x="{_LABEL_W + _CHART_W}" y="16" text-anchor="end" fill="{A_COLOUR}">'
        f"higher in {escape(comparison.a.label)} ▶</text>",
        f'<line x1="{centre}" y1="26" x2="{centre}" y2="{40 + row_h * len(rows)}" stroke="#444"/>',
    ]
    for i, d in enumerate(rows):
        y = 40 + i * row_h + row_h / 2
        colour = NEUTRAL if not d.significant else (A_COLOUR if d.difference > 0 else B_COLOUR)
        out.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(technique_name(d.technique))}</text>"
        )
        out.append(
            f'<line x1="{x_of(d.low):.1f}" y1="{y:.1f}" x2="{x_of(d.high):.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        out.append(
            f'<circle cx="{x_of(d.difference):.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
            f"<title>{escape(technique_name(d.technique))}: {d.difference:+.2f} per 1,000 words "
            f"[{d.low:+.2f}, {d.high:+.2f}], Holm p = {d.p_holm:.3g}</title></circle>"
        )
    axis_y = 44 + row_h * len(rows)
    for k in range(5):
        value = -bound + 2 * bound * k / 4
        out.append(f'<text x="{x_of(value):.1f}" y="{axis_y + 12}" text-anchor="middle">{value:+.2f}</text>')
    out.append("</svg>")
    return "".join(out)


def rates_png(table: RateTable, stream: BinaryIO, title: str) -> None:
    """The same grouped bars as :func:`rates_svg`, as a PNG file (matplotlib, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = chart_groups(table)
    n_t = len(table.techniques)
    height = max(3.0, 0.32 * n_t * max(1, len(groups)) ** 0.5 + 1.5)
    fig, ax = plt.subplots(figsize=(10, height), dpi=110)
    try:
        bar = 0.8 / len(groups)
        for i, group in enumerate(groups):
            positions = [j + i * bar for j in range(n_t)]
            ax.barh(
                positions,
                [_finite(v) for v in group.technique_rates],
                height=bar,
                label=table.group_label(group),
                color=GROUP_COLOURS[i % len(GROUP_COLOURS)],
            )
        ax.set_yticks([j + 0.4 - bar / 2 for j in range(n_t)])
        ax.set_yticklabels([technique_name(t) for t in table.techniques])
        ax.invert_yaxis()
        ax.set_xlabel("spans per 1,000 words")
        ax.set_title(title)
        if len(groups) > 1 or table.rows:
            ax.legend(loc="lower right", fontsize="small")
        fig.tight_layout()
        fig.savefig(stream, format="png")
    finally:
        plt.close(fig)
