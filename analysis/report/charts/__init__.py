"""Every chart of the book, with one theme, one renderer and the shared palette.

Each chart is a `Figure` (see `analysis/report/figure.py`): one or more layouts of the
same data, for narrow and wide columns, that the book's own script fits to the
reader's column and that vl-convert draws as a vector PDF for the LaTeX book.
Charts carry no title of their own: the figure's numbered caption is the title,
on screen and on paper. Long axis labels are wrapped, never cut.

Every public chart is a function of the tidy frames `analysis.report.frames` shapes from the
dataset (and of `frames.authors`, the sources' labels and styles), never of the dataset itself;
`chapter_charts` wires them, chapter by chapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from analysis.dataset import geography
from analysis.dataset.load import Dataset
from analysis.dataset.parameters import FOCUS_FROM, MAX_ARGUMENT_MAPS, MAX_EVENT_MARKS
from analysis.report import frames, outline, palette, passages
from analysis.report.figure import (
    IN_PLACE,
    LABEL_LINE_HEIGHT,
    PDF_WIDTH,
    Figure,
    Variant,
    row_step,
    wrap_expr,
    wrap_lines,
    wrapped_axis,
)
from analysis.report.figure import render as render
from analysis.report.frames import CHANGED, FIRM, LEANINGS, UNCONFIRMED, UNFIRM

FONT = "DejaVu Sans"
AUTHOR_TITLE = "Author"
NO_LIMIT = 10_000  # label and title limits, in pixels: labels are wrapped, never cut with an ellipsis

#: Characters per line of wrapped axis labels, in narrow and in wide layouts.
NARROW_CHARS = 18
WIDE_CHARS = 28
#: The width, in pixels, of an average character of an 11 px label, and the narrowest column a chart is drawn in
#: (a phone's).
CHAR_WIDTH = 6.6
PHONE_WIDTH = 340
#: The column width, in pixels, from which a chart takes its wide layout.
WIDE_FROM = 480
#: The width, in pixels, of a legend beside a chart.
LEGEND_WIDTH = 180
#: The narrowest column, in pixels, whose cells name their relation; narrower ones show its sign.
NAMED_CELL = 64
#: The sign of each relation in a matrix whose columns are too narrow for its name.
RELATION_SIGNS = {
    "agree": "=",
    "differ_in_emphasis": "≈",
    "disagree": "≠",
    "changed_over_time": "→",
    "only_one": "1",
    "neither": "0",
    "uncoded": "·",
}
#: Actor names longer than this lose their final parenthesis on an axis (never in tooltips, tables or alt text).
SHORTEN_OVER = 32


def theme() -> alt.theme.ThemeConfig:
    """The book's chart theme: quiet axes, one font, readable labels never cut short."""
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "background": palette.BACKGROUND,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 11,
                "labelLimit": NO_LIMIT,
                "titleLimit": NO_LIMIT,
                "labelLineHeight": 13,
                "gridColor": palette.GRID,
                "labelColor": palette.TEXT,
                "titleColor": palette.TEXT,
            },
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 11,
                "orient": "bottom",
                "labelLimit": NO_LIMIT,
                "titleLimit": NO_LIMIT,
                "labelColor": palette.TEXT,
                "titleColor": palette.TEXT,
            },
            "header": {"labelLimit": NO_LIMIT, "titleLimit": NO_LIMIT, "labelColor": palette.TEXT},
            "text": {"color": palette.TEXT},
            "range": {"category": list(palette.AUTHORS)},
        }
    )


def _figure(variants: list[Variant], description: str, files: dict[str, Any] | None = None) -> Figure:
    """A figure in the book's theme; legends under a chart are stacked, left-aligned, so that they never widen it.

    (`layout` is Vega's legend layout, which Vega-Lite passes on but Altair's schema does not list.) `files`: the
    content of the local files the figure loads by URL (see `Figure`).
    """
    config = theme()["config"]
    legend = {**config["legend"], "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}}
    return Figure(variants, description, config={**config, "legend": legend}, files=files or {})


def _legends_in_a_row(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """`chart`'s spec with its legends side by side under it rather than stacked: shorter, for columns wide enough."""
    spec = chart.to_dict()
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend["layout"] = {"bottom": {"anchor": "start", "direction": "horizontal", "margin": 24}}
    return spec


def _legends_at_the_right(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """`chart`'s spec with its legends stacked under it, flush with its right edge: under a plot narrowed by long axis
    labels, they reach left under the labels rather than past the chart's edge."""
    spec = chart.to_dict()
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend["layout"] = {"bottom": {"anchor": "end", "direction": "vertical", "margin": 8}}
    return spec


def enable() -> None:
    """Register and enable the book's theme and renderer (for any Altair chart a notebook shows)."""
    alt.theme.register("book", enable=True)(theme)
    alt.renderers.register("book", render)
    alt.renderers.enable("book")
    alt.data_transformers.disable_max_rows()


def _author_scales(authors: pd.DataFrame) -> tuple[alt.Scale, alt.Scale, list[str]]:
    """The authors' colour and shape scales, keyed on their labels, and the labels in publication order."""
    labels = list(authors.label)
    return (
        alt.Scale(domain=labels, range=list(authors.colour)),
        alt.Scale(domain=labels, range=list(authors["shape"])),
        labels,
    )


def many_sources(authors: pd.DataFrame) -> bool:
    """Whether there are more sources (`frames.authors`, a row each) than the charts can tell apart as series
    (palette.MAX_SERIES).

    Past that, every chart aggregates over the sources instead of drawing one series,
    column or panel per source.
    """
    return len(authors) > palette.MAX_SERIES


def _author_facet(labels: list[str]) -> alt.Facet:
    """A panel per author, named in its header (wrapped): authors are told apart by text, not colour alone."""
    return alt.Facet(
        "author_label:N",
        sort=labels,
        title=None,
        header=alt.Header(
            labelFontSize=12,
            labelFontWeight="bold",
            labelAnchor="start",
            labelExpr=wrap_expr(14),
            labelBaseline="line-bottom",
            labelLineHeight=15,
        ),
    )


def _legend(stacked: bool, **options: Any) -> alt.Legend:
    """A legend under the chart: one entry a line when `stacked` (narrow columns), else side by side."""
    return alt.Legend(orient="bottom", direction="vertical" if stacked else "horizontal", **options)


def _milliseconds(day: pd.Timestamp) -> int:
    """A date as Vega-Lite's temporal scales count it: milliseconds since 1970."""
    return day.value // 1_000_000


def _year_scale(phases: pd.DataFrame) -> alt.Scale:
    """Two years before the first phase to the end of the year after the last, as timestamps (milliseconds)."""
    first, last = pd.Timestamp(int(phases.start_year.min()) - 2, 1, 1), pd.Timestamp(int(phases.end_year.max()) + 1, 12, 31)
    return alt.Scale(domainMin=first.value // 1_000_000, domainMax=last.value // 1_000_000)


def timeline(phases: pd.DataFrame, coverage: pd.DataFrame, events: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """Phases as bands over the years, each author's coverage as a bar, events as marks; the focus years shaded
    (aggregated past MAX_SERIES sources).

    A text's bar is drawn only where the text dates the phase (`coverage.dated`): a passage the coder placed in a
    phase the text names no time for is left off the axis (`summary.undated_history` lists it).
    `phases`, `coverage`, `events` and `authors` are `frames.phase_rows`, `frames.phase_coverage`,
    `frames.dated_events` and `frames.authors`.
    """
    coverage = coverage[coverage.dated]
    if many_sources(authors):
        return _timeline_totals(phases, coverage, events, authors)
    colour, shape, labels = _author_scales(authors)
    order = [*phases.row, *(["No phase"] if (events.row == "No phase").any() else [])]
    # Two years before the first phase to the end of the year after the last.
    first, last = pd.Timestamp(int(phases.start_year.min()) - 2, 1, 1), pd.Timestamp(int(phases.end_year.max()) + 1, 12, 31)
    x_scale = alt.Scale(domainMin=_milliseconds(first), domainMax=_milliseconds(last))
    focus = pd.DataFrame({"start": [pd.Timestamp(FOCUS_FROM, 1, 1)], "end": [last]})
    spacing = 12  # pixels between the authors' lines inside a phase's row

    def layout(narrow: bool) -> alt.LayerChart:
        chars = 14 if narrow else 24
        y = alt.Y("row:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=wrapped_axis(chars))
        x_axis = alt.Axis(labelFlush=True, tickCount=5 if narrow else 10)
        x = alt.X("start:T", title="Year", scale=x_scale, axis=x_axis)
        author_colour = alt.Color("author_label:N", scale=colour, title=AUTHOR_TITLE, legend=_legend(narrow))
        author_shape = alt.Shape("author_label:N", scale=shape, title=AUTHOR_TITLE, legend=_legend(narrow))
        author_dash = alt.StrokeDash(
            "author_label:N",
            scale=alt.Scale(domain=labels, range=list(authors.dash)),
            title=AUTHOR_TITLE,
            legend=_legend(narrow),
        )
        layers: list[alt.Chart] = [
            alt.Chart(focus).mark_rect(color=palette.FOCUS_BAND).encode(x=x, x2="end:T"),
            alt.Chart(phases)
            .mark_bar(color=palette.PHASE_BAR, opacity=0.6)
            .encode(
                x=x,
                x2="end:T",
                y=y,
                tooltip=[alt.Tooltip("label:N", title="Phase"), alt.Tooltip("pakistan_role:N", title="Pakistan's role")],
            ),
        ]
        for index, source_id in enumerate(authors.source_id):
            offset = (index - (len(labels) - 1) / 2) * spacing
            layers.append(
                alt.Chart(coverage[coverage.source_id == source_id])
                .mark_rule(strokeWidth=5, yOffset=offset)
                .encode(
                    x=x,
                    x2="end:T",
                    y=y,
                    color=author_colour,
                    strokeDash=author_dash,
                    tooltip=[
                        alt.Tooltip("author_label:N", title="Author"),
                        alt.Tooltip("row:N", title="Phase"),
                        alt.Tooltip("role:N", title="Pakistan's role, as told"),
                        alt.Tooltip("quote:N", title="Quote"),
                        alt.Tooltip("n_passages:Q", title="Passages"),
                    ],
                )
            )
            layers.append(
                alt.Chart(events[events.source_id == source_id])
                .mark_point(filled=True, size=70, stroke=palette.BACKGROUND, strokeWidth=0.8, opacity=0.95, yOffset=offset)
                .encode(
                    x=alt.X("midpoint:T", title="Year", scale=x_scale, axis=x_axis),
                    y=y,
                    color=author_colour,
                    shape=author_shape,
                    tooltip=[
                        alt.Tooltip("label:N", title="Event"),
                        alt.Tooltip("when:N", title="Date"),
                        alt.Tooltip("author_label:N", title="Author"),
                        alt.Tooltip("quote:N", title="Quote"),
                    ],
                )
            )
        return alt.layer(*layers).properties(
            width="container", height=alt.Step(row_step(order, chars, spacing * (len(labels) + 1)))
        )

    description = (
        f"Timeline of {len(phases)} historical phases from {phases.start_year.min()} to {phases.end_year.max()}, "
        f"with {len(events)} dated events mentioned by {len(labels)} authors; the years from {FOCUS_FROM} are shaded. "
        f"Phases: {'; '.join(order)}."
    )
    return _figure([Variant(0, layout(narrow=True)), Variant(520, layout(narrow=False))], description)


#: The one series of the focus timeline past MAX_SERIES sources.
ALL_TEXTS = "all texts"

#: How the focus timeline names an event's date: stated to the day or month (the drawn span is the date), or approximate.
EXACT = "as dated"
APPROXIMATE = "approximate (c.)"


def recent_events(events: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """The events since FOCUS_FROM, one labelled row each so that no two overlap: a mark at the date, a bar over a range.

    A range's bar is pale when the date is approximate, and dashed by author as on the overview timeline; the mark
    sits at its middle, as on the overview. On wide columns the events are named on the axis; on narrow ones, where
    the axis would leave the years no room, each name is written across the chart above its row.

    `events` is `frames.events_since(data, FOCUS_FROM)`, `authors` is `frames.authors`.
    """
    colour, shape, labels = _author_scales(authors)
    dashes = list(authors.dash)
    series, named = ("series", "text") if many_sources(authors) else ("author_label", "author_label")
    if many_sources(authors):  # past MAX_SERIES sources, one style for every text: the tooltip names the text
        events = frames.events_across_texts(events, MAX_EVENT_MARKS, series=ALL_TEXTS)
        labels, dashes = [ALL_TEXTS], [[1, 0]]
        colour, shape = alt.Scale(domain=labels, range=[palette.AUTHORS[0]]), alt.Scale(domain=labels, range=["circle"])
    events = events.assign(exactness=events.approximate.map({True: APPROXIMATE, False: EXACT}))
    exactness = [EXACT, APPROXIMATE]
    order = list(events.event_row)
    start, end = pd.Timestamp(FOCUS_FROM, 1, 1), pd.Timestamp(events.date_end.max().year + 1, 1, 1)
    x_scale = alt.Scale(domainMin=_milliseconds(start), domainMax=_milliseconds(end))
    x_axis = alt.Axis(orient="top", format="%Y", tickCount={"interval": "year", "step": 1}, labelFlush=True)
    author_colour = alt.Color(f"{series}:N", scale=colour, title=AUTHOR_TITLE, legend=_legend(stacked=True))
    spans = (
        alt.Chart(events)
        .mark_rule(strokeWidth=4)
        .encode(
            x=alt.X("date_start:T", title=None, scale=x_scale, axis=x_axis),
            x2="date_end:T",
            color=author_colour,
            strokeDash=alt.StrokeDash(
                f"{series}:N",
                scale=alt.Scale(domain=labels, range=dashes),
                title=AUTHOR_TITLE,
                legend=_legend(stacked=True),
            ),
            opacity=alt.Opacity(
                "exactness:O",
                sort=exactness,
                scale=alt.Scale(domain=exactness, range=[0.9, 0.35]),
                title="Date",
                legend=_legend(stacked=True),
            ),
        )
    )
    marks = (
        alt.Chart(events)
        .mark_point(filled=True, size=70, stroke=palette.BACKGROUND, strokeWidth=0.8, opacity=1)
        .encode(
            x=alt.X("midpoint:T", title=None, scale=x_scale, axis=x_axis),
            color=author_colour,
            shape=alt.Shape(f"{series}:N", scale=shape, title=AUTHOR_TITLE, legend=_legend(stacked=True)),
            tooltip=[
                alt.Tooltip("label:N", title="Event"),
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("dated:N", title="Dated"),
                alt.Tooltip(f"{named}:N", title="Author"),
                alt.Tooltip("quote:N", title="Quote"),
            ],
        )
    )

    def lines(chars: int) -> int:
        return max(len(wrap_lines(label, chars)) for label in order)

    def named_on_the_axis(chars: int) -> alt.LayerChart:
        y = alt.Y("event_row:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=wrapped_axis(chars))
        step = max(22, lines(chars) * LABEL_LINE_HEIGHT + 2)  # rows just tall enough: the chart fits a printed page
        return alt.layer(spans.encode(y=y), marks.encode(y=y)).properties(width="container", height=alt.Step(step))

    def named_above(chars: int) -> alt.LayerChart:
        # Each row: the event's name, wrapped, then its bar and mark; rows as tall as their names need (in pixels).
        bar = 14
        names = [wrap_lines(label, chars) for label in events.event_row]
        heights = [len(name) * LABEL_LINE_HEIGHT + bar + 6 for name in names]
        tops = [4 + sum(heights[:i]) for i in range(len(heights))]  # 4: clear of the years above
        rows = events.assign(
            name_lines=names,
            name_y=tops,
            bar_y=[top + len(name) * LABEL_LINE_HEIGHT + bar / 2 for top, name in zip(tops, names, strict=True)],
        )
        y = alt.Y("bar_y:Q", scale=None, axis=None)
        text = (
            alt.Chart(rows)
            .mark_text(align="left", baseline="top", fontSize=11, lineHeight=LABEL_LINE_HEIGHT)
            .encode(x=alt.value(0), y=alt.Y("name_y:Q", scale=None, axis=None), text="name_lines:N")
        )
        return alt.layer(spans.properties(data=rows).encode(y=y), marks.properties(data=rows).encode(y=y), text).properties(
            width="container", height=sum(heights)
        )

    description = (
        f"Timeline of the {len(events)} events the texts date from {FOCUS_FROM} on, one row each in date order, "
        f"with a mark at the date (the middle of a date range) and a bar over the range, pale when approximate. "
        f"Events: {'; '.join(f'{row.label} ({row.when}, {row.author_label})' for row in events.itertuples())}."
    )
    return _figure([Variant(0, named_above(40)), Variant(560, _legends_in_a_row(named_on_the_axis(40)))], description)


def _timeline_totals(phases: pd.DataFrame, coverage: pd.DataFrame, events: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """The timeline for many sources: per phase, how many texts place Pakistan's role in it; events merged across texts.

    Each phase's row names how many texts cover it. An event mentioned by several
    texts (same label and dates) is one mark, sized by how many; beyond
    MAX_EVENT_MARKS, the least mentioned events of each phase are one mark.
    """
    n_sources = len(authors)
    totals = frames.phase_totals(coverage, authors)
    events = frames.event_totals(events, authors, MAX_EVENT_MARKS)
    phases = phases.copy()
    counts = dict(zip(totals.row, totals.n_sources, strict=True))
    rows = [*phases.row, *(["No phase"] if (events.row == "No phase").any() else [])]
    named_rows = {row: f"{row}: {counts[row]} of {n_sources} texts" if row in counts else row for row in rows}
    for frame in (phases, totals, events):
        frame["row_label"] = frame.row.map(named_rows)
    order = [named_rows[row] for row in rows]
    x_scale = _year_scale(phases)
    most = int(events.n_sources.max()) if len(events) else 1

    def layout(narrow: bool) -> alt.LayerChart:
        chars = 16 if narrow else 28
        y = alt.Y("row_label:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=wrapped_axis(chars))
        x_axis = alt.Axis(labelFlush=True, tickCount=5 if narrow else 10)
        bands = (
            alt.Chart(phases)
            .mark_bar(color=palette.PHASE_BAR, opacity=0.6)
            .encode(
                x=alt.X("start:T", title="Year", scale=x_scale, axis=x_axis),
                x2="end:T",
                y=y,
                tooltip=[alt.Tooltip("label:N", title="Phase"), alt.Tooltip("pakistan_role:N", title="Pakistan's role")],
            )
        )
        coverage = (
            alt.Chart(totals)
            .mark_rule(strokeWidth=5, color=palette.AUTHORS[0])
            .encode(
                x=alt.X("start:T", title="Year", scale=x_scale, axis=x_axis),
                x2="end:T",
                y=y,
                tooltip=[
                    alt.Tooltip("row:N", title="Phase"),
                    alt.Tooltip("n_sources:Q", title="Texts placing Pakistan's role here"),
                    alt.Tooltip("sources:N", title="Texts"),
                    alt.Tooltip("role:N", title="Pakistan's role, as first told"),
                    alt.Tooltip("quote:N", title="First quote"),
                ],
            )
        )
        marks = (
            alt.Chart(events)
            .mark_point(filled=True, color=palette.AUTHORS[2], stroke=palette.BACKGROUND, strokeWidth=0.8, opacity=0.9)
            .encode(
                x=alt.X("midpoint:T", title="Year", scale=x_scale, axis=x_axis),
                y=y,
                size=alt.Size(
                    "n_sources:Q",
                    title="Texts mentioning it",
                    scale=alt.Scale(domain=[1, max(most, 2)], range=[40, 320]),  # an event one text mentions stays visible
                    legend=_legend(narrow, values=sorted({1, (most + 1) // 2, most})),
                ),
                tooltip=[
                    alt.Tooltip("label:N", title="Event"),
                    alt.Tooltip("when:N", title="Date"),
                    alt.Tooltip("n_sources:Q", title="Texts mentioning it"),
                    alt.Tooltip("sources:N", title="Texts"),
                    alt.Tooltip("quote:N", title="First quote"),
                ],
            )
        )
        return alt.layer(bands, coverage, marks).properties(width="container", height=alt.Step(row_step(order, chars, 26)))

    description = (
        f"Timeline of {len(phases)} historical phases from {phases.start_year.min()} to {phases.end_year.max()} across "
        f"{n_sources} texts: each phase's row says how many texts place Pakistan's role in it; {int(events.n_events.sum())} "
        f"dated events are drawn as {len(events)} marks sized by how many texts mention them. Phases: {'; '.join(order)}."
    )
    return _figure([Variant(0, layout(narrow=True)), Variant(520, layout(narrow=False))], description)


#: The fills of a stance's leanings, in the order of their legend.
LEANING_FILLS = {
    **{LEANINGS[p]: palette.POLARITY[p] for p in LEANINGS},
    CHANGED: palette.CHANGED,
    UNCONFIRMED: palette.UNCONFIRMED,
}


def _leanings(values: pd.Series) -> list[str]:
    """The leanings a legend lists: the three of LEANINGS always, CHANGED and UNCONFIRMED where some mark has them."""
    return [value for value in LEANING_FILLS if value in LEANINGS.values() or (values == value).any()]


#: Characters per line of a stance's row ("holder → proposition"), in narrow and in wide layouts.
PAIR_CHARS = (24, 66)


def stance_heatmap(matrix: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """Holder → target by author grid: whether most of the positions each text gives each actor toward that one
    target are favourable or hostile; never a net over several targets.

    Past MAX_SERIES sources, one bar per pair counts the texts of each leaning instead (`_stance_totals`).
    `matrix` is `frames.stance_matrix` (the book draws `frames.proposition_stances`), `authors` is `frames.authors`.
    """
    if many_sources(authors):
        return _stance_totals(matrix, authors)
    _, _, labels = _author_scales(authors)
    domain = _leanings(matrix.leaning)
    fills = [LEANING_FILLS[value] for value in domain]
    pairs = list(dict.fromkeys(matrix.sort_values(["target", "actor"]).pair))  # an issue's stances together
    # Every text has its column, even one that takes no stance here: a pale band that says how many it takes.
    columns = pd.DataFrame({"author_label": labels}).assign(
        n_stances=[int((matrix.author_label == label).sum()) for label in labels]
    )

    def layout(narrow: bool) -> alt.LayerChart:
        chars = PAIR_CHARS[0] if narrow else PAIR_CHARS[1]
        base = alt.Chart(matrix).encode(
            x=alt.X(
                "author_label:N",
                sort=labels,
                scale=alt.Scale(domain=labels),
                title=None,
                axis=wrapped_axis(11, orient="top", labelAngle=0, labelPadding=4),  # a name per line: clear of the edge
            ),
            y=alt.Y("pair:N", sort=pairs, title=None, axis=wrapped_axis(chars, SHORTEN_OVER)),
        )
        x = base.encoding.x
        bands = (
            alt.Chart(columns)
            .mark_rect(color=palette.MAP_BACKGROUND, stroke=palette.BACKGROUND, strokeWidth=2)
            .encode(
                x=x,
                tooltip=[alt.Tooltip("author_label:N", title="Author"), alt.Tooltip("n_stances:Q", title="Stances shown")],
            )
        )
        cells = base.mark_rect(stroke=palette.BACKGROUND, strokeWidth=2).encode(
            color=alt.Color(
                "leaning:N",
                scale=alt.Scale(domain=domain, range=fills),
                title="Leaning toward that target",
                legend=_legend(stacked=True),
            ),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("target:N", title="Toward"),
                alt.Tooltip("author_label:N", title="Author"),
                alt.Tooltip("leaning:N", title="Leaning"),
                alt.Tooltip("net:Q", title="Net stance", format="+.2f"),
                alt.Tooltip("n_positions:Q", title="Positions presented as fact"),
                alt.Tooltip("n_unconfirmed:Q", title="Alleged or speculated (not counted)"),
                alt.Tooltip("stances:N", title="Stances"),
                alt.Tooltip("by_period:N", title="Leaning by period"),
                alt.Tooltip("quote:N", title="First quote"),
            ],
        )
        counts = base.mark_text(fontSize=11).encode(
            text="count_label:N",
            color=alt.Color("leaning:N", scale=alt.Scale(domain=domain, range=[palette.text_on(f) for f in fills]), legend=None),
        )
        return (
            alt.layer(bands, cells, counts)
            .resolve_scale(color="independent")
            .properties(width="container", height=alt.Step(row_step(pairs, chars, 22, SHORTEN_OVER)))
        )

    description = (
        f"Heatmap of {len(pairs)} stances (an actor toward one target) by {len(labels)} authors: each cell says whether "
        f"the positions toward that target the text presents as fact lean favourable, lean hostile, or neither (neutral "
        f"or mixed), with their number; positions the text only alleges or speculates about are counted apart, after a "
        f"plus sign and a question mark. Stances: {'; '.join(pairs)}."
    )
    return _figure(
        [Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False), max_width=110 * len(labels) + 400)], description
    )


#: Where a chapter page finds the map's boundaries: the book's static files, one folder up (see `analysis.dataset.geography`).
REGION_URL = f"../_static/{geography.REGION_FILE}"
#: The map's fill for a country the text gives no position toward the chosen target (its own, or its group's).
NO_POSITION = "no position toward it"
#: The name of the map's parameter: the target whose stances it shades, chosen in a list under the map.
TARGET_PARAM = "target"


def states_on_the_map(states: pd.DataFrame, topology: dict[str, Any] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The rows of `states` (`frames.state_positions`) of the countries the map shows, with their Natural Earth
    name, and the actors with positions whose countries it does not show.

    `topology` is the map's (`geography.region()` unless given).
    """
    on_map = pd.DataFrame(geography.countries(topology or geography.region())).dropna(subset=["alpha2"])
    shown = states.merge(on_map, on="alpha2")
    return shown, sorted(set(states.actor) - set(shown.actor))


def region_map(states: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """The states of the region shaded by their stance toward one target, chosen in a list under the map (the PDF
    shows `frames.map_target`'s), one map per author.

    The leaning is `stance_heatmap`'s, toward that one actor, for the actors the codebook maps to countries (a group
    of states colours each of its countries). Positions the text only alleges, speculates about or hedges count apart.
    Every country of the region is drawn, under the coloured ones, from its own data (not split by author).
    `states` is `frames.state_positions`, `authors` is `frames.authors`.
    """
    _, _, labels = _author_scales(authors)
    topology = geography.region()
    shown, off_map = states_on_the_map(states, topology)
    default = frames.map_target(shown)
    targets = sorted(shown.target.unique())
    many = many_sources(authors)
    if many:  # past MAX_SERIES sources, one map: each state takes the leaning most texts give it
        shown = frames.states_across_texts(shown).assign(series=ALL_TEXTS)
    domain = [*_leanings(shown.leaning), NO_POSITION]
    fill = {**LEANING_FILLS, NO_POSITION: palette.MAP_BACKGROUND}
    stance = alt.Scale(domain=domain, range=[fill[value] for value in domain])
    boundaries = alt.LookupData(
        data=alt.UrlData(REGION_URL, format=alt.TopoDataFormat(type="topojson", feature=geography.OBJECT)),
        key="properties.name",
    )
    target = alt.param(name=TARGET_PARAM, value=default, bind=alt.binding_select(options=targets, name="Stances toward "))
    border = {"stroke": palette.MAP_BORDER, "strokeWidth": 0.5, "clip": True}
    land = (
        alt.Chart(alt.Data(values=[{"name": country["name"]} for country in geography.countries(topology)]))
        .transform_lookup(lookup="name", from_=boundaries, as_="boundary")
        .mark_geoshape(**border)
        .encode(shape="boundary:G", color=alt.ColorDatum(NO_POSITION))  # on the coloured layer's scale and legend
    )
    coloured = (
        alt.Chart()
        .transform_filter(f"datum.target == {TARGET_PARAM}")
        .transform_lookup(lookup="name", from_=boundaries, as_="boundary")
        .mark_geoshape(**border)
        .encode(
            shape="boundary:G",
            color=alt.Color("leaning:N", scale=stance, title="Leaning toward the chosen target", legend=_legend(True, columns=2)),
            tooltip=[
                alt.Tooltip("name:N", title="Country"),
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("target:N", title="Toward"),
                alt.Tooltip("texts:Q", title="Texts") if many else alt.Tooltip("author_label:N", title="Author"),
                alt.Tooltip("leaning:N", title="Leaning"),
                alt.Tooltip("n_positions:Q", title="Positions presented as fact"),
                alt.Tooltip("stances:N", title="Stances"),
                alt.Tooltip("by_period:N", title="Leaning by period"),
                alt.Tooltip("n_unconfirmed:Q", title="Alleged or speculated (not counted)"),
                alt.Tooltip("quote:N", title="First quote"),
            ],
        )
    )
    projection = alt.Projection(type="conicEqualArea", parallels=[15, 45], rotate=[-71, 0], fit=geography.frame())
    chart = alt.layer(land, coloured, data=shown).properties(width=300, height=240, projection=projection)
    toward = shown[shown.target == default]
    if many:
        description = (
            f"Map of South and Central Asia, each state shaded by the leaning most of the {len(labels)} texts give its "
            f"positions presented as fact toward one target, chosen in a list ({len(targets)} targets); first "
            f"{default}: " + ", ".join(f"{row.name} ({row.leaning}, {row.texts} texts)" for row in toward.itertuples()) + "."
        )
        return _figure([Variant(0, chart.add_params(target))], description, files={REGION_URL: topology})
    chart = chart.facet(facet=_author_facet(labels), columns=len(labels)).add_params(target)
    coloured_names = "; ".join(
        f"{label}: "
        + (", ".join(f"{row.name} ({row.leaning})" for row in toward[toward.author_label == label].itertuples()) or "none")
        for label in labels
    )
    description = (
        f"Maps of South and Central Asia, one per author ({len(labels)}), each state shaded by the leaning of its "
        f"positions toward one target, chosen in a list ({'; '.join(targets)}). Toward {default}: {coloured_names}."
        + (f" Not on the map: {', '.join(off_map)}." if off_map else "")
    )
    return _figure([Variant(0, chart, panels=len(labels), min_panel=260)], description, files={REGION_URL: topology})


def _stance_totals(matrix: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """For many sources: per pair (holder → target), how many texts lean each way, as stacked bars named in the legend
    and the table."""
    totals = frames.stance_totals(matrix, authors)
    domain = _leanings(totals.leaning)
    fills = [LEANING_FILLS[value] for value in domain]
    totals["order"] = totals.leaning.map({name: i for i, name in enumerate(domain)})
    pairs = list(totals.groupby("pair").n_sources.sum().sort_values(ascending=False, kind="stable").index)

    def layout(narrow: bool) -> alt.Chart:
        chars = PAIR_CHARS[0] if narrow else PAIR_CHARS[1]
        return (
            alt.Chart(totals)
            .mark_bar(stroke=palette.TEXT, strokeWidth=0.5)
            .encode(
                x=alt.X("n_sources:Q", title="Texts", stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y("pair:N", sort=pairs, title=None, axis=wrapped_axis(chars, SHORTEN_OVER)),
                color=alt.Color(
                    "leaning:N",
                    scale=alt.Scale(domain=domain, range=fills),
                    title="Leaning toward that target",
                    legend=_legend(True),
                ),
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip("pair:N", title="Held by → toward"),
                    alt.Tooltip("leaning:N", title="Leaning"),
                    alt.Tooltip("n_sources:Q", title="Texts"),
                    alt.Tooltip("sources:N", title="Which"),
                    alt.Tooltip("n_positions:Q", title="Positions presented as fact"),
                    alt.Tooltip("n_unconfirmed:Q", title="Alleged or speculated (not counted)"),
                    alt.Tooltip("quote:N", title="First quote"),
                ],
            )
            .properties(width="container", height=alt.Step(row_step(pairs, chars, 22, SHORTEN_OVER)))
        )

    description = (
        f"Stacked bars for {len(pairs)} stances (an actor toward one target) across {len(authors)} texts: each bar counts "
        f"the texts whose positions presented as fact toward that target lean favourable, lean hostile, or neither, and "
        f"the texts that only allege or speculate about them. Stances: {'; '.join(pairs)}."
    )
    return _figure([Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False))], description)


def _bars_per_author(
    authors: pd.DataFrame,
    frame: pd.DataFrame,
    value: str,
    category: str,
    value_titles: tuple[str, str],
    category_title: str,
    details: list[alt.Tooltip],
    description: str,
) -> Figure:
    """Horizontal bars of `value` per `category`, one panel per author, biggest categories first.

    Panels sit side by side when they fit, sharing the labels on the left; on
    narrow columns they stack, each with its labels. `value_titles` are the
    value axis's title on narrow and on wide columns; a bar's tooltip gives its
    category, author and value, then `details`.
    """
    if many_sources(authors):
        return _bars_across_authors(authors, frame, value, category, category_title, description)
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title),
        alt.Tooltip("author_label:N", title=AUTHOR_TITLE),
        alt.Tooltip(f"{value}:Q", title=value_titles[0]),
        *details,
    ]
    colour, _, labels = _author_scales(authors)
    order = list(frame.groupby(category)[value].sum().sort_values(ascending=False).index)
    chars = 26  # two lines at most for every actor and topic

    def layout(title: str) -> alt.FacetChart:
        return (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y(
                    f"{category}:N",
                    sort=order,
                    title=None,
                    scale=alt.Scale(paddingInner=0.3),
                    axis=wrapped_axis(chars, SHORTEN_OVER),
                ),
                color=alt.Color("author_label:N", scale=colour, legend=None),
                tooltip=tooltip,
            )
            .properties(width=200, height=alt.Step(row_step(order, chars, 15, SHORTEN_OVER)))
            .facet(facet=_author_facet(labels), columns=len(labels))
            .resolve_axis(x="independent")  # every panel keeps its scale when they stack
        )

    narrow, wide = value_titles
    return _figure(
        [
            Variant(0, layout(narrow), panels=len(labels), min_panel=100),
            Variant(480, layout(wide), panels=len(labels), min_panel=130),
        ],
        description,
    )


def _bars_across_authors(
    authors: pd.DataFrame, frame: pd.DataFrame, value: str, category: str, category_title: str, description: str
) -> Figure:
    """For many sources: one bar per `category`, the number of texts with a non-zero `value`, biggest first.

    The tooltip and the chart's table give the total over all texts and the texts with the most.
    """
    n_sources = len(authors)
    totals = frames.texts_per_category(frame, value, category)
    order = list(totals.sort_values(["n_sources", "total"], ascending=False, kind="stable")[category])
    chars = 26

    def layout(narrow: bool) -> alt.Chart:
        return (
            alt.Chart(totals)
            .mark_bar(color=palette.AUTHORS[0])
            .encode(
                x=alt.X("n_sources:Q", title=f"Texts (of {n_sources})", axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y(
                    f"{category}:N",
                    sort=order,
                    title=None,
                    scale=alt.Scale(paddingInner=0.3),
                    axis=wrapped_axis(chars, SHORTEN_OVER),
                ),
                tooltip=[
                    alt.Tooltip(f"{category}:N", title=category_title),
                    alt.Tooltip("n_sources:Q", title="Texts"),
                    alt.Tooltip("total:Q", title="In all texts"),
                    alt.Tooltip("most:N", title="Most in"),
                ],
            )
            .properties(width="container", height=alt.Step(row_step(order, chars, 15, SHORTEN_OVER)))
        )

    return _figure(
        [Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False))],
        f"{description} With {n_sources} texts, one bar per category counts the texts concerned.",
    )


def mention_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How often each actor is named in each text's body, one panel per author."""
    return _bars_per_author(
        authors,
        counts,
        value="n_mentions",
        category="actor",
        value_titles=("Mentions", "Mentions in the body"),
        category_title="Actor",
        details=[alt.Tooltip("aliases:N", title="Names used")],
        description=(
            f"Bar charts of mentions of {counts.actor.nunique()} actors in the bodies of {counts.source_id.nunique()} texts, "
            "one panel per author."
        ),
    )


#: Characters per line of the relations' rows on wide columns (the PDF's among them): most pairs on one line.
RELATION_WIDE_CHARS = 72
#: An open diamond as a shape of its own (an SVG path, the inner diamond cut out), so that it reads open in the
#: chart and in its legend alike.
HOLLOW_DIAMOND = "M0,-1L1,0L0,1L-1,0Z M0,-0.55L-0.55,0L0,0.55L0.55,0Z"
#: How a position is drawn by how the text presents it: a filled circle for a fact, an open diamond for an allegation
#: or a speculation, side by side in their cell so that neither hides the other.
FIRMNESS_SHAPES = {FIRM: "circle", UNFIRM: HOLLOW_DIAMOND}


def _firmness(firmness: list[str], narrow: bool) -> dict[str, Any]:
    """Shape and offset encodings that tell facts from allegations and speculations (`FIRMNESS_SHAPES`), in a
    legend, and keep the two apart in a cell (facts on the left)."""
    return {
        "shape": alt.Shape(
            "firmness:N",
            scale=alt.Scale(domain=firmness, range=[FIRMNESS_SHAPES[f] for f in firmness]),
            title="Presented as",
            legend=_legend(narrow),
        ),
        "xOffset": alt.XOffset("firmness:N", scale=alt.Scale(domain=list(FIRMNESS_SHAPES), paddingOuter=0.2)),
    }


def _leaning_paint(domain: list[str], legend: alt.Legend | None) -> dict[str, Any]:
    """A mark's colour by its leaning; the leaning legend titled, or none."""
    fills = {LEANINGS[p]: palette.POLARITY[p] for p in LEANINGS}
    scale = alt.Scale(domain=domain, range=[fills[d] for d in domain])
    titled = {"title": "Leaning toward the target", "legend": legend} if legend is not None else {"legend": None}
    return {"color": alt.Color("leaning:N", scale=scale, **titled)}


def relation_matrix(links: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """Who does what to whom: one row per pair of actors (holder → target), split by period where the pair's leaning
    changed over time, one column per author; a filled circle for positions presented as fact, an open diamond beside
    it for those only alleged or speculated about.

    Past MAX_SERIES sources, one column per leaning counts the texts instead (`_relation_totals`).
    `links` is `frames.relations`, `authors` is `frames.authors`.
    """
    if many_sources(authors):
        return _relation_totals(links, authors)
    _, _, labels = _author_scales(authors)
    links = frames.relation_rows(links)
    firmness = [FIRM, *([UNFIRM] if (~links.firm).any() else [])]
    order = frames.relation_order(links)
    leanings = [value for value in LEANINGS.values() if value in set(links.leaning)]
    most = int(links.n_positions.max())

    def layout(narrow: bool) -> alt.Chart:
        chars = 24 if narrow else RELATION_WIDE_CHARS
        column = _column(len(labels), PHONE_WIDTH if narrow else WIDE_FROM - LEGEND_WIDTH, order, chars)
        return (
            alt.Chart(links)
            .mark_point(filled=True, strokeWidth=0, opacity=1)
            .encode(
                x=alt.X(
                    "author_label:N",
                    sort=labels,
                    scale=alt.Scale(domain=labels),
                    title=None,
                    axis=_header_axis(labels, column, at_most=11),  # a name per line: clear of the edge
                ),
                y=alt.Y(
                    "row:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=wrapped_axis(chars, SHORTEN_OVER + 12)
                ),
                size=alt.Size(
                    "n_positions:Q",
                    title="Positions",
                    scale=alt.Scale(domain=[0, most], range=[0, 220]),  # the largest mark still inside its row
                    legend=_legend(narrow, values=sorted({1, (most + 1) // 2, most})),
                ),
                **_leaning_paint(leanings, _legend(stacked=True)),
                **_firmness(firmness, narrow),
                tooltip=[
                    alt.Tooltip("firmness:N", title="Presented as"),
                    alt.Tooltip("holder:N", title="Held by"),
                    alt.Tooltip("target:N", title="Toward"),
                    alt.Tooltip("period_label:N", title="Period"),
                    alt.Tooltip("stances:N", title="Stances"),
                    alt.Tooltip("leaning:N", title="Leaning"),
                    alt.Tooltip("n_positions:Q", title="Positions"),
                    alt.Tooltip("author_label:N", title="Author"),
                    alt.Tooltip("quote:N", title="Quote"),
                ],
            )
            .properties(width="container", height=alt.Step(row_step(order, chars, 16, SHORTEN_OVER + 12)))
        )

    split = sorted(set(links.pair[links.row != links.pair]))
    description = (
        f"Grid of {len(order)} rows of actor-to-actor stances: one row per pair of actors (the holder of a stance, then "
        f"its target), one column per author ({len(labels)}); a pair whose leaning changed over time has a row per "
        f"period ({'; '.join(split) or 'none'}). Marks sized by the number of positions and coloured by their leaning "
        f"toward that target; filled circles are positions presented as fact, open diamonds beside them positions the "
        f"text only alleges or speculates about. Rows: {'; '.join(order)}."
    )
    return _figure(
        [
            Variant(0, layout(narrow=True)),
            Variant(480, _legends_at_the_right(layout(narrow=False)), max_width=90 * len(labels) + 440),
        ],
        description,
    )


def _relation_totals(links: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """For many sources: per row (pair, or pair and period) and leaning, how many texts give it that leaning."""
    totals = frames.relation_totals(links, authors)
    firmness = [FIRM, *([UNFIRM] if (totals.firmness == UNFIRM).any() else [])]
    order = frames.relation_order(links)
    leanings = list(LEANINGS.values())
    most = int(totals.n_sources.max())

    def layout(narrow: bool) -> alt.Chart:
        chars = 24 if narrow else 40
        return (
            alt.Chart(totals)
            .mark_point(filled=True, strokeWidth=0, opacity=1)
            .encode(
                x=alt.X(
                    "leaning:N",
                    sort=leanings,
                    scale=alt.Scale(domain=leanings),
                    title=None,
                    axis=wrapped_axis(11, orient="top", labelAngle=0, labelPadding=4),
                ),
                y=alt.Y(
                    "row:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=wrapped_axis(chars, SHORTEN_OVER + 12)
                ),
                size=alt.Size(
                    "n_sources:Q",
                    title="Texts",
                    scale=alt.Scale(domain=[1, max(most, 2)], range=[40, 300]),  # a relation one text gives stays visible
                    legend=_legend(narrow, values=sorted({1, (most + 1) // 2, most})),
                ),
                **_leaning_paint(leanings, None),
                **_firmness(firmness, narrow),
                tooltip=[
                    alt.Tooltip("firmness:N", title="Presented as"),
                    alt.Tooltip("row:N", title="Held by → toward"),
                    alt.Tooltip("leaning:N", title="Leaning"),
                    alt.Tooltip("stances:N", title="Stances"),
                    alt.Tooltip("n_sources:Q", title="Texts"),
                    alt.Tooltip("sources:N", title="Which"),
                    alt.Tooltip("n_positions:Q", title="Positions"),
                    alt.Tooltip("quote:N", title="First quote"),
                ],
            )
            .properties(width="container", height=alt.Step(row_step(order, chars, 24, SHORTEN_OVER + 12)))
        )

    description = (
        f"Grid of {len(order)} rows of actor-to-actor stances across {len(authors)} texts: one row per pair of actors "
        "(split by period where the pair's leaning changed over time), one column per leaning; marks sized by how many "
        "texts give the pair that leaning; filled circles count positions presented as fact, open diamonds beside them "
        f"positions the texts only allege or speculate about. Rows: {'; '.join(order)}."
    )
    return _figure([Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False), max_width=640)], description)


def topic_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How many claims each author makes on each topic, one panel per author."""
    return _bars_per_author(
        authors,
        counts,
        value="n_claims",
        category="topic",
        value_titles=("Claims", "Claims"),
        category_title="Topic",
        details=[alt.Tooltip("quote:N", title="First quote")],
        description=f"Bar charts of claims per topic for {counts.source_id.nunique()} authors across {counts.topic.nunique()} topics.",
    )


def contrast_heatmap(grid: pd.DataFrame) -> Figure:
    """For every topic and pair of authors, the relation derived from its points of comparison, or silence.

    Past frames.MAX_PAIR_COLUMNS pairs, `_contrast_totals` counts them instead.

    `grid` is `frames.contrast_grid`.
    """
    if grid.pair.nunique() > frames.MAX_PAIR_COLUMNS:
        return _contrast_totals(grid)
    relations = [r for r in palette.RELATION if r in set(grid.relation)] or list(palette.RELATION)
    domain = [r.replace("_", " ") for r in relations]
    fills = [palette.RELATION[r] for r in relations]
    topics = sorted(grid.topic.unique())
    pairs = sorted(grid.pair.unique())
    n_pairs = len(pairs)
    signs = grid.relation.map(RELATION_SIGNS)
    grid = grid[["topic", "pair", "relation_label", "points_phrase", "label_a", "says_a", "label_b", "says_b"]].assign(
        relation_sign=signs, relation_key=signs + " " + grid.relation_label
    )  # what it shows

    def layout(narrow: bool) -> alt.LayerChart:
        chars = NARROW_CHARS if narrow else WIDE_CHARS
        column = _column(n_pairs, PHONE_WIDTH if narrow else WIDE_FROM, topics, chars)
        # A column too narrow for a relation's name shows its sign, which the legend spells out.
        key, shown = ("relation_key", "relation_sign") if column < NAMED_CELL else ("relation_label", "relation_label")
        keys = [f"{RELATION_SIGNS[r]} {d}" for r, d in zip(relations, domain, strict=True)] if shown != key else domain
        base = alt.Chart(grid).encode(
            x=alt.X("pair:N", title=None, axis=_header_axis(pairs, column)),
            y=alt.Y("topic:N", sort="ascending", title=None, axis=wrapped_axis(chars)),
        )
        cells = base.mark_rect(stroke=palette.BACKGROUND, strokeWidth=2).encode(
            color=alt.Color(
                f"{key}:N", scale=alt.Scale(domain=keys, range=fills), title="Relation", legend=_legend(stacked=True)
            ),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("relation_label:N", title="Relation"),
                alt.Tooltip("points_phrase:N", title="Points of comparison"),
                alt.Tooltip("label_a:N", title="Author A"),
                alt.Tooltip("says_a:N", title="A says"),
                alt.Tooltip("label_b:N", title="Author B"),
                alt.Tooltip("says_b:N", title="B says"),
            ],
        )
        # Each cell also names its relation (or shows its sign), so that colour is never the only cue.
        text = base.mark_text(fontSize=10, **({"lineBreak": " "} if narrow and n_pairs > 1 else {})).encode(
            text=f"{shown}:N",
            color=alt.Color(f"{key}:N", scale=alt.Scale(domain=keys, range=[palette.text_on(f) for f in fills]), legend=None),
        )
        step = row_step(topics, chars, 36 if narrow and n_pairs > 1 and shown == key else 22)
        return alt.layer(cells, text).resolve_scale(color="independent").properties(width="container", height=alt.Step(step))

    description = (
        f"Matrix of {len(topics)} topics by {n_pairs} author pairs, coloured and labelled by relation "
        f"({', '.join(domain)}). Topics: {'; '.join(topics)}."
    )
    return _figure(
        [Variant(0, layout(narrow=True)), Variant(WIDE_FROM, layout(narrow=False), max_width=200 * n_pairs + 280)], description
    )


def _column(n_columns: int, width: int, rows: list[str], row_chars: int) -> float:
    """The width, in pixels, of one of `n_columns` columns in a matrix `width` pixels wide whose row labels `rows`
    wrap at `row_chars` characters."""
    return (width - min(row_chars, max(map(len, rows))) * CHAR_WIDTH - 30) / n_columns


def _header_axis(labels: list[str], column: float, at_most: int = 30) -> alt.Axis:
    """Column headers at the top: wrapped to a column `column` pixels wide (lines of at most `at_most` characters),
    or upright when a column is too narrow for the longest word of `labels`."""
    chars = min(at_most, int(column // CHAR_WIDTH))
    if chars >= max(len(word) for label in labels for word in str(label).split()):
        return wrapped_axis(chars, orient="top", labelAngle=0, labelPadding=4)
    return alt.Axis(orient="top", labelAngle=-90, labelAlign="left", labelBaseline="middle", labelLimit=NO_LIMIT)


def _contrast_totals(grid: pd.DataFrame) -> Figure:
    """For many pairs of sources: one panel per relation, named in its header, with the pairs that relate so on each topic.

    Pairs of which neither source addresses a topic are left out: they relate in no way.
    """
    grid = grid[grid.relation != "neither"]
    relations = [r for r in palette.RELATION if r in set(grid.relation)]
    domain = [r.replace("_", " ") for r in relations]
    totals = grid.groupby(["topic", "relation_label"], as_index=False).agg(
        n_pairs=("pair", "size"), pairs=("pair", lambda p: frames.named(sorted(p), 3))
    )
    topics = sorted(totals.topic.unique())
    chars = 22

    def layout(title: str) -> alt.FacetChart:
        return (
            alt.Chart(totals)
            .mark_bar()
            .encode(
                x=alt.X("n_pairs:Q", title=title, axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y(
                    "topic:N", sort=topics, title=None, scale=alt.Scale(domain=topics, paddingInner=0.3), axis=wrapped_axis(chars)
                ),
                color=alt.Color(
                    "relation_label:N",
                    scale=alt.Scale(domain=domain, range=[palette.RELATION[r] for r in relations]),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("topic:N", title="Topic"),
                    alt.Tooltip("relation_label:N", title="Relation"),
                    alt.Tooltip("n_pairs:Q", title="Pairs of sources"),
                    alt.Tooltip("pairs:N", title="For example"),
                ],
            )
            .properties(width=180, height=alt.Step(row_step(topics, chars, 15)))
            .facet(
                facet=alt.Facet(
                    "relation_label:N",
                    sort=domain,
                    title=None,
                    header=alt.Header(labelFontSize=12, labelFontWeight="bold", labelAnchor="start", labelExpr=wrap_expr(16)),
                ),
                columns=len(domain),
            )
            .resolve_axis(x="independent")
        )

    description = (
        f"Bar charts, one per relation ({', '.join(domain)}), of how many of {grid.pair.nunique()} pairs of sources relate "
        f"that way on each of {len(topics)} topics (pairs where neither source addresses a topic are left out). "
        f"Topics: {'; '.join(topics)}."
    )
    return _figure(
        [
            Variant(0, layout("Pairs"), panels=len(domain), min_panel=110),
            Variant(480, layout("Pairs of sources"), panels=len(domain), min_panel=140),
        ],
        description,
    )


def voice_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How each text puts its claims forward (asserted, reported, alleged...) and in whose voice, one panel per author."""
    return _bars_per_author(
        authors,
        counts,
        value="n_claims",
        category="category",
        value_titles=("Claims", "Claims"),
        category_title="Put forward",
        details=[alt.Tooltip("speakers:N", title="Voices"), alt.Tooltip("quote:N", title="First quote")],
        description=(
            f"Bar charts of the claims of {counts.source_id.nunique()} texts by modality and voice, one panel per author: "
            f"{'; '.join(sorted(counts.category.unique()))}."
        ),
    )


#: How each argument role is drawn: its marker's shape and the dash of the link to the claim it bears on.
ROLE_MARKS = {
    "thesis": ("square", [1, 0]),
    "reason": ("circle", [1, 0]),
    "evidence": ("triangle-up", [1, 0]),
    "concession": ("triangle-down", [5, 3]),
    "rebuttal": ("diamond", [1.5, 2.5]),
}
#: The outline widths of the argument maps' layouts, by the narrowest column each is for (the PDF's among them).
#: What an argument map says of each claim (its tooltip and its passage's link), shared by its layouts.
MAP_DETAILS = ("label", "bears_on", "paraphrase", "modality", "quote", "href")
ARGUMENT_WIDTHS = {0: 280, 430: 420, PDF_WIDTH: PDF_WIDTH - 10, 800: 780}
#: The tallest an argument map's outline may be at the PDF's width: with its legend and caption, a printed page.
ARGUMENT_PAGE = 720
#: Where a chapter page finds a source's annotated text (the pages `analysis.book.sphinx_sources` writes into texts/).


@dataclass(frozen=True)
class ArgumentMap:
    """One figure of argument maps: a part of one source's argument, with its cross-reference name and caption."""

    name: str
    source_id: str
    caption: str
    figure: Figure
    nodes: pd.DataFrame
    edges: pd.DataFrame

    def directive(self) -> str:
        """The MyST that shows the figure (glued under its name) with its caption; the PDF prints it in place (a page
        each, they would otherwise fall pages behind the sentences that cite them)."""
        return (
            f"```{{glue:figure}} {self.name}\n:name: {self.name}\n:figclass: {IN_PLACE}\n:alt: {self.figure.description}\n\n"
            f"{self.caption}\n```\n"
        )


def argument_maps(claims: pd.DataFrame, authors: pd.DataFrame, reliability: Mapping[str, str]) -> list[ArgumentMap]:
    """Each source's argument as outlines of claims, a figure per part (`analysis.report.outline`), sources in publication order.

    Nodes show a claim's paraphrase, coloured and shaped by role; each links to its passage on the source's page
    (and a selected node's panel has the link too). A link to a claim is dashed for a concession, dotted for a rebuttal.
    `claims` is `frames.with_evidence(data, "claims")`, `authors` is `frames.authors`, `reliability` how reliably
    each source's links are coded, by source id (`summary.argument_links_by_source`), for the captions.
    """
    if len(authors) > MAX_ARGUMENT_MAPS:
        return []
    maps = []
    for who in authors.itertuples():
        mine = claims[claims.source_id == who.source_id]
        argument = outline.forest(mine)
        if not argument.roots:
            continue
        grouped = outline.parts(argument, outline.Geometry(ARGUMENT_WIDTHS[PDF_WIDTH]), ARGUMENT_PAGE)
        for number, part in enumerate(grouped, start=1):
            maps.append(_argument_map(mine, argument, part, who, (number, len(grouped)), reliability[who.source_id]))
    return maps


def _argument_map(
    claims: pd.DataFrame,
    argument: outline.Forest,
    part: list[outline.Piece],
    who: Any,
    number: tuple[int, int],
    reliability: str,
) -> ArgumentMap:
    """One part of one source's argument as a figure, in a layout per width of `ARGUMENT_WIDTHS`."""
    roles = list(ROLE_MARKS)
    about = claims.set_index("claim_id")
    short = {claim: passages.short_label(claim, who.source_id) for claim in about.index}

    def rows(geometry: outline.Geometry) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        nodes, edges, height = outline.layout(argument, part, geometry)
        nodes = nodes.assign(
            label=nodes.claim_id.map(short),
            role=nodes.claim_id.map(about.role),
            paraphrase=nodes.claim_id.map(about.paraphrase),
            modality=nodes.claim_id.map(about.modality),
            quote=nodes.claim_id.map(about.quote),
            bears_on=nodes.claim_id.map(about.bears_on).map(short).fillna("(a root)"),
            href=[frames.PASSAGE_HREF.format(source_id=who.source_id, anchor=passages.record_label(c)) for c in nodes.claim_id],
        )
        return nodes, edges.assign(role=edges.claim_id.map(about.role)), height

    colour = alt.Scale(domain=roles, range=[palette.ROLES[r] for r in roles])

    def layout(geometry: outline.Geometry) -> alt.LayerChart:
        nodes, edges, height = rows(geometry)
        # The roles in a row where they fit, else in rows of three.
        legend = alt.Legend(orient="bottom", direction="horizontal", columns=len(roles) if geometry.width >= 400 else 3)
        role_colour = alt.Color("role:N", scale=colour, title="Role", legend=legend)
        x, y = alt.X("x:Q", scale=None, axis=None), alt.Y("y:Q", scale=None, axis=None)
        links = (
            alt.Chart(edges)
            .mark_line(strokeWidth=1.3)
            .encode(
                x=x,
                y=y,
                detail="claim_id:N",
                order="step:Q",
                color=role_colour,
                strokeDash=alt.StrokeDash(
                    "role:N",
                    scale=alt.Scale(domain=roles, range=[d for _, d in ROLE_MARKS.values()]),
                    title="Role",
                    legend=legend,
                ),
            )
        )
        # What a claim's tooltip says is the same in every layout: one table the layouts share, looked up by claim.
        details = nodes[["claim_id", *MAP_DETAILS]].sort_values("claim_id", ignore_index=True)
        markers = (
            alt.Chart(nodes[["claim_id", "marker_x", "marker_y", "role"]])
            .transform_lookup(lookup="claim_id", from_=alt.LookupData(data=details, key="claim_id", fields=list(MAP_DETAILS)))
            .mark_point(filled=True, size=70, opacity=1)
            .encode(
                x=alt.X("marker_x:Q", scale=None, axis=None),
                y=alt.Y("marker_y:Q", scale=None, axis=None),
                color=role_colour,
                shape=alt.Shape(
                    "role:N",
                    scale=alt.Scale(domain=roles, range=[s for s, _ in ROLE_MARKS.values()]),
                    title="Role",
                    legend=legend,
                ),
                tooltip=[
                    alt.Tooltip("label:N", title="Claim"),
                    alt.Tooltip("role:N", title="Role"),
                    alt.Tooltip("bears_on:N", title="Bears on"),
                    alt.Tooltip("paraphrase:N", title="Paraphrase"),
                    alt.Tooltip("modality:N", title="Put forward as"),
                    alt.Tooltip("quote:N", title="Quote"),
                ],
            )
        )
        theses = nodes.role == "thesis"
        texts = [
            alt.Chart(nodes.loc[chosen, ["claim_id", "x", "y", "lines"]])  # the lines this layout wraps; the rest looked up
            .transform_lookup(lookup="claim_id", from_=alt.LookupData(data=details, key="claim_id", fields=["href"]))
            .mark_text(
                align="left",
                baseline="top",
                fontSize=11,
                fontWeight=weight,
                lineHeight=geometry.line_height,
                color=palette.TEXT,
                cursor="pointer",
            )
            .encode(x=x, y=y, text="lines:N", href="href:N")
            for chosen, weight in ((theses, "bold"), (~theses, "normal"))
        ]
        return alt.layer(links, markers, *texts).properties(width="container", height=height)

    nodes, edges, _ = rows(outline.Geometry(ARGUMENT_WIDTHS[PDF_WIDTH]))
    index, total = number
    whose = f"{who.label}'s argument" + (f", part {index} of {total}" if total > 1 else "")
    theses = [argument.text[piece.root] for piece in part]
    description = (
        f"Argument map of {whose}: {len(nodes)} claims in {len(part)} trees, each claim indented under the claim it "
        f"bears on, coloured and shaped by its role. Roots: {'; '.join(theses)}."
    )
    caption = (
        f"{whose[0].upper()}{whose[1:]}, as coded: each claim under the claim it bears on, its role by colour and shape; "
        "a dashed link is a concession, a dotted one a rebuttal. Context claims are left out"
        + ("; a claim marked continued heads more of its branches" if any(piece.continued for piece in part) else "")
        + f". Argument links are {reliability}."
    )
    variants = [Variant(min_width, layout(outline.Geometry(width))) for min_width, width in ARGUMENT_WIDTHS.items()]
    name = f"fig-argument-{who.source_id}" + (f"-{index}" if total > 1 else "")
    return ArgumentMap(name, who.source_id, caption, _figure(variants, description), nodes, edges)


def history(data: Dataset) -> Figure:
    """The whole timeline as the book draws it (front page and phases chapter): the dataset shaped by `frames`, then drawn."""
    return timeline(frames.phase_rows(data), frames.phase_coverage(data), frames.dated_events(data), frames.authors(data))
