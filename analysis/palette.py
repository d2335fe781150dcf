"""The shared colours and shapes: one per author, one per polarity and one per contrast relation.

Every colour keeps a contrast ratio of at least 3:1 against the white page, and
charts that tell authors apart also give each author a shape, never colour alone.
"""

from __future__ import annotations

BACKGROUND = "#ffffff"

#: Categorical colours, all at least 3:1 against white, in assignment order.
CATEGORICAL: tuple[str, ...] = (
    "#0072b2",  # blue
    "#c2410c",  # burnt orange
    "#047857",  # green
    "#9d2a8c",  # purple
    "#8a5a00",  # ochre
    "#b91c4b",  # crimson
    "#3f51a5",  # indigo
    "#5b6b00",  # olive
    "#0e7490",  # teal
    "#6d28d9",  # violet
    "#a1401f",  # rust
    "#52606d",  # slate
)

SHAPES: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke")

POLARITY = {"favor": "#047857", "neutral": "#6b7280", "against": "#b91c4b"}

RELATION = {
    "agree": "#047857",
    "differ_in_emphasis": "#8a5a00",
    "disagree": "#b91c4b",
    "changed_over_time": "#7c3aed",
    "only_one": "#3f51a5",
    "neither": "#6b7280",
    "uncoded": "#52606d",
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

PHASE_BAR = "#d1d5db"  # a background band, not a mark that carries meaning


DASHES: tuple[list[int], ...] = ([1, 0], [8, 3], [2, 2], [10, 3, 2, 3], [4, 4], [12, 2])


def dashes(n: int) -> list[list[int]]:
    """The first n line dash patterns (solid first), cycling past the end."""
    return [DASHES[i % len(DASHES)] for i in range(n)]


def assign(keys: list[str]) -> dict[str, str]:
    """Give each key a colour of CATEGORICAL, in the order given (cycling past the end)."""
    return {key: CATEGORICAL[index % len(CATEGORICAL)] for index, key in enumerate(keys)}


def assign_shapes(keys: list[str]) -> dict[str, str]:
    """Give each key a point shape, in the order given."""
    return {key: SHAPES[index % len(SHAPES)] for index, key in enumerate(keys)}


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
