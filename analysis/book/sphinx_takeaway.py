"""What a reader can take away from the HTML book: filterable tables, each figure's files, the data and notebooks.

- Tables. A page with a filterable table (a `BookTable` with `facets`) gets
  `book-tables.js` (no library), which makes the table searchable, sortable and
  filterable; no other page loads it.
- Charts. Only a page that draws a chart loads Vega (`vega-bundle.js`) and
  `book-charts.js`.
- Figures. Under each chart of the HTML (a numbered figure holding a chart
  fragment), a block links its data as CSV, the chart as SVG and PNG, its
  Vega-Lite spec, and its citation, written at build time into
  `_downloads/figures/` of the site (`analysis/book/figure_files.py`).
- Data and code. Every HTML build writes the data zip and the book's wheel into
  `_downloads/`, and rewrites the site's copy of each chapter notebook (what its
  download button serves) to run on its own beside them (`analysis/book/downloads.py`).
- Facts of the build, for the front page: `{book-fact}` with `reading-time`,
  `words` or `chapters` (of the report's chapters, the first numbered part of
  `_toc.yml`, not the appendices numbered on from them, counted in the built
  book), `updated` (the build date) or `dataset-version`. The root page is re-read
  on every build, so they are always those of the book as built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri

from analysis.book import downloads, figure_files, notebooks
from analysis.book.images import Images
from analysis.book.sphinx_book import build_date, dataset_version
from analysis.report.summary import number_word

#: Reading speed, in words a minute, for the reading time.
WORDS_PER_MINUTE = 230

#: The facts `{book-fact}` can state.
FACTS = ("reading-time", "words", "chapters", "updated", "dataset-version")

#: The folder of the site, under its root, that holds the data zip and the wheel.
DOWNLOADS_FOLDER = "_downloads"
#: The folder of the site, under its root, that holds every figure's take-away files.
FIGURES_FOLDER = f"{DOWNLOADS_FOLDER}/figures"

#: The marker of a filterable table's filter values in a page (see `tables.BookTable`).
FACETS_MARKER = 'class="book-table-facets"'
#: The marker of a chart in a page (the chart fragment's container, see `chart_html`).
CHART_MARKER = 'class="vega-chart"'
#: The scripts a page with a chart loads: the book's Vega bundle, then the script that draws the charts.
CHART_SCRIPTS = ("vega-bundle.js", "book-charts.js")


def table_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Load the book's table script and styles on the pages that have a filterable table."""
    if FACETS_MARKER not in context.get("body", ""):
        return
    app.add_css_file("book-tables.css")
    app.add_js_file("book-tables.js")


def chart_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Load Vega and the book's chart script on the pages that draw a chart; no other page downloads them."""
    if CHART_MARKER not in context.get("body", ""):
        return
    for name in CHART_SCRIPTS:
        app.add_js_file(name)


def _chart_payload(figure: nodes.figure) -> tuple[dict[str, Any], dict[str, int] | None] | None:
    """The data of the chart a figure holds and the PDF's layout of it (`chart_html.FigureRenderer` keeps both on
    its node), if it holds one."""
    return next(((raw["figure"], raw.get("pdf_layout")) for raw in figure.findall(nodes.raw) if "figure" in raw), None)


#: The folder, beside the doctrees Sphinx keeps between builds, of the images already drawn (`images.Images`).
IMAGE_CACHE = "book-images"


def _images(app: Sphinx) -> Images:
    """The build's image workers, started with its first chart figure."""
    if getattr(app, "book_images", None) is None:
        app.book_images = Images(cache=Path(app.doctreedir) / IMAGE_CACHE)
    return app.book_images


def finish_images(app: Sphinx, exception: Exception | None) -> None:
    """Wait for every figure's SVG and PNG: the build fails, naming the file, if one could not be drawn."""
    images = getattr(app, "book_images", None)
    if images is None:
        return
    app.book_images = None
    try:
        images.finish()
    except Exception as error:
        if exception is None:
            raise ExtensionError(f"a figure's image could not be drawn: {error}") from error


def figure_takeaways(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each chart figure's take-away files, and put the block that links them under the figure (HTML only)."""
    if app.builder.format != "html":
        return
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    folder_uri = relative_uri(app.builder.get_target_uri(docname), FIGURES_FOLDER + "/")
    for figure in list(doctree.findall(nodes.figure)):
        chart = _chart_payload(figure)
        if chart is None:
            continue
        payload, layout = chart
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
            _images(app),
            layout,
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


def offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """A chapter's download menu offers it as an `.ipynb` notebook, written from its text (the theme's button)."""
    source = Path(app.env.doc2path(pagename)) if pagename in app.env.found_docs else None
    if app.builder.format != "html" or source is None or not notebooks.is_chapter(source):
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notebooks.to_ipynb(source), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def book_fact_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """`{book-fact}` name: a fact of the built book (see FACTS), filled in once every page has been read."""
    if text not in FACTS:
        message = inliner.reporter.error(f"unknown book fact {text!r}; known: {', '.join(FACTS)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, "", classes=["book-fact"], fact=text)], []


_NOT_READ = (nodes.raw, nodes.literal_block, nodes.comment, nodes.substitution_definition, nodes.system_message)


def words_in(doctree: nodes.Node) -> int:
    """The words a reader reads on a page: its text, without code, comments or raw HTML (the charts' scripts)."""
    count = 0
    for text in doctree.findall(nodes.Text):
        parent = text.parent
        while parent is not None and not isinstance(parent, _NOT_READ):
            parent = parent.parent
        if parent is None:
            count += len(str(text).split())
    return count


def report_chapters(app: Sphinx) -> list[str]:
    """The report's chapters: the pages of the root page's first numbered part ("Report" in `_toc.yml`).

    The appendices are numbered too, on from the report, so that a table has one number in both
    editions; they are not the report's chapters, nor are the pages of the parts that follow.
    """
    for toctree in app.env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        if toctree.get("numbered"):
            return list(toctree["includefiles"])
    return []


def report_words(app: Sphinx) -> tuple[int, int]:
    """The number of the report's chapters, and the words in them (with any pages nested under them)."""
    chapters = report_chapters(app)
    pages, waiting = set(), list(chapters)
    while waiting:
        page = waiting.pop()
        if page not in pages:
            pages.add(page)
            waiting += app.env.toctree_includes.get(page, [])
    counted = getattr(app.env, "book_words", {})
    return len(chapters), sum(counted[doc] for doc in sorted(pages))


def count_words(app: Sphinx, doctree: nodes.document) -> None:
    """Count the words of a page as it is read (the tree Sphinx keeps, but for the system messages a later transform
    removes, which `words_in` skips), kept in the environment, so the facts need not load every page's tree again."""
    if not hasattr(app.env, "book_words"):
        app.env.book_words = {}
    app.env.book_words[app.env.docname] = words_in(doctree)


def forget_words(app: Sphinx, env: Any, docname: str) -> None:
    """Drop a page's count when it is read again or removed."""
    getattr(env, "book_words", {}).pop(docname, None)


def merge_words(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    """Take the counts of the pages a parallel reader read."""
    if not hasattr(env, "book_words"):
        env.book_words = {}
    env.book_words.update({doc: count for doc, count in getattr(other, "book_words", {}).items() if doc in docnames})


def fact(app: Sphinx, name: str) -> str:
    """The value of one book fact."""
    if name == "updated":
        return build_date()
    if name == "dataset-version":
        return dataset_version()
    chapters, words = report_words(app)
    if name == "chapters":
        return number_word(chapters)
    if name == "words":
        return f"{words:,}"
    minutes = max(5, 5 * round(words / WORDS_PER_MINUTE / 5))
    return f"about {minutes} minutes"


def fill_facts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each fact's value in place of its `{book-fact}`."""
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.inline) and "fact" in n.attributes)):
        node.replace_self(nodes.inline("", fact(app, node["fact"]), classes=node["classes"]))


def reread_root(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Re-read the root page on every build: its facts depend on every other page."""
    return [app.config.root_doc] if app.config.root_doc in env.found_docs else []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("book-fact", book_fact_role)
    app.connect("doctree-read", count_words, priority=999)  # after every other reader of the tree
    app.connect("env-purge-doc", forget_words)
    app.connect("env-merge-info", merge_words)
    app.connect("doctree-resolved", fill_facts)
    app.connect("env-get-outdated", reread_root)
    app.connect("html-page-context", table_assets)
    app.connect("html-page-context", chart_assets)
    app.connect("html-page-context", offer_notebook, priority=500)  # before the theme's download menu (501)
    app.connect("doctree-resolved", figure_takeaways)
    app.connect("build-finished", finish_images, priority=900)  # last: the images draw while the zip and wheel are made
    app.connect("build-finished", data_and_notebooks)
    app.add_css_file("book-takeaway.css")
    # the environment's version: an environment kept from a build without the word counts is read afresh
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
