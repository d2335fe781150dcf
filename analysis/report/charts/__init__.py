"""Every chart of the book, with one theme, one renderer and the shared palette.

Each chart is a `Figure` (see `analysis/report/figure.py`): one or more layouts of the
same data, for narrow and wide columns, that the book's own script fits to the
reader's column and that vl-convert draws as a vector PDF for the LaTeX book.
Charts carry no title of their own: the figure's numbered caption is the title,
on screen and on paper. Long axis labels are wrapped, never cut.

Every public chart is a function of the tidy frames `analysis.report.frames` shapes from the
dataset (and of `frames.authors`, the sources' labels and styles), never of the dataset itself;
`chapter_charts` wires them, chapter by chapter.

The charts live by subject, on one module of what they share (`common`): `timeline` (the phases chapter),
`positions`, `comparisons` and `arguments` (the arguments chapter's comparisons and argument maps). This
package names every chart and what the chapters and the tests use of them.
"""

from analysis.dataset.parameters import FOCUS_FROM, MAX_ARGUMENT_MAPS
from analysis.report.charts.arguments import ArgumentMap, argument_maps
from analysis.report.charts.common import PHONE_WIDTH, enable, many_sources, render, theme
from analysis.report.charts.comparisons import contrast_heatmap, topic_bars, voice_bars
from analysis.report.charts.positions import (
    NO_POSITION,
    mention_bars,
    region_map,
    relation_matrix,
    stance_heatmap,
    states_on_the_map,
)
from analysis.report.charts.timeline import APPROXIMATE, EXACT, history, recent_events, timeline
from analysis.report.frames import FIRM, UNCONFIRMED, UNFIRM

__all__ = [
    "APPROXIMATE",
    "EXACT",
    "FIRM",
    "FOCUS_FROM",
    "MAX_ARGUMENT_MAPS",
    "NO_POSITION",
    "PHONE_WIDTH",
    "UNCONFIRMED",
    "UNFIRM",
    "ArgumentMap",
    "argument_maps",
    "contrast_heatmap",
    "enable",
    "history",
    "many_sources",
    "mention_bars",
    "recent_events",
    "region_map",
    "relation_matrix",
    "render",
    "stance_heatmap",
    "states_on_the_map",
    "theme",
    "timeline",
    "topic_bars",
    "voice_bars",
]
