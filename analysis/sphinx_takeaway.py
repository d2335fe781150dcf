"""What a reader can take away from the HTML book: filterable tables, each figure's files, the data and notebooks.

- Tables. A page with a filterable table (a `BookTable` with `facets`) gets the
  book's local DataTables (`datatables.js`, written by `make assets` from itables'
  bundle) and `book-tables.js`, which makes the table searchable, sortable and
  filterable; no other page loads them.
- Figures. Under each chart of the HTML (a numbered figure holding a chart
  fragment), a block links its data as CSV, the chart as SVG and PNG, its
  Vega-Lite spec, and its citation, written at build time into
  `_downloads/figures/` of the site (`analysis/figure_files.py`).
- Data and code. Every HTML build writes the data zip and the book's wheel into
  `_downloads/`, and rewrites the site's copy of each chapter notebook (what its
  download button serves) to run on its own beside them (`analysis/downloads.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from . import downloads, figure_files
from .assets import DATATABLES_CSS, DATATABLES_JS
from .sphinx_book import dataset_version

#: The folder of the site, under its root, that holds the data zip and the wheel.
DOWNLOADS_FOLDER = "_downloads"
#: The folder of the site, under its root, that holds every figure's take-away files.
FIGURES_FOLDER = f"{DOWNLOADS_FOLDER}/figures"

#: The marker of a filterable table's filter values in a page (see `tables.BookTable`).
FACETS_MARKER = 'class="book-table-facets"'


def table_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Load DataTables and the book's table script and styles on the pages that have a filterable table."""
    if FACETS_MARKER not in context.get("body", ""):
        return
    app.add_css_file(DATATABLES_CSS)
    app.add_css_file("book-tables.css")
    app.add_js_file(DATATABLES_JS)
    app.add_js_file("book-tables.js")


def _chart_payload(figure: nodes.figure) -> dict[str, Any] | None:
    for raw in figure.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and (payload := figure_files.payload_from_html(raw.astext())):
            return payload
    return None


def figure_takeaways(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each chart figure's take-away files, and put the block that links them under the figure (HTML only)."""
    if app.builder.format != "html":
        return
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    folder_uri = relative_uri(app.builder.get_target_uri(docname), FIGURES_FOLDER + "/")
    for figure in list(doctree.findall(nodes.figure)):
        payload = _chart_payload(figure)
        if payload is None:
            continue
        if not figure["ids"]:
            raise ValueError(f"{docname}: a chart figure has no label (give its glue:figure a :name:)")
        label = figure["ids"][0]
        captions = list(figure.findall(nodes.caption))
        files = figure_files.write(
            payload,
            label,
            ".".join(str(n) for n in numbers.get(label, ())),
            captions[0].astext() if captions else "",
            dataset_version(),
            Path(app.outdir) / FIGURES_FOLDER,
        )
        figure.parent.insert(figure.parent.index(figure) + 1, nodes.raw("", files.html(folder_uri), format="html"))


def data_and_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Write the data zip and the wheel into the site, and make the site's chapter notebooks run beside them."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    downloads.write_data_zip(outdir / DOWNLOADS_FOLDER)
    wheel = downloads.write_wheel(outdir / DOWNLOADS_FOLDER)
    downloads.rewrite_notebooks(outdir / "_sources", wheel.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", table_assets)
    app.connect("doctree-resolved", figure_takeaways)
    app.connect("build-finished", data_and_notebooks)
    app.add_css_file("book-takeaway.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
