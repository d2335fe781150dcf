"""The book's MyST for the tables the report returns: each cell's text and links, the numbered list-table with its
filter values, and the blocks only one edition shows.

The report's tables are data (`tables.BookTable`: a frame of text and `Link`s, widths, a caption, a label); this
module alone knows the book's roles (`{record}`, `{quote}`, `{record-target}`, `{ref}`), its directives and the
script that makes a table filterable. In a chapter, `register` makes IPython show a table as this MyST.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis.report import passages
from analysis.report.tables import BookTable, Cell, Link, WebOnly, markdown_escape

#: The role that shows each kind of link a report cell makes (a source links to its annotated text, by label).
ROLES = {"record": "record", "quote": "quote", "anchor": "record-target"}


def cell(value: object) -> str:
    """A table cell as MyST: its text escaped (shown literally), its links as the book's roles."""
    if isinstance(value, Link):
        if value.kind == "source":
            return f"{{ref}}`{value.target} <{passages.page_label(value.target)}>`"
        return f"{{{ROLES[value.kind]}}}`{value.target}`"
    if isinstance(value, Cell):
        return "".join(cell(part) if isinstance(part, Link) else _spaced(part) for part in value.parts)
    return markdown_escape(value)


def _spaced(text: str) -> str:
    """A piece of a cell's text escaped, keeping the space that parts it from a link before or after it."""
    escaped = markdown_escape(text)
    return (" " if text[:1].isspace() else "") + escaped + (" " if escaped and text[-1:].isspace() else "")


def facet_json(name: str, facets: dict[str, list[list[str]]]) -> str:
    """The filter values of a table's rows as the JSON `book/_static/book-tables.js` reads, safe inside a `<script>`."""
    payload = json.dumps({"table": name, "facets": facets}, ensure_ascii=False, sort_keys=False)
    return payload.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _values(value: object) -> list[str]:
    """A row's values for one filter: none for a missing value, one or several labels otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, list | tuple | set):
        return sorted({str(v) for v in value if isinstance(v, str) and v})
    return [str(value)] if str(value) else []


def table(shown: BookTable) -> str:
    """A table as a MyST `list-table`, which Sphinx typesets natively: a captioned table in HTML, a wrapping
    (long)table in LaTeX; a filterable one followed by its filter values (a `{raw} html` block, which only the HTML
    builder keeps, and which `book/_static/book-tables.js` turns into a menu per filter)."""
    widths = shown.widths or [1] * len(shown.frame.columns)
    options = [":header-rows: 1", ":widths: " + " ".join(str(max(1, round(100 * w))) for w in widths)]
    if shown.name:
        options.append(f":name: {shown.name}")
    if shown.long:
        options.append(":class: longtable")  # tables may run over pages in the PDF
    # An empty table keeps its caption and label, with one row that says so (a list-table needs a body).
    records = list(shown.frame.itertuples(index=False)) or [["(none)"] + [""] * (len(shown.frame.columns) - 1)]
    rows = [list(shown.frame.columns), *records]
    body = "\n".join(
        "\n".join(("* - " if i == 0 else "  - ") + (cell(value) or "\\-") for i, value in enumerate(row)) for row in rows
    )
    text = f"````{{list-table}} {markdown_escape(shown.caption)}\n" + "\n".join(options) + "\n\n" + body + "\n````\n"
    text += f"\n{shown.note}\n" if shown.note else ""
    if not (shown.facets and shown.name):
        return text
    facets = {label: [_values(value) for value in values] for label, values in shown.facets.items()}
    if any(len(values) != len(shown.frame) for values in facets.values()):
        raise ValueError(f"table {shown.name}: every filter needs one value per row")
    script = f'<script type="application/json" class="book-table-facets">{facet_json(shown.name, facets)}</script>'
    return text + f"\n```{{raw}} html\n{script}\n```\n"


def stand_in(shown: WebOnly) -> str:
    """What paper shows in place of the tables: its paragraphs and tables, in order."""
    return "\n\n".join(table(part) if isinstance(part, BookTable) else part for part in shown.stand_in) + "\n"


def web_only(shown: WebOnly) -> str:
    """Two `{only}` blocks: the tables in the web edition, the stand-in on paper, which keeps the numbers of the
    tables it replaces free (`\\addtocounter`), so that every other table has the same number in both editions."""
    web = "\n".join(table(one) for one in shown.tables)
    numbered = sum(1 for one in shown.tables if one.caption)
    keep_free = f"\n```{{raw}} latex\n\\addtocounter{{table}}{{{numbered}}}\n```\n" if numbered else ""
    return f"`````{{only}} html\n{web}\n`````\n\n`````{{only}} latex\n{stand_in(shown)}\n{keep_free}`````\n"


def register() -> None:
    """Have IPython show the report's tables as the book's MyST (in a chapter; outside IPython, nothing to do)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["text/markdown"]
        formatter.for_type(BookTable, table)
        formatter.for_type(WebOnly, web_only)
