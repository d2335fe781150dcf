"""The annotated source pages: every source's raw text with its coded passages marked, in HTML and in the PDF.

Before Sphinx reads anything, `write_source_pages` writes one page per source of
the dataset into `book/texts/` (git-ignored; the table of contents takes them
with a glob), so a new source gets its page with no code change. Each page holds
the `annotated-source` directive, which builds the text from the dataset as
docutils nodes:

- the text is cut at every span boundary (`passages.annotate`); a piece covered
  by spans is a `source_segment`, drawn with one coloured underline per kind of
  record on it and a tint that darkens with the number of overlapping spans;
- where a span begins, a `span_start` carries the span id as its anchor and a
  small label per record, each label a `record_mark` whose anchor is
  `record-<record id>` (the target of the `{record}` role);
- page chrome is set apart from the article body, body sentences no record
  covers are marked, right-to-left runs are isolated in HTML (and set in their
  font and direction in LaTeX by `sphinx_book.wrap_scripts`); in LaTeX a line
  written only in right-to-left script (a Persian heading) is set flush right.

HTML keeps the text byte for byte (line breaks shown with `white-space:
pre-line`); LaTeX draws the marks under each word box and between words with
leaders, so marked text still breaks across lines.

The `{quote}` role shows a record's or a span's passage as a link to it.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from analysis import paths
from analysis.book import bibtex
from analysis.book.cache import input_files, write_stamp
from analysis.dataset.load import Dataset, load
from analysis.report import frames, palette, passages, summary
from analysis.report.tables import markdown_escape

#: Where the generated pages go, relative to the book's source folder (git-ignored; `_toc.yml` globs it).
TEXTS_DIR = "book/texts"

#: Letters of the Arabic script (Persian, Urdu, Pashto): runs of them are set right to left.
ARABIC_LETTERS = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff"

#: Characters without a direction of their own that belong to a right-to-left run when Arabic letters surround them
#: (a zero-width non-joiner, spaces, dashes and common punctuation), as in "افغانستان آزاد – آزاد افغانستان".
RTL_NEUTRALS = "\u200c\u00a0 \t\u2013\u2014.,:;!?()\u00ab\u00bb\"'\\-"


def arabic_run_pattern(across_lines: bool) -> str:
    """A regular expression for a run of Arabic script, neutral characters inside it included."""
    inner = ARABIC_LETTERS + RTL_NEUTRALS + ("\\s" if across_lines else "")
    return f"[{ARABIC_LETTERS}](?:[{inner}]*[{ARABIC_LETTERS}])?"


#: Letters only Urdu or only Pashto write among the languages of the Arabic script; a run with neither is Persian.
_URDU_LETTERS = set("ٹڈڑںےۓھ")
_PASHTO_LETTERS = set("ټډړښږځڅۍېګ")
#: The Devanagari block: a word in it is tagged Hindi (WCAG 3.1.2 asks for the language, not only the script).
_DEVANAGARI = re.compile("[\u0900-\u097f]")


def language_of(text: str) -> str | None:
    """The BCP 47 tag of a run in another script than the English text around it: fa, ur, ps or hi; None for English."""
    if re.search(f"[{ARABIC_LETTERS}]", text):
        letters = set(text)
        return "ur" if letters & _URDU_LETTERS else "ps" if letters & _PASHTO_LETTERS else "fa"
    return "hi" if _DEVANAGARI.search(text) else None


#: Where a passage is, from a chapter page: its anchor on its source's annotated page.
PASSAGE_ADDRESS = "texts/{source_id}.html#{anchor}"


def passage_address(passage: str) -> str:
    """The address, from a chapter page, of a passage the report refers to as "<source id>#<anchor>" (empty, none)."""
    if not passage:
        return ""
    source_id, anchor = passage.split("#", 1)
    return PASSAGE_ADDRESS.format(source_id=source_id, anchor=anchor)


#: A run of Arabic script (across lines) or of Devanagari.
SCRIPT_RUN = re.compile(f"({arabic_run_pattern(across_lines=True)})|([\u0900-\u097f]+)")


def declared_run(run: str) -> str:
    """A run of another script as HTML: in a span that declares its language (WCAG 3.1.2: a screen reader changes
    voice there) and, for Arabic script, its direction."""
    direction = "" if language_of(run) == "hi" else ' dir="rtl"'
    return f'<span{direction} lang="{language_of(run)}">{html.escape(run)}</span>'


def html_with_languages(text: str) -> str:
    """`text` escaped as HTML, each run in another script declared (`declared_run`)."""
    pieces, cursor = [], 0
    for match in SCRIPT_RUN.finditer(text):
        pieces += [html.escape(text[cursor : match.start()]), declared_run(match.group(0))]
        cursor = match.end()
    return "".join([*pieces, html.escape(text[cursor:])])


# A run of Arabic script on one line, a run of white space, or a word of other text.
_TOKEN = re.compile(rf"(?P<rtl>{arabic_run_pattern(across_lines=False)})|(?P<space>\s+)|(?P<word>[^\s{ARABIC_LETTERS}]+)")

#: The deepest overlap the tint tells apart; deeper overlaps share its tint.
MAX_TINT = 3

CHROME_CAPTION = "captured with the article, outside its body."

_UNCOVERED = "uncovered"


def _digest() -> str:
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["content_sha256"]


@functools.lru_cache(maxsize=1)
def _load(digest: str) -> Dataset:
    return load(paths.DATA)


@functools.lru_cache(maxsize=1)
def _anchors(digest: str) -> dict[str, tuple[str, str]]:
    return passages.passage_anchors(_load(digest))


#: The file, beside the doctrees, of the digest of every passage `{quote}` can show (`stamp_quotes`).
QUOTES_STAMP = "book-quotes.sha256"


def stamp_quotes(app: Sphinx, config: Config) -> None:
    """Write the digest of the passages and anchors `{quote}` reads, only when it changed: a page that quotes
    depends on it, so a change to the data re-reads the pages whose quotes it may change, and no other."""
    write_stamp(Path(app.doctreedir) / QUOTES_STAMP, json.dumps(sorted(_anchors(_digest()).items())))


def dataset() -> Dataset:
    """The dataset, loaded once for as long as its content is unchanged."""
    return _load(_digest())


# Nodes. They subclass `inline`, so a builder without its own visitor falls back to the inline one.


class source_segment(nodes.inline):  # docutils names node classes in lower case
    """A piece of source text: the spans covering it, the kinds of record on them, uncovered or heading."""


class source_word(nodes.inline):
    """A word, or a run of right-to-left script, of a source text: one box under which LaTeX draws the marks."""


class source_gap(nodes.inline):
    """White space of a source text between words: a line or paragraph break when it holds a newline."""


class span_start(nodes.inline):
    """Where a span begins: its anchor (the span id) and the labels of its records."""


class record_mark(nodes.inline):
    """The label of one record at its span; its anchor is `record-<id>` (phase evidence has none)."""


def _tokens(text: str, marked: bool) -> list[nodes.Node]:
    """A piece of text as words and gaps; words and gaps inside a marked piece carry the marks in LaTeX."""
    found: list[nodes.Node] = []
    for match in _TOKEN.finditer(text):
        value = match.group(0)
        if match.lastgroup == "space":
            gap = source_gap(marked=marked)
            gap += nodes.Text(value)
            found.append(gap)
        elif match.lastgroup == "rtl" or marked or language_of(value):
            rtl = match.lastgroup == "rtl"
            word = source_word(marked=marked, rtl=rtl, lang=language_of(value), classes=["rtl"] if rtl else [])
            word += nodes.Text(value)
            found.append(word)
        else:
            found.append(nodes.Text(value))
    return found


def _segment(text: str, spans: tuple[str, ...] = (), kinds: tuple[str, ...] = (), **flags: Any) -> source_segment:
    """A piece as a segment node; `depth` (for the key's samples) defaults to the number of spans covering it."""
    depth = min(flags.get("depth", len(spans)), MAX_TINT)
    uncovered, heading = bool(flags.get("uncovered")), bool(flags.get("heading"))
    classes = ["seg"] + (["coded"] if kinds else []) + [f"k-{kind}" for kind in kinds]
    classes += (["uncovered"] if uncovered else []) + (["heading-line"] if heading else [])
    node = source_segment(
        spans=list(spans), kinds=list(kinds), depth=depth, uncovered=uncovered, heading=heading, tip=flags.get("tip", "")
    )
    node["classes"] = classes
    node.extend(_tokens(text, marked=bool(kinds) or uncovered))
    return node


def _span_start(span_id: str, records: tuple[passages.Record, ...], document: nodes.document) -> span_start:
    start = span_start(ids=[span_id], names=[span_id], span=span_id, classes=["span-start"])
    document.note_explicit_target(start)
    for index, record in enumerate(records):
        if index:
            start += nodes.Text(" ")
        anchor = passages.record_label(record.record_id) if record.record_id else None
        mark = record_mark(
            kind=record.kind,
            span=span_id,
            href=f"#{anchor or span_id}",
            tip=record.description,
            classes=["rec", f"k-{record.kind}"],
        )
        mark += nodes.Text(record.label)
        if anchor:
            mark["ids"], mark["names"] = [anchor], [anchor]
            document.note_explicit_target(mark)
        start += mark
    return start


def _uncovered_tag() -> span_start:
    tag = span_start(span="", classes=["span-start", "uncovered-tag"])
    mark = record_mark(kind=_UNCOVERED, span="", href="", tip="", classes=["rec", f"k-{_UNCOVERED}"])
    mark += nodes.Text(_UNCOVERED)
    tag += mark
    return tag


def _block(annotated: passages.AnnotatedText, block: passages.Block, document: nodes.document) -> nodes.container:
    box = nodes.container(classes=["source-chrome" if block.chrome else "source-body"])
    if block.chrome:
        caption = nodes.paragraph(classes=["chrome-caption"])
        caption += [nodes.strong("Page chrome", "Page chrome"), nodes.Text(": " + CHROME_CAPTION)]
        box += caption
    text = nodes.paragraph(classes=["source-text"])
    for piece in block.pieces:
        for span_id in piece.opens:
            text += _span_start(span_id, annotated.records[span_id], document)
        if piece.opens_uncovered:
            text += _uncovered_tag()
        value = annotated.text[piece.start : piece.end]
        if piece.spans or piece.uncovered or piece.heading:
            tip = "; ".join(record.description for span_id in piece.spans for record in annotated.records[span_id])
            text += _segment(value, piece.spans, piece.kinds, uncovered=piece.uncovered, heading=piece.heading, tip=tip)
        else:
            text.extend(_tokens(value, marked=False))
    _flush_rtl_lines(text)
    box += text
    return box


def _line_starts(paragraph: nodes.paragraph) -> list[tuple[nodes.Node | None, bool]]:
    """Each line of a source text's paragraph: its first node, and whether its only words are right to left.

    Lines end at white space holding a line break; record labels at a line's start belong to no script.
    """
    lines: list[tuple[nodes.Node | None, bool]] = []
    first: nodes.Node | None = None
    rtl = ltr = False
    skip: set[int] = set()
    for node in paragraph.findall(include_self=False):
        if id(node) in skip:
            continue
        if isinstance(node, (source_word, source_gap, span_start)):
            skip.update(id(inner) for inner in node.findall(include_self=False))
        if isinstance(node, source_gap) and _LINE_BREAK.search(node.astext()):
            lines.append((first, rtl and not ltr))
            first, rtl, ltr = None, False, False
            continue
        if first is None and not isinstance(node, source_gap):
            first = node
        if isinstance(node, source_word):
            rtl, ltr = rtl or node["rtl"], ltr or not node["rtl"]
        elif isinstance(node, nodes.Text) and node.strip():
            ltr = True
    lines.append((first, rtl and not ltr))
    return lines


def _flush_rtl_lines(paragraph: nodes.paragraph) -> None:
    """In LaTeX, set flush right each line of a source text whose only words are right to left (a Persian heading)."""
    for first, rtl in _line_starts(paragraph):
        if rtl and first is not None:
            first.parent.insert(first.parent.index(first), nodes.raw("", r"\hspace*{\fill}", format="latex"))


def _key(annotated: passages.AnnotatedText) -> list[nodes.Node]:
    """What the marks mean, drawn with the marks themselves."""
    key = nodes.paragraph(classes=["source-key"])
    key += nodes.strong("Key", "Key")
    key += nodes.Text(": ")
    for kind, word in passages.KINDS.items():
        key += [_segment(word, (), (kind,), depth=1), nodes.Text(", ")]
    key += [_segment("overlapping passages", (), ("claim",), depth=2), nodes.Text(", ")]
    key += [_segment("a body sentence no record covers", uncovered=True), nodes.Text(".")]
    labelled = [r for found in annotated.records.values() for r in found if r.record_id and r.label != r.record_id]
    example = min(labelled, key=lambda r: list(passages.KINDS).index(r.kind), default=None)
    labels = f" ({example.label} is record {example.record_id}; phase evidence is labelled with its phase)" if example else ""
    how = nodes.paragraph(
        classes=["source-how"],
        text=(
            "Each coded passage is underlined once for every kind of record resting on it, on a tint that darkens "
            f"where passages overlap. A small label opens each passage and names its records{labels}. "
        ),
    )
    on_screen = "In the HTML book, hover over a passage or focus a label to read its records. "
    how += addnodes.only("", nodes.Text(on_screen), expr="html")  # on paper there is nothing to hover over
    how += nodes.Text("The tables and findings link here, to the passage itself.")
    return [key, how]


def _about(data: Dataset, source_id: str, annotated: passages.AnnotatedText, docname: str) -> nodes.paragraph:
    source = data.sources.set_index("source_id").loc[source_id]
    n_records = sum(len(found) for found in annotated.records.values())
    counts = {kind: sum(r.kind == kind for found in annotated.records.values() for r in found) for kind in passages.KINDS}
    tally = ", ".join(f"{n} {(passages.KINDS if n == 1 else passages.KINDS_PLURAL)[kind]}" for kind, n in counts.items() if n)
    about = nodes.paragraph(classes=["source-about"])
    about += nodes.Text(f"{source.attribution}: ")
    about += nodes.emphasis(source.title, source.title)
    published = summary.published_phrase(source.published, source.published_precision)
    about += nodes.Text(f". {source.venue}, published {published}. The text below is the file ")
    download = addnodes.download_reference(
        "",
        "",
        refdoc=docname,
        reftarget="/" + (paths.RAW / source.raw_file).relative_to(paths.ROOT).as_posix(),
        refexplicit=True,
        refdomain="",
        reftype="download",
    )
    download += nodes.literal(source.raw_file, source.raw_file)
    about += download
    about += nodes.Text(
        f" as received ({source.n_chars} characters), with {len(annotated.records)} coded passages "
        f"carrying {n_records} records ({tally})."
    )
    return about


class AnnotatedSource(SphinxDirective):
    """```{annotated-source} <source_id>```: the source's raw text with its coded passages marked and labelled."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        data = dataset()
        source_id = self.arguments[0]
        if source_id not in set(data.sources.source_id):
            raise self.error(f"annotated-source: no source {source_id!r} in the dataset")
        for path in input_files(paths.ROOT):
            self.env.note_dependency(str(path))
        annotated = passages.annotate(data, source_id)
        root = nodes.container(classes=["annotated-source"])
        root += _about(data, source_id, annotated, self.env.docname)
        root += _key(annotated)
        root += [_block(annotated, block, self.state.document) for block in annotated.blocks]
        return [root]


def quote_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """`{quote}` id: the passage of a record (or of a span, by its id) as a link to it on its source page."""
    key = text.strip()
    env = inliner.document.settings.env
    env.note_dependency(str(Path(env.doctreedir) / QUOTES_STAMP))
    found = _anchors(_digest()).get(key)
    if found is None:
        message = inliner.reporter.error(f"{{quote}}: no record or span {key!r} in the dataset", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    anchor, passage = found
    passage = " ".join(passage.split())  # in a table cell or a sentence, a line break in the passage is a space
    reference = addnodes.pending_xref(rawtext, refdomain="std", reftype="ref", reftarget=anchor, refexplicit=True, refwarn=True)
    reference += nodes.inline(passage, passage)
    return [reference], []


def page_markdown(source_id: str, title: str) -> str:
    """The MyST page of one source: a label, a title and the directive that draws the text."""
    return f"({passages.page_label(source_id)})=\n# {markdown_escape(title)}\n\n```{{annotated-source}} {source_id}\n```\n"


def write_source_pages(app: Sphinx, config: Config) -> None:
    """Write one page per source of the dataset into `book/texts/`, and remove the pages of sources that are gone.

    A page is rewritten only when its content changes, so an unchanged source is not re-read.
    """
    folder = Path(app.srcdir) / TEXTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {
        f"{row.source_id}.md": page_markdown(row.source_id, row.label_year) for row in frames.authors(dataset()).itertuples()
    }
    for page in folder.glob("*.md"):
        if page.name not in wanted:
            page.unlink()
    for name, content in wanted.items():
        page = folder / name
        if not page.is_file() or page.read_text(encoding="utf-8") != content:
            page.write_text(content, encoding="utf-8")


def write_sources_bib(app: Sphinx, config: Config) -> None:
    """Write the sources' BibTeX entries (`bibtex.GENERATED_BIB`) before the bibliography is read."""
    bibtex.write_bib(dataset(), Path(app.confdir) / bibtex.GENERATED_BIB)


# HTML


def _layers(node: source_segment) -> list[str]:
    return [f"var(--k-{kind})" for kind in node["kinds"]]


def html_visit_segment(self: Any, node: source_segment) -> None:
    attributes = {}
    if node["spans"]:
        attributes["data-spans"] = " ".join(node["spans"])
    if node["tip"]:
        attributes["title"] = node["tip"]
    layers = _layers(node)
    if layers:
        style = [f"--depth: {node['depth']}", f"--layers: {len(layers)}"]
        style += [f"--u{index}: {colour}" for index, colour in enumerate(layers, start=1)]
        attributes["style"] = "; ".join(style)
    self.body.append(self.starttag(node, "span", "", **attributes))


def _word_attributes(node: source_word) -> dict[str, str]:
    """A word's direction and language, where they differ from the page's (English, left to right)."""
    return {**({"dir": "rtl"} if node["rtl"] else {}), **({"lang": node["lang"]} if node.get("lang") else {})}


def html_visit_word(self: Any, node: source_word) -> None:
    attributes = _word_attributes(node)
    self.body.append(self.starttag(node, "span", "", **attributes) if attributes else "")


def html_depart_word(self: Any, node: source_word) -> None:
    self.body.append("</span>" if _word_attributes(node) else "")


def html_visit_gap(self: Any, node: source_gap) -> None:
    """White space is written as it is: the page shows its line breaks (`white-space: pre-line`)."""


def html_depart_gap(self: Any, node: source_gap) -> None:
    """Nothing closes a gap."""


def html_visit_span_start(self: Any, node: span_start) -> None:
    attributes = {"data-span": node["span"]} if node["span"] else {}
    self.body.append(self.starttag(node, "span", "", **attributes))


def html_visit_mark(self: Any, node: record_mark) -> None:
    if not node["href"]:
        self.body.append(self.starttag(node, "span", ""))
        return
    label = node.astext()
    self.body.append(
        self.starttag(
            node,
            "a",
            "",
            href=node["href"],
            **{"data-span": node["span"], "data-tip": node["tip"], "aria-label": f"{label}: {node['tip']}"},
        )
    )


def html_depart_mark(self: Any, node: record_mark) -> None:
    self.body.append("</a>" if node["href"] else "</span>")


def html_depart_span(self: Any, node: nodes.Element) -> None:
    self.body.append("</span>")


# LaTeX

#: Macros the LaTeX writer's output for the source pages uses (added to the preamble by `sphinx_book`).
LATEX_PREAMBLE = (
    r"""
\usepackage{framed}
"""
    + "".join(
        rf"\definecolor{{book{kind}}}{{HTML}}{{{colour[1:].upper()}}}" + "\n" for kind, colour in palette.PASSAGE_MARKS.items()
    )
    + r"""\definecolor{booktint1}{HTML}{EBEEF2}
\definecolor{booktint2}{HTML}{D8DEE6}
\definecolor{booktint3}{HTML}{C3CCD8}
\definecolor{bookchromebar}{HTML}{A1A1AA}
% Marks drawn under every word box of a coded piece, and repeated by leaders in the gaps between words.
\newdimen\bookwd
\newcommand{\bookmarks}{}
\newcommand{\booksetmarks}[1]{\renewcommand{\bookmarks}{#1}}
% (each mark overlaps its neighbours by 0.2pt on either side, so that no seam shows between them)
\newcommand{\booktint}[1]{\rlap{\kern-0.2pt\textcolor{#1}{\rule[-0.34em]{\dimexpr\bookwd+0.4pt}{1.16em}}}}
\newcommand{\bookline}[2]{\rlap{\kern-0.2pt\textcolor{#1}{\rule[\dimexpr-0.44em-#2\dimexpr0.15em\relax\relax]{\dimexpr\bookwd+0.4pt}{0.08em}}}}
\newcommand{\bookw}[1]{\leavevmode\setbox0=\hbox{#1}\bookwd=\wd0\relax\bookmarks\box0\relax}
\newcommand{\bookgap}{\leavevmode\leaders\hbox to 0.25pt{\bookwd=0.25pt\relax\bookmarks\hss}\hskip 0.33em plus 0.25em minus 0.1em\relax}
\newcommand{\booklabels}[1]{\textsuperscript{\sffamily\scriptsize #1}\,}
\newcommand{\booklabel}[2]{\textcolor{#1}{#2}}
\newcommand{\booktextsetup}{\raggedright\linespread{1.9}\selectfont\setlength{\parindent}{0pt}\setlength{\parskip}{0.6\baselineskip}}
\newenvironment{sphinxclasssource-body}{\par\begingroup\booktextsetup}{\par\endgroup}
% Page chrome (menus, icons, footers captured with the article) is set closer than the body: it is there to be
% checked, not read, and a text's closing chrome then rarely spills a few lines onto a page of its own.
\newenvironment{sphinxclasssource-chrome}{\par\vspace{\medskipamount}\def\FrameCommand{{\color{bookchromebar}\vrule width 2pt}\hspace{8pt}}%
  \MakeFramed{\advance\hsize-\width\FrameRestore}\booktextsetup\small\sffamily\linespread{1.3}\selectfont
  \setlength{\parskip}{0.1\baselineskip}}{\par\endMakeFramed\medskip}
"""
)


def latex_visit_segment(self: Any, node: source_segment) -> None:
    marks = [rf"\booktint{{booktint{node['depth']}}}"] if node["depth"] else []
    colours = [f"book{kind}" for kind in node["kinds"]] + (["bookuncovered"] if node["uncovered"] else [])
    marks += [rf"\bookline{{{colour}}}{{{index}}}" for index, colour in enumerate(colours)]
    opening = "{" + (r"\bfseries " if node["heading"] else "")
    self.body.append(opening + (r"\booksetmarks{" + "".join(marks) + "}" if marks else ""))


def latex_depart_segment(self: Any, node: source_segment) -> None:
    self.body.append("}")


def latex_visit_word(self: Any, node: source_word) -> None:
    self.body.append(r"\bookw{" if node["marked"] else "")


def latex_depart_word(self: Any, node: source_word) -> None:
    self.body.append("}" if node["marked"] else "")


#: A line break as a text may have saved it (LF, CRLF, CR or a Unicode line separator).
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def latex_visit_gap(self: Any, node: source_gap) -> None:
    breaks = len(_LINE_BREAK.findall(node.astext()))
    if breaks:
        self.body.append("\\par\n" if breaks > 1 else "\\newline\n")
    else:
        self.body.append(r"\bookgap{}" if node["marked"] else " ")
    raise nodes.SkipNode


def latex_visit_span_start(self: Any, node: span_start) -> None:
    self.body.append("".join(self.hypertarget(node_id) for node_id in node["ids"]) + r"\booklabels{")


def latex_visit_mark(self: Any, node: record_mark) -> None:
    targets = "".join(self.hypertarget(node_id) for node_id in node["ids"])
    self.body.append(targets + rf"\booklabel{{book{node['kind']}}}{{")


def latex_depart_brace(self: Any, node: nodes.Element) -> None:
    self.body.append("}")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the source pages' nodes, directive and role; write the pages and the sources' bibliography before the build reads them."""
    app.add_node(source_segment, html=(html_visit_segment, html_depart_span), latex=(latex_visit_segment, latex_depart_segment))
    app.add_node(source_word, html=(html_visit_word, html_depart_word), latex=(latex_visit_word, latex_depart_word))
    app.add_node(source_gap, html=(html_visit_gap, html_depart_gap), latex=(latex_visit_gap, html_depart_gap))
    app.add_node(span_start, html=(html_visit_span_start, html_depart_span), latex=(latex_visit_span_start, latex_depart_brace))
    app.add_node(record_mark, html=(html_visit_mark, html_depart_mark), latex=(latex_visit_mark, latex_depart_brace))
    app.add_directive("annotated-source", AnnotatedSource)
    app.add_role("quote", quote_role)
    app.connect("config-inited", write_source_pages)
    app.connect("config-inited", write_sources_bib)
    app.connect("config-inited", stamp_quotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
