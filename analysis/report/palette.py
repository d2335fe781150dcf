"""The shared colours and shapes: one per author, one per polarity and one per contrast relation.

One palette for the whole book, chosen so that:

- every colour keeps a contrast ratio of at least 3:1 against the white page;
- within each categorical palette (authors, polarities, relations), every two
  colours stay apart (CIEDE2000 ≥ MIN_DELTA_E) for normal vision and under
  simulated protanopia, deuteranopia and tritanopia (`analysis.report.colourvision`);
- the authors' colours are never the colours of a stance, so that no author
  looks "favourable" or "hostile";
- "neutral", "mixed" and the computed relations are true greys.

Authors are the Okabe–Ito blue and vermillion (then Paul Tol's indigo and a near
black); stances and relations take Paul Tol's green and purple, with greys. Charts
that tell authors apart also give each author a shape or a dash, never colour alone.
Four colours, eight shapes and six dashes give up to MAX_SERIES sources a style of
their own (`series_styles`: any two differ in colour and shape, in colour and dash,
and in at least two of the three); charts with more sources than that aggregate
them or draw one small panel per source instead of one series per source.

Argument roles take neither green nor purple, so that no role looks like a stance.
"""

from __future__ import annotations

from analysis.dataset.parameters import MAX_SERIES  # noqa: F401 (the thresholds, set once)

BACKGROUND = "#ffffff"
TEXT = "#111111"
MUTED_TEXT = "#4b5563"

#: Smallest CIEDE2000 difference allowed between two colours of one palette, under any simulated vision.
MIN_DELTA_E = 12.0

#: One colour per author, in publication order (see `series_styles` for how they combine with shapes and dashes).
AUTHORS: tuple[str, ...] = (
    "#0072b2",  # Okabe–Ito blue
    "#d55e00",  # Okabe–Ito vermillion
    "#332288",  # Tol indigo
    "#222222",  # near black
)

GREEN = "#117733"  # Paul Tol's green: favourable, agree
PURPLE = "#aa3377"  # Paul Tol's purple: hostile, disagree
GREY = "#8a8a8a"  # neutral, mixed, only one author

POLARITY = {"favor": GREEN, "neutral": GREY, "against": PURPLE}

#: What the polarity values are called in legends and captions.
POLARITY_LABELS = {"favor": "favourable", "neutral": "neutral", "against": "hostile"}

RELATION = {
    "agree": GREEN,
    "differ_in_emphasis": "#4393c3",  # a mid blue, lighter than the first author's
    "disagree": PURPLE,
    "changed_over_time": "#b8860b",  # dark goldenrod: distinct from the rest under every simulated vision
    "only_one": GREY,
    "neither": "#404040",
    "uncoded": "#000000",
}

#: One colour per argument role: the thesis near black, support in blues, what cuts against a claim in warm tones.
ROLES = {
    "thesis": "#1a1a1a",
    "reason": "#004488",
    "evidence": "#6699cc",
    "concession": "#999933",
    "rebuttal": "#8c564b",
}

#: The marks of the annotated source texts: a colour per kind of record, and one for a body sentence no record covers.
PASSAGE_MARKS = {
    "claim": "#0072b2",
    "position": "#9d2a8c",
    "phase": "#047857",
    "event": "#c2410c",
    "note": "#b91c4b",
    "uncovered": "#8a5a00",
}

#: A stance the text only alleges or speculates about: a light grey, darker than a map's uncoloured country.
UNCONFIRMED = "#cfd4da"
#: A stance whose leaning changed over time: the contrast relation's colour for the same idea.
CHANGED = RELATION["changed_over_time"]

PHASE_BAR = "#d1d5db"  # a background band, not a mark that carries meaning
FOCUS_BAND = "#eef3f8"  # the years a second chart enlarges, shaded behind everything
MAP_BACKGROUND = "#f6f7f8"  # a country the map does not colour
MAP_BORDER = "#9aa1ab"  # country borders
GRID = "#e5e7eb"

SHAPES: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke")

DASHES: tuple[list[int], ...] = ([1, 0], [8, 3], [2, 2], [10, 3, 2, 3], [4, 4], [12, 2])


def series_styles(n: int) -> list[tuple[str, str, list[int]]]:
    """A (colour, shape, dash) for each of `n` series, in order.

    Series i takes shape i mod 8 and dash i mod 6; its colour is shifted by one
    for each full round of shapes, (i + i // 8) mod 4, so that two series with the
    same shape never share a colour (up to 32 series) and two with the same dash
    never do either (up to MAX_SERIES). Past that, styles repeat: charts aggregate
    beyond MAX_SERIES sources.
    """
    return [(AUTHORS[(i + i // len(SHAPES)) % len(AUTHORS)], SHAPES[i % len(SHAPES)], DASHES[i % len(DASHES)]) for i in range(n)]


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill` (white when it reaches 4.5:1)."""
    return BACKGROUND if contrast_ratio(BACKGROUND, fill) >= 4.5 else TEXT
