"""The PDF book: complete, every chart a vector figure, every script typeset, fonts embedded."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pikepdf
import pytest
import yaml

from analysis import paths
from analysis.book import notebooks
from analysis.book.sphinx_book import dataset_version
from analysis.dataset.load import Dataset, load
from analysis.dataset.quotes import fold_quote
from analysis.processes import QUICK, run
from analysis.report import charts, frames, summary
from analysis.report.figure import PDF_WIDTH

BOOK = paths.ROOT / "book"
LATEX = paths.ROOT / "_build" / "latex"
PAGES = paths.ROOT / "_build" / "pdf-pages"


def book_argument_maps(data: Dataset) -> list[charts.ArgumentMap]:
    """The argument maps the book draws from `data`."""
    return charts.argument_maps(
        frames.with_evidence(data, "claims"), frames.authors(data), summary.argument_links_by_source(data)
    )


def pdf_text(pdf: Path) -> str:
    text = run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    return fold_quote(text)


def notebook_markdown() -> str:
    """The chapters' Markdown as the PDF prints it: without the blocks only the web edition shows."""
    return re.sub(r"(`{3,})\{only\} html\n.*?\n\1\n", "", _all_markdown(), flags=re.S)


def _all_markdown() -> str:
    return "\n".join(
        cell.source
        for chapter in notebooks.chapters(BOOK)
        for cell in notebooks.read(chapter).cells
        if cell.cell_type == "markdown"
    )


def figure_captions() -> list[str]:
    """The caption of every figure: each one glued in the notebooks' Markdown (the text after the directive's
    options), and each argument map, whose figures a notebook writes, one per part of a source's argument."""
    captions = []
    for block in re.findall(r"```\{glue:figure\}.*?\n(.*?)```", notebook_markdown(), flags=re.S):
        body = [line for line in block.splitlines() if line.strip() and not line.startswith(":")]
        caption = " ".join(body)
        for name, form in summary.chart_forms(load()).items():  # what the caption says of the chart's form, glued
            caption = caption.replace(f"{{glue:text}}`{name}`", form)
        captions.append(caption)
    return captions + [argument_map.caption for argument_map in book_argument_maps(load())]


def chapter_titles() -> list[str]:
    """The title of every chapter of the PDF: every page of the book but those the PDF leaves out."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    left_out = {paths.ROOT / page for page in config["sphinx"]["config"]["book_pdf_exclude"]}
    titles = []
    for path in sorted(BOOK.glob("*.md")):
        if path.with_suffix("") in left_out:
            continue
        source = notebook_markdown_of(path)
        match = re.search(r"^# (.+)$", source, flags=re.M)
        assert match, path
        titles.append(match.group(1).strip())
    return titles


def notebook_markdown_of(path: Path) -> str:
    if not notebooks.is_chapter(path):
        return path.read_text(encoding="utf-8")
    return "\n".join(c.source for c in notebooks.read(path).cells if c.cell_type == "markdown")


def test_the_pdf_declares_its_language_title_and_metadata(built_pdf: Path) -> None:
    """A screen reader needs the language (/Lang), a viewer shows the title rather than the file name
    (DisplayDocTitle), and archives and catalogues read XMP: title, authors, subject, keywords, language."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    with pikepdf.open(built_pdf) as pdf:
        assert str(pdf.Root.Lang) == sphinx["language"]
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == config["title"]
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == config["title"]
            assert xmp["dc:creator"] == [config["author"]]
            assert xmp["dc:description"] == sphinx["book_subtitle"]
            assert set(xmp["dc:subject"]) == set(sphinx["book_keywords"])
            assert xmp["dc:language"] == {sphinx["language"]}
            assert xmp["xmpMM:VersionID"] == dataset_version()


def test_the_pdf_speaks_to_a_reader_of_paper(built_pdf: Path) -> None:
    """No instruction a print reader cannot follow (click, tap, menus, filters), and the front page's timeline
    (a repeat of the phases chapter's) is left to the web edition."""
    text = pdf_text(built_pdf).casefold()
    for instruction in ("click or tap", "a click opens", "from the menu", "searched and filtered", "hover"):
        assert instruction not in text, instruction
    assert fold_quote("The history each text tells").casefold() not in text
    assert "fig-front-timeline" in _all_markdown()


def test_pdf_holds_every_chapter_and_caption(built_pdf: Path) -> None:
    text = pdf_text(built_pdf)
    assert "glue_all(" not in text and "display(" not in text, "the web edition's folded code is printed"
    for title in chapter_titles():
        assert fold_quote(title) in text, f"chapter {title!r} missing from the PDF"
    captions = figure_captions()
    assert len(captions) >= 7
    for caption in captions:
        words = fold_quote(" ".join(caption.split()[:8]))
        assert words in text, f"caption {words!r} missing from the PDF"


def test_pdf_gives_no_screen_only_instructions(built_pdf: Path) -> None:
    text = pdf_text(built_pdf).lower()
    assert "hover" not in text


def test_pdf_holds_the_overview_numbers(built_pdf: Path) -> None:
    text = pdf_text(built_pdf)
    table = {name: pd.read_csv(paths.TABLES / f"{name}.csv", dtype=str) for name in ("claims", "positions", "events", "spans")}
    for phrase in (
        f"{len(table['claims'])} claims",
        f"{len(table['positions'])} actor positions",
        f"{len(table['events'])} dated events",
        f"{len(table['spans'])} evidence spans",
    ):
        assert phrase in text, phrase


@dataclass(frozen=True)
class FormXObject:
    """A form XObject embedded in a PDF: its bounding box and how much vector drawing and text it holds."""

    width: float
    height: float
    n_paths: int
    n_texts: int


def form_xobjects(pdf: Path) -> list[FormXObject]:
    """Every form XObject of `pdf` with its box and its content stream's path and text operators.

    Read from the file itself: each stream object whose dictionary says /Subtype/Form,
    its content inflated when FlateDecode-compressed.
    """
    data = pdf.read_bytes()
    forms = []
    for match in re.finditer(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream\r?\n", data, flags=re.S):
        dictionary = match.group(1)
        if not re.search(rb"/Subtype\s*/Form", dictionary):
            continue
        raw = data[match.end() : data.index(b"endstream", match.end())]
        content = zlib.decompressobj().decompress(raw) if b"/FlateDecode" in dictionary else raw
        box = [float(v) for v in re.search(rb"/BBox\s*\[([^\]]*)\]", dictionary).group(1).split()]
        forms.append(
            FormXObject(
                width=box[2] - box[0],
                height=box[3] - box[1],
                n_paths=len(re.findall(rb"(?<=\s)(?:m|l|c|re)(?=\s)", content)),
                n_texts=len(re.findall(rb"(?<=\s)BT(?=\s)", content)),
            )
        )
    return forms


def test_every_html_chart_is_a_vector_figure_in_the_pdf(built_pdf: Path, built_book: Path) -> None:
    """Each chart of the HTML book is, in book.pdf itself, a form XObject drawn with vector paths and real text
    (all but the front page's timeline, which repeats the phases chapter's and is left to the web edition)."""
    html_charts = sum(
        page.read_text(encoding="utf-8").count('class="vega-chart"') for page in (built_book / "book").glob("*.html")
    )
    html_charts -= 1  # the front page's
    assert html_charts == len(figure_captions())
    numbered = re.findall(r"Fig\. \d+(?:\.\d+)?:", pdf_text(built_pdf))
    assert len(numbered) == html_charts
    # a chart: a form of its own, at most the width it was drawn at, with axes and marks as paths and labels as text
    charts = [form for form in form_xobjects(built_pdf) if form.n_texts >= 10 and form.n_paths >= 10]
    assert len(charts) == html_charts, charts
    assert all(form.width <= PDF_WIDTH + 1 and form.height > 50 for form in charts), charts
    images = run(["pdfimages", "-list", str(built_pdf)], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    assert len(images.strip().splitlines()) == 2, "raster images found where charts should be vector:\n" + images


def test_xelatex_log_is_clean(built_pdf: Path) -> None:
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert not re.search(r"^! ", log, flags=re.M)
    assert "\\tracinglostchars=2" in (LATEX / "book.tex").read_text(encoding="utf-8")


def test_every_font_is_embedded_including_devanagari_and_arabic(built_pdf: Path) -> None:
    fonts = run(["pdffonts", str(built_pdf)], capture_output=True, text=True, check=True, timeout=QUICK).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", f"not embedded: {line}"
    names = " ".join(fonts)
    assert "NotoSansDevanagari" in names and "NotoNaskhArabic" in names


def test_pdf_metadata(built_pdf: Path) -> None:
    info = run(["pdfinfo", str(built_pdf)], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert (
        "Pakistan" in fields["Title"]
        and fields["Author"].strip()
        and fields["Subject"].strip()
        and "Taliban" in fields["Keywords"]
    )


@pytest.mark.parametrize("page", [1, None], ids=["title", "first-chart"])
def test_page_images_for_a_person_to_look_at(built_pdf: Path, page: int | None) -> None:
    if page is None:
        page = next(
            n
            for n in range(1, 200)
            if re.search(
                r"Fig\. \d+\.\d+:",
                run(
                    ["pdftotext", "-f", str(n), "-l", str(n), str(built_pdf), "-"], capture_output=True, text=True, timeout=QUICK
                ).stdout,
            )
        )
    PAGES.mkdir(parents=True, exist_ok=True)
    prefix = PAGES / f"page-{page:03d}"
    run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(built_pdf), str(prefix)],
        check=True,
        timeout=QUICK,
    )
    assert prefix.with_suffix(".png").stat().st_size > 10_000


def test_no_table_cell_or_line_runs_off_the_page(built_pdf: Path) -> None:
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    overfull = [float(width) for width in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert all(width < 5 for width in overfull), f"lines overflow by up to {max(overfull):.1f}pt"


def test_the_title_page_gives_each_configured_address_and_no_other() -> None:
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from analysis.book.sphinx_book import addresses_latex

    assert addresses_latex(SimpleNamespace(book_web_edition_url="", book_data_package_url=" ")) == ""
    web = addresses_latex(SimpleNamespace(book_web_edition_url="https://example.org/book/", book_data_package_url=""))
    assert web == "\n{\\normalsize Web edition: \\url{https://example.org/book/}\\par}"
    both = addresses_latex(
        SimpleNamespace(book_web_edition_url="https://example.org/", book_data_package_url="https://example.org/d.zip#v1")
    )
    assert "Data package: \\url{https://example.org/d.zip\\#v1}" in both
    with pytest.raises(ExtensionError, match="book_web_edition_url"):
        addresses_latex(SimpleNamespace(book_web_edition_url="example.org", book_data_package_url=""))


def test_the_pdf_prints_the_addresses_set_in_the_configuration_and_invents_none(built_pdf: Path) -> None:
    """The web edition's and the data package's addresses, from `_config.yml`: on the title page when set; when empty
    (before the book is published), no address at all for them."""
    sphinx = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    title_page = " ".join(
        run(
            ["pdftotext", "-layout", "-f", "1", "-l", "1", str(built_pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=QUICK,
        ).stdout.split()
    )
    for key, label in (("book_web_edition_url", "Web edition"), ("book_data_package_url", "Data package")):
        assert key in sphinx, f"{key} is missing from _config.yml"
        if sphinx[key]:
            assert f"{label}: {sphinx[key]}" in title_page
        else:
            assert f"{label}:" not in title_page
    if not any(sphinx[key] for key in ("book_web_edition_url", "book_data_package_url")):
        assert "http" not in title_page
