"""The book's MyST for what the report returns: sentences with references (`prose.Prose`), tables (each cell's text
and links, the numbered list-table with its filter values, the blocks only one edition shows) and findings.

The report's sentences and tables are data (text with `Link`s by record id, label or key; a frame of cells, widths,
a caption, a label); this module alone knows the book's roles (`{record}`, `{quote}`, `{record-target}`, `{ref}`,
`{numref}`, `{doc}`, `{cite}`, `{cite:t}`), its directives, its labels and the script that makes a table filterable. In a
chapter, `register` makes IPython show each of them as this MyST.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis.report import findings, passages
from analysis.report.prose import Link, Placement, Prose
from analysis.report.tables import BookTable, Cell, WebOnly, markdown_escape

#: The class (`:figclass:`) of a figure the PDF prints just where it stands in the text, or at the top of the next
#: page, never later (`sphinx_pdf.place_in_place`): for page-tall figures in a row, each after the sentence that
#: cites it, which would otherwise queue up pages behind their text.
IN_PLACE = "book-in-place"

#: The role that shows each kind of link by its target alone (a record's or a point's id, a quote, a numbered
#: table's or figure's number, a page's title, a citation).
ROLES = {
    "record": "record",
    "quote": "quote",
    "anchor": "record-target",
    "number": "numref",
    "page": "doc",
    "work": "cite",
    "author": "cite:t",
}


def link(value: Link) -> str:
    """A link as the book's role: a source by its label to its annotated text, a record shown as a text of its own
    (a number) to its passage, a section by its label; the others by their target (`ROLES`)."""
    if value.kind == "source":
        return f"{{ref}}`{value.text or value.target} <{passages.page_label(value.target)}>`"
    if value.kind == "record" and value.text:
        return f"{{ref}}`{value.text} <{passages.record_label(value.target)}>`"
    if value.kind == "section":
        return f"{{ref}}`{value.text} <{value.target}>`" if value.text else f"{{ref}}`{value.target}`"
    if value.text:
        return f"{{{ROLES[value.kind]}}}`{value.text} <{value.target}>`"
    return f"{{{ROLES[value.kind]}}}`{value.target}`"


def placement(figure: Placement) -> str:
    """A figure glued under its name, with its caption and description; one kept in place is printed where it stands."""
    options = f":name: {figure.name}\n" + (f":figclass: {IN_PLACE}\n" if figure.in_place else "")
    return f"```{{glue:figure}} {figure.name}\n{options}:alt: {figure.description}\n\n{figure.caption}\n```\n"


def prose(text: Prose | str) -> str:
    """Sentences as MyST: their Markdown as written, each link as its role, each figure as its directive."""
    if isinstance(text, str):
        return text
    return "".join(
        part if isinstance(part, str) else link(part) if isinstance(part, Link) else placement(part) for part in text.parts
    )


def coverage(note: findings.Coverage) -> str:
    """Which sources an interpretation covers, in italics; as a warning when the dataset holds others."""
    return f":::{{warning}}\n{note.statement} {note.warning}\n:::\n" if note.warning else f"*{note.statement}*\n"


def stated(shown: findings.Stated) -> str:
    """A chapter's findings in full, each under its label with links to its records, then what they cover."""
    blocks = [
        prose(
            Prose(
                f"({findings.target(finding)})=\n**{finding.title}** {finding.text} (Records: ",
                Prose.join(", ", [Prose(Link("record", record)) for record in finding.records]),
                ".)",
            )
        )
        for finding in shown.findings
    ]
    return "\n\n".join([*blocks, coverage(shown.coverage)])


def _more(finding: findings.Finding) -> Link:
    return Link("section", findings.target(finding), f"More in the {finding.chapter}")


def short_answer(shown: findings.ShortAnswer) -> str:
    """The short answer as a box: in the web edition each finding's title linked to its records (numbered, to stay
    short on a phone) and to where its chapter states it; on paper, where numbered links lead nowhere, that place."""
    if not shown.findings:
        return ""
    web = [
        prose(
            Prose(
                f"- **{finding.title}** (Passages: ",
                Prose.join(" ", [Prose(Link("record", record, str(n))) for n, record in enumerate(finding.records, 1)]),
                ". ",
                _more(finding),
                ".)",
            )
        )
        for finding in shown.findings
    ]
    paper = [f"- **{finding.title}** (Stated in full, with its records, in the {finding.chapter}.)" for finding in shown.findings]
    blocks = [f"```{{only}} {builder}\n" + "\n".join(items) + "\n```" for builder, items in (("html", web), ("latex", paper))]
    return "````{admonition} The short answer\n:class: short-answer\n\n" + "\n\n".join(blocks) + "\n````\n"


def highlights(shown: findings.Highlights) -> str:
    """The front page's findings as a list, each linked to where its chapter states it (or why there is none)."""
    if not shown.findings:
        return f"*{shown.empty}*\n"
    items = [prose(Prose(f"- **{f.title}** {f.text} (", _more(f), ".)")) for f in shown.findings]
    return "\n".join(items) + "\n"


def cell(value: object) -> str:
    """A table cell as MyST: its text escaped (shown literally), its links as the book's roles."""
    if isinstance(value, Link):
        return link(value)
    if isinstance(value, Cell):
        return "".join(link(part) if isinstance(part, Link) else _spaced(part) for part in value.parts)
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
    """Have IPython show the report's sentences, tables and findings as the book's MyST (in a chapter; outside
    IPython, nothing to do)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["text/markdown"]
        formatter.for_type(BookTable, table)
        formatter.for_type(WebOnly, web_only)
        formatter.for_type(Prose, prose)
        formatter.for_type(findings.Coverage, coverage)
        formatter.for_type(findings.Stated, stated)
        formatter.for_type(findings.ShortAnswer, short_answer)
        formatter.for_type(findings.Highlights, highlights)
