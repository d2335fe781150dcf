"""The PDF laid out as a book, read back from the built PDF with Poppler (`pdftotext`), and its numbering in both editions."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import yaml

from analysis import paths
from analysis.processes import QUICK, run
from analysis.quotes import fold_quote

BOOK = paths.ROOT / "book"


def _poppler(*command: str) -> str:
    return run(list(command), capture_output=True, text=True, check=True, timeout=QUICK).stdout


@cache
def page_texts(pdf: Path) -> list[str]:
    """The text of every page, laid out (`pdftotext -layout`), page 1 first."""
    return _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


def title_of(page: str) -> str:
    """A book page's title: its first heading."""
    source = (BOOK / page).read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", source, flags=re.M).group(1).strip()


def pdf_excluded() -> list[str]:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["book_pdf_exclude"]


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
    found = {}
    for page in sorted((built_book / "book").rglob("*.html")):
        for kind, number, words in caption.findall(page.read_text(encoding="utf-8")):
            start = " ".join(html.unescape(re.sub(r"<[^>]+>", "", words)).split()[:4])
            found[f"{kind} {number}"] = start
            assert fold_quote(f"{kind} {number}: {start}") in text, (
                f"{page.name}: {kind} {number} ({start}...) differs in the PDF"
            )
    report = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))["parts"][0]["chapters"]
    in_appendices = [key for key in found if key.startswith("Table") and int(key.split()[1].split(".")[0]) > len(report)]
    assert in_appendices, f"no appendix table is numbered by its chapter: {sorted(found)}"
