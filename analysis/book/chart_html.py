"""A chart in the HTML book: the fragment that draws a `Figure`, and the notebook output that becomes it.

A `Figure` leaves the kernel as data (its mime type `figure.FIGURE_MIME`: the datasets, each layout's spec and
its widths, the description). `FigureRenderer`, a myst-nb mime renderer, turns that output into the HTML
fragment below when the book is built, and keeps the data on the node, so that the figure's take-away files
(`figure_files`) are written from the figure itself. The PDF prints the figure's own `application/pdf` face.

In the fragment, the figure's data is a JSON data island (`<script type="application/json">`) that
`book/_static/book-charts.js` reads and draws: a `<div>` the chart fills, a hint, a panel where the data of a
clicked, tapped or keyboard-selected mark appears (`aria-live`), and a `<details>` with every mark's tooltip
as a table, so that no quote needs a hover to be read.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any, ClassVar

from bs4 import BeautifulSoup
from docutils import nodes

from analysis.book.sphinx_sources import html_with_languages, passage_address
from analysis.report.figure import FIGURE_MIME, data_tables

HINT = "Click or tap a mark, or focus the chart and use the arrow keys, to read what it shows here."

#: The class of the data island that holds a figure's data in a page.
DATA_CLASS = "book-figure-data"


def _table_html(titles: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(t)}</th>' for t in titles)
    body = "".join(
        "<tr>"
        + "".join(f'<td data-label="{html.escape(t)}">{html_with_languages(v)}</td>' for t, v in zip(titles, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return f'<table class="chart-data-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def with_addresses(value: Any) -> Any:
    """A figure's data with an `href` beside each `passage` the report refers to: the passage's address in the book,
    which a mark opens and the panel of a selected mark links to."""
    if isinstance(value, list):
        return [with_addresses(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = {key: with_addresses(item) for key, item in value.items()}
    if isinstance(value.get("passage"), str) and "href" not in value:
        found["href"] = passage_address(value["passage"])
    return found


def _island(value: Any) -> str:
    """`value` as JSON that no content can end the `<script>` element holding it early (every "<" escaped)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def fragment(figure: dict[str, Any]) -> str:
    """The HTML that draws `figure` (a `Figure.payload()`): its `<div>`, hint, detail panel, data tables and data."""
    drawn = {"datasets": figure["datasets"], "variants": figure["variants"]}
    chart_id = "vega-" + hashlib.sha256(json.dumps(drawn, sort_keys=True).encode()).hexdigest()[:12]
    label = html.escape(figure["description"], quote=True)
    tables = data_tables({**figure["variants"][-1]["spec"], "datasets": figure["datasets"]})
    n_rows = sum(len(rows) for _, rows in tables)
    details = (
        f'<details class="chart-data" id="{chart_id}-data"><summary>Every mark of this chart as a table '
        f"({n_rows} rows)</summary>" + "".join(_table_html(titles, rows) for titles, rows in tables) + "</details>"
    )
    return (
        '<div class="book-chart">\n'
        f'<div id="{chart_id}" class="vega-chart" role="group" aria-roledescription="chart" tabindex="0" '
        f'aria-label="{label}" aria-describedby="{chart_id}-hint"></div>\n'
        f'<p class="chart-hint" id="{chart_id}-hint">{HINT}</p>\n'
        f'<div class="chart-detail" id="{chart_id}-detail" aria-live="polite"></div>\n'
        f"{details}\n</div>\n"
        f'<script type="application/json" class="{DATA_CLASS}" id="{chart_id}-figure">{_island(drawn)}</script>\n'
        '<script type="text/javascript">\n'
        f'(function () {{ const draw = () => window.bookChart("{chart_id}");\n'
        '  if (window.bookChart && window.vegaEmbed) { draw(); } else { window.addEventListener("load", draw); }\n'
        "})();\n</script>"
    )


def payloads(page: str) -> list[dict[str, Any]]:
    """The data of every chart a built page draws (its datasets and layouts), in page order."""
    islands = BeautifulSoup(page, "html.parser").select(f"script.{DATA_CLASS}")
    return [json.loads(island.string) for island in islands]


class FigureRenderer:
    """myst-nb's renderer of a `Figure` output: in HTML the fragment, carrying the figure's data as `figure`
    (the PDF prints the output's `application/pdf`; other builders its text)."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [("html", FIGURE_MIME, 1)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != FIGURE_MIME:
            return None
        figure = with_addresses(data.content if isinstance(data.content, dict) else json.loads(data.content))
        return [nodes.raw("", fragment(figure), format="html", classes=["output", "text_html"], figure=figure)]
