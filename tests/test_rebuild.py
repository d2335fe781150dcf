"""Rebuilds are never stale: a data change re-executes the chapters, a prose change executes nothing."""

from __future__ import annotations

import html
import json
import os
import pickle
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import nbformat
import pandas as pd
import pytest
from conftest import PROSE_EDIT, STYLE_EDIT, GrownBook
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from analysis import paths
from analysis.book import cache, notebooks, sphinx_book
from analysis.book.sphinx_book import reread_pages_the_pdf_read
from analysis.book.sphinx_sources import QUOTES_STAMP
from analysis.processes import QUICK, run

NEW = "khan2026"  # the fixture third source the grown copy adds


def executed(output: str) -> list[str]:
    """The chapters a build executed: ahead of Sphinx, in parallel, or (none should be) by myst-nb itself."""
    return re.findall(r"(\S+\.md): (?:executed ahead of the build|Executed notebook)", output)


def claims_of(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "tables" / "claims.csv", dtype=str, keep_default_na=False)


def test_a_data_change_re_executes_the_chapters_a_built_book_had_cached(grown_book: GrownBook) -> None:
    """The copy starts from the main build's pages and execution cache; the third source must reach every page."""
    root, log = grown_book.root, grown_book.logs["grown"]
    assert "execution cache emptied: inputs changed" in log
    served = {Path(name).name for name in [*executed(log), *re.findall(r"(\S+\.md): Using cached notebook", log)]}
    assert served == {path.name for path in notebooks.chapters(root / "book")} and executed(log), (
        "the data changed but not every chapter was re-executed"
    )
    assert "Executed notebook" not in log, "Sphinx executed a chapter itself: the parallel step missed it"
    claims = claims_of(root)
    new = claims[claims.source_id == NEW]
    assert len(new) and len(claims) == len(claims_of(paths.ROOT)) + len(new)
    page = (root / "_build" / "html" / "book" / "claims.html").read_text(encoding="utf-8")
    for paraphrase in new.paraphrase:
        assert html.escape(paraphrase, quote=False) in page, paraphrase
    numbers = (root / "_build" / "html" / "book" / "overview.html").read_text(encoding="utf-8")
    assert f"{len(claims)}</span> claims" in numbers and f"{len(claims_of(paths.ROOT))}</span> claims" not in numbers


@pytest.mark.parametrize(
    ("step", "edit", "built"), [("prose", PROSE_EDIT, "book/glossary.html"), ("style", STYLE_EDIT, "_static/book.css")]
)
def test_a_prose_or_style_change_reaches_the_book_and_executes_nothing(
    grown_book: GrownBook, step: str, edit: tuple[str, str], built: str
) -> None:
    log = grown_book.logs["edits"]  # the build after the prose and the style edit
    assert executed(log) == [], f"the {step} edit re-executed notebooks"
    assert edit[1].strip() in (grown_book.root / "_build" / "html" / built).read_text(encoding="utf-8")


#: Inputs of the book, one of each kind: a chapter, a template, a static file, the configuration, the package,
#: an annotation (through the dataset), the findings, the citation file, the changelog, the pinned JavaScript packages.
BOOK_INPUTS = [
    "book/glossary.md",
    "book/overview.md",
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


#: Run in a subprocess: `make data`'s two commands, recording every file they open (Python's audit hook).
OPENED_BY_MAKE_DATA = """
import json, os, sys
opened = {}
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        opened[path] = opened.get(path, "") + (args[1] or "r")
sys.addaudithook(hook)
from analysis.__main__ import main
assert main(["build", "--citation"]) == 0
modules = [m.__file__ for name, m in sys.modules.items() if name.startswith("analysis") and getattr(m, "__file__", None)]
print(json.dumps({"opened": opened, "modules": modules}))
"""


#: What `make data` writes (and the citation step reads back).
OUTPUTS = ("data/tables/", "data/datapackage.json", "data/.build-", "data/.tables-old")


def test_the_data_target_depends_on_every_file_make_data_reads(tmp_path: Path) -> None:
    """What `make data` runs opens only files the Makefile lists as prerequisites of the dataset (outputs aside)."""
    copy = tmp_path / "project"
    shutil.copytree(paths.DATA, copy / "data")
    shutil.copy2(paths.ROOT / "CITATION.cff", copy / "CITATION.cff")
    result = run(
        [sys.executable, "-c", OPENED_BY_MAKE_DATA],
        env={**os.environ, "BOOK_ROOT": str(copy)},
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    written = {path for path, modes in report["opened"].items() if set(modes) & set("wax+")}
    read = {
        Path(path).relative_to(copy).as_posix()
        for path in report["opened"]
        if Path(path).is_relative_to(copy) and Path(path).is_file() and path not in written
    }
    read = {name for name in read if not name.startswith(OUTPUTS)}
    read |= {Path(module).relative_to(paths.ROOT).as_posix() for module in report["modules"]}
    assert any(name.startswith("data/annotations/reliability/") for name in read)  # the test sees what it must
    database = run(["make", "-pq", "data/datapackage.json"], cwd=paths.ROOT, capture_output=True, text=True, timeout=QUICK)
    rule = next(line for line in database.stdout.splitlines() if line.startswith("data/datapackage.json:"))
    declared = set(rule.split(":", 1)[1].split("|")[0].split())
    assert read - declared == set(), "make data reads files the Makefile does not list as its inputs"


def test_a_fresh_virtual_environment_does_not_rebuild_the_committed_dataset(built_book: Path) -> None:
    """In CI the venv is new: its stamp must not make the first build rewrite data/tables (then the stale-tables
    test would compare fresh with fresh); the venv is an order-only prerequisite."""
    stamp = ".venv/.installed"
    assert up_to_date("data/datapackage.json")
    assert up_to_date("-W", stamp, "data/datapackage.json"), "a newer venv would rebuild the dataset"
    assert not up_to_date("-W", "data/annotations/reliability/coder_b/bataut2025.yaml", "data/datapackage.json")


def test_chapters_executed_side_by_side_give_what_one_after_another_gives(tmp_path: Path) -> None:
    """The cache filled by two kernels at once holds the same outputs as one filled a chapter at a time, and the
    book build then finds every chapter in it (nothing left to execute)."""
    chapters = [paths.ROOT / "book" / "citing.md", paths.ROOT / "book" / "overview.md"]
    outputs = {}
    for jobs in (1, 2):
        cache_dir = tmp_path / f"jobs{jobs}"
        runs = cache.execute(cache_dir, chapters, jobs=jobs, timeout=300)
        assert [run.chapter for run in runs] == chapters and all(run.error is None for run in runs)
        assert cache.uncached(cache_dir, chapters) == [] and cache.execute(cache_dir, chapters, jobs, 300) == []
        store = get_cache(str(cache_dir))
        outputs[jobs] = [
            [cell.get("outputs") for cell in store.merge_match_into_notebook(notebooks.read(chapter))[1].cells]
            for chapter in chapters
        ]
    assert outputs[1] == outputs[2]
    # Each chapter's outputs digest is written once, and rewritten only for the chapter whose outputs changed.
    cache_dir = tmp_path / "jobs2"
    assert cache.stamp_outputs(cache_dir, chapters) == chapters
    assert cache.stamp_outputs(cache_dir, chapters) == []
    store = get_cache(str(cache_dir))
    _, notebook = store.merge_match_into_notebook(notebooks.read(chapters[1]))
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="what a change to the data printed\n")]
    store.cache_notebook_bundle(CacheBundleIn(notebook, str(chapters[1])), check_validity=False, overwrite=True)
    assert cache.stamp_outputs(cache_dir, chapters) == [chapters[1]]


def test_a_chapter_page_depends_on_the_code_and_its_outputs_not_on_the_data(built_book: Path) -> None:
    """Sphinx re-reads a chapter when the package or the chapter's outputs change; the data reach it through its
    outputs, so a data change re-reads only the chapters it changed. A page that quotes a passage depends on the
    passages' digest, and a chapter on the dataset's files only to offer them for download."""
    with (built_book.parent / ".doctrees" / "environment.pickle").open("rb") as pickled:
        env = pickle.load(pickled)
    offered = {name: set(docs) for name, (docs, _) in env.dlfiles.items()}
    data = [paths.ROOT / "data" / name for name in ("tables", "raw", "datapackage.json")]  # what the chapters load
    cache_dir = paths.ROOT / "_build" / ".jupyter_cache"
    chapters = notebooks.chapters()
    assert chapters
    for chapter in chapters:
        docname = f"book/{chapter.stem}"
        depends = {Path(env.srcdir, name).resolve() for name in env.dependencies[docname]}
        assert cache.output_stamp(cache_dir, chapter) in depends, f"{docname} does not depend on its outputs"
        assert set(cache.code_inputs()) <= depends, f"{docname} does not depend on the package"
        on_data = {path for path in depends if any(path.is_relative_to(built) for built in data)}
        downloads = {(paths.ROOT / name).resolve() for name, docs in offered.items() if docname in docs}
        assert on_data <= downloads, f"{docname} is re-read for data it neither prints nor offers: {on_data - downloads}"
    quoting = [doc for doc, names in env.dependencies.items() if any(str(name).endswith(QUOTES_STAMP) for name in names)]
    assert quoting, "no page depends on the digest of the passages it quotes"


def test_a_chapter_that_fails_is_reported_by_name_and_not_cached(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    text = (paths.ROOT / "book" / "citing.md").read_text(encoding="utf-8")
    broken.write_text(text + "\n```{code-cell}\n1 / 0\n```\n", encoding="utf-8")
    (run_,) = cache.execute(tmp_path / "cache", [broken], jobs=2, timeout=300)
    assert run_.chapter == broken and "ZeroDivisionError" in (run_.error or "")
    assert cache.uncached(tmp_path / "cache", [broken]) == [broken]


def test_a_chapter_that_reads_a_file_beside_it_by_a_relative_path_fails_the_build(tmp_path: Path) -> None:
    """The build runs each chapter from an empty folder, so no chapter depends on the working directory: a reader
    runs it from anywhere (the book's own chapters all pass the build this way)."""
    (tmp_path / "beside.txt").write_text("found\n", encoding="utf-8")
    reader = tmp_path / "reader.md"
    text = (paths.ROOT / "book" / "citing.md").read_text(encoding="utf-8")
    reader.write_text(text + "\n```{code-cell}\nopen('beside.txt').read()\n```\n", encoding="utf-8")
    (run_,) = cache.execute(tmp_path / "cache", [reader], jobs=1, timeout=300)
    assert "FileNotFoundError" in (run_.error or "") and "beside.txt" in (run_.error or "")


def test_a_page_the_pdf_build_read_again_is_written_again_to_the_site(tmp_path: Path) -> None:
    """The PDF's build shares the HTML's doctrees: after an edit to a file a page includes (CHANGELOG.md), `make
    pdf` then `make html` must publish it, although the page's own source is older than its HTML."""
    doctrees, site = tmp_path / ".doctrees", tmp_path / "html"
    for folder in (doctrees / "book", site / "book"):
        folder.mkdir(parents=True)
    for docname in ("book/changelog", "book/overview", "book/glossary"):
        (site / f"{docname}.html").write_text("written", encoding="utf-8")
    for docname in ("book/changelog", "book/overview"):  # read again by the PDF's build, after the site was written
        (doctrees / f"{docname}.doctree").write_bytes(b"read")
        os.utime(doctrees / f"{docname}.doctree", (os.path.getmtime(site / f"{docname}.html") + 5,) * 2)
    (doctrees / "book/glossary.doctree").write_bytes(b"read")
    os.utime(doctrees / "book/glossary.doctree", (os.path.getmtime(site / "book/glossary.html") - 5,) * 2)
    builder = SimpleNamespace(format="html", get_outfilename=lambda docname: str(site / f"{docname}.html"))
    app = SimpleNamespace(builder=builder, doctreedir=str(doctrees))
    env = SimpleNamespace(found_docs={"book/changelog", "book/overview", "book/glossary", "book/new"})
    assert reread_pages_the_pdf_read(app, env, {"book/new"}, {"book/overview"}, set()) == ["book/changelog"]
    builder.format = "latex"
    assert reread_pages_the_pdf_read(app, env, set(), set(), set()) == []
    book = mock.MagicMock()  # and the book's extension asks Sphinx for it in every build
    sphinx_book.setup(book)
    assert mock.call("env-get-outdated", reread_pages_the_pdf_read) in book.connect.call_args_list
