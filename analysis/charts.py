"""Every chart of the book, with one theme, one renderer and the shared palette.

The `book` renderer gives each chart two faces from one notebook output: for the
HTML book, a `<div>` that the book's single local copy of Vega-Embed draws
(no CDN); for the PDF, a vector PDF drawn by vl-convert.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from . import frames, palette
from .load import Dataset

WIDTH = 520
FONT = "DejaVu Sans"
AUTHOR_TITLE = "Author"


def theme() -> alt.theme.ThemeConfig:
    """The book's chart theme: quiet axes, one font, readable labels."""
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "background": palette.BACKGROUND,
            "view": {"stroke": None},
            "title": {"fontSize": 14, "anchor": "start", "subtitleFontSize": 11, "subtitleColor": "#4b5563"},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260, "gridColor": "#e5e7eb"},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "labelLimit": 260},
            "range": {"category": list(palette.AUTHORS)},
        }
    )


def _html(spec: dict[str, Any]) -> str:
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    chart_id = "vega-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    # "</" would end the script element early, whatever the data holds.
    safe = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    label = str(spec.get("description", "chart")).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<div id="{chart_id}" class="vega-chart" role="img" tabindex="0" aria-label="{label}"></div>\n'
        '<script type="text/javascript">\n'
        f"(function () {{ const spec = {safe};\n"
        f'  const draw = () => window.vegaEmbed("#{chart_id}", spec, {{actions: false, renderer: "svg"}})'
        f'.then((result) => {{ (window.bookCharts = window.bookCharts || {{}})["{chart_id}"] = result; }})'
        ".catch((error) => console.error(error));\n"
        '  if (window.vegaEmbed) { draw(); } else { window.addEventListener("load", draw); }\n'
        "})();\n</script>"
    )


def render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer: offline HTML for the web book and a vector PDF for the LaTeX book."""
    title = spec.get("title", "untitled")
    if isinstance(title, dict):
        title = title.get("text", "untitled")
    return {
        "text/html": _html(spec),
        "application/pdf": base64.b64encode(vl_convert.vegalite_to_pdf(spec)).decode("ascii"),
        "text/plain": f"<chart: {title}>",
    }


def enable() -> None:
    """Register and enable the book's theme and renderer."""
    alt.theme.register("book", enable=True)(theme)
    alt.renderers.register("book", render)
    alt.renderers.enable("book")
    alt.data_transformers.disable_max_rows()


def _author_scales(data: Dataset) -> tuple[alt.Scale, alt.Scale, list[str]]:
    who = frames.authors(data)
    labels = list(who.label)
    return (
        alt.Scale(domain=labels, range=list(who.colour)),
        alt.Scale(domain=labels, range=list(who["shape"])),
        labels,
    )


def _author_column(labels: list[str]) -> alt.Column:
    """A facet column per author, named in its header: authors are told apart by text, not colour alone."""
    return alt.Column("author_label:N", sort=labels, title=None, header=alt.Header(labelFontSize=12, labelFontWeight="bold"))


def timeline(data: Dataset) -> alt.LayerChart:
    """Phases as bands over the years, each author's coverage as a bar, events as marks."""
    colour, shape, labels = _author_scales(data)
    phases = frames.phase_rows(data)
    coverage = frames.phase_coverage(data)
    events = frames.dated_events(data)
    order = [*phases.row, *(["No phase"] if (events.row == "No phase").any() else [])]
    y = alt.Y("row:N", sort=order, title=None, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=340))
    x_scale = alt.Scale(
        domain=[
            alt.DateTime(year=int(phases.start_year.min()) - 2),
            alt.DateTime(year=int(phases.end_year.max()) + 1, month=12, date=31),
        ]
    )
    author_colour = alt.Color("author_label:N", scale=colour, title=AUTHOR_TITLE)
    author_shape = alt.Shape("author_label:N", scale=shape, title=AUTHOR_TITLE)
    author_dash = alt.StrokeDash(
        "author_label:N", scale=alt.Scale(domain=labels, range=palette.dashes(len(labels))), title=AUTHOR_TITLE
    )
    layers: list[alt.Chart] = [
        alt.Chart(phases)
        .mark_bar(color=palette.PHASE_BAR, opacity=0.6)
        .encode(
            x=alt.X("start:T", title="Year", scale=x_scale),
            x2="end:T",
            y=y,
            tooltip=[alt.Tooltip("label:N", title="Phase"), alt.Tooltip("pakistan_role:N", title="Pakistan's role")],
        )
    ]
    # One pair of layers per author, each shifted by a fixed number of pixels inside the phase's row.
    spacing = 12
    for index, label in enumerate(labels):
        offset = (index - (len(labels) - 1) / 2) * spacing
        layers.append(
            alt.Chart(coverage[coverage.author_label == label])
            .mark_rule(strokeWidth=5, yOffset=offset)
            .encode(
                x="start:T",
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
            alt.Chart(events[events.author_label == label])
            .mark_point(filled=True, size=70, stroke="#ffffff", strokeWidth=0.8, opacity=0.95, yOffset=offset)
            .encode(
                x="midpoint:T",
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
        width=WIDTH,
        height=alt.Step(max(36, spacing * (len(labels) + 1))),
        title=alt.Title(
            "Phases of Pakistan's role in Afghanistan, as each author tells them",
            subtitle="Grey bands: phases. Lines: an author places Pakistan's role in the phase. Marks: dated events.",
        ),
        description=(
            f"Timeline of {len(phases)} historical phases from {phases.start_year.min()} to {phases.end_year.max()}, "
            f"with {len(events)} dated events mentioned by {len(labels)} authors."
        ),
    )


def stance_heatmap(data: Dataset) -> alt.LayerChart:
    """Actor-by-author grid: the net polarity of the positions each text gives each actor."""
    _, _, labels = _author_scales(data)
    matrix = frames.stance_matrix(data)
    base = alt.Chart(matrix).encode(
        x=alt.X("author_label:N", sort=labels, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("actor:N", sort="ascending", title=None),
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "net:Q",
            scale=alt.Scale(domain=[-1, 0, 1], range=[palette.POLARITY["against"], "#f3f4f6", palette.POLARITY["favor"]]),
            title="Net stance (favour − against) / positions",
        ),
        tooltip=[
            alt.Tooltip("actor:N", title="Actor"),
            alt.Tooltip("author_label:N", title="Author"),
            alt.Tooltip("n_positions:Q", title="Positions"),
            alt.Tooltip("favor:Q", title="Favour"),
            alt.Tooltip("against:Q", title="Against"),
            alt.Tooltip("neutral:Q", title="Neutral"),
            alt.Tooltip("stances:N", title="Stances"),
            alt.Tooltip("quote:N", title="First quote"),
        ],
    )
    counts = base.mark_text(fontSize=11).encode(
        text="n_positions:Q",
        color=alt.condition("abs(datum.net) > 0.5", alt.value("#ffffff"), alt.value("#111827")),
    )
    return alt.layer(cells, counts).properties(
        width=max(90 * len(labels), 180),
        height=alt.Step(22),
        title=alt.Title(
            "Where each actor stands, as each author presents it",
            subtitle="Colour: net stance of the actor's positions. Number: how many positions.",
        ),
        description=f"Heatmap of {matrix.actor.nunique()} actors by {len(labels)} authors, coloured by the net polarity of the positions each text attributes to the actor.",
    )


def _bars_per_author(
    data: Dataset,
    frame: pd.DataFrame,
    value: str,
    category: str,
    value_title: str,
    tooltip: list[alt.Tooltip],
    title: alt.Title,
    description: str,
) -> alt.FacetChart:
    """Horizontal bars of `value` per `category`, one panel per author, biggest categories first."""
    colour, _, labels = _author_scales(data)
    order = list(frame.groupby(category)[value].sum().sort_values(ascending=False).index)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=value_title),
            y=alt.Y(f"{category}:N", sort=order, title=None),
            color=alt.Color("author_label:N", scale=colour, legend=None),
            tooltip=tooltip,
        )
        .properties(width=max(110, 330 // len(labels)), height=alt.Step(15))
        .facet(column=_author_column(labels))
        .properties(title=title, description=description)
    )


def mention_bars(data: Dataset) -> alt.FacetChart:
    """How often each actor is named in each text's body, one panel per author."""
    counts = frames.mention_counts(data)
    return _bars_per_author(
        data,
        counts,
        value="n_mentions",
        category="actor",
        value_title="Mentions in the body",
        tooltip=[
            alt.Tooltip("actor:N", title="Actor"),
            alt.Tooltip("author_label:N", title="Author"),
            alt.Tooltip("n_mentions:Q", title="Mentions"),
            alt.Tooltip("aliases:N", title="Names used"),
        ],
        title=alt.Title("Who the texts talk about", subtitle="Mentions of each actor by any of its names, article body only."),
        description=f"Bar charts of mentions of {counts.actor.nunique()} actors in the bodies of {counts.source_id.nunique()} texts, one panel per author.",
    )


def relation_matrix(data: Dataset) -> alt.Chart:
    """Who does what to whom: actor-to-actor positions, one panel per author."""
    _, _, labels = _author_scales(data)
    links = frames.relations(data)
    return (
        alt.Chart(links)
        .mark_circle(opacity=0.9, stroke="#111827", strokeWidth=0.5)
        .encode(
            x=alt.X("target:N", title="Toward", axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("holder:N", title="Held by"),
            size=alt.Size("n_positions:Q", title="Positions", scale=alt.Scale(range=[60, 400])),
            color=alt.Color(
                "polarity:N",
                scale=alt.Scale(domain=list(palette.POLARITY), range=list(palette.POLARITY.values())),
                title="Polarity",
            ),
            tooltip=[
                alt.Tooltip("holder:N", title="Held by"),
                alt.Tooltip("target:N", title="Toward"),
                alt.Tooltip("stances:N", title="Stances"),
                alt.Tooltip("polarity:N", title="Polarity"),
                alt.Tooltip("n_positions:Q", title="Positions"),
                alt.Tooltip("author_label:N", title="Author"),
                alt.Tooltip("quote:N", title="Quote"),
            ],
        )
        .properties(width=alt.Step(22), height=alt.Step(22))
        .facet(column=_author_column(labels))
        .properties(
            title=alt.Title(
                "Relations between actors as the texts describe them",
                subtitle="A circle: an actor's stance toward another actor. Size: how many positions; colour: polarity.",
            ),
            description=f"Matrix of {len(links)} actor-to-actor relations across {len(labels)} authors, sized by number of positions and coloured by polarity.",
        )
    )


def topic_bars(data: Dataset) -> alt.FacetChart:
    """How many claims each author makes on each topic, one panel per author."""
    counts = frames.topic_counts(data)
    return _bars_per_author(
        data,
        counts,
        value="n_claims",
        category="topic",
        value_title="Claims",
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("author_label:N", title="Author"),
            alt.Tooltip("n_claims:Q", title="Claims"),
            alt.Tooltip("quote:N", title="First quote"),
        ],
        title=alt.Title("What each author argues about", subtitle="Claims per topic of the codebook, one panel per author."),
        description=f"Bar charts of claims per topic for {counts.source_id.nunique()} authors across {counts.topic.nunique()} topics.",
    )


def contrast_heatmap(data: Dataset) -> alt.LayerChart:
    """For every topic and pair of authors: agree, disagree, differ in emphasis, or silence."""
    grid = frames.contrast_grid(data)
    relations = [r for r in palette.RELATION if r in set(grid.relation)] or list(palette.RELATION)
    base = alt.Chart(grid).encode(
        x=alt.X("pair:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("topic:N", sort="ascending", title=None),
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "relation_label:N",
            scale=alt.Scale(domain=[r.replace("_", " ") for r in relations], range=[palette.RELATION[r] for r in relations]),
            title="Relation",
        ),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("relation_label:N", title="Relation"),
            alt.Tooltip("label_a:N", title="Author A"),
            alt.Tooltip("says_a:N", title="A says"),
            alt.Tooltip("label_b:N", title="Author B"),
            alt.Tooltip("says_b:N", title="B says"),
        ],
    )
    text = base.mark_text(fontSize=10, color="#ffffff").encode(text="relation_label:N")
    return alt.layer(cells, text).properties(
        width=max(160 * grid.pair.nunique(), 200),
        height=alt.Step(22),
        title=alt.Title("Where the authors meet and part", subtitle="Relation between each pair of authors on each topic."),
        description=f"Matrix of {grid.topic.nunique()} topics by {grid.pair.nunique()} author pairs, coloured by relation.",
    )


def distinctive_words(table: pd.DataFrame, data: Dataset) -> alt.Chart:
    """The words most associated with each author (z-scored log-odds), one panel per author."""
    colour, _, labels = _author_scales(data)
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("z:Q", title="z-score of the log-odds ratio"),
            y=alt.Y("word:N", sort=alt.EncodingSortField("z", order="descending"), title=None),
            color=alt.Color("author_label:N", scale=colour, title=AUTHOR_TITLE),
            tooltip=[
                alt.Tooltip("word:N", title="Word"),
                alt.Tooltip("author_label:N", title="Author"),
                alt.Tooltip("count:Q", title="Uses by this author"),
                alt.Tooltip("count_rest:Q", title="Uses by the others"),
                alt.Tooltip("z:Q", title="z", format=".2f"),
            ],
        )
        .properties(width=200, height=alt.Step(13))
        .facet(column=_author_column(labels))
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title(
                "Words that distinguish each author",
                subtitle="Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008); descriptive only.",
            ),
            description=f"Bar charts of the most distinctive words of each of {len(labels)} authors, by z-scored log-odds ratio.",
        )
    )


def all_charts(data: Dataset) -> dict[str, alt.TopLevelMixin]:
    """Every chart the book shows, by name."""
    from . import wordstats

    return {
        "timeline": timeline(data),
        "stances": stance_heatmap(data),
        "mentions": mention_bars(data),
        "relations": relation_matrix(data),
        "topics": topic_bars(data),
        "contrasts": contrast_heatmap(data),
        "words": distinctive_words(wordstats.distinctive(data), data),
    }
