"""HTML views of an analysis: a self-contained report file and the fragment the web app shows.

Both use :meth:`HtmlRenderer.fragment`, so the report and the web page look and behave the
same. Every piece of article text goes through MarkupSafe escaping (Jinja2 with autoescape
for templates, ``Markup.format`` for the article markup built here).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from spinscope.analysis import Analysis, Claim, Span
from spinscope.render.messages import no_spans_message, short_text_message
from spinscope.render.palette import UNKNOWN_COLOUR, technique_colour
from spinscope.render.segments import Segment, assign_lanes, segment_text, word_count
from spinscope.techniques import TECHNIQUES

# Dash patterns (on, off, on, off, ... in px) that tell techniques apart without colour;
# an empty pattern is a solid line. One per technique, in registry order.
DASH_PATTERNS: tuple[tuple[int, ...], ...] = (
    (),
    (8, 3),
    (4, 3),
    (2, 2),
    (12, 3, 2, 3),
    (12, 3, 2, 3, 2, 3),
    (2, 5),
    (16, 4),
    (6, 2, 6, 6),
    (1, 1),
    (4, 6),
    (8, 3, 4, 3),
    (3, 2, 3, 8),
    (20, 2, 2, 2),
)
MAX_LANES = 6
"""Underline rows drawn below a line of text; deeper overlaps share the last row."""
UNKNOWN_CLASS = "tx"
FAVICON = "favicon.ico"
CHART_LABEL_CHARS = 30

READING_NOTE = (
    "Highlights mark persuasion techniques: ways of writing that push the reader. They describe "
    "rhetoric, not truth. A highlighted passage may be accurate and an unmarked one may be false. "
    "Passages inside quotation marks (drawn in italics with a faded line) are reported speech: they "
    "show what someone else said, not the author's own voice. Scores are the model's confidence "
    "(0 to 1), not a measure of how bad or how false a passage is. The model can react to the "
    "names of the sides themselves: a borderline highlight may come or go when they are swapped "
    "(spinscope neutrality shows which), so judge a side's coverage over many texts, not one passage."
)
CLAIMS_NOTE = (
    "Check-worthy claims are sentences that state something a fact-checker could verify. Being "
    "listed says nothing about whether the claim is true."
)


@dataclass(frozen=True, slots=True)
class TechniqueStyle:
    """How one technique is drawn: CSS class, colour and dash pattern."""

    css_class: str
    id: str
    name: str
    definition: str
    colour: str
    dashes: tuple[int, ...]

    @property
    def gradient(self) -> str:
        """CSS background image drawing the technique's line in ``var(--c)``."""
        if not self.dashes:
            return "linear-gradient(var(--c), var(--c))"
        stops: list[str] = []
        position = 0
        for i, length in enumerate(self.dashes):
            colour = "var(--c)" if i % 2 == 0 else "transparent"
            stops.append(f"{colour} {position}px {position + length}px")
            position += length
        return f"repeating-linear-gradient(90deg, {', '.join(stops)})"


def technique_styles() -> tuple[TechniqueStyle, ...]:
    return tuple(
        TechniqueStyle(
            f"t{i}", t.id, t.name, t.definition, technique_colour(t.id), DASH_PATTERNS[i % len(DASH_PATTERNS)]
        )
        for i, t in enumerate(TECHNIQUES)
    )


def _style_for(technique: str, styles: dict[str, TechniqueStyle]) -> TechniqueStyle:
    """The style of ``technique``; an id the registry does not know is drawn grey and solid."""
    style = styles.get(technique)
    if style is not None:
        return style
    return TechniqueStyle(UNKNOWN_CLASS, technique, technique, "", UNKNOWN_COLOUR, ())


@dataclass(frozen=True, slots=True)
class LegendRow:
    style: TechniqueStyle
    count: int
    quoted: int
    per_1000_words: float


@dataclass(frozen=True, slots=True)
class Bar:
    name: str
    label: str
    """The name, shortened to fit beside the bar."""
    value: float
    colour: str
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """Geometry of the horizontal bar chart (inline SVG) of spans per 1,000 words."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_height: int
    row_height: int

    @classmethod
    def layout(cls, rows: Sequence[LegendRow], width: int = 460, label_width: int = 200) -> BarChart:
        row_height, bar_height = 26, 16
        plot_width = width - label_width - 70
        top = max((r.per_1000_words for r in rows), default=0.0) or 1.0
        ordered = sorted(rows, key=lambda r: (-r.per_1000_words, r.style.name))
        bars = tuple(
            Bar(
                r.style.name,
                _shorten(r.style.name, CHART_LABEL_CHARS),
                r.per_1000_words,
                r.style.colour,
                i * row_height + 4,
                round(max(r.per_1000_words / top * plot_width, 1.0), 1),
            )
            for i, r in enumerate(ordered)
        )
        return cls(bars, width, len(bars) * row_height + 8, label_width, bar_height, row_height)


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class ClaimView:
    index: int
    rank: int
    claim: Claim


@dataclass(frozen=True, slots=True)
class AnalysisView:
    """Everything the analysis templates need, computed once."""

    source: str | None
    article: Markup
    legend: tuple[LegendRow, ...]
    chart: BarChart
    claims: tuple[ClaimView, ...]
    words: int
    span_count: int
    quoted_count: int
    model: str
    min_score: float
    error: str | None
    data: dict[str, Any]
    """Span and technique details for the page script (embedded as JSON)."""
    short_note: str | None = None
    """Said when the text is a sentence or two (:func:`short_text_message`)."""
    reading_note: str = READING_NOTE
    claims_note: str = CLAIMS_NOTE

    @property
    def empty_note(self) -> str:
        return no_spans_message(self.min_score)


def _segment_title(seg: Segment, spans: Sequence[Span], styles: dict[str, TechniqueStyle]) -> str:
    parts = []
    for i in seg.spans:
        span = spans[i]
        quoted = ", quoted" if span.quoted else ""
        parts.append(f"{_style_for(span.technique, styles).name} ({span.score:.2f}{quoted})")
    return "; ".join(parts)


def article_markup(analysis: Analysis, styles: dict[str, TechniqueStyle]) -> Markup:
    """The article text with one element per segment; each covering span adds an underline
    layer on its own lane, so overlapping spans stay visible."""
    spans, claims = analysis.spans, analysis.claims
    segments = segment_text(analysis.text, spans, claims)
    lanes = assign_lanes(spans)
    parts: list[Markup] = []
    for seg in segments:
        if not seg.spans and not seg.claims:
            parts.append(Markup.escape(seg.text))
            continue
        classes = ["seg"]
        attrs: list[Markup] = []
        if seg.spans:
            # the tint behind the text takes the colour of the span on the top lane
            top = min(seg.spans, key=lambda i: lanes[i])
            classes += ["has-spans", _style_for(spans[top].technique, styles).css_class]
            attrs.append(Markup(' data-spans="{}"').format(" ".join(map(str, seg.spans))))
            attrs.append(Markup(' title="{}"').format(_segment_title(seg, spans, styles)))
            if any(spans[i].start == seg.start for i in seg.spans):
                attrs.append(Markup(' tabindex="0"'))
        if seg.claims:
            classes.append("claim")
            attrs.append(Markup(' data-claims="{}"').format(" ".join(map(str, seg.claims))))
            starting = [i for i in seg.claims if claims[i].start == seg.start]
            if starting:
                attrs.append(Markup(' id="ss-claim-{}"').format(starting[0]))
        opening = Markup("").join(
            Markup('<span class="u {} l{}{}">').format(
                _style_for(spans[i].technique, styles).css_class,
                min(lanes[i], MAX_LANES - 1),
                " q" if spans[i].quoted else "",
            )
            for i in seg.spans
        )
        closing = Markup("</span>") * len(seg.spans)
        parts.append(
            Markup('<span class="{}"{}>{}{}{}</span>').format(
                " ".join(classes), Markup("").join(attrs), opening, seg.text, closing
            )
        )
    return Markup("").join(parts)


def legend_rows(analysis: Analysis, styles: dict[str, TechniqueStyle], words: int) -> tuple[LegendRow, ...]:
    counts = analysis.technique_counts()
    quoted: dict[str, int] = {}
    for span in analysis.spans:
        if span.quoted:
            quoted[span.technique] = quoted.get(span.technique, 0) + 1
    order = [t for t in TECHNIQUES.ids if t in counts] + sorted(t for t in counts if t not in styles)
    per = 1000.0 / words if words else 0.0
    return tuple(
        LegendRow(_style_for(t, styles), counts[t], quoted.get(t, 0), round(counts[t] * per, 1))
        for t in order
    )


def ranked_claims(claims: Sequence[Claim]) -> tuple[ClaimView, ...]:
    order = sorted(range(len(claims)), key=lambda i: (-claims[i].score, claims[i].start))
    return tuple(ClaimView(index, rank, claims[index]) for rank, index in enumerate(order, start=1))


def script_data(analysis: Analysis, styles: dict[str, TechniqueStyle]) -> dict[str, Any]:
    used = {span.technique for span in analysis.spans}
    return {
        "spans": [s.to_dict() for s in analysis.spans],
        "techniques": {
            t: {"name": _style_for(t, styles).name, "definition": _style_for(t, styles).definition}
            for t in sorted(used)
        },
    }


def _asset(name: str) -> str:
    return resources.files("spinscope.render").joinpath("static", name).read_text(encoding="utf-8")


def csp_hash(content: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline content."""
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class HtmlRenderer:
    """Renders analyses to HTML; create one and reuse it (templates are compiled once)."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("spinscope.render", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self.styles = technique_styles()
        self._by_id = {s.id: s for s in self.styles}

    def view(self, analysis: Analysis, source: str | None = None) -> AnalysisView:
        words = word_count(analysis.text)
        legend = legend_rows(analysis, self._by_id, words)
        return AnalysisView(
            source=source,
            article=article_markup(analysis, self._by_id),
            legend=legend,
            chart=BarChart.layout(legend),
            claims=ranked_claims(analysis.claims),
            words=words,
            span_count=len(analysis.spans),
            quoted_count=sum(1 for s in analysis.spans if s.quoted),
            model=analysis.model_label,
            min_score=analysis.min_score,
            error=analysis.error,
            data=script_data(analysis, self._by_id),
            short_note=short_text_message(analysis.text),
        )

    def stylesheet(self) -> str:
        """The complete CSS: base rules plus one rule set per technique."""
        techniques = self.env.get_template("techniques.css.j2").render(styles=self.styles, lanes=MAX_LANES)
        return _asset("spinscope.css") + techniques

    def script(self) -> str:
        return _asset("spinscope.js")

    def favicon(self) -> bytes:
        """The site icon (ICO: 16, 32 and 48 pixels)."""
        return resources.files("spinscope.render").joinpath("static", FAVICON).read_bytes()

    def fragment(self, analysis: Analysis, source: str | None = None) -> Markup:
        """The analysis as an HTML fragment (article, legend, chart, claims), for any page."""
        html = self.env.get_template("analysis.html.j2").render(view=self.view(analysis, source))
        return Markup(html)

    def report(self, analysis: Analysis, source: str | None = None) -> str:
        """A standalone HTML document with inline CSS and script and no external resources."""
        css, script = self.stylesheet(), self.script()
        return self.env.get_template("report.html.j2").render(
            title=source or "spinscope report",
            fragment=self.fragment(analysis, source),
            css=Markup(css),
            script=Markup(script),
            csp=f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'",
        )

    def render(self, template: str, **context: Any) -> str:
        """Render another template of this package (the web app's pages) with ``context``."""
        return self.env.get_template(template).render(styles=self.styles, **context)


def render_report(analysis: Analysis, source: str | None = None) -> str:
    return HtmlRenderer().report(analysis, source)
