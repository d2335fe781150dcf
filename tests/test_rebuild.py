"""Rebuilds are never stale: a data change re-executes the chapters, a prose change executes nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import edit_yaml, make_in, project_copy

from analysis import paths
from analysis.processes import QUICK, run

CLAIM = "pietrzak2026-c01"


def executed(output: str) -> list[str]:
    return re.findall(r"(\S+\.ipynb): Executed notebook", output)


def test_data_change_reaches_the_book_and_prose_change_executes_nothing(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    cold = make_in(root, "html").stdout
    # notebooks with identical code share one cache entry, so some are served from the first one's run
    served = executed(cold) + re.findall(r"(\S+\.ipynb): Using cached notebook", cold)
    assert len(set(served)) == len(list((root / "book").glob("*.ipynb"))) and executed(cold)
    claims_page = root / "_build" / "html" / "book" / "claims.html"
    claims = pd.read_csv(root / "data" / "tables" / "claims.csv", dtype=str).set_index("claim_id")
    old = claims.loc[CLAIM, "paraphrase"]
    assert html.escape(old, quote=False) in claims_page.read_text(encoding="utf-8")

    warm = make_in(root, "html").stdout
    assert executed(warm) == []

    new = "A freshly edited paraphrase of the first claim"
    overview = root / "_build" / "html" / "book" / "overview.html"
    n_claims = len((root / "data" / "tables" / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"{n_claims}</span> claims" in overview.read_text(encoding="utf-8")

    def edit(content: dict) -> None:
        claim = next(c for c in content["claims"] if c["id"] == CLAIM)
        claim["paraphrase"] = new
        content["claims"].append({**claim, "id": f"{CLAIM}-extra", "paraphrase": "An added claim."})

    edit_yaml(root / "data" / "annotations" / "sources" / "pietrzak2026.yaml", edit)
    after_data = make_in(root, "html").stdout
    assert executed(after_data), "the data changed but no notebook was re-executed"
    page = claims_page.read_text(encoding="utf-8")
    assert new in page and html.escape(old, quote=False) not in page
    numbers = overview.read_text(encoding="utf-8")
    assert f"{n_claims + 1}</span> claims" in numbers and f"{n_claims}</span> claims" not in numbers

    glossary = root / "book" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nA sentence added by the rebuild test.\n", encoding="utf-8")
    after_prose = make_in(root, "html").stdout
    assert executed(after_prose) == []
    assert "A sentence added by the rebuild test." in (root / "_build" / "html" / "book" / "glossary.html").read_text(
        encoding="utf-8"
    )

    # the book's own CSS and chart script reach the built book even when no page changed
    css = root / "book" / "_static" / "book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* added by the rebuild test */\n", encoding="utf-8")
    after_style = make_in(root, "html").stdout
    assert executed(after_style) == []
    assert "added by the rebuild test" in (root / "_build" / "html" / "_static" / "book.css").read_text(encoding="utf-8")


#: Inputs of the book, one of each kind: a chapter, a template, a static file, the configuration, the package,
#: an annotation (through the dataset), the findings, the citation file, the changelog, the pinned JavaScript packages.
BOOK_INPUTS = [
    "book/glossary.md",
    "book/overview.ipynb",
    "book/_templates/layout.html",
    "book/_static/book.css",
    "_config.yml",
    "analysis/book/sphinx_book.py",
    "data/annotations/sources/pietrzak2026.yaml",
    "book/findings.yaml",
    "CITATION.cff",
    "CHANGELOG.md",
    "package-lock.json",
]


def up_to_date(*arguments: str) -> bool:
    """Make's question mode in the working tree: True when nothing would be rebuilt. Nothing is run or touched."""
    result = run(["make", "-q", *arguments], cwd=paths.ROOT, capture_output=True, text=True, timeout=QUICK)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode == 0


def test_make_book_with_nothing_changed_does_nothing(built_book: Path, built_pdf: Path) -> None:
    assert up_to_date("book"), "make book would rebuild right after a build"
    assert up_to_date("html") and up_to_date("pdf")
    for unrelated in ("README.md", "tests/test_rebuild.py", "tools/bench.py"):
        assert up_to_date("-W", unrelated, "book"), f"{unrelated} is not an input of the book"


@pytest.mark.parametrize("changed", BOOK_INPUTS)
def test_a_newer_input_rebuilds_the_html_and_the_pdf(built_book: Path, built_pdf: Path, changed: str) -> None:
    """`-W` makes the file look just modified, as `touch` would, without touching it."""
    assert (paths.ROOT / changed).is_file(), changed
    assert not up_to_date("-W", changed, "html"), f"the HTML would not be rebuilt after {changed} changed"
    assert not up_to_date("-W", changed, "_build/book.pdf"), f"the PDF would not be rebuilt after {changed} changed"
