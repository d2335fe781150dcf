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
import itertools
import json
from collections.abc import Mapping
from typing import Any, ClassVar

from bs4 import BeautifulSoup
from docutils import nodes

from analysis.book.sphinx_sources import html_with_languages, passage_address
from analysis.report.figure import FIGURE_MIME, PDF_LAYOUT_KEY, data_tables

HINT = "Click or tap a mark, or focus the chart and use the arrow keys, to read what it shows here."

#: The class of the data island that holds a figure's data in a page.
DATA_CLASS = "book-figure-data"


def _table_html(titles: list[str], rows: list[list[str]]) -> str:
    """A chart's marks as a table; `book-reader.js` labels each cell with its column's name, for a phone's cards."""
    head = "".join(f'<th scope="col">{html.escape(t)}</th>' for t in titles)
    body = "".join("<tr>" + "".join(f"<td>{html_with_languages(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="chart-data-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def with_addresses(value: Any) -> Any:
    """A figure's data with each `passage` the report refers to as its address in the book (`href`), which a mark
    opens and the panel of a selected mark links to."""
    if isinstance(value, list):
        return [with_addresses(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = {key: with_addresses(item) for key, item in value.items()}
    if isinstance(value.get("passage"), str) and "href" not in value:
        found["href"] = passage_address(found.pop("passage"))
    return found


def _same(first: Any, second: Any) -> bool:
    return json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def diff(base: Any, other: Any) -> dict[str, Any]:
    """The changes that turn `base` into `other` (two objects, or two lists of one length): the keys to `set` to a
    value, those to patch in turn (`sub`, a list's by index) and those to delete (`del`)."""
    changes: dict[str, Any] = {"set": {}, "sub": {}}
    keys = range(len(other)) if isinstance(other, list) else list(other)
    for key in keys:
        new = other[key]
        if isinstance(base, dict) and key not in base:
            changes["set"][str(key)] = new
            continue
        old = base[key]
        if _same(old, new):
            continue
        nested = (isinstance(old, dict) and isinstance(new, dict)) or (
            isinstance(old, list) and isinstance(new, list) and len(old) == len(new)
        )
        if nested:
            changes["sub"][str(key)] = diff(old, new)
        else:
            changes["set"][str(key)] = new
    if isinstance(base, dict):
        changes["del"] = [key for key in base if key not in other]
    return {name: part for name, part in changes.items() if part}


def patched(base: Any, changes: Mapping[str, Any]) -> Any:
    """`base` with `changes` (`diff`'s) made, a new value (as `book-charts.js` makes them)."""
    found = (
        list(base) if isinstance(base, list) else {key: value for key, value in base.items() if key not in changes.get("del", [])}
    )
    for key, value in changes.get("set", {}).items():
        found[int(key) if isinstance(found, list) else key] = value
    for key, nested in changes.get("sub", {}).items():
        index = int(key) if isinstance(found, list) else key
        found[index] = patched(base[index], nested)
    return found


def packed(figure: Mapping[str, Any]) -> dict[str, Any]:
    """A figure's data as its page carries it, smaller: a dataset whose rows share their fields as those fields and
    each row's values, each layout after the first as its changes to the one before (`unpacked` undoes it)."""
    datasets = {}
    for name, rows in figure["datasets"].items():
        fields = list(rows[0]) if rows and isinstance(rows[0], dict) else None
        if fields and all(isinstance(row, dict) and list(row) == fields for row in rows):
            datasets[name] = {"fields": fields, "rows": [[row[field] for field in fields] for row in rows]}
        else:
            datasets[name] = rows
    variants = figure["variants"]
    layouts = variants[:1] + [{"changes": diff(before, after)} for before, after in itertools.pairwise(variants)]
    return {"datasets": datasets, "variants": layouts}


def unpacked(figure: Mapping[str, Any]) -> dict[str, Any]:
    """The figure's data as `packed` received it."""
    datasets = {
        name: [dict(zip(rows["fields"], values, strict=True)) for values in rows["rows"]] if isinstance(rows, dict) else rows
        for name, rows in figure["datasets"].items()
    }
    variants: list[Any] = []
    for layout in figure["variants"]:
        variants.append(patched(variants[-1], layout["changes"]) if "changes" in layout else layout)
    return {"datasets": datasets, "variants": variants}


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
        f'<script type="application/json" class="{DATA_CLASS}" id="{chart_id}-figure">{_island(packed(drawn))}</script>\n'
        '<script type="text/javascript">\n'
        f'(function () {{ const draw = () => window.bookChart("{chart_id}");\n'
        '  if (window.bookChart && window.vegaEmbed) { draw(); } else { window.addEventListener("load", draw); }\n'
        "})();\n</script>"
    )


def payloads(page: str) -> list[dict[str, Any]]:
    """The data of every chart a built page draws (its datasets and layouts), in page order."""
    islands = BeautifulSoup(page, "html.parser").select(f"script.{DATA_CLASS}")
    return [unpacked(json.loads(island.string)) for island in islands]


class FigureRenderer:
    """myst-nb's renderer of a `Figure` output: in HTML the fragment, carrying the figure's data as `figure` and
    the PDF's layout of it, measured in the notebook, as `pdf_layout` (the PDF prints the output's
    `application/pdf`; other builders its text)."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [("html", FIGURE_MIME, 1)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != FIGURE_MIME:
            return None
        figure = with_addresses(data.content if isinstance(data.content, dict) else json.loads(data.content))
        layout = (data.output_metadata.get(FIGURE_MIME) or {}).get(PDF_LAYOUT_KEY)
        raw = nodes.raw("", fragment(figure), format="html", classes=["output", "text_html"], figure=figure)
        raw["pdf_layout"] = layout
        return [raw]
