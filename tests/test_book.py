"""The HTML book: it builds, its notebooks run alone, its pages work offline, its numbers are the data's."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from analysis import paths, tables
from analysis.browser import check_pages

BOOK = paths.ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
SCREENSHOTS = paths.ROOT / "_build" / "screenshots"


def page_text(path: Path) -> str:
    main = path.read_text(encoding="utf-8").split("<main", 1)[-1]
    text = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_without_outputs(notebook: Path) -> None:
    content = nbformat.read(notebook, as_version=4)
    for cell in content.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{notebook.name}: clear outputs before committing"
    first = content.cells[0]
    assert first.source == "from analysis.notebook import *" and "remove-cell" in first.metadata.get("tags", [])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("where", ["book", "root"])
def test_notebook_executes_in_a_fresh_kernel(notebook: Path, where: str) -> None:
    content = nbformat.read(notebook, as_version=4)
    cwd = BOOK if where == "book" else paths.ROOT
    NotebookClient(content, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in content.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_every_chapter_is_built(built_book: Path) -> None:
    toc = (BOOK / "_toc.yml").read_text(encoding="utf-8")
    for entry in re.findall(r"file: (\S+)", toc):
        assert (built_book / f"{entry}.html").is_file(), entry
    assert (built_book / "index.html").is_file()


def test_every_chapter_offers_its_notebook_for_download(built_book: Path) -> None:
    for notebook in NOTEBOOKS:
        page = (built_book / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        link = f"../_sources/book/{notebook.name}"
        assert f'href="{link}"' in page, notebook.name
        assert (built_book / "_sources" / "book" / notebook.name).is_file()


def test_the_front_door_opens_the_book(built_book: Path) -> None:
    report = check_pages([built_book / "index.html"], probe="location.pathname")[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert report.probe.endswith("/book/index.html")


def test_vega_is_served_locally_once(built_book: Path) -> None:
    shipping = [
        path.relative_to(built_book).as_posix()
        for path in built_book.rglob("*")
        if path.suffix in {".js", ".html"} and "window.vegaEmbed=" in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert shipping == ["_static/vega-bundle.js"]
    for page in built_book.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in source and "unpkg.com/vega" not in source, page


def test_pages_work_offline_and_every_chart_draws_its_data(built_book: Path) -> None:
    pages = sorted((built_book / "book").rglob("*.html"))
    reports = check_pages(pages, SCREENSHOTS)
    total_charts = 0
    for report in reports:
        assert report.console_errors == [], f"{report.path.name}: {report.console_errors}"
        assert report.failed_requests == [], f"{report.path.name}: {report.failed_requests}"
        assert len(report.charts) == report.n_chart_divs, f"{report.path.name}: a chart did not render"
        for chart in report.charts:
            assert chart["expected"] > 0 and chart["drawn"] == chart["expected"], f"{report.path.name}: {chart}"
            assert chart["svg"] == 1, f"{report.path.name}: chart {chart['id']} drew no SVG"
            assert chart["label"], f"{report.path.name}: chart {chart['id']} has no text description"
        total_charts += len(report.charts)
    assert total_charts >= 7
    assert all((SCREENSHOTS / f"{page.stem}.png").stat().st_size > 10_000 for page in pages)


def test_overview_numbers_are_the_datasets(built_book: Path) -> None:
    def table(name: str) -> pd.DataFrame:
        return pd.read_csv(paths.TABLES / f"{name}.csv", dtype=str, keep_default_na=False)

    text = page_text(built_book / "book" / "overview.html")
    claims, contrasts = table("claims"), table("contrasts")
    shared = contrasts[contrasts.relation.isin(["agree", "disagree", "differ_in_emphasis", "uncoded"])].topic_id.nunique()
    expected = [
        f"{len(claims)} claims",
        f"{len(table('positions'))} actor positions",
        f"{len(table('events'))} dated events",
        f"{len(table('phases'))} historical phases",
        f"{len(table('notes'))} notes",
        f"{len(table('spans'))} evidence spans",
        f"Of the {shared} topics",
        f"agree on {(contrasts.relation == 'agree').sum()}",
        f"differ in emphasis on {(contrasts.relation == 'differ_in_emphasis').sum()}",
        f"disagree outright on {(contrasts.relation == 'disagree').sum()}",
        f"The texts name {table('mentions').actor_id.nunique()} actors",
    ]
    expected += [f"{count} by" for count in claims.source_id.value_counts()]
    for phrase in expected:
        assert phrase in text, f"{phrase!r} not in the overview"


def test_quotes_with_markup_are_shown_as_text(tmp_path: Path) -> None:
    hostile = '<script>window.pwned = 1</script><b>bold</b> & "quoted"'
    table_markdown = tables.BookTable(pd.DataFrame({"Quote": [hostile, "a | b `c` {role}`x`"]}))._repr_markdown_()
    assert "<script>" not in table_markdown and "\\<script\\>" in table_markdown
    assert "\\`c\\`" in table_markdown and "\\{role\\}" in table_markdown

    from analysis import charts

    chart = charts.alt.Chart(pd.DataFrame({"x": [1], "quote": [hostile]})).mark_point().encode(x="x:Q", tooltip="quote:N")
    fragment = charts.render(chart.to_dict())["text/html"]
    assert "</script><b>" not in fragment
    bundle = paths.ROOT / "book" / "_static" / "vega-bundle.js"
    subprocess.run([sys.executable, "-m", "analysis", "assets"], check=True, cwd=paths.ROOT)
    page = tmp_path / "hostile.html"
    page.write_text(
        f'<html><head><script src="{bundle.as_uri()}"></script></head><body>{fragment}</body></html>', encoding="utf-8"
    )
    report = check_pages([page], probe="[window.pwned === undefined, document.body.innerText]")[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert report.probe[0], "a script inside the data ran"
    assert report.charts and report.charts[0]["drawn"] == 1
    assert json.dumps(hostile)[1:-1].replace("</", "<\\/") in page.read_text(encoding="utf-8")
