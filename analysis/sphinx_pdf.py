"""The PDF laid out as a book.

Jupyter Book gives Sphinx's LaTeX builder one table of contents per part of
`_toc.yml`; Sphinx inlines every chapter after the root page's own text and
numbers the chapters 1, 2, ... through all parts. The HTML numbers the appendix
chapters as the PDF does (`numbered` on the appendices' part of `_toc.yml`), so
a table or figure has one number in both editions. On the LaTeX build's
assembled doctree, `arrange` leaves out of the PDF the pages named in
`book_pdf_exclude` (the contributor's how-to); the HTML keeps them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx


def _chapters(node: nodes.Element) -> list[addnodes.start_of_file]:
    """The chapters of the assembled document: its `start_of_file` nodes that are not inside another.

    Found through `children`: Sphinx moves each page's nodes into its `start_of_file` without
    updating their `parent`, so a chapter's heading still names its own page's document as parent.
    """
    found: list[addnodes.start_of_file] = []
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            found.append(child)
        elif isinstance(child, nodes.Element):
            found += _chapters(child)
    return found


def arrange(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Lay out the LaTeX build's single document as a book: without the pages it leaves out."""
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    excluded = set(app.config.book_pdf_exclude)
    for chapter in _chapters(doctree):
        if chapter["docname"] in excluded:
            chapter.parent.remove(chapter)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register `book_pdf_exclude` and the arrangement of the LaTeX document."""
    app.add_config_value("book_pdf_exclude", [], "env")
    app.connect("doctree-resolved", arrange)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
