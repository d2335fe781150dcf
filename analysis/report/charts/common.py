"""What every chart of the book shares: the theme, the widths and characters labels are fitted to, the authors'
scales and facets, legends, bars per author, the encodings of leaning and firmness, and column headers."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from analysis.report import frames, palette
from analysis.report.figure import (
    Figure,
    Variant,
    row_step,
    wrap_expr,
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


def new_figure(variants: list[Variant], description: str, files: dict[str, Any] | None = None) -> Figure:
    """A figure in the book's theme; legends under a chart are stacked, left-aligned, so that they never widen it.

    (`layout` is Vega's legend layout, which Vega-Lite passes on but Altair's schema does not list.) `files`: the
    content of the local files the figure loads by URL (see `Figure`).
    """
    config = theme()["config"]
    legend = {**config["legend"], "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}}
    return Figure(variants, description, config={**config, "legend": legend}, files=files or {})


def legends_in_a_row(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """`chart`'s spec with its legends side by side under it rather than stacked: shorter, for columns wide enough."""
    spec = chart.to_dict()
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend["layout"] = {"bottom": {"anchor": "start", "direction": "horizontal", "margin": 24}}
    return spec


def legends_at_the_right(chart: alt.TopLevelMixin) -> dict[str, Any]:
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


def author_scales(authors: pd.DataFrame) -> tuple[alt.Scale, alt.Scale, list[str]]:
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


def author_facet(labels: list[str]) -> alt.Facet:
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


def legend_for(stacked: bool, **options: Any) -> alt.Legend:
    """A legend under the chart: one entry a line when `stacked` (narrow columns), else side by side."""
    return alt.Legend(orient="bottom", direction="vertical" if stacked else "horizontal", **options)


#: The one series of the focus timeline past MAX_SERIES sources.
ALL_TEXTS = "all texts"


#: The fills of a stance's leanings, in the order of their legend.
LEANING_FILLS = {
    **{LEANINGS[p]: palette.POLARITY[p] for p in LEANINGS},
    CHANGED: palette.CHANGED,
    UNCONFIRMED: palette.UNCONFIRMED,
}


def leanings_of(values: pd.Series) -> list[str]:
    """The leanings a legend lists: the three of LEANINGS always, CHANGED and UNCONFIRMED where some mark has them."""
    return [value for value in LEANING_FILLS if value in LEANINGS.values() or (values == value).any()]


def _category_rows(category: str, order: list[str], chars: int) -> alt.Y:
    """The rows of a bar chart: one per `category` value, in `order`, labels wrapped at `chars`."""
    return alt.Y(
        f"{category}:N",
        sort=order,
        title=None,
        scale=alt.Scale(paddingInner=0.3),
        axis=wrapped_axis(chars, SHORTEN_OVER),
    )


def bars_per_author(
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
        return bars_across_authors(authors, frame, value, category, category_title, description)
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title),
        alt.Tooltip("author_label:N", title=AUTHOR_TITLE),
        alt.Tooltip(f"{value}:Q", title=value_titles[0]),
        *details,
    ]
    colour, _, labels = author_scales(authors)
    order = list(frame.groupby(category)[value].sum().sort_values(ascending=False).index)
    chars = 26  # two lines at most for every actor and topic

    def layout(title: str) -> alt.FacetChart:
        return (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(tickMinStep=1, format="d")),
                y=_category_rows(category, order, chars),
                color=alt.Color("author_label:N", scale=colour, legend=None),
                tooltip=tooltip,
            )
            .properties(width=200, height=alt.Step(row_step(order, chars, 15, SHORTEN_OVER)))
            .facet(facet=author_facet(labels), columns=len(labels))
            .resolve_axis(x="independent")  # every panel keeps its scale when they stack
        )

    narrow, wide = value_titles
    return new_figure(
        [
            Variant(0, layout(narrow), panels=len(labels), min_panel=100),
            Variant(480, layout(wide), panels=len(labels), min_panel=130),
        ],
        description,
    )


def bars_across_authors(
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
                y=_category_rows(category, order, chars),
                tooltip=[
                    alt.Tooltip(f"{category}:N", title=category_title),
                    alt.Tooltip("n_sources:Q", title="Texts"),
                    alt.Tooltip("total:Q", title="In all texts"),
                    alt.Tooltip("most:N", title="Most in"),
                ],
            )
            .properties(width="container", height=alt.Step(row_step(order, chars, 15, SHORTEN_OVER)))
        )

    return new_figure(
        [Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False))],
        f"{description} With {n_sources} texts, one bar per category counts the texts concerned.",
    )


#: An open diamond as a shape of its own (an SVG path, the inner diamond cut out), so that it reads open in the
#: chart and in its legend alike.
HOLLOW_DIAMOND = "M0,-1L1,0L0,1L-1,0Z M0,-0.55L-0.55,0L0,0.55L0.55,0Z"
#: How a position is drawn by how the text presents it: a filled circle for a fact, an open diamond for an allegation
#: or a speculation, side by side in their cell so that neither hides the other.
FIRMNESS_SHAPES = {FIRM: "circle", UNFIRM: HOLLOW_DIAMOND}


def firmness_channels(firmness: list[str], narrow: bool) -> dict[str, Any]:
    """Shape and offset encodings that tell facts from allegations and speculations (`FIRMNESS_SHAPES`), in a
    legend, and keep the two apart in a cell (facts on the left)."""
    return {
        "shape": alt.Shape(
            "firmness:N",
            scale=alt.Scale(domain=firmness, range=[FIRMNESS_SHAPES[f] for f in firmness]),
            title="Presented as",
            legend=legend_for(narrow),
        ),
        "xOffset": alt.XOffset("firmness:N", scale=alt.Scale(domain=list(FIRMNESS_SHAPES), paddingOuter=0.2)),
    }


def leaning_paint(domain: list[str], legend: alt.Legend | None) -> dict[str, Any]:
    """A mark's colour by its leaning; the leaning legend titled, or none."""
    fills = {LEANINGS[p]: palette.POLARITY[p] for p in LEANINGS}
    scale = alt.Scale(domain=domain, range=[fills[d] for d in domain])
    titled = {"title": "Leaning toward the target", "legend": legend} if legend is not None else {"legend": None}
    return {"color": alt.Color("leaning:N", scale=scale, **titled)}


def column_width(n_columns: int, width: int, rows: list[str], row_chars: int) -> float:
    """The width, in pixels, of one of `n_columns` columns in a matrix `width` pixels wide whose row labels `rows`
    wrap at `row_chars` characters."""
    return (width - min(row_chars, max(map(len, rows))) * CHAR_WIDTH - 30) / n_columns


def header_axis(labels: list[str], column: float, at_most: int = 30) -> alt.Axis:
    """Column headers at the top: wrapped to a column `column` pixels wide (lines of at most `at_most` characters),
    or upright when a column is too narrow for the longest word of `labels`."""
    chars = min(at_most, int(column // CHAR_WIDTH))
    if chars >= max(len(word) for label in labels for word in str(label).split()):
        return wrapped_axis(chars, orient="top", labelAngle=0, labelPadding=4)
    return alt.Axis(orient="top", labelAngle=-90, labelAlign="left", labelBaseline="middle", labelLimit=NO_LIMIT)
