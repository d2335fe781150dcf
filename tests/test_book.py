"""The HTML book: it builds, its notebooks run alone, its pages work offline, its numbers are the data's."""

from __future__ import annotations

import html
import re
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from conftest import assert_overview_counts, make, page_text

from analysis import paths
from analysis.book import chart_html, myst, notebooks
from analysis.report import tables
from analysis.report.figure import FIGURE_MIME
from tools.browser import check_pages

BOOK = paths.ROOT / "book"
NOTEBOOKS = notebooks.chapters(BOOK)
SCREENSHOTS = paths.ROOT / "_build" / "screenshots"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapters_are_text_notebooks_that_start_with_the_preamble(notebook: Path) -> None:
    content = notebooks.read(notebook)
    assert content.metadata.kernelspec.name == "python3", f"{notebook.name}: the front matter names no kernel"
    first = content.cells[0]
    assert first.source == "from analysis.notebook import *" and "remove-cell" in first.metadata.get("tags", [])


@pytest.mark.parametrize("notebook", [n for n in NOTEBOOKS if n.stem != "index"], ids=lambda p: p.stem)
def test_every_chapter_shows_its_code_folded_after_its_title(notebook: Path, built_book: Path) -> None:
    """A reader can open the call behind every figure and table: each code cell but the preamble is folded (not
    removed) under "Show the code", and no code stands above the chapter's title. (The front page shows none.)"""
    cells = notebooks.read(notebook).cells
    assert cells[1].cell_type == "markdown" and cells[1].source.lstrip().startswith(("(", "#")), notebook.name
    folded = [cell for cell in cells[1:] if cell.cell_type == "code"]
    assert folded and all({"hide-input", "hide-cell"} & set(cell.metadata.get("tags", [])) for cell in folded), notebook.name
    page = (built_book / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    body = page.split('<article class="bd-article">', 1)[1]
    assert body.index("<h1") < body.index('<details class="admonition hide'), "code above the title"
    assert body.count("Show the code") == len(folded)
    shown = html.unescape(re.sub(r"<[^>]+>", "", body))
    for cell in folded:
        assert cell.source.splitlines()[0] in shown, cell.source


def test_every_chapter_is_built(built_book: Path) -> None:
    toc = (BOOK / "_toc.yml").read_text(encoding="utf-8")
    for entry in re.findall(r"file: (\S+)", toc):
        assert (built_book / f"{entry}.html").is_file(), entry
    assert (built_book / "index.html").is_file()


def test_every_chapter_offers_its_notebook_for_download(built_book: Path) -> None:
    for notebook in NOTEBOOKS:
        page = (built_book / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        name = f"{notebook.stem}.ipynb"
        link = f"../_sources/book/{name}"
        assert f'href="{link}"' in page, name
        offered = nbformat.read(built_book / "_sources" / "book" / name, as_version=4)
        nbformat.validate(offered)
        chapter = notebooks.read(notebook)
        assert [cell.source for cell in offered.cells[1:]] == [cell.source for cell in chapter.cells[1:]], name


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
    """Every page opened from disk: no failed request or console error, every chart drawn with its text
    description, and a first screen that shows the page (whole chart pages at three widths are screenshot by
    `test_every_chart_fits_its_column_without_cut_labels`)."""
    pages = sorted((built_book / "book").rglob("*.html"))
    reports = check_pages(pages, SCREENSHOTS, wait_ms=250, full_page=False)
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
    """The overview's counts are its dataset's (for the copy grown by a third source: test_new_source)."""
    assert_overview_counts(paths.ROOT, built_book)


def test_quotes_with_markup_are_shown_as_text(tmp_path: Path) -> None:
    hostile = '<script>window.pwned = 1</script><b>bold</b> & "quoted"'
    table_markdown = myst.table(tables.BookTable(pd.DataFrame({"Quote": [hostile, "a | b `c` {role}`x`"]})))
    assert "<script>" not in table_markdown and "\\<script\\>" in table_markdown
    assert "\\`c\\`" in table_markdown and "\\{role\\}" in table_markdown

    from analysis.report import charts

    chart = alt.Chart(pd.DataFrame({"x": [1], "quote": [hostile]})).mark_point().encode(x="x:Q", tooltip="quote:N")
    bundle, _ = charts.render(chart.to_dict())  # the data, and its metadata (the PDF layout)
    fragment = chart_html.fragment(bundle[FIGURE_MIME])
    assert "</script><b>" not in fragment
    static = paths.ROOT / "book" / "_static"
    make("assets")  # the local Vega bundle, written once (the other test process may be building the book from it)
    page = tmp_path / "hostile.html"
    scripts = "".join(f'<script src="{(static / name).as_uri()}"></script>' for name in ("vega-bundle.js", "book-charts.js"))
    page.write_text(f"<html><head>{scripts}</head><body>{fragment}</body></html>", encoding="utf-8")
    report = check_pages([page], probe="[window.pwned === undefined, document.body.innerText]")[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert report.probe[0], "a script inside the data ran"
    assert report.charts and report.charts[0]["drawn"] == 1
    (drawn,) = chart_html.payloads(page.read_text(encoding="utf-8"))
    assert [row["quote"] for rows in drawn["datasets"].values() for row in rows] == [hostile]  # the data, whole


# --- Figures on every screen: fit, colour scheme, access without hover -------------------------

VIEWPORTS = [390, 1024, 1400]


def chart_pages(built_book: Path) -> list[Path]:
    pages = sorted(p for p in (built_book / "book").glob("*.html") if 'class="vega-chart"' in p.read_text(encoding="utf-8"))
    assert len(pages) >= 3
    return pages


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_chart_fits_its_column_without_cut_labels(built_book: Path, width: int) -> None:
    reports = check_pages(chart_pages(built_book), SCREENSHOTS / str(width), width=width)
    problems = []
    for report in reports:
        assert report.console_errors == [], f"{report.path.name}: {report.console_errors}"
        fit = report.fit
        left, right = fit["column"]
        if fit["page_scroll_width"] > fit["viewport_width"]:
            problems.append(f"{report.path.name}: the page scrolls sideways ({fit['page_scroll_width']}px)")
        assert len(fit["charts"]) == report.n_chart_divs
        for chart in fit["charts"]:
            where = f"{report.path.name} {chart['id']} at {width}px"
            if chart["drawn"] != 1:
                problems.append(f"{where}: nothing drawn")
            elif chart["left"] < left - 1 or chart["right"] > right + 1:
                problems.append(f"{where}: drawn over {chart['left']:.0f}–{chart['right']:.0f}, column {left:.0f}–{right:.0f}")
            if chart["ellipsis"]:
                problems.append(f"{where}: labels cut with an ellipsis: {chart['ellipsis']}")
    assert problems == [], "\n".join(problems)


_PAGE_COLOURS = """
() => {
  const rgb = (value) => {
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.fillStyle = value;
    return canvas.fillStyle;
  };
  const charts = [...document.querySelectorAll("div.vega-chart svg")].map((svg) => ({
    background: rgb(getComputedStyle(svg).backgroundColor !== "rgba(0, 0, 0, 0)"
      ? getComputedStyle(svg).backgroundColor : (svg.querySelector("rect") || {getAttribute: () => "#ffffff"}).getAttribute("fill")),
    // the text drawn on the chart's background: axes, legends, panel headers (not the numbers inside cells)
    texts: [...new Set([...svg.querySelectorAll(".role-axis text, .role-legend text, .role-header text")]
      .map((t) => rgb(getComputedStyle(t).fill)))],
  }));
  return {
    theme: document.documentElement.dataset.theme,
    page: rgb(getComputedStyle(document.body).backgroundColor),
    text: rgb(getComputedStyle(document.querySelector("article p")).color),
    charts,
  };
}
"""


def test_a_saved_dark_theme_still_gives_light_readable_pages_and_charts(built_book: Path) -> None:
    from analysis.report.palette import contrast_ratio, relative_luminance

    pages = [*chart_pages(built_book)[:1], built_book / "book" / "overview.html"]
    reports = check_pages(pages, probe=_PAGE_COLOURS, color_scheme="dark", local_storage={"mode": "dark", "theme": "dark"})
    for report in reports:
        colours = report.probe
        assert colours["theme"] == "light", f"{report.path.name}: {colours}"
        assert relative_luminance(colours["page"]) > 0.9 and contrast_ratio(colours["text"], colours["page"]) >= 4.5, colours
        for chart in colours["charts"]:
            assert chart["texts"] and contrast_ratio(chart["background"], colours["page"]) < 1.1, chart
            for text in chart["texts"]:
                assert contrast_ratio(text, chart["background"]) >= 4.5, chart


def _quote_access(page, report) -> None:
    """Keyboard and pointer: each chart shows a mark's data in its panel; its table lists every tooltip value."""
    report.access = []
    for chart in page.locator("div.vega-chart").all():
        chart_id = chart.get_attribute("id")
        panel = page.locator(f"#{chart_id}-detail")
        chart.focus()
        page.keyboard.press("ArrowRight")
        by_key = panel.inner_text()
        page.keyboard.press("Escape")
        target = page.evaluate(
            """(id) => {
              const centre = (e) => { const b = e.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; };
              const marks = [...document.getElementById(id).querySelectorAll("svg *")]
                .filter((e) => e.__data__ && e.__data__.tooltip && e.getBoundingClientRect().width > 0);
              // the middle one of the marks that no other mark covers at its centre
              marks[Math.floor(marks.length / 2)].scrollIntoView({block: "center"});
              const visible = marks.filter((e) => {
                const [x, y] = centre(e);
                const top = document.elementFromPoint(x, y);
                return top === e || (top && top.__data__ && !top.__data__.tooltip && top.closest("svg"));
              });
              const mark = visible[Math.floor(visible.length / 2)];
              const [x, y] = centre(mark);
              return {x, y, values: Object.values(mark.__data__.tooltip).map(String)};
            }""",
            chart_id,
        )
        page.mouse.click(target["x"], target["y"])
        by_pointer = panel.inner_text()
        expected = page.evaluate(
            """(id) => {
              const spec = window.bookCharts[id].spec;
              const fields = new Set();
              const walk = (node) => {
                if (!node || typeof node !== "object") return;
                const tooltip = node.encoding && node.encoding.tooltip;
                (Array.isArray(tooltip) ? tooltip : tooltip ? [tooltip] : []).forEach((t) => fields.add(t.field));
                Object.entries(node).forEach(([key, child]) => key !== "datasets" && walk(child));
              };
              walk(spec);
              const values = new Set();
              Object.values(spec.datasets || {}).forEach((rows) => rows.forEach((row) =>
                fields.forEach((f) => { if (typeof row[f] === "string" && row[f]) values.add(row[f]); })));
              return [...values];
            }""",
            chart_id,
        )
        table = page.locator(f"#{chart_id}-data").text_content()
        report.access.append(
            {
                "id": chart_id,
                "by_key": by_key,
                "by_pointer": by_pointer,
                "clicked": target["values"],
                "missing": [value for value in expected if " ".join(value.split()) not in " ".join(table.split())],
                "n_values": len(expected),
            }
        )


@pytest.mark.parametrize("width", [390, 1280])
def test_every_quote_a_chart_shows_is_reachable_without_hover(built_book: Path, width: int) -> None:
    for report in check_pages(chart_pages(built_book), width=width, interact=_quote_access):
        assert report.console_errors == [], f"{report.path.name}: {report.console_errors}"
        assert len(report.access) == report.n_chart_divs
        for chart in report.access:
            where = f"{report.path.name} {chart['id']}"
            assert chart["by_key"].strip(), f"{where}: the arrow key showed nothing"
            assert all(" ".join(v.split()) in " ".join(chart["by_pointer"].split()) for v in chart["clicked"]), (
                f"{where}: a click showed {chart['by_pointer']!r}, not {chart['clicked']}"
            )
            assert chart["n_values"] > 0 and chart["missing"] == [], f"{where}: not in the chart's table: {chart['missing']}"


def test_no_page_asks_the_reader_to_hover(built_book: Path) -> None:
    for page in (built_book / "book").glob("*.html"):
        assert "hover" not in page_text(page).lower(), page.name
    for source in [*NOTEBOOKS, *BOOK.glob("*.md")]:
        assert "hover" not in source.read_text(encoding="utf-8").lower(), source.name


# --- The theme, changed through its own mechanisms -------------------------------------------

_NAVIGATION = (
    '<ul class="nav bd-sidenav"><li class="toctree-l1 has-children"><a class="reference internal" href="texts.html">'
    '10. Annotated source texts</a><details><summary><span class="toctree-toggle" role="presentation">'
    '<i class="fa-solid fa-chevron-down"></i></span></summary><ul><li class="toctree-l2"><a class="reference internal" '
    'href="texts/bataut2025.html">Bataut</a></li></ul></details></li></ul>'
)


def test_navigation_toggles_are_named_after_their_chapter() -> None:
    from analysis.book.sphinx_book import label_section_toggles

    labelled = label_section_toggles(_NAVIGATION, "book/index")
    assert '<summary aria-label="Sections of 10. Annotated source texts">' in labelled
    assert labelled.replace(' aria-label="Sections of 10. Annotated source texts"', "") == _NAVIGATION


@pytest.mark.parametrize(
    "changed",
    [
        _NAVIGATION.replace("<details>", "<div>").replace("</details>", "</div>"),  # no <details> any more
        _NAVIGATION.replace("<summary>", "<button>").replace("</summary>", "</button>"),  # no <summary>
        _NAVIGATION.replace('<a class="reference internal" href="texts.html">', "<span>").replace("texts</a>", "texts</span>"),
    ],
    ids=["no-details", "no-summary", "no-link"],
)
def test_a_navigation_the_fix_no_longer_matches_stops_the_build(changed: str) -> None:
    from sphinx.errors import ExtensionError

    from analysis.book.sphinx_book import label_section_toggles

    with pytest.raises(ExtensionError, match=r"^book/overview: .*(details|summary)"):
        label_section_toggles(changed, "book/overview")


def test_a_theme_without_the_navigation_function_stops_the_build() -> None:
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from analysis.book.sphinx_book import label_navigation

    app = SimpleNamespace(builder=SimpleNamespace(format="html"))
    with pytest.raises(ExtensionError, match=r"book/glossary: .*generate_toctree_html"):
        label_navigation(app, "book/glossary", "page.html", {}, None)
    context = {"generate_toctree_html": lambda **kwargs: _NAVIGATION}
    label_navigation(app, "book/glossary", "page.html", context, None)
    assert 'aria-label="Sections of 10. Annotated source texts"' in context["generate_toctree_html"](kind="sidebar")


def test_the_theme_is_changed_by_templates_and_its_tooling_is_not_published(built_book: Path) -> None:
    assert [path.name for path in built_book.rglob("*webpack-macros*")] == []
    for page in (built_book / "book").rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        assert "theme-switch" not in source and 'role="list" class="citation-list"' not in source, page.name
        assert 'search-button-field search-button__button pst-js-only" title="Search" aria-label' not in source, page.name
    references = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    assert '<div class="citation-list" role="list">' in references


def test_no_page_describes_a_chart_form_this_build_does_not_draw(built_book: Path) -> None:
    """With the book's two sources every chart draws each text apart: no sentence speaks of counting texts instead."""
    for page in sorted((built_book / "book").glob("*.html")):
        assert "too large" not in page_text(page), page.name


def test_no_heading_is_numbered_twice(built_book: Path) -> None:
    """The coding manual numbers its own sections ("1. Units"); the book adds no second number ("8.1.1.1. 1.")."""
    for page in sorted((built_book / "book").rglob("*.html")):
        doubled = re.findall(r'section-number">[\d.]+ </span>\d+\. ', page.read_text(encoding="utf-8"))
        assert not doubled, f"{page.name}: {doubled[:3]}"
    codebook = (built_book / "book" / "codebook.html").read_text(encoding="utf-8")
    assert re.search(r"<h4>1\. Units: claims and positions", codebook)
