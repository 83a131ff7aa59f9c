"""One colour per technique, chosen to stay distinguishable for common colour-vision
deficiencies (paired with a distinct underline style in the HTML view)."""

from __future__ import annotations

from spinscope.techniques import TECHNIQUES

_COLOURS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#8C564B",  # brown
    "#F0E442",  # yellow
    "#C0392B",  # red
    "#6A3D9A",  # purple
    "#1B9E77",  # teal
    "#7F7F7F",  # grey
    "#B15928",  # rust
    "#17BECF",  # cyan
)


def technique_colour(technique_id: str) -> str:
    ids = TECHNIQUES.ids
    index = ids.index(technique_id) if technique_id in ids else len(ids) - 1
    return _COLOURS[index % len(_COLOURS)]
