"""One colour per technique, and the two colours of charts that compare two sources.

The technique colours were chosen as far apart as possible in CIEDE2000 (every pair, and every
technique against the two source colours and the grey of unknown techniques, differs by more
than 20), with CIELAB lightness between 28 and 72 so that each stays visible as a line and a
tint on white. No set of 14 colours stays distinct for every colour-vision deficiency, so the
HTML view pairs each colour with its own line pattern.
"""

from __future__ import annotations

from types import MappingProxyType

SOURCE_A_COLOUR = "#0072B2"
"""Blue: source A in comparison charts (Okabe-Ito, safe for colour-vision deficiencies)."""
SOURCE_B_COLOUR = "#D55E00"
"""Vermillion: source B in comparison charts."""
UNKNOWN_COLOUR = "#7F7F7F"
"""Grey: a technique id the registry does not know."""

TECHNIQUE_COLOURS = MappingProxyType(
    {
        "appeal_to_authority": "#006655",  # dark teal
        "appeal_to_fear": "#990000",  # dark red
        "bandwagon_reductio": "#AAAAEE",  # lavender
        "black_and_white": "#664400",  # brown
        "causal_oversimplification": "#CCAA00",  # mustard
        "doubt": "#DD33FF",  # violet
        "exaggeration_minimisation": "#00BBAA",  # turquoise
        "flag_waving": "#0011FF",  # blue
        "loaded_language": "#DD1166",  # crimson
        "name_calling": "#22CC00",  # green
        "repetition": "#557700",  # olive
        "slogans": "#EE9999",  # pink
        "thought_terminating_cliche": "#663366",  # plum
        "whataboutism_strawman_red_herring": "#00BBFF",  # sky blue
    }
)


def technique_colour(technique_id: str) -> str:
    """The technique's colour; grey for an id the registry does not know."""
    return TECHNIQUE_COLOURS.get(technique_id, UNKNOWN_COLOUR)
