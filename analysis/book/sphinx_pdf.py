"""The PDF laid out as a book: front matter, parts, figure placement, contents and bibliography.

Jupyter Book gives Sphinx's LaTeX builder one table of contents per part of
`_toc.yml`; Sphinx inlines every chapter after the root page's own text and
numbers the chapters 1, 2, ... through all parts. This module arranges that
document as a book (`arrange`, on the LaTeX build's assembled doctree):

- front matter in roman page numbers: the title page (i, no folio), the
  contents, and the root page's text as "About this report"; chapter 1 opens
  page 1, in arabic numbers;
- each part's caption ("Report", "Appendices") heads its chapters in the
  contents, which list the sections of the first part's chapters and only the
  titles of the others'; the HTML numbers the appendix chapters as the PDF does
  (`numbered` on the appendices' part of `_toc.yml`), so a table or figure has
  one number in both editions;
- the pages named in `book_pdf_exclude` (the contributor's how-to) are left out
  of the PDF; the HTML keeps them.

The preamble (`LATEX_LAYOUT`, added by `sphinx_book.configure`) places every
figure where it is referenced or at the top of the next page, never past the
next section or long table (a figure of class `IN_PLACE` just where it
stands or atop the next page, the text after it waiting for it); scales a
figure to at most the text height less room for its caption; gives chapter
and section numbers room in the contents; sets the bibliography as the body of
the "References" chapter rather than a chapter of its own; and makes Devanagari
copy out of the PDF in logical order.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.texescape import escape

from analysis.book.myst import IN_PLACE

#: The heading the root page's text gets in the PDF's front matter.
PREFACE_TITLE = "About this report"

#: Room kept under the tallest figure for its caption (three lines and the skips around it).
CAPTION_ROOM = r"6\baselineskip"

LATEX_LAYOUT = r"""
% Reordered scripts (Devanagari's vowel signs, conjuncts) copy out of the PDF in logical order.
\XeTeXgenerateactualtext=1
\makeatletter
% Figures: here if the figure fits, otherwise at the top of the next page (one that nearly
% fills a page: alone on it). A section that holds or cites a figure starts with
% \bookfloatbarrier (see `arrange`): a figure still waiting there ends the page, so figures
% never pile up behind one another. A long table lets a waiting figure out at the top of
% its next page, as LaTeX's own output routine does, instead of holding it to its end.
\renewcommand{\floatpagefraction}{0.85}
\newcommand{\bookfloatbarrier}{\par\ifx\@deferlist\@empty\else\newpage\ifx\@deferlist\@empty\else\clearpage\fi\fi}
\patchcmd{\LT@output}{\@outputpage\global\vsize\@colroom\copy\LT@head}
  {\@outputpage\@floatplacement\@startcolumn\@whilesw\if@fcolmade\fi{\@outputpage\@floatplacement\@startcolumn}%
   \global\vsize\@colroom\copy\LT@head}
  {}{\PackageError{book}{cannot patch longtable's output routine}{}}
% A figure of class `book-in-place` (`\bookinplace` ... `\bookinplaceend` around it, see `place_in_place`)
% prints just where it stands ([H], of the float package Sphinx loads), or at the top of the next page
% if it does not fit there: the text that follows it waits for it.
\newcommand{\bookinplace}{\begingroup\def\figure[##1]{\@float{figure}[H]}}
\newcommand{\bookinplaceend}{\endgroup}
% The tallest figure leaves room for its caption on its page.
\AtBeginDocument{\spx@image@maxheight=\dimexpr\textheight-%(caption_room)s\relax}
% The log records each figure's printed width, from which its type size follows.
\newbox\book@figurebox
\renewcommand*{\sphinxincludegraphics}[2][]{\setbox\book@figurebox\hbox{\sphinxsafeincludegraphics[#1]{#2}}%
  \typeout{Book figure printed \the\wd\book@figurebox\space wide:^^J#2}\leavevmode\box\book@figurebox}
% An unnumbered chapter (the contents, "About this report") starts at the top of its page, as a numbered one does.
\def\@makeschapterhead#1{{\parindent\z@\raggedright\normalfont\interlinepenalty\@M\DOTIS{#1}\vskip 40\p@}}
% Front matter: the title page is i (no folio), the contents follow in roman numbers.
\newcommand{\bookfrontmatter}[1]{\chapter*{#1}\addcontentsline{toc}{chapter}{#1}\markboth{#1}{#1}}
\newcommand{\bookmainmatter}{\clearpage\pagenumbering{arabic}}
\renewcommand{\sphinxtableofcontents}{\begingroup\parskip\z@skip\renewcommand{\contentsname}{Contents}%
  \sphinxtableofcontentshook\tableofcontents\endgroup\clearpage}
% Contents: numbers up to "99" and "99.99" keep clear of their titles; a part's caption heads its chapters.
\renewcommand*{\l@chapter}[2]{\ifnum\c@tocdepth>\m@ne\addpenalty{-\@highpenalty}\vskip 0.45em \@plus\p@
  \setlength\@tempdima{2.2em}\begingroup\parindent\z@\rightskip\@pnumwidth\parfillskip-\@pnumwidth
  \leavevmode\bfseries\advance\leftskip\@tempdima\hskip-\leftskip #1\nobreak\hfil
  \nobreak\hb@xt@\@pnumwidth{\hss #2\kern-\p@\kern\p@}\par\penalty\@highpenalty\endgroup\fi}
\renewcommand{\sphinxtableofcontentshook}{%
  \renewcommand*\l@section{\@dottedtocline{1}{2.2em}{3.0em}}%
  \renewcommand*\l@subsection{\@dottedtocline{2}{5.2em}{3.8em}}}
\newcommand{\bookpart}[2]{\addtocontents{toc}{\protect\bookpartline{#1}\protect\setcounter{tocdepth}{#2}}}
\newcommand{\bookpartline}[1]{\addpenalty{-\@highpenalty}\vskip 1.4em \@plus\p@
  {\parindent\z@\large\py@HeaderFamily\py@TitleColor #1\par}\nobreak\vskip 0.2em}
% The bibliography is the body of the chapter that holds it ("References"), not a chapter of its own.
\renewenvironment{sphinxthebibliography}[1]{\let\chapter\book@nochapter\let\@mkboth\@gobbletwo
  \begin{thebibliography}{#1}}{\end{thebibliography}}
\newcommand{\book@nochapter}[2]{}
\makeatother
""".replace("%(caption_room)s", CAPTION_ROOM)


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


def _latex(text: str) -> nodes.raw:
    """A piece of LaTeX for the document, which other builders ignore."""
    return nodes.raw("", text, format="latex")


def _own_content(section: nodes.section) -> list[nodes.Node]:
    """The nodes of a section outside its subsections."""
    found: list[nodes.Node] = []
    for child in section.children:
        if not isinstance(child, nodes.section):
            found += [child, *child.findall(include_self=False)]
    return found


def _target(reference: nodes.reference) -> str:
    """The id a resolved reference points to."""
    return reference.get("refid") or reference.get("refuri", "").rpartition("#")[2]


def place_float_barriers(doctree: nodes.document) -> None:
    """Start each section below chapter level that holds or cites a figure with `\\bookfloatbarrier`."""
    figures = {name for figure in doctree.findall(nodes.figure) for name in figure["ids"]}
    for section in list(doctree.findall(nodes.section)):
        if not isinstance(section.parent, nodes.section):
            continue  # the root page and the chapters: a chapter starts on a new page, after every waiting figure
        content = _own_content(section)
        holds = any(isinstance(node, nodes.figure) for node in content)
        cites = any(isinstance(node, nodes.reference) and _target(node) in figures for node in content)
        if holds or cites:
            section.parent.insert(section.parent.index(section), _latex(r"\bookfloatbarrier"))


def place_in_place(doctree: nodes.document) -> None:
    """Print each figure of class `IN_PLACE` where it stands (or atop the next page), not as a float."""
    for figure in list(doctree.findall(nodes.figure)):
        if IN_PLACE in figure["classes"]:
            figure.parent.insert(figure.parent.index(figure), _latex(r"\bookinplace"))
            figure.parent.insert(figure.parent.index(figure) + 1, _latex(r"\bookinplaceend"))


def arrange(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Lay out the LaTeX build's single document as a book (front matter, parts, left-out pages)."""
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    excluded = set(app.config.book_pdf_exclude)
    for chapter in _chapters(doctree):
        if chapter["docname"] in excluded:
            chapter.parent.remove(chapter)
    chapters = {chapter["docname"]: chapter for chapter in _chapters(doctree)}
    if not chapters:
        return
    first = next(iter(chapters.values()))
    root = first.parent
    while not isinstance(root, nodes.section):
        root = root.parent
    if any(isinstance(child, nodes.paragraph) for child in root.children):
        after_title = 1 if isinstance(root[0], nodes.title) else 0
        root.insert(after_title, _latex(rf"\bookfrontmatter{{{PREFACE_TITLE}}}"))
    first.parent.insert(first.parent.index(first), _latex(r"\bookmainmatter"))
    place_float_barriers(doctree)
    place_in_place(doctree)
    parts = app.env.get_doctree(app.config.root_doc).findall(addnodes.toctree)
    for number, toctree in enumerate(parts):
        shown = [chapters[name] for name in toctree["includefiles"] if name in chapters]
        if shown and toctree.get("caption"):
            depth = 1 if number == 0 else 0  # the report's sections are listed, the appendices' titles only
            command = rf"\bookpart{{{escape(toctree['caption'])}}}{{{depth}}}"
            shown[0].parent.insert(shown[0].parent.index(shown[0]), _latex(command))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register `book_pdf_exclude` and the arrangement of the LaTeX document."""
    app.add_config_value("book_pdf_exclude", [], "env")
    app.connect("doctree-resolved", arrange)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
