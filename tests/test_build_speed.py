"""What spares the Sphinx build repeated work (`analysis/book/sphinx_speed.py`, the search texts kept between builds), on small projects of their own."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from analysis import paths
from analysis.book import sphinx_book, sphinx_search, sphinx_speed
from analysis.processes import QUICK, run

CONF = """
extensions = ["analysis.book.sphinx_speed"]
numfig = True
"""
TARGET = """
Figures
=======

.. _fig-one:

.. figure:: one.png

   The first figure.

.. _fig-two:

.. figure:: one.png

   The second figure.
"""


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """The test process's garbage collector as it was, whatever a build did to it."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def _build(root: Path, references: int) -> tuple[str, Counter]:
    """Build a project whose index cites the target page's figures `references` times; return the index's HTML
    and how many times each page's tree was loaded."""
    root.mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "one.png").write_bytes(b"")
    (root / "target.rst").write_text(TARGET, encoding="utf-8")
    cited = "\n\n".join(f"See :numref:`fig-{'one' if n % 2 else 'two'}`." for n in range(references))
    (root / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n   target\n\n{cited}\n", encoding="utf-8")
    loads: Counter = Counter()
    real = BuildEnvironment.get_doctree

    def counted(env: BuildEnvironment, docname: str) -> Any:
        loads[docname] += 1
        return real(env, docname)

    with mock.patch.object(BuildEnvironment, "get_doctree", counted):
        app = Sphinx(root, root, root / "_build", root / "_build" / ".doctrees", "html", status=None, warning=None)
        app.build()
    return (root / "_build" / "index.html").read_text(encoding="utf-8"), loads


def test_numbered_references_load_their_page_once_however_many_there_are(tmp_path: Path, collector_restored: None) -> None:
    few_html, few = _build(tmp_path / "few", 2)
    many_html, many = _build(tmp_path / "many", 12)
    assert few_html.count("Fig. 1") == 1 and few_html.count("Fig. 2") == 1
    assert many_html.count("Fig. 1") == 6 and many_html.count("Fig. 2") == 6
    assert many["target"] == few["target"], "each numbered reference loaded the page it points to again"


def test_the_build_freezes_what_it_set_up_and_collects_the_young_less_often(collector_restored: None) -> None:
    sphinx_speed.collect_garbage_less(mock.MagicMock())
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == sphinx_speed.YOUNG_COLLECTION_THRESHOLD
    book = mock.MagicMock()  # and the book's extension sets both up in every build
    sphinx_book.setup(book)
    assert mock.call("builder-inited", sphinx_speed.collect_garbage_less) in book.connect.call_args_list
    assert mock.call(sphinx_speed.NumberingDomain, override=True) in book.add_domain.call_args_list


PAGE = """<html><body><nav>Contents</nav>
<main id="main-content" class="bd-main" role="main"><h1 id="top">Title</h1><p>{body}</p></main>
<footer>Dataset version {version}</footer></body></html>"""


def test_a_pages_search_text_is_cut_again_only_when_its_main_content_changes(tmp_path: Path) -> None:
    site, doctrees = tmp_path / "html", tmp_path / "doctrees"
    (site / "book").mkdir(parents=True)
    doctrees.mkdir()
    app = SimpleNamespace(
        outdir=str(site), doctreedir=str(doctrees), builder=SimpleNamespace(format="html"), env=SimpleNamespace()
    )
    pages = {"book/one": "First words.", "book/two": "Second words."}

    def build(version: str) -> list[str]:
        """Write the pages as a build would, then their texts; return the pages whose text was cut."""
        app.env.found_docs = set(pages)
        for docname, body in pages.items():
            (site / f"{docname}.html").write_text(PAGE.format(body=body, version=version), encoding="utf-8")
        cut = []
        with mock.patch.object(sphinx_search, "page_text", side_effect=lambda page: cut.append(page) or real(page)):
            sphinx_search.write_texts(app, None)
        return cut

    real = sphinx_search.page_text
    script = site / "_static" / sphinx_search.TEXTS / "book" / "two.js"
    assert len(build("1.0")) == 2
    first = script.read_text(encoding="utf-8")
    assert build("1.1") == [], "a change outside the main content (the footer's version) cut the texts again"
    assert script.read_text(encoding="utf-8") == first
    pages["book/two"] = "Second words, edited."
    assert len(cut := build("1.1")) == 1 and "edited" in cut[0]
    assert sphinx_search.packed_text(real(cut[0])) in script.read_text(encoding="utf-8")
    del pages["book/one"]
    build("1.1")
    assert not (site / "_static" / sphinx_search.TEXTS / "book" / "one.js").exists()


@pytest.mark.parametrize(("jobs", "chapters"), [("1", "1"), ("2", "3"), ("4", "5")])
def test_the_build_executes_one_chapter_more_than_jobs_at_once_but_one_when_jobs_is_one(jobs: str, chapters: str) -> None:
    printed = run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "print-chapter-jobs", f"JOBS={jobs}"],
        input="print-chapter-jobs:\n\t@echo $(CHAPTER_JOBS)\n",
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert printed.stdout.strip() == chapters, printed.stderr
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert makefile.count("refresh-cache --jobs $(CHAPTER_JOBS)") == 2  # the HTML's build and the PDF's
