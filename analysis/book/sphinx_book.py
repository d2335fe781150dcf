"""The book's Sphinx extension: an offline, quiet HTML book and a complete PDF.

HTML. Jupyter Book 1 adds scripts the book does not use and that break offline reading:
MathJax from a CDN on every notebook page, and sphinx-thebe's configuration
script twice (a `const` declared twice, a console error on every page). The book
has no live code and no mathematics, so both are left out. A page that does
contain mathematics stops the build rather than silently losing it.

The theme is changed through its own mechanisms, never by rewriting written pages:
the templates in `book/_templates` (the `templates_path` of `_config.yml`) override
the theme's partials: a light-only page with no colour-mode switch, a search field
whose name is its visible text, and a footer with the dataset version and build
date (`html_context`, filled in by `configure`). The bibliography's markup comes
from `BookHTMLTranslator`; the navigation's section toggles are named by
`label_navigation`, which fails the build, naming the page, if the theme's
navigation no longer has the shape it labels. The theme's template tooling
(`*webpack-macros.html`) is taken out of the published `_static` folder.

PDF. The title page, PDF metadata and fonts are set here because they depend on
the dataset version and the build date (the title page also gives the web
edition's and the data package's addresses, where `_config.yml` sets them:
`addresses_latex`); the book's layout (front matter, figure
placement, contents, bibliography) is in `sphinx_pdf`. XeLaTeX has no
automatic font fallback nor bidirectional layout, so runs of Devanagari and of
Arabic script are wrapped in commands that switch font (and, for Arabic,
direction).

Source pages. The annotated source texts, and the `{quote}` role, are in
`sphinx_sources`, registered here. Every record resting on a passage has its
anchor, `record-<id>`, at that passage; `{record}` links there.

Speed. What spares the build work it would repeat (garbage collection, page trees
loaded again for each numbered reference) is in `sphinx_speed`, registered here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.writers.html5 import HTML5Translator

from analysis import paths
from analysis.book import assets, sphinx_pdf, sphinx_sources, sphinx_speed
from analysis.dataset import load
from analysis.report.passages import record_label

ARABIC_FONT_CHAR = re.compile(f"[{sphinx_sources.ARABIC_LETTERS}\\s\u200c]")
SCRIPT_RUN = sphinx_sources.SCRIPT_RUN

LATEX_FONTS = r"""
\usepackage{fontspec}
\setmainfont{DejaVu Serif}[Scale=0.9]
\setsansfont{DejaVu Sans}[Scale=0.9]
\setmonofont{DejaVu Sans Mono}[Scale=0.8]
\newfontfamily\devanagarifont{Noto Sans Devanagari}[Script=Devanagari, Scale=0.9]
\newfontfamily\arabicfont{Noto Naskh Arabic}[Script=Arabic, Scale=0.95]
"""

LATEX_PREAMBLE = r"""
\tracinglostchars=2
\TeXXeTstate=1
\newcolumntype{\X}[2]{>{\raggedright\arraybackslash}p{\dimexpr(\linewidth-\arrayrulewidth)*#1/#2-2\tabcolsep-\arrayrulewidth\relax}}
\AtBeginEnvironment{longtable}{\small}
\setlength{\tymin}{64pt}
\newcommand{\textdeva}[1]{{\devanagarifont #1}}
\newcommand{\textfa}[1]{{\edef\faneutralfont{\the\font}\arabicfont\beginR #1\endR}}
\newcommand{\faneutral}[1]{{\faneutralfont #1}}
\usepackage{hyperxmp}%% after hyperref: the metadata below also as XMP, which archives and screen readers read
\hypersetup{pdftitle={%(title)s}, pdfauthor={%(author)s}, pdfsubject={%(subject)s}, pdfkeywords={%(keywords)s},
  keeppdfinfo, pdflang={%(language)s}, pdfdisplaydoctitle=true, pdfdate={%(date)s}, pdfversionid={%(version)s},
  pdfdocumentid={uuid:%(document_id)s}, pdfinstanceid={uuid:%(instance_id)s}}
\AtBeginDocument{\hypersetup{pdftitle={%(title)s}, pdfauthor={%(author)s}, pdfsubject={%(subject)s}, pdfkeywords={%(keywords)s}}}
"""

LATEX_TITLE = r"""
\pagenumbering{roman}
\begin{titlepage}
\centering
\vspace*{4cm}
{\Huge\bfseries %(title)s\par}
\vspace{1.2cm}
{\Large %(subtitle)s\par}
\vspace{2.5cm}
{\large Prepared by %(author)s\par}
\vfill
{\normalsize Built on %(date)s from dataset version %(version)s\par}%(addresses)s
\end{titlepage}
\setcounter{page}{2}
"""


#: The addresses the PDF's title page gives when `_config.yml` sets them (`sphinx: config:`), with their labels.
ADDRESSES = {"book_web_edition_url": "Web edition", "book_data_package_url": "Data package"}
URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")


def addresses_latex(config: Any) -> str:
    """The title page's lines for the web edition's and the data package's addresses: one for each that is set.

    An empty setting prints nothing, so the PDF never names an address nobody gave; a setting that is not an
    http(s) address stops the build.
    """
    lines = []
    for key, label in ADDRESSES.items():
        value = str(getattr(config, key, "") or "").strip()
        if not value:
            continue
        if not URL.fullmatch(value):
            raise ExtensionError(f"{key} in _config.yml is not an http(s) address: {value!r}")
        escaped = value.replace("%", "\\%").replace("#", "\\#")
        lines.append(rf"{{\normalsize {label}: \url{{{escaped}}}\par}}")
    return "".join("\n" + line for line in lines)


def _filename(script: Any) -> str:
    return str(getattr(script, "filename", None) or "")


def _body(script: Any) -> str:
    return str(getattr(script, "attributes", {}).get("body", ""))


def _is_unused(script: Any) -> bool:
    name, body = _filename(script), _body(script)
    return name.startswith(("http://", "https://", "//")) or "thebe" in name or "THEBE_JS_URL" in body


#: sphinx-design's files, which Jupyter Book loads on every page: needed only where a page uses a design component.
DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")


def strip_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop remote scripts, thebe's files, and sphinx-design's where the page has no design component."""
    if "script_files" not in context:
        return
    body = context.get("body", "")
    if 'class="math' in body:
        raise ExtensionError(f"{pagename}: the page contains mathematics, but MathJax is not served offline")
    design = 'class="sd-' in body

    def unused(name: str) -> bool:
        return "thebe" in name or (not design and name.endswith(DESIGN_FILES))

    context["script_files"] = [s for s in context["script_files"] if not _is_unused(s) and not unused(_filename(s))]
    context["css_files"] = [css for css in context.get("css_files", []) if not unused(_filename(css))]


def dataset_version() -> str:
    """The data package's version and the start of its content hash."""
    return load.version(json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8")))


def build_date() -> str:
    """Today, or the date of SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return day.isoformat()


#: The coding manual, included into the codebook chapter.
MANUAL = "data/annotations/CODING.md"


def _tex(text: str) -> str:
    return text.replace("\\", "").replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%").replace("#", "\\#")


def configure(app: Sphinx, config: Config) -> None:
    """Fill in the title page, PDF metadata and footer from the dataset version and the build date."""
    values = {
        "title": _tex(config.html_title or config.project),
        "subtitle": _tex(config.book_subtitle),
        "author": _tex(config.author),
        "subject": _tex(config.book_subtitle),
        "keywords": _tex(", ".join(config.book_keywords)),
        "date": build_date(),
        "version": dataset_version(),
        "language": _tex(config.language or "en"),
        "addresses": addresses_latex(config),
    }
    # XMP identifiers: one for the work, one for this version and day (stable, where hyperxmp would draw random ones)
    values["document_id"] = uuid.uuid5(uuid.NAMESPACE_URL, values["title"])
    values["instance_id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"{values['title']} {values['version']} {values['date']}")
    elements = dict(config.latex_elements)
    elements.update(
        fontpkg=LATEX_FONTS,
        preamble=LATEX_PREAMBLE % values + sphinx_pdf.LATEX_LAYOUT + sphinx_sources.LATEX_PREAMBLE,
        figure_align="!htp",
        maketitle=LATEX_TITLE % values,
        printindex="",
        papersize="a4paper",
        extraclassoptions="openany,oneside",
        pointsize="10pt",
    )
    config.latex_elements = elements
    config.latex_use_xindy = False
    config.html_context = {**config.html_context, "dataset_version": values["version"], "build_date": values["date"]}


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.literal_block, nodes.raw, nodes.literal)):
            return True
        parent = parent.parent
    return False


BREAK_AFTER = re.compile(r"(?<=[_/-])(?=\w)")


def _in_table(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.entry):
            return True
        parent = parent.parent
    return False


#: A line-break opportunity, in each output format.
BREAK = {"latex": "\\allowbreak{}", "html": "<wbr>"}


def allow_breaks_in_tables(doctree: nodes.document, format: str = "latex") -> None:
    """Let long identifiers (source_id, pietrzak2026-n05) break after '_', '-' or '/' in narrow table columns.

    `format` is the output's ("latex" or "html"): in HTML a table column is then as
    narrow as its longest word, not its longest identifier, and so never pushed out of view.
    """
    for text in [t for t in doctree.findall(nodes.Text) if _in_table(t) and BREAK_AFTER.search(str(t))]:
        value = str(text)
        pieces: list[nodes.Node] = []
        cursor = 0
        for match in BREAK_AFTER.finditer(value):
            pieces += [nodes.Text(value[cursor : match.start()]), nodes.raw("", BREAK[format], format=format)]
            cursor = match.start()
        pieces.append(nodes.Text(value[cursor:]))
        text.parent.replace(text, pieces)


def _script_run(match: re.Match[str], format: str) -> nodes.raw:
    """A Devanagari or Arabic-script run of text: in LaTeX in its font (and direction) command, in HTML in a span that
    declares its language (WCAG 3.1.2: a screen reader changes voice there) and, for Arabic script, its direction."""
    if format == "html":
        return nodes.raw("", sphinx_sources.declared_run(match.group(0)), format="html")
    if match.group(1):
        # punctuation inside a right-to-left run keeps the surrounding font, which has its glyph
        run = "".join(c if ARABIC_FONT_CHAR.match(c) else f"\\faneutral{{{c}}}" for c in match.group(0))
        return nodes.raw("", f"\\textfa{{{run}}}", format="latex")
    return nodes.raw("", f"\\textdeva{{{match.group(0)}}}", format="latex")


def wrap_scripts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Let table ids break (HTML and LaTeX); mark each Devanagari or Arabic run: its font and direction in LaTeX,
    its language and direction in HTML (`_script_run`)."""
    if app.builder.format not in BREAK:
        return
    allow_breaks_in_tables(doctree, app.builder.format)
    found = [
        text
        for text in doctree.findall(nodes.Text)
        if SCRIPT_RUN.search(str(text))
        and not _in_code(text)
        # a source page's word declares its own language and direction in HTML
        and not (app.builder.format == "html" and isinstance(text.parent, sphinx_sources.source_word))
    ]
    for text in found:
        pieces: list[nodes.Node] = []
        cursor = 0
        value = str(text)
        for match in SCRIPT_RUN.finditer(value):
            if match.start() > cursor:
                pieces.append(nodes.Text(value[cursor : match.start()]))
            pieces.append(_script_run(match, app.builder.format))
            cursor = match.end()
        if cursor < len(value):
            pieces.append(nodes.Text(value[cursor:]))
        text.parent.replace(text, pieces)


#: What the theme's static folder holds for its own templates, not for readers, and the icon script the
#: book replaces with book-icons.css: Sphinx copies them with the rest.
THEME_TOOLING = (
    "webpack-macros.html",
    "sbt-webpack-macros.html",
    "scripts/fontawesome.js",
    "scripts/fontawesome.js.map",
    "scripts/fontawesome.js.LICENSE.txt",
)


class BookHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, with the bibliography's citations a list of list items.

    Docutils gives the block of citations `role="list"`, but its items
    `doc-biblioentry`, not list items (axe-core: serious), and that role is
    deprecated in DPUB-ARIA 1.1 (axe-core: minor). Each citation is a `listitem`.
    (The theme mixes its own additions into this class, as into Sphinx's.)
    """

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list" role="list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def visit_code_fold(self: HTML5Translator, node: nodes.Element) -> None:
    """myst-nb's fold of a cell's code, with no `aria-label`: the button's name is its visible text ("Show the
    code"), where myst-nb's fixed label "Toggle hidden content" hides it (axe-core: label-content-name-mismatch)."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{html.escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def depart_code_fold(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</details>\n")


def label_section_toggles(toctree_html: str, pagename: str) -> str:
    """Name each navigation toggle that shows or hides a chapter's sections after its chapter.

    The theme draws the toggle as a `<summary>` holding only an icon, after the
    chapter's link: a control without a name, which axe-core reports as serious.
    Raises ExtensionError, naming the page, when the theme's navigation no longer
    has that shape, so that the fix cannot silently stop applying.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(toctree_html, "html.parser")
    toggles = soup.find_all("details")
    if soup.select("li.has-children") and not toggles:
        raise ExtensionError(f"{pagename}: the theme's navigation has sections but no <details> toggle to label")
    for details in toggles:
        summary = details.find("summary", recursive=False)
        if summary is not None and summary.get_text(strip=True):
            continue  # a part's caption: the summary has its text
        link = details.find_previous_sibling("a", class_="reference")
        if summary is None or link is None:
            raise ExtensionError(
                f"{pagename}: a navigation toggle is not a <summary> after its chapter's link "
                "(the pattern details > summary, preceded by a.reference); the theme's markup changed"
            )
        summary["aria-label"] = f"Sections of {link.get_text(strip=True)}"
    return str(soup)


def label_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Have the theme's navigation drawn with named section toggles (`label_section_toggles`)."""
    if app.builder.format != "html":
        return
    generate = context.get("generate_toctree_html")
    if generate is None:
        raise ExtensionError(f"{pagename}: the theme no longer provides generate_toctree_html, whose toggles the book labels")

    def generate_labelled(*args: Any, **kwargs: Any) -> Markup:
        return Markup(label_section_toggles(str(generate(*args, **kwargs)), pagename))

    context["generate_toctree_html"] = generate_labelled


def config_title(app: Sphinx) -> str:
    """The book's title, HTML-escaped."""
    return html.escape(app.config.html_title or app.config.project)


def finish_site(app: Sphinx, exception: Exception | None) -> None:
    """Write the book's front door, and take the theme's template tooling out of the published folder."""
    if exception is not None or app.builder.format != "html":
        return
    # The book's front door: always point at the current root page (Jupyter Book
    # writes this redirect only when it is missing, so it can go stale).
    root_page = app.builder.get_target_uri(app.config.root_doc)
    (Path(app.outdir) / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{config_title(app)}</title>'
        f'<meta http-equiv="Refresh" content="0; url={root_page}"></head>'
        f'<body><p><a href="{root_page}">{config_title(app)}</a></p></body></html>\n',
        encoding="utf-8",
    )
    write_icons(Path(app.outdir))
    for name in THEME_TOOLING:
        (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


def write_icons(outdir: Path) -> None:
    """Write `_static/book-icons.css`: the icons the site's pages and the themes' scripts use, from the theme's Font Awesome.

    Raises ExtensionError naming an icon the theme's Font Awesome does not have.
    """
    import pydata_sphinx_theme

    theme_static = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    scripts = [outdir / "_static" / "scripts" / name for name in ("pydata-sphinx-theme.js", "sphinx-book-theme.js")]
    texts = [path.read_text(encoding="utf-8") for path in [*sorted(outdir.rglob("*.html")), *scripts] if path.exists()]
    icons = assets.solid_icons((theme_static / assets.FONTAWESOME_JS).read_text(encoding="utf-8"))
    try:
        css = assets.icons_css(icons, assets.icons_used(texts))
    except KeyError as error:
        raise ExtensionError(f"book-icons.css: {error.args[0]}") from None
    (outdir / "_static" / assets.ICONS_CSS).write_text(css, encoding="utf-8")


def note_data_dependencies(app: Sphinx, doctree: nodes.document) -> None:
    """Make every notebook depend on the package and on its own outputs, so Sphinx re-reads it when they change.

    Sphinx re-reads a page only when its own source changed; a chapter's page also
    depends on the code it imports and on what its execution printed. The data reach
    it through those outputs: `python -m analysis refresh-cache` (which also empties the
    execution cache) rewrites a chapter's outputs digest only when they changed, so a
    change to the data re-reads the chapters it reached, not every one. Every page also
    depends on the book's own static files (its CSS and chart script): Sphinx copies them
    only in a build that writes a page, so an edit to them alone would not be published.
    """
    from analysis.book.cache import code_inputs, output_stamp
    from analysis.book.notebooks import is_chapter

    source = Path(app.env.doc2path(app.env.docname))
    if is_chapter(source):
        for path in code_inputs(paths.ROOT):
            app.env.note_dependency(str(path))
        cache_dir = Path(app.srcdir) / app.env.mystnb_config.execution_cache_path
        app.env.note_dependency(str(output_stamp(cache_dir, source)))
    for path in sorted((paths.ROOT / "book" / "_static").glob("*.*")):
        app.env.note_dependency(str(path))


def reread_pages_the_pdf_read(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """In the HTML build, the pages whose doctree is newer than their HTML: the PDF's build, which shares the
    doctrees, read them again since the page was written (a file they include changed, CHANGELOG.md say). Sphinx's
    HTML builder compares a page with its own source only, so without this the edit would not reach the site."""
    if app.builder.format != "html":
        return []
    stale = []
    for docname in sorted(env.found_docs - added - changed):
        doctree = Path(app.doctreedir) / f"{docname}.doctree"
        page = Path(app.builder.get_outfilename(docname))
        if doctree.is_file() and page.is_file() and doctree.stat().st_mtime > page.stat().st_mtime:
            stale.append(docname)
    return stale


def unnumber_manual_sections(app: Sphinx, env: Any) -> list[str]:
    """The coding manual's own sections keep only their own numbers ("1. Units"), not Sphinx's as well ("8.1.1.1. 1.
    Units"): its headings are numbered in the manual, which the book and the data package quote by those numbers.

    The PDF numbers no heading that deep, so both editions read the same.
    """
    for docname, numbers in env.toc_secnumbers.items():
        if docname not in env.all_docs or not any(str(name).endswith(MANUAL) for name in env.dependencies[docname]):
            continue  # only a page that includes the manual holds its sections (no other doctree need be loaded)
        for section in env.get_doctree(docname).findall(nodes.section):
            if str(section.source or "").endswith(MANUAL) and section.parent.tagname == "section":
                inner = section.parent if str(section.parent.source or "").endswith(MANUAL) else section
                for node in inner.findall(nodes.section):
                    if node is not inner:
                        numbers["#" + node["ids"][0]] = ()  # empty: no number (a missing one falls back to the page's)
    return []


def drop_code_on_paper(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On paper a chapter shows what its code draws, not the code: the web edition folds each cell's source
    under a "show code" button (the `hide-input` and `hide-cell` tags), which print cannot unfold."""
    if app.builder.format != "latex":
        return
    for node in list(doctree.findall(nodes.container)):
        if "cell_input" in node["classes"]:
            node.parent.remove(node)


def record_target_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """`{record-target}` id: the record's id, shown, and an anchor that `{record}` links to.

    For a record without a passage of its own (a contrast); a record resting on a span has its
    anchor at its passage, on its source's annotated page.
    """
    label = record_label(text)
    target = nodes.target("", "", ids=[label], names=[label])  # the id kept exactly: record ids are stable anchors
    inliner.document.note_explicit_target(target)
    return [target, nodes.literal(text, text)], []


def record_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """`{record}` id: a link to the record's passage on its source page (a contrast: to its row); an unknown id fails the strict build."""
    reference = addnodes.pending_xref(
        rawtext, refdomain="std", reftype="ref", reftarget=record_label(text), refexplicit=True, refwarn=True
    )
    reference += nodes.literal(text, text, classes=["xref", "record"])
    return [reference], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("record", record_role)
    app.add_role("record-target", record_target_role)
    app.connect("doctree-read", note_data_dependencies)
    app.connect("build-finished", finish_site)
    app.add_config_value("book_subtitle", "", "env")
    app.add_config_value("book_keywords", [], "env")
    for key in ADDRESSES:
        app.add_config_value(key, "", "env")
    app.connect("config-inited", configure)
    app.connect("doctree-resolved", wrap_scripts)
    app.connect("doctree-resolved", drop_code_on_paper)
    app.connect("env-get-outdated", reread_pages_the_pdf_read)
    app.connect("env-get-updated", unnumber_manual_sections, priority=900)  # after Sphinx numbers the sections
    app.connect("html-page-context", strip_scripts, priority=900)
    app.connect("html-page-context", label_navigation, priority=900)
    app.set_translator("html", BookHTMLTranslator)
    app.add_node(HideCodeCellNode, override=True, html=(visit_code_fold, depart_code_fold))
    app.add_css_file(assets.ICONS_CSS)
    sphinx_sources.setup(app)
    sphinx_pdf.setup(app)
    sphinx_speed.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
