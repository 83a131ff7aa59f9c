"""Markdown view of an analysis, for notes: the article with spans marked, a legend table,
the numbered span list and the claims.

Spans are drawn in bold, with the span's number in brackets right after its end, so
overlapping spans stay readable (``**gang of spendthrift[2] planners**[1]``). All article
text is escaped so that nothing in it becomes Markdown or HTML structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spinscope.analysis import Analysis, Span
from spinscope.render.html import CLAIMS_NOTE, READING_NOTE
from spinscope.render.messages import no_spans_message, short_text_message
from spinscope.render.segments import Segment, segment_text, word_count
from spinscope.techniques import TECHNIQUES

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_LINE_START = re.compile(r"^([ \t]*)([-+=>#]|\d{1,9}[.)])")
_LEADING_BLANKS = re.compile(r"^[ \t]+")
_SNIPPET = 120


def escape_inline(text: str) -> str:
    """Backslash-escape every character that could start Markdown or HTML syntax inline."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line_starts(text: str) -> str:
    """Neutralise block syntax at line starts: list markers, headings underlines, quotes,
    and indentation (which would make a code block; kept visible as no-break spaces)."""

    def fix(line: str) -> str:
        match = _LINE_START.match(line)
        if match:
            marker = match.group(2)
            line = f"{match.group(1)}{marker[:-1]}\\{marker[-1]}{line[match.end() :]}"
        return _LEADING_BLANKS.sub(lambda m: "\u00a0" * len(m.group(0).expandtabs(4)), line)

    return "\n".join(fix(line) for line in text.split("\n"))


def _technique_name(technique: str) -> str:
    return TECHNIQUES[technique].name if technique in TECHNIQUES.ids else technique


def _marker(numbers: list[int]) -> str:
    return "".join(f"\\[{n}\\]" for n in numbers)


def _is_punctuation(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


def _bold(piece: str) -> str:
    """Wrap an escaped line piece in ``**`` so that CommonMark reads it as strong emphasis.

    Whitespace stays outside the delimiters, and so does leading punctuation (an opening
    ``**`` followed by punctuation would not open emphasis after a letter)."""
    core = piece.strip()
    if not core:
        return piece
    lead = piece[: len(piece) - len(piece.lstrip())]
    trail = piece[len(piece.rstrip()) :]
    i = 0
    while i < len(core) and (_is_punctuation(core[i]) or core[i].isspace()):
        i += 2 if core[i] == "\\" else 1
    if i >= len(core):
        return piece
    return f"{lead}{core[:i]}**{core[i:]}**{trail}"


def _runs(segments: list[Segment]) -> Iterator[tuple[bool, list[Segment]]]:
    """Group consecutive segments into runs covered / not covered by any span."""
    run: list[Segment] = []
    covered = False
    for seg in segments:
        if run and bool(seg.spans) != covered:
            yield covered, run
            run = []
        covered = bool(seg.spans)
        run.append(seg)
    if run:
        yield covered, run


def article_markdown(analysis: Analysis) -> str:
    """The article text, escaped, with each span in bold and ``[n]`` after the span's end
    (n = the span's position in ``analysis.spans``, counting from 1). Line breaks are kept
    (CRLF and CR become LF)."""
    spans = analysis.spans
    ends_at: dict[int, list[int]] = {}
    for number, span in enumerate(spans, start=1):
        ends_at.setdefault(span.end, []).append(number)
    out: list[str] = []
    for covered, run in _runs(segment_text(analysis.text, spans)):
        if not covered:
            out.append(escape_inline(_normalise_newlines("".join(s.text for s in run))))
            continue
        body = ""
        for seg in run:
            body += escape_inline(_normalise_newlines(seg.text))
            if seg is not run[-1]:
                body += _marker(ends_at.get(seg.end, []))
        lines = body.split("\n")
        out.append("\n".join(_bold(line) for line in lines) + _marker(ends_at.get(run[-1].end, [])))
    return escape_line_starts("".join(out))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _SNIPPET:
        flat = flat[: _SNIPPET - 1] + "…"
    return escape_inline(flat)


def _span_line(number: int, span: Span) -> str:
    quoted = ", quoted" if span.quoted else ""
    return (
        f"{number}. **{escape_inline(_technique_name(span.technique))}** "
        f"({span.score:.2f}{quoted}), characters {span.start}–{span.end}: “{_snippet(span.text)}”"
    )


def legend_table(analysis: Analysis) -> list[str]:
    counts = analysis.technique_counts()
    words = word_count(analysis.text)
    lines = ["| Technique | Spans | Quoted | Per 1,000 words |", "| --- | ---: | ---: | ---: |"]
    order = [t for t in TECHNIQUES.ids if t in counts] + sorted(t for t in counts if t not in TECHNIQUES.ids)
    for technique in order:
        quoted = sum(1 for s in analysis.spans if s.technique == technique and s.quoted)
        rate = counts[technique] * 1000 / words if words else 0.0
        lines.append(
            f"| {escape_inline(_technique_name(technique))} | {counts[technique]} | {quoted} | {rate:.1f} |"
        )
    return lines


def claim_lines(analysis: Analysis) -> list[str]:
    ranked = sorted(analysis.claims, key=lambda c: (-c.score, c.start))
    lines = []
    for rank, claim in enumerate(ranked, start=1):
        details = [f"characters {claim.start}–{claim.end}"]
        if claim.entities:
            details.append(
                "entities: "
                + ", ".join(f"{_snippet(e.text)} ({escape_inline(e.label)})" for e in claim.entities)
            )
        if claim.dates:
            details.append(
                "dates: "
                + ", ".join(
                    _snippet(d.text) + (f" = {escape_inline(d.value)}" if d.value else "")
                    for d in claim.dates
                )
            )
        if claim.quoted:
            details.append("quoted")
        lines.append(f"{rank}. ({claim.score:.2f}) “{_snippet(claim.text)}” ({'; '.join(details)})")
    return lines


def render_markdown(analysis: Analysis, source: str | None = None) -> str:
    """The whole Markdown document."""
    title = f"spinscope analysis: {escape_inline(source)}" if source else "spinscope analysis"
    words = word_count(analysis.text)
    parts = [
        f"# {title}",
        f"> **How to read this.** {escape_inline(READING_NOTE)}",
        f"{len(analysis.spans)} technique spans in {words} words; model "
        f"{escape_inline(analysis.model_label)}, minimum score {analysis.min_score:.2f}.",
    ]
    if analysis.error:
        parts.append(f"**Analysis failed:** {escape_inline(analysis.error)}")
    short = short_text_message(analysis.text)
    if short:
        parts.append(f"> {escape_inline(short)}")
    parts += ["## Article", article_markdown(analysis), "## Techniques found"]
    if analysis.spans:
        parts += ["\n".join(legend_table(analysis)), "## Spans"]
        parts.append("\n".join(_span_line(n, s) for n, s in enumerate(analysis.spans, start=1)))
    else:
        parts.append(escape_inline(no_spans_message(analysis.min_score)))
    if analysis.claims:
        parts += ["## Check-worthy claims", escape_inline(CLAIMS_NOTE), "\n".join(claim_lines(analysis))]
    return "\n\n".join(parts) + "\n"
