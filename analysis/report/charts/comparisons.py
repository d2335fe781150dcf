"""The arguments chapter's comparisons: claims per topic, the matter-by-matter relation of each pair of authors,
and the voice and modality of claims."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.report import frames, palette
from analysis.report.charts.common import (
    NARROW_CHARS,
    PHONE_WIDTH,
    WIDE_CHARS,
    WIDE_FROM,
    bars_per_author,
    column_width,
    header_axis,
    legend_for,
    new_figure,
)
from analysis.report.figure import (
    Figure,
    Variant,
    row_step,
    wrap_expr,
    wrapped_axis,
)

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


def topic_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How many claims each author makes on each topic, one panel per author."""
    return bars_per_author(
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
        column = column_width(n_pairs, PHONE_WIDTH if narrow else WIDE_FROM, topics, chars)
        # A column too narrow for a relation's name shows its sign, which the legend spells out.
        key, shown = ("relation_key", "relation_sign") if column < NAMED_CELL else ("relation_label", "relation_label")
        keys = [f"{RELATION_SIGNS[r]} {d}" for r, d in zip(relations, domain, strict=True)] if shown != key else domain
        base = alt.Chart(grid).encode(
            x=alt.X("pair:N", title=None, axis=header_axis(pairs, column)),
            y=alt.Y("topic:N", sort="ascending", title=None, axis=wrapped_axis(chars)),
        )
        cells = base.mark_rect(stroke=palette.BACKGROUND, strokeWidth=2).encode(
            color=alt.Color(
                f"{key}:N", scale=alt.Scale(domain=keys, range=fills), title="Relation", legend=legend_for(stacked=True)
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
    return new_figure(
        [Variant(0, layout(narrow=True)), Variant(WIDE_FROM, layout(narrow=False), max_width=200 * n_pairs + 280)], description
    )


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
    return new_figure(
        [
            Variant(0, layout("Pairs"), panels=len(domain), min_panel=110),
            Variant(480, layout("Pairs of sources"), panels=len(domain), min_panel=140),
        ],
        description,
    )


def voice_bars(counts: pd.DataFrame, authors: pd.DataFrame) -> Figure:
    """How each text puts its claims forward (asserted, reported, alleged...) and in whose voice, one panel per author."""
    return bars_per_author(
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
