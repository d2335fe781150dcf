"""The PDF laid out as a book: figures by their references, full pages, clean contents and folios, one numbering.

Pages are read back from the built PDF with Poppler: the text of each page
(`pdftotext`), the box of each word (`pdftotext -bbox`), and the named
destinations hyperref writes (`pdfinfo -dests`), among them `page.<folio>` for
every page and `chapter.<n>` where each chapter starts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from analysis import paths
from analysis.book.downloads import DATA_FOLDER, DATA_ZIP, data_zip_files
from analysis.dataset.load import load
from analysis.dataset.quotes import fold_quote
from analysis.processes import QUICK, run

BOOK = paths.ROOT / "book"
LATEX = paths.ROOT / "_build" / "latex"
BP_PER_PT = 72 / 72.27

#: A page whose text and figures span less than this share of the text block is nearly empty.
NEARLY_EMPTY = 0.25
#: The report's chapters' share of the PDF's pages, at the least: the appendices' longest tables are left to the data
#: package on paper (the web edition keeps them).
REPORT_SHARE = 0.4
#: The most pages an appendix section whose table the PDF leaves to the data package may take.
STAND_IN_PAGES = 2
#: The appendix sections whose tables the PDF replaces by a summary and the file that holds every row.
LEFT_TO_THE_DATA_PACKAGE = {"claims.md": "Adjudicated disagreements", "codebook.md": "Tables and fields"}

#: A page whose text spans less than this many lines' height (a heading and a short paragraph) is nearly empty even at
#: a chapter's end: what it holds belongs on the page before.
FEWEST_LINES = 10
#: The height of a line of body text, in TeX points (10pt type on 12pt).
LINE_PT = 12.0

#: The smallest type a chart may print at, in points.
SMALLEST_CHART_TYPE = 7.0

ARABIC_WORD = re.compile(r"^[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\u200c–]+$")
DEVANAGARI_RUN = re.compile(r"[\u0900-\u097f]+")


@dataclass(frozen=True)
class Word:
    """A word of a PDF page and its box, in PDF points from the top left of the page."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def _poppler(*command: str) -> str:
    """What a Poppler tool prints."""
    return run(list(command), capture_output=True, text=True, check=True, timeout=QUICK).stdout


@cache
def page_texts(pdf: Path) -> list[str]:
    """The text of every page, laid out (`pdftotext -layout`), page 1 first."""
    return _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


@cache
def page_words(pdf: Path) -> list[list[Word]]:
    """The words of every page with their boxes, in PDF points from the top left."""
    pages = _poppler("pdftotext", "-bbox", str(pdf), "-").split("<page ")[1:]
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    return [
        [Word(float(a), float(b), float(c), float(d), html.unescape(text)) for a, b, c, d, text in pattern.findall(page)]
        for page in pages
    ]


@cache
def destinations(pdf: Path) -> dict[str, int]:
    """Every named destination of the PDF and its page (hyperref's `page.<folio>`, `chapter.<n>`, ...)."""
    found = {}
    for line in _poppler("pdfinfo", "-dests", str(pdf)).splitlines():
        match = re.match(r'\s*(\d+) \[.*\] "(.*)"$', line)
        if match:
            found.setdefault(match.group(2), int(match.group(1)))
    return found


def folios(pdf: Path) -> dict[int, list[str]]:
    """The page labels hyperref gave each page."""
    labels: dict[int, list[str]] = {}
    for line in _poppler("pdfinfo", "-dests", str(pdf)).splitlines():
        match = re.match(r'\s*(\d+) \[.*\] "page\.(.*)"$', line)
        if match:
            labels.setdefault(int(match.group(1)), []).append(match.group(2))
    return labels


def chapters(pdf: Path) -> list[tuple[str, int]]:
    """Each chapter of the contents (numbered or not) and the page it starts on, in order."""
    toc = (LATEX / "book.toc").read_text(encoding="utf-8")
    found = []
    for title, anchor in re.findall(r"\\contentsline \{chapter\}\{(.*)\}\{[^{}]*\}\{(chapter\*?\.\d+)\}", toc):
        found.append((re.sub(r"\\numberline \{[^}]*\}", "", title), destinations(pdf)[anchor]))
    return found


def chapter_starts(pdf: Path) -> set[int]:
    """The pages on which a chapter, numbered or not, starts."""
    return {page for name, page in destinations(pdf).items() if name.startswith("chapter")}


def text_block() -> tuple[float, float, float, float]:
    """The text block's left, top, right and bottom edges in PDF points, from the geometry LaTeX logged."""
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    left, width = (float(v) for v in re.search(r"h-part:\(L,W,R\)=\(([\d.]+)pt, ([\d.]+)pt", log).groups())
    top, height = (float(v) for v in re.search(r"v-part:\(T,H,B\)=\(([\d.]+)pt, ([\d.]+)pt", log).groups())
    return left * BP_PER_PT, top * BP_PER_PT, (left + width) * BP_PER_PT, (top + height) * BP_PER_PT


def fill(words: list[Word]) -> float:
    """The share of the text block's height that a page's words (the running head and foot aside) span."""
    _, top, _, bottom = text_block()
    inside = [w for w in words if w.y_min >= top - 2 and w.y_max <= bottom + 2]
    if not inside:
        return 0.0
    return (max(w.y_max for w in inside) - min(w.y_min for w in inside)) / (bottom - top)


def lines_of(words: list[Word]) -> list[list[Word]]:
    """A page's words in lines: words whose vertical middles lie within 3 points of each other."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.y_min + w.y_max):
        middle = (word.y_min + word.y_max) / 2
        if lines and abs(middle - (lines[-1][0].y_min + lines[-1][0].y_max) / 2) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def title_of(page: str) -> str:
    """A book page's title: its first heading."""
    source = (BOOK / page).read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", source, flags=re.M).group(1).strip()


def pdf_excluded() -> list[str]:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["book_pdf_exclude"]


def test_every_figure_is_on_the_page_of_its_first_reference_or_the_next(built_pdf: Path) -> None:
    texts = page_texts(built_pdf)
    starts = [*sorted(chapter_starts(built_pdf)), len(texts) + 1]
    captions = {number: page for page, text in enumerate(texts, 1) for number in re.findall(r"Fig\.\s+(\d+\.\d+):", text)}
    assert len(captions) >= 7
    for number, caption_page in captions.items():
        # the first reference in the figure's own chapter (an overview may cite it chapters ahead)
        first = destinations(built_pdf)[f"chapter.{number.split('.')[0]}"]
        last = next(start for start in starts if start > first) - 1
        cited = re.compile(rf"Fig\.\s+{re.escape(number)}(?![\d:])")
        referenced = [page for page in range(first, last + 1) if cited.search(texts[page - 1])]
        assert referenced, f"Fig. {number} is never referenced in its chapter"
        assert 0 <= caption_page - referenced[0] <= 1, (
            f"Fig. {number} is on page {caption_page}, its first reference on page {referenced[0]}"
        )


def test_no_page_is_nearly_empty_but_a_chapter_end(built_pdf: Path) -> None:
    words = page_words(built_pdf)
    starts = chapter_starts(built_pdf)
    # a chapter's last page may hold a few lines; a chapter that is one nearly empty page is an empty chapter
    ends = ({start - 1 for start in starts} | {len(words)}) - starts
    filled = [(page, round(fill(on_page), 2)) for page, on_page in enumerate(words, 1) if page not in ends]
    assert [found for found in filled if found[1] < NEARLY_EMPTY] == []


def test_no_page_but_the_title_page_holds_only_a_few_lines(built_pdf: Path) -> None:
    """Not the front matter's last page, nor a chapter's: no page is left with a heading or a few lines on it.

    The class is set `oneside` (analysis/book/sphinx_book.py), so LaTeX makes no deliberate blank verso page.
    """
    _, top, _, bottom = text_block()
    least = FEWEST_LINES * LINE_PT * BP_PER_PT / (bottom - top)
    short = [
        (
            page,
            f"{fill(on_page):.2f}",
            " ".join(w.text for w in sorted(on_page, key=lambda w: (w.y_min, w.x_min)) if w.y_min >= top)[:60],
        )
        for page, on_page in enumerate(page_words(built_pdf), 1)
        if page > 1 and fill(on_page) < least
    ]
    assert short == [], f"pages with less than {FEWEST_LINES} lines' height of text: {short}"


def test_contents_have_no_spill_page_and_keep_numbers_off_titles(built_pdf: Path) -> None:
    first = destinations(built_pdf)["chapter*.1"]  # the contents are the first chapter without a number
    last = min(start for start in chapter_starts(built_pdf) if start > first) - 1
    words = page_words(built_pdf)
    for page in range(first + 1, last + 1):
        assert fill(words[page - 1]) >= 0.5, f"the contents spill onto page {page}"
    raw = _poppler("pdftotext", "-raw", "-f", str(first), "-l", str(last), str(built_pdf), "-")
    assert not re.search(r"(?m)^\d+(?:\.\d+)*[^\d\s.]", raw), "a number runs into its title in the contents"
    for title, _ in chapters(built_pdf):
        assert fold_quote(title) in fold_quote(" ".join(raw.split())), title


def test_front_matter_in_roman_numbers_and_chapter_one_on_page_one(built_pdf: Path) -> None:
    labels = folios(built_pdf)
    n_pages = len(page_texts(built_pdf))
    assert all(len(labels.get(page, [])) == 1 for page in range(1, n_pages + 1)), "a page has no folio, or two"
    chapter_one = destinations(built_pdf)["chapter.1"]
    assert chapter_one > 2
    assert all(re.fullmatch(r"[ivxlc]+", labels[page][0]) for page in range(1, chapter_one)), labels
    assert [labels[page][0] for page in range(chapter_one, n_pages + 1)] == [str(n) for n in range(1, n_pages - chapter_one + 2)]
    texts = page_texts(built_pdf)
    assert not re.search(r"(?m)^\s*[ivx]+\s*$", texts[0]), "the title page shows a folio"
    assert texts[1].split()[-1] == labels[2][0] == "ii"


def test_references_chapter_holds_the_bibliography(built_pdf: Path) -> None:
    found = chapters(built_pdf)
    assert [title for title, _ in found if "bibliography" in title.lower()] == []
    title = title_of("references.md")
    start = dict(found)[title]
    following = [page for _, page in found if page > start]
    pages = page_texts(built_pdf)[start - 1 : (min(following) - 1 if following else None)]
    text = fold_quote(" ".join(" ".join(pages).lower().split()))
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    titles = re.findall(r"^\s*title\s*=\s*[{\"](.+?)[}\"],?\s*$", bib, flags=re.M)
    assert titles
    for entry in titles:
        words = fold_quote(" ".join(re.sub(r"[{}]", "", entry).lower().split()[:2]))
        assert words in text, f"{entry!r} is not in the {title} chapter"


def test_contributor_guide_is_in_the_web_edition_only(built_pdf: Path, built_book: Path) -> None:
    text = " ".join(" ".join(page_texts(built_pdf)).split())
    for page in pdf_excluded():
        name = title_of(f"{Path(page).name}.md")
        assert name not in text, f"{name!r} is in the PDF"
        assert (built_book / f"{page}.html").is_file()
        assert f'href="{Path(page).name}.html"' in (built_book / "book" / "index.html").read_text(encoding="utf-8")


def test_tables_and_figures_have_the_same_numbers_in_both_editions(built_pdf: Path, built_book: Path) -> None:
    text = fold_quote(" ".join(" ".join(page_texts(built_pdf)).split()))
    caption = re.compile(r'caption-number">(Table|Fig\.) (\d+(?:\.\d+)*) </span><span class="caption-text">(.*?)</span>', re.S)
    table_ids = re.compile(r'<table[^>]* id="([^"]+)"[^>]*>\s*<caption><span class="caption-number">Table (\d+(?:\.\d+)*) ')
    # the tables the PDF leaves to the data package keep their numbers free there (the others keep theirs); an HTML
    # id has hyphens for underscores
    resources = [r["name"] for r in load().descriptor["resources"] if r.get("type") == "table"]
    left_out = {"tbl-adjudications"} | {f"tbl-fields-{name.replace('_', '-')}" for name in resources}
    found = {}
    for page in sorted((built_book / "book").rglob("*.html")):
        if page.name == "index.html":
            continue  # the front page's figure is the web edition's alone (the PDF's front matter has no figure)
        source = page.read_text(encoding="utf-8")
        web_only = {f"Table {number}" for name, number in table_ids.findall(source) if name in left_out}
        for kind, number, words in caption.findall(source):
            start = " ".join(html.unescape(re.sub(r"<[^>]+>", "", words)).split()[:4])
            if f"{kind} {number}" in web_only:
                assert fold_quote(f"{kind} {number}: {start}") not in text, f"{page.name}: {kind} {number} is printed"
                left_out -= {name for name, n in table_ids.findall(source) if f"Table {n}" == f"{kind} {number}"}
                continue
            found[f"{kind} {number}"] = start
            assert fold_quote(f"{kind} {number}: {start}") in text, (
                f"{page.name}: {kind} {number} ({start}...) differs in the PDF"
            )
    report = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))["parts"][0]["chapters"]
    in_appendices = [key for key in found if key.startswith("Table") and int(key.split()[1].split(".")[0]) > len(report)]
    assert in_appendices, f"no appendix table is numbered by its chapter: {sorted(found)}"
    assert left_out == set(), f"not in the web edition: {sorted(left_out)}"


@pytest.mark.parametrize("book", ["built_pdf", "third_source_pdf"])
def test_chart_text_prints_at_7pt_or_more(book: str, request: pytest.FixtureRequest) -> None:
    """In the project's PDF and in the PDF grown by a third source (whose panels per author must not wrap)."""
    latex = request.getfixturevalue(book).parent / "latex"
    log = (latex / "book.log").read_text(encoding="utf-8", errors="replace")
    figures = re.findall(r"Book figure printed ([\d.]+)pt wide:\n\{?([^{}\n]+?)\}?(\.pdf)\n", log)
    assert len(figures) >= 7
    for width, name, suffix in figures:
        chart = latex / f"{name}{suffix}"
        page_width = float(re.search(r"Page size:\s+([\d.]+) x", _poppler("pdfinfo", str(chart))).group(1))
        scale = float(width) * BP_PER_PT / page_width
        smallest = min(w.y_max - w.y_min for w in page_words(chart)[0])
        assert smallest * scale >= SMALLEST_CHART_TYPE, f"{chart.name}: text prints at {smallest * scale:.1f} pt"


def test_devanagari_copies_out_of_the_pdf_in_order(built_pdf: Path) -> None:
    runs = {run for path in paths.RAW.iterdir() for run in DEVANAGARI_RUN.findall(path.read_text(encoding="utf-8"))}
    assert "संघर्ष" in runs
    text = "".join(page_texts(built_pdf))
    for found in runs:
        assert found in text, f"{found} does not copy out of the PDF in order"


def test_persian_lines_of_the_source_texts_are_flush_right(built_pdf: Path) -> None:
    found = chapters(built_pdf)
    start = dict(found)[title_of("texts.md")]
    end = min([page for _, page in found if page > start], default=len(page_texts(built_pdf)) + 1)
    _, _, right, _ = text_block()
    n_lines = 0
    for page in range(start, end):
        for row in lines_of(page_words(built_pdf)[page - 1]):
            if all(ARABIC_WORD.match(w.text) for w in row):
                n_lines += 1
                assert max(w.x_max for w in row) >= right - 1.5, f"page {page}: {' '.join(w.text for w in row)!r}"
    assert n_lines >= 3


def section_pages(pdf: Path, title: str) -> range:
    """The pages a section of the contents spans, from its start to the start of whatever follows it."""
    toc = (LATEX / "book.toc").read_text(encoding="utf-8")
    entries = re.findall(r"\\contentsline \{(?:chapter|section)\}\{(.*)\}\{[^{}]*\}\{((?:chapter|section)\*?\.[\d.]+)\}", toc)
    anchors = [anchor for _, anchor in entries]
    found = next(anchor for name, anchor in entries if re.sub(r"\\numberline \{[^}]*\}", "", name).strip() == title)
    following = anchors[anchors.index(found) + 1 :]
    end = destinations(pdf)[following[0]] if following else len(page_texts(pdf)) + 1
    return range(destinations(pdf)[found], max(end, destinations(pdf)[found] + 1))


def test_long_appendix_tables_are_left_to_the_data_package_on_paper(built_pdf: Path, built_book: Path) -> None:
    """The adjudications and the field dictionary: a summary and the file of the data zip with every row on paper,
    every row on the web; so the report is a larger share of the PDF."""
    texts = page_texts(built_pdf)
    report = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))["parts"][0]["chapters"]
    start, first_appendix = destinations(built_pdf)["chapter.1"], destinations(built_pdf)[f"chapter.{len(report) + 1}"]
    share = (first_appendix - start) / len(texts)
    assert share >= REPORT_SHARE, f"the report is {share:.0%} of the PDF's pages"
    text = " ".join(" ".join(texts).split())
    squeezed = "".join(text.split())  # a file's name may break across lines
    data = load()
    adjudications = next(r["path"] for r in data.descriptor["resources"] if r["name"] == "adjudications")
    zipped = data_zip_files()
    for name in (adjudications, "datapackage.json"):
        assert f"thefile{name}of{DATA_ZIP}" in squeezed, f"the PDF does not send its reader to {name}"
        assert f"{DATA_FOLDER}/{name}" in zipped
    for page, title in LEFT_TO_THE_DATA_PACKAGE.items():
        pages = section_pages(built_pdf, title)
        assert len(pages) <= STAND_IN_PAGES, f"{title}: pages {pages.start}-{pages.stop - 1}"
        assert title_of(page) in text
    assert "Every disagreement between the two codings and how it was settled" not in text
    claims = (built_book / "book" / "claims.html").read_text(encoding="utf-8")
    table = claims[claims.index('id="tbl-adjudications"') :].split("</table>", 1)[0]
    assert table.count("<tr") == len(data.adjudications) + 1, "the web edition lists every disagreement"
    codebook = (built_book / "book" / "codebook.html").read_text(encoding="utf-8")
    for resource in data.descriptor["resources"]:
        if resource.get("type") == "table":
            assert f'id="tbl-fields-{resource["name"].replace("_", "-")}"' in codebook
            assert f"{resource['name']}: {resource['title']}" not in text, "a field table is printed"
