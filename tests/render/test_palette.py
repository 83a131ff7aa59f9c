"""Technique colours: every pair clearly different (CIEDE2000), none shared with the
two source colours of comparison charts or with grey (unknown techniques, and differences
without significance), each visible on white."""

from __future__ import annotations

import itertools
import math

import pytest

from spinscope.corpus.charts import A_COLOUR, B_COLOUR, GROUP_COLOURS
from spinscope.render.palette import TECHNIQUE_COLOURS, UNKNOWN_COLOUR, technique_colour
from spinscope.techniques import TECHNIQUES

MIN_DELTA_E = 20.0
"""CIEDE2000 difference every two colours keep (about 2 is just noticeable, 10 clearly
different at a glance)."""

Lab = tuple[float, float, float]


def lab(hex_colour: str) -> Lab:
    """CIELAB (D65) of an sRGB colour such as '#0072B2'."""
    value = hex_colour.lstrip("#")
    srgb = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(first: Lab, second: Lab) -> float:
    """Colour difference CIEDE2000 (Sharma, Wu and Dalal 2005), with kL = kC = kH = 1."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    big_dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        mean_h = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        mean_h = (h1p + h2p) / 2
    else:
        mean_h = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    rotation = 30 * math.exp(-(((mean_h - 275) / 25) ** 2))
    rc = 2 * math.sqrt(mean_cp**7 / (mean_cp**7 + 25**7))
    sl = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    sc, sh = 1 + 0.045 * mean_cp, 1 + 0.015 * mean_cp * t
    rt = -math.sin(math.radians(2 * rotation)) * rc
    dl, dc, dhh = (l2 - l1) / sl, (c2p - c1p) / sc, big_dh / sh
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rt * dc * dhh)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # from the published test data of Sharma, Wu and Dalal
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_published_values(first: Lab, second: Lab, expected: float) -> None:
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)


def test_every_technique_has_a_colour() -> None:
    assert set(TECHNIQUE_COLOURS) == set(TECHNIQUES.ids)
    assert technique_colour("no_such_technique") == UNKNOWN_COLOUR


def test_technique_colours_differ_from_each_other_and_from_chart_colours() -> None:
    named = {f"technique {t}": c for t, c in TECHNIQUE_COLOURS.items()}
    named |= {"source A": A_COLOUR, "source B": B_COLOUR, "grey": UNKNOWN_COLOUR}
    closest = min(
        (ciede2000(lab(c1), lab(c2)), n1, n2)
        for (n1, c1), (n2, c2) in itertools.combinations(named.items(), 2)
    )
    assert closest[0] >= MIN_DELTA_E, closest


def test_source_colours_are_no_technique_colour_and_group_colours_start_with_them() -> None:
    techniques = {c.upper() for c in TECHNIQUE_COLOURS.values()}
    assert A_COLOUR.upper() not in techniques and B_COLOUR.upper() not in techniques
    assert A_COLOUR != B_COLOUR and GROUP_COLOURS[0] == A_COLOUR


@pytest.mark.parametrize("technique", TECHNIQUES.ids)
def test_technique_colour_is_visible_on_white(technique: str) -> None:
    lightness, a, b = lab(TECHNIQUE_COLOURS[technique])
    assert 25 <= lightness <= 75 and math.hypot(a, b) >= 25
