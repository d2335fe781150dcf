"""Every threshold the analysis applies, set once, each with the sentence that says what it decides.

The modules that apply a threshold import it from here; the method chapter shows this list
(`PARAMETERS`), so a reader sees every cut-off the figures and sentences of the book rest on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    """One threshold: its name in the code, its value, the value as the book prints it, and what it decides."""

    name: str
    value: float
    shown: str
    decides: str


COVERED_THRESHOLD = 0.5
COVERAGE_FLOOR = 0.9
MIN_OVERLAP = 0.5
BOUNDARY_TOLERANCE = 10
RESAMPLES = 2000
SEED = 19
AGREEMENT_CONFIDENCE = 0.95
ALPHA_TARGET = 0.8
ALPHA_FLOOR = 0.667
HIGH_SHARE = 0.85
LEANING_THRESHOLD = 1 / 3
MIN_Z = 1.96
PRIOR_WEIGHT = 500.0
MAX_SERIES = 12
ALL_PAIRS_LIMIT = 10
MAX_PAIR_COLUMNS = 10
MAX_ARGUMENT_MAPS = 3
MAX_EVENT_MARKS = 60
MAX_TABLE_ROWS = 250
FOCUS_FROM = 2021

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "COVERED_THRESHOLD",
        COVERED_THRESHOLD,
        "50%",
        "A body sentence counts as covered when evidence spans cover at least this share of it.",
    ),
    Parameter(
        "COVERAGE_FLOOR",
        COVERAGE_FLOOR,
        "90%",
        "The build refuses to publish a source whose share of covered body sentences falls below this.",
    ),
    Parameter(
        "MIN_OVERLAP",
        MIN_OVERLAP,
        "50%",
        "Two codings' records are paired only if their passages overlap by at least this share of the shorter one.",
    ),
    Parameter(
        "BOUNDARY_TOLERANCE",
        BOUNDARY_TOLERANCE,
        "10 characters",
        "Two codings' unit boundaries agree when they lie within this distance of each other.",
    ),
    Parameter("RESAMPLES", RESAMPLES, "2,000", "Bootstrap resamples drawn for the interval of every agreement figure."),
    Parameter(
        "SEED",
        SEED,
        "19",
        "The seed each bootstrap starts from (with the figure's id and scope), so the intervals are the same in every build.",
    ),
    Parameter("AGREEMENT_CONFIDENCE", AGREEMENT_CONFIDENCE, "95%", "The two-sided coverage of the agreement figures' intervals."),
    Parameter(
        "ALPHA_TARGET",
        ALPHA_TARGET,
        "0.8",
        "Below this Krippendorff's alpha, a field is reported as not reliable enough to rest conclusions on alone.",
    ),
    Parameter(
        "ALPHA_FLOOR", ALPHA_FLOOR, "0.667", "Below this alpha, even tentative conclusions are not supported (Krippendorff 2004)."
    ),
    Parameter(
        "HIGH_SHARE",
        HIGH_SHARE,
        "85%",
        "Raw agreement this high beside an alpha below the floor is reported as a code nearly every unit shares, not as disagreement.",
    ),
    Parameter(
        "LEANING_THRESHOLD",
        LEANING_THRESHOLD,
        "1/3",
        "How far a net stance (favourable minus hostile, over the positions presented as fact) must lean for 'mostly favourable' or 'mostly hostile'.",
    ),
    Parameter(
        "MIN_Z", MIN_Z, "1.96", "A word is shown as distinctive of a text only where its z-score reaches this (two-sided 5%)."
    ),
    Parameter(
        "PRIOR_WEIGHT",
        PRIOR_WEIGHT,
        "500 words",
        "The weight of the pooled corpus as the prior of the distinctive-words log-odds.",
    ),
    Parameter(
        "MAX_SERIES",
        MAX_SERIES,
        "12 sources",
        "Up to this many sources, charts draw each as a series of its own; beyond, they count texts instead.",
    ),
    Parameter(
        "ALL_PAIRS_LIMIT",
        ALL_PAIRS_LIMIT,
        "10 sources",
        "Up to this many sources, the topic summaries cover every pair of sources.",
    ),
    Parameter(
        "MAX_PAIR_COLUMNS",
        MAX_PAIR_COLUMNS,
        "10 pairs",
        "Up to this many pairs of sources, comparisons are shown pair by pair; beyond, they are counted per topic and relation.",
    ),
    Parameter(
        "MAX_ARGUMENT_MAPS",
        MAX_ARGUMENT_MAPS,
        "3 sources",
        "Past this many sources the argument maps are left out; the claims table keeps every link.",
    ),
    Parameter(
        "MAX_EVENT_MARKS",
        MAX_EVENT_MARKS,
        "60 events",
        "Past the series limit, the timeline draws at most this many events (those most sources mention).",
    ),
    Parameter(
        "MAX_TABLE_ROWS",
        MAX_TABLE_ROWS,
        "250 rows",
        "The most rows a table of records shows; a longer one is counted per source or phase instead.",
    ),
    Parameter(
        "FOCUS_FROM",
        FOCUS_FROM,
        "2021",
        "The first year of the timeline's close-up: the Taliban's return, after which most events fall.",
    ),
)
