"""The phases chapter's charts: the whole timeline (phases, each text's coverage, dated events) and the recent
years' events one row each."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.dataset.load import Dataset
from analysis.dataset.parameters import FOCUS_FROM, MAX_EVENT_MARKS
from analysis.report import frames, palette
from analysis.report.charts.common import (
    ALL_TEXTS,
    AUTHOR_TITLE,
    author_scales,
    legend_for,
    legends_in_a_row,
    many_sources,
    new_figure,
)
from analysis.report.figure import (
    LABEL_LINE_HEIGHT,
    Figure,
    Variant,
    row_step,
    wrap_lines,
    wrapped_axis,
)


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
    colour, shape, labels = author_scales(authors)
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
        author_colour = alt.Color("author_label:N", scale=colour, title=AUTHOR_TITLE, legend=legend_for(narrow))
        author_shape = alt.Shape("author_label:N", scale=shape, title=AUTHOR_TITLE, legend=legend_for(narrow))
        author_dash = alt.StrokeDash(
            "author_label:N",
            scale=alt.Scale(domain=labels, range=list(authors.dash)),
            title=AUTHOR_TITLE,
            legend=legend_for(narrow),
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
    return new_figure([Variant(0, layout(narrow=True)), Variant(520, layout(narrow=False))], description)


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
    colour, shape, labels = author_scales(authors)
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
    author_colour = alt.Color(f"{series}:N", scale=colour, title=AUTHOR_TITLE, legend=legend_for(stacked=True))
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
                legend=legend_for(stacked=True),
            ),
            opacity=alt.Opacity(
                "exactness:O",
                sort=exactness,
                scale=alt.Scale(domain=exactness, range=[0.9, 0.35]),
                title="Date",
                legend=legend_for(stacked=True),
            ),
        )
    )
    marks = (
        alt.Chart(events)
        .mark_point(filled=True, size=70, stroke=palette.BACKGROUND, strokeWidth=0.8, opacity=1)
        .encode(
            x=alt.X("midpoint:T", title=None, scale=x_scale, axis=x_axis),
            color=author_colour,
            shape=alt.Shape(f"{series}:N", scale=shape, title=AUTHOR_TITLE, legend=legend_for(stacked=True)),
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
    return new_figure([Variant(0, named_above(40)), Variant(560, legends_in_a_row(named_on_the_axis(40)))], description)


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
                    legend=legend_for(narrow, values=sorted({1, (most + 1) // 2, most})),
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
    return new_figure([Variant(0, layout(narrow=True)), Variant(520, layout(narrow=False))], description)


def history(data: Dataset) -> Figure:
    """The whole timeline as the book draws it (front page and phases chapter): the dataset shaped by `frames`, then drawn."""
    return timeline(frames.phase_rows(data), frames.phase_coverage(data), frames.dated_events(data), frames.authors(data))
