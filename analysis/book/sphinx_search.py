"""Search results with their snippets, also when the book is opened from disk.

Sphinx's search page fetches each result's page to cut a snippet around the words found, and a browser refuses
that fetch to a page opened from disk (`file://`). When the HTML is written, each page's text (its main content,
with its sections' anchors, without code, scripts or chart data) is written as a small script,
`_static/search-texts/<page>.js`; on the search page alone, `book-search.js` answers the search's fetch of a page
with that text, loaded by a `<script>` element, which a page opened from disk may load. The snippets are the
same over http, and come without the chapters' code. A text travels gzip-compressed (in base64, which a script
can carry), which the browser unpacks: a search's results cost a third of their texts' bytes.

Cutting a page's text out of its HTML is the slowest step of a build that rewrites every page (as a change to the
data does: each page's footer names the dataset's version) while the main content of most stays as it was. Each
text is kept beside the doctrees (`KEPT`) under the digest of what it is cut from, the page's main element, and
cut again only when that changes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from sphinx.application import Sphinx

#: Where the pages' texts go in the built site.
TEXTS = "search-texts"
#: What of a page's main content is no text a reader searches: code, scripts, a chart's data and its tables, the record
#: labels in a source's margin, the page's buttons, contents (on screen and for print), previous and next links, footer.
NOT_TEXT = ", ".join(
    [
        "script, style, .headerlink, details.hide, .cell_input, .vega-chart, .chart-hint, .chart-detail, details.chart-data",
        "nav, a.rec, .bd-header-article, .bd-sidebar-secondary, dialog, .prev-next-area, footer, #jb-print-docs-body",
    ]
)
_SPACE = re.compile(r"\s+")
#: The file, beside the doctrees Sphinx keeps between builds, of each page's packed text and the digest it was cut for.
KEPT = "book-search-texts.json"
_MAIN = re.compile(r"<main\b[^>]*\brole=\"main\"[^>]*>.*</main>", re.S)  # to the last </main>: all of it, and more
_THIS_MODULE = Path(__file__).read_bytes()  # how a text is cut: a change to it cuts every text again


def main_digest(page: str) -> str:
    """The digest of what `page_text` reads of a page, and of how it reads it (this module): the page's one main
    element, or the whole page where that cannot be told apart."""
    found = _MAIN.findall(page)
    read = found[0] if len(found) == 1 and page.count('role="main"') == 1 else page
    return hashlib.sha256(_THIS_MODULE + b"\0" + read.encode("utf-8")).hexdigest()


def page_text(page: str) -> str:
    """A page's main content as the search reads it: its text, in sections that keep their anchors."""
    soup = BeautifulSoup(page, "html.parser")
    main = soup.select_one('[role="main"]')
    if main is None:
        return ""
    for node in main.select(NOT_TEXT):
        node.decompose()
    return f'<div role="main">{_kept(main)}</div>'


def _kept(node: Tag) -> str:
    """The text of `node`'s children, each element with an id kept (with that id alone) for the search's anchors."""
    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(html.escape(_SPACE.sub(" ", str(child)), quote=False))
        elif isinstance(child, Tag):
            inner = _kept(child)
            if child.get("id"):
                parts.append(f'<div id="{html.escape(child["id"])}">{inner}</div>')
            else:
                block = child.name in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "dt", "dd", "caption", "pre")
                parts.append(f" {inner} " if block else inner)
    return _SPACE.sub(" ", "".join(parts))


def packed_text(text: str) -> str:
    """`text` as the search page's script unpacks it: gzip (the same bytes in every build), in base64."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def write_texts(app: Sphinx, exception: Exception | None) -> None:
    """Write each page's text as a script the search page loads (`TEXTS`), and remove the texts of pages gone; a
    text whose page's main element is unchanged is taken from the last build's (`KEPT`)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    folder = outdir / "_static" / TEXTS
    kept_file = Path(app.doctreedir) / KEPT
    kept = json.loads(kept_file.read_text(encoding="utf-8")) if kept_file.is_file() else {}
    texts, wanted = {}, {}
    for docname in sorted(app.env.found_docs):
        page = outdir / f"{docname}.html"
        if page.is_file():
            content = page.read_text(encoding="utf-8")
            digest = main_digest(content)
            packed = kept[docname][1] if kept.get(docname, [None])[0] == digest else packed_text(page_text(content))
            texts[docname] = [digest, packed]
            script = f"(window.bookSearchTexts = window.bookSearchTexts || {{}})[{json.dumps(docname)}] = {json.dumps(packed)};\n"
            wanted[folder / f"{docname}.js"] = script
    for path in sorted(folder.rglob("*.js")) if folder.is_dir() else []:
        if path not in wanted:
            path.unlink()
    for path, content in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    if texts != kept:
        kept_file.write_text(json.dumps(texts, sort_keys=True), encoding="utf-8")


def add_search_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give the search page, and it alone, the script that answers its fetches from the pages' texts."""
    if pagename == "search":
        app.add_js_file("book-search.js")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_search_script)
    app.connect("build-finished", write_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
