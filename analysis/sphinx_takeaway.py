"""What a reader can take away from the HTML book: filterable tables, each figure's files, the data and notebooks.

- Tables. A page with a filterable table (a `BookTable` with `facets`) gets the
  book's local DataTables (`datatables.js`, written by `make assets` from itables'
  bundle) and `book-tables.js`, which makes the table searchable, sortable and
  filterable; no other page loads them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .assets import DATATABLES_CSS, DATATABLES_JS

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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", table_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
