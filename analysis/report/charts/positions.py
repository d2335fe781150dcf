"""The positions chapter's charts: stances on the propositions, the region's map, mentions of actors, and the
relations between actors."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from analysis.dataset import geography
from analysis.report import frames, palette
from analysis.report.charts.common import (
    ALL_TEXTS,
    LEANING_FILLS,
    LEGEND_WIDTH,
    PHONE_WIDTH,
    SHORTEN_OVER,
    WIDE_FROM,
    author_facet,
    author_scales,
    bars_per_author,
    column_width,
    firmness_channels,
    header_axis,
    leaning_paint,
    leanings_of,
    legend_for,
    legends_at_the_right,
    many_sources,
    new_figure,
)
from analysis.report.figure import (
    Figure,
    Variant,
    row_step,
    wrapped_axis,
)
from analysis.report.frames import FIRM, LEANINGS, UNFIRM

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
    _, _, labels = author_scales(authors)
    domain = leanings_of(matrix.leaning)
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
                legend=legend_for(stacked=True),
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
    return new_figure(
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
    _, _, labels = author_scales(authors)
    topology = geography.region()
    shown, off_map = states_on_the_map(states, topology)
    default = frames.map_target(shown)
    targets = sorted(shown.target.unique())
    many = many_sources(authors)
    if many:  # past MAX_SERIES sources, one map: each state takes the leaning most texts give it
        shown = frames.states_across_texts(shown).assign(series=ALL_TEXTS)
    domain = [*leanings_of(shown.leaning), NO_POSITION]
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
            color=alt.Color(
                "leaning:N", scale=stance, title="Leaning toward the chosen target", legend=legend_for(True, columns=2)
            ),
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
        return new_figure([Variant(0, chart.add_params(target))], description, files={REGION_URL: topology})
    chart = chart.facet(facet=author_facet(labels), columns=len(labels)).add_params(target)
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
    return new_figure([Variant(0, chart, panels=len(labels), min_panel=260)], description, files={REGION_URL: topology})


def _stance_totals(matrix: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """For many sources: per pair (holder → target), how many texts lean each way, as stacked bars named in the legend
    and the table."""
    totals = frames.stance_totals(matrix, authors)
    domain = leanings_of(totals.leaning)
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
                    legend=legend_for(True),
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
    return new_figure([Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False))], description)


def mention_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How often each actor is named in each text's body, one panel per author."""
    return bars_per_author(
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


def _pair_rows(
    frame: pd.DataFrame,
    x: alt.X,
    order: list[str],
    chars: int,
    row_height: int,
    size: alt.Size,
    marks: dict[str, Any],
    tooltip: list[alt.Tooltip],
) -> alt.Chart:
    """A grid of sized marks, one row per pair of actors (`row`, in `order`, its label wrapped at `chars`), each
    column an `x` value; `marks` paint them by leaning and shape them by firmness."""
    return (
        alt.Chart(frame)
        .mark_point(filled=True, strokeWidth=0, opacity=1)
        .encode(
            x=x,
            y=alt.Y("row:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=wrapped_axis(chars, SHORTEN_OVER + 12)),
            size=size,
            **marks,
            tooltip=tooltip,
        )
        .properties(width="container", height=alt.Step(row_step(order, chars, row_height, SHORTEN_OVER + 12)))
    )


def relation_matrix(links: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """Who does what to whom: one row per pair of actors (holder → target), split by period where the pair's leaning
    changed over time, one column per author; a filled circle for positions presented as fact, an open diamond beside
    it for those only alleged or speculated about.

    Past MAX_SERIES sources, one column per leaning counts the texts instead (`_relation_totals`).
    `links` is `frames.relations`, `authors` is `frames.authors`.
    """
    if many_sources(authors):
        return _relation_totals(links, authors)
    _, _, labels = author_scales(authors)
    links = frames.relation_rows(links)
    firmness = [FIRM, *([UNFIRM] if (~links.firm).any() else [])]
    order = frames.relation_order(links)
    leanings = [value for value in LEANINGS.values() if value in set(links.leaning)]
    most = int(links.n_positions.max())

    def layout(narrow: bool) -> alt.Chart:
        chars = 24 if narrow else RELATION_WIDE_CHARS
        column = column_width(len(labels), PHONE_WIDTH if narrow else WIDE_FROM - LEGEND_WIDTH, order, chars)
        return _pair_rows(
            links,
            alt.X(
                "author_label:N",
                sort=labels,
                scale=alt.Scale(domain=labels),
                title=None,
                axis=header_axis(labels, column, at_most=11),  # a name per line: clear of the edge
            ),
            order,
            chars,
            16,
            alt.Size(
                "n_positions:Q",
                title="Positions",
                scale=alt.Scale(domain=[0, most], range=[0, 220]),  # the largest mark still inside its row
                legend=legend_for(narrow, values=sorted({1, (most + 1) // 2, most})),
            ),
            {**leaning_paint(leanings, legend_for(stacked=True)), **firmness_channels(firmness, narrow)},
            [
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

    split = sorted(set(links.pair[links.row != links.pair]))
    description = (
        f"Grid of {len(order)} rows of actor-to-actor stances: one row per pair of actors (the holder of a stance, then "
        f"its target), one column per author ({len(labels)}); a pair whose leaning changed over time has a row per "
        f"period ({'; '.join(split) or 'none'}). Marks sized by the number of positions and coloured by their leaning "
        f"toward that target; filled circles are positions presented as fact, open diamonds beside them positions the "
        f"text only alleges or speculates about. Rows: {'; '.join(order)}."
    )
    return new_figure(
        [
            Variant(0, layout(narrow=True)),
            Variant(480, legends_at_the_right(layout(narrow=False)), max_width=90 * len(labels) + 440),
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
        return _pair_rows(
            totals,
            alt.X(
                "leaning:N",
                sort=leanings,
                scale=alt.Scale(domain=leanings),
                title=None,
                axis=wrapped_axis(11, orient="top", labelAngle=0, labelPadding=4),
            ),
            order,
            chars,
            24,
            alt.Size(
                "n_sources:Q",
                title="Texts",
                scale=alt.Scale(domain=[1, max(most, 2)], range=[40, 300]),  # a relation one text gives stays visible
                legend=legend_for(narrow, values=sorted({1, (most + 1) // 2, most})),
            ),
            {**leaning_paint(leanings, None), **firmness_channels(firmness, narrow)},
            [
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

    description = (
        f"Grid of {len(order)} rows of actor-to-actor stances across {len(authors)} texts: one row per pair of actors "
        "(split by period where the pair's leaning changed over time), one column per leaning; marks sized by how many "
        "texts give the pair that leaning; filled circles count positions presented as fact, open diamonds beside them "
        f"positions the texts only allege or speculate about. Rows: {'; '.join(order)}."
    )
    return new_figure([Variant(0, layout(narrow=True)), Variant(480, layout(narrow=False), max_width=640)], description)
