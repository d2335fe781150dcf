"""The arguments chapter's argument maps: each source's claims under the claim they bear on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from analysis.dataset.parameters import MAX_ARGUMENT_MAPS
from analysis.report import frames, outline, palette, passages
from analysis.report.charts.common import (
    new_figure,
)
from analysis.report.figure import (
    PDF_WIDTH,
    Figure,
    Variant,
)
from analysis.report.prose import Placement

#: How each argument role is drawn: its marker's shape and the dash of the link to the claim it bears on.
ROLE_MARKS = {
    "thesis": ("square", [1, 0]),
    "reason": ("circle", [1, 0]),
    "evidence": ("triangle-up", [1, 0]),
    "concession": ("triangle-down", [5, 3]),
    "rebuttal": ("diamond", [1.5, 2.5]),
}
#: What an argument map says of each claim (its tooltip and its passage), shared by its layouts.
MAP_DETAILS = ("label", "bears_on", "paraphrase", "modality", "quote", "passage")
#: What a claim's marker looks up: its details and the address the book gives its passage (`href`).
MARKER_FIELDS = [*MAP_DETAILS, "href"]
#: The outline widths of the argument maps' layouts, by the narrowest column each is for (the PDF's among them).
ARGUMENT_WIDTHS = {0: 280, 430: 420, PDF_WIDTH: PDF_WIDTH - 10, 800: 780}
#: The tallest an argument map's outline may be at the PDF's width: with its legend and caption, a printed page.
ARGUMENT_PAGE = 720
#: Where a chapter page finds a source's annotated text (the pages `analysis.book.sphinx_sources` writes into texts/).


def _by_role(channel: Any, which: int, roles: list[str], legend: Any) -> Any:
    """A channel that draws each role as `ROLE_MARKS` says: its marker's shape (`which` 0) or its link's dash (1)."""
    return channel(
        "role:N",
        scale=alt.Scale(domain=roles, range=[marks[which] for marks in ROLE_MARKS.values()]),
        title="Role",
        legend=legend,
    )


@dataclass(frozen=True)
class ArgumentMap:
    """One figure of argument maps: a part of one source's argument, with its cross-reference name and caption."""

    name: str
    source_id: str
    caption: str
    figure: Figure
    nodes: pd.DataFrame
    edges: pd.DataFrame

    def placement(self) -> Placement:
        """The figure placed in the text under its name, with its caption; kept in place on paper (a page each, they
        would otherwise fall pages behind the sentences that cite them)."""
        return Placement(self.name, self.caption, self.figure.description, in_place=True)


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
            passage=[frames.passage_key(who.source_id, passages.record_label(c)) for c in nodes.claim_id],
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
                strokeDash=_by_role(alt.StrokeDash, 1, roles, legend),
            )
        )
        # What a claim's tooltip says is the same in every layout: one table the layouts share, looked up by claim.
        details = nodes[["claim_id", *MAP_DETAILS]].sort_values("claim_id", ignore_index=True)
        markers = (
            alt.Chart(nodes[["claim_id", "marker_x", "marker_y", "role"]])
            .transform_lookup(lookup="claim_id", from_=alt.LookupData(data=details, key="claim_id", fields=MARKER_FIELDS))
            .mark_point(filled=True, size=70, opacity=1)
            .encode(
                x=alt.X("marker_x:Q", scale=None, axis=None),
                y=alt.Y("marker_y:Q", scale=None, axis=None),
                color=role_colour,
                shape=_by_role(alt.Shape, 0, roles, legend),
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
            # the lines this layout wraps; the link looked up: the `href` the book gives each row with a `passage`
            alt.Chart(nodes.loc[chosen, ["claim_id", "x", "y", "lines"]])
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
    return ArgumentMap(name, who.source_id, caption, new_figure(variants, description), nodes, edges)
