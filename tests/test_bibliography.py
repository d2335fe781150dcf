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
