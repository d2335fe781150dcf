"""The bibliography is labelled author–year, as the text cites it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pybtex.database

from analysis.book.sphinx_bibliography import AuthorYearLabels

BIB = """
@article{a, author = {Khan, Ayesha}, title = {One}, journal = {J}, year = {2024}}
@article{b, author = {Khan, Ayesha}, title = {Two}, journal = {J}, year = {2024}}
@article{c, author = {Monroe, Burt and Colaresi, Michael and Quinn, Kevin}, title = {Three}, journal = {J}, year = {2008}}
@misc{d, author = {Masomy, Masom Jan}, title = {Four}, year = {n.d.}}
@misc{e, author = {Lee, Ann and Park, Bo}, title = {Five}, year = {2020}}
"""


def test_labels_are_surname_and_year_and_unique() -> None:
    entries = list(pybtex.database.parse_string(BIB, "bibtex").entries.values())
    assert list(AuthorYearLabels().format_labels(entries)) == [
        "Khan 2024a",
        "Khan 2024b",
        "Monroe et al. 2008",
        "Masomy n.d.",
        "Lee and Park 2020",
    ]


def test_the_built_bibliography_is_labelled_author_year_and_cites_match(built_book: Path) -> None:
    page = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    labels = [html.unescape(label) for label in re.findall(r'class="fn-bracket">\[</span>([^<]+)<', page)]
    assert labels, "no bibliography entries found"
    assert all(re.fullmatch(r"[^\d\[\]]+ (\d{4}|n\.d\.)[a-z]?", label) for label in labels), labels
    overview = html.unescape(re.sub(r"<[^>]+>", "", (built_book / "book" / "sources.html").read_text(encoding="utf-8")))
    cited = [label for label in labels if label.rsplit(" ", 1)[0].split(" ")[0] in overview]
    assert cited, "the sources chapter cites none of the bibliography's authors"


def test_a_source_s_web_address_and_capture_date_reach_its_reference_and_paragraph(data_copy: Path) -> None:
    """Where a text was captured from, and when, is recorded with the source (optional), cited in BibTeX (`url`,
    `urldate`) and CITATION.cff (`url`, `date-accessed`), and said in the sources chapter; a text received without
    its address says so."""
    from conftest import edit_yaml

    from analysis.book import bibtex, myst
    from analysis.dataset.build import build
    from analysis.dataset.load import load
    from analysis.report import bibliography

    address = "https://example.org/articles/a_b?x=1"
    edit_yaml(
        data_copy / "annotations" / "sources" / "bataut2025.yaml",
        lambda content: content["source"].update(url=address, retrieved="2025-06-02"),
    )
    build(data_copy, validate=False)
    data = load(data_copy)
    entries = pybtex.database.parse_string(bibtex.bibtex(data), "bibtex").entries
    assert entries["bataut2025"].fields["url"] == address and entries["bataut2025"].fields["urldate"] == "2025-06-02"
    assert "url" not in entries["pietrzak2026"].fields
    cited = {reference["title"]: reference for reference in bibliography.cff_references(data)}
    bataut = next(reference for title, reference in cited.items() if title.startswith("Shifting Alliances"))
    assert bataut["url"] == address and bataut["date-accessed"] == "2025-06-02"
    paragraphs = myst.prose(bibliography.source_paragraphs(data))
    assert f"The text was captured from <{address}> on 2 June 2025." in paragraphs
    assert "The text was received without the web address it was captured from." in paragraphs
