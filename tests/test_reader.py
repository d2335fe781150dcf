"""A reader on a phone, a tablet and a desktop: the menus open, tables show every column, pages stay light.

Each test loads the built book offline in headless Chromium (tools/browser.py) and
does what a reader does: taps the navigation button, reads a table, opens a page
for the first time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tools.browser import check_pages

#: A page of each kind: the front page, a chapter with charts, one with long filterable tables, a source text.
MENU_PAGES = ("book/index.html", "book/positions.html", "book/claims.html", "book/texts/bataut2025.html")

#: Whether a point inside an element is really that element on screen (not covered, not off the viewport).
_VISIBLE = """
(selector) => [...document.querySelectorAll(selector)].filter((e) => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  const x = r.left + Math.min(r.width / 2, 10), y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return hit !== null && (hit === e || e.contains(hit));
}).length
"""


def _until(page: Any, expression: str, arg: Any = None) -> bool:
    """Whether the JavaScript `expression` (a function of `arg`) comes true within two seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(expression, arg=arg, timeout=2_000)
    except PlaywrightTimeout:
        return False
    return True


def _menu(page: Any, report: Any, toggle: str, dialog: str, links: str, tap: bool) -> dict[str, Any]:
    """Open a menu by `toggle` (a tap, or Enter on the focused button), note what shows once it has slid in (or after
    two seconds), close it with Escape."""
    button = page.locator(f".bd-header-article {toggle}")
    seen: dict[str, Any] = {"buttons": button.count()}
    if button.count() != 1 or not button.is_visible():
        return seen
    if tap:
        button.tap()
    else:
        button.focus()
        page.keyboard.press("Enter")
    seen["open"] = _until(page, f"() => document.querySelector('{dialog}').open")
    _until(page, f"(selector) => ({_VISIBLE})(selector) >= 2", f"{dialog} {links}")
    page.wait_for_timeout(100)  # the slide's last frames
    seen["links_visible"] = page.evaluate(_VISIBLE, f"{dialog} {links}")
    page.keyboard.press("Escape")
    seen["closed"] = _until(page, f"() => !document.querySelector('{dialog}').open")
    seen["focus_back"] = _until(page, f"() => document.activeElement === document.querySelector('.bd-header-article {toggle}')")
    return seen


def _menus(tap: bool) -> Any:
    def interact(page: Any, report: Any) -> None:
        report.probe = {
            "navigation": _menu(page, report, ".primary-toggle", "#pst-primary-sidebar-modal", "nav a.reference", tap),
            "on this page": _menu(page, report, ".secondary-toggle", "#pst-secondary-sidebar-modal", "#pst-page-toc-nav a", tap),
        }

    return interact


@pytest.mark.parametrize(
    ("width", "tap"), [(390, True), (768, True), (390, False)], ids=["phone-tap", "tablet-tap", "phone-keyboard"]
)
def test_the_menus_open_on_a_phone_and_a_tablet_and_close_again(built_book: Path, width: int, tap: bool) -> None:
    pages = [built_book / page for page in MENU_PAGES]
    for report in check_pages(pages, width=width, height=844, interact=_menus(tap), touch=tap, charts=False, wait_ms=100):
        name = report.path.relative_to(built_book)
        for menu, seen in report.probe.items():
            if menu == "on this page" and seen["buttons"] == 0:
                continue  # a page without sections has no contents of its own
            assert seen["buttons"] == 1, f"{name}: {menu}: {seen}"
            assert seen["open"], f"{name}: the {menu} button opened nothing"
            assert seen["links_visible"] >= 2, f"{name}: the {menu} menu opened but its links are not on screen: {seen}"
            assert seen["closed"] and seen["focus_back"], f"{name}: Escape did not close the {menu} menu: {seen}"
        assert report.console_errors == [], f"{name}: {report.console_errors}"


def test_a_link_in_the_phone_menu_opens_its_chapter(built_book: Path) -> None:
    def follow(page: Any, report: Any) -> None:
        page.locator(".bd-header-article .primary-toggle").tap()
        page.wait_for_timeout(300)
        link = page.locator("#pst-primary-sidebar-modal nav a.reference", has_text="Claims").first
        with page.expect_navigation(wait_until="load"):
            link.tap()
        report.probe = page.evaluate("location.pathname")

    report = check_pages([built_book / "book" / "index.html"], width=390, height=844, interact=follow, touch=True)[0]
    assert report.probe.endswith("/book/claims.html")


def test_the_desktop_navigation_button_hides_and_shows_the_sidebar(built_book: Path) -> None:
    def toggle(page: Any, report: Any) -> None:
        sidebar = page.locator("#pst-primary-sidebar")
        before = sidebar.is_visible()
        page.locator(".bd-header-article .primary-toggle").click()
        page.wait_for_timeout(300)
        hidden = sidebar.is_visible()
        page.locator(".bd-header-article .primary-toggle").click()
        page.wait_for_timeout(300)
        report.probe = [before, hidden, sidebar.is_visible()]

    report = check_pages([built_book / "book" / "overview.html"], width=1400, interact=toggle)[0]
    assert report.probe == [True, False, True]


#: For every table in the article, every <details> opened as a reader would: how far it and its
#: cells reach past the article's column, and how far its scrolling box can scroll sideways (a
#: column out of view). A header row kept only for screen readers (clipped, above cards) is not on screen.
_TABLE_FIT = """
async () => {
  document.querySelectorAll("article.bd-article details").forEach((d) => { d.open = true; });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // and until the page has been drawn twice since: what the reader sees once the resize observers have run
  for (let frame = 0; frame < 2; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const article = document.querySelector("article.bd-article");
  const style = getComputedStyle(article), box = article.getBoundingClientRect();
  const right = Math.min(box.right - parseFloat(style.paddingRight), innerWidth);
  return [...article.querySelectorAll("table")].filter((t) => t.offsetParent !== null).map((table) => {
    let scroller = table.parentElement;
    while (scroller !== article && getComputedStyle(scroller).overflowX === "visible") scroller = scroller.parentElement;
    const shown = (c) => c.getClientRects().length && !(c.closest("thead") && getComputedStyle(c.closest("thead")).clipPath !== "none");
    const cells = [...table.querySelectorAll("th, td, caption")].filter(shown);
    const reach = Math.max(table.getBoundingClientRect().right, ...cells.map((c) => c.getBoundingClientRect().right));
    const caption = table.caption ? table.caption.textContent.trim().slice(0, 60) : table.id;
    return {table: caption, past: Math.round(reach - right), hidden: scroller.scrollWidth - scroller.clientWidth};
  });
}
"""


def table_pages(built_book: Path) -> list[Path]:
    """Every page of the book that holds a table."""
    return [page for page in sorted((built_book / "book").rglob("*.html")) if "<table" in page.read_text(encoding="utf-8")]


#: The widths the tables are checked at: a phone's, a tablet's and a desktop's.
TABLE_WIDTHS = (390, 1024, 1400)


def test_no_table_hides_a_column_past_the_readers_view(built_book: Path) -> None:
    """Each page is loaded at a phone's width, then widened to a tablet's and a desktop's, as a reader turns a
    tablet or widens a window; at each width no table reaches past the column or hides a column sideways."""

    def at_each_width(page: Any, report: Any) -> None:
        report.probe = {}
        for width in TABLE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            report.probe[width] = page.evaluate(_TABLE_FIT)

    pages = table_pages(built_book)
    assert len(pages) >= 3
    checked = dict.fromkeys(TABLE_WIDTHS, 0)
    for report in check_pages(pages, width=TABLE_WIDTHS[0], interact=at_each_width, charts=False, wait_ms=100):
        for width, tables in report.probe.items():
            for table in tables:
                where = f"{report.path.name} at {width} px, table {table['table']!r}"
                assert table["past"] <= 1, f"{where}: reaches {table['past']} px past the column"
                assert table["hidden"] <= 1, f"{where}: {table['hidden']} px of it are scrolled out of view"
                checked[width] += 1
    assert all(count >= 10 for count in checked.values()), checked


def test_on_a_phone_every_table_row_is_a_card_with_labelled_cells(built_book: Path) -> None:
    probe = """
    () => [...document.querySelectorAll("article.bd-article table")].filter((t) => t.tHead && !t.classList.contains("chart-data-table"))
      .map((t) => ({cards: t.classList.contains("book-cards") && getComputedStyle(t.tBodies[0].rows[0]).display === "block",
                    unlabelled: [...t.tBodies[0].querySelectorAll("td")].filter((c) => !c.dataset.label).length,
                    caption: !t.caption || t.caption.getBoundingClientRect().right <= innerWidth}))
    """
    reports = check_pages(table_pages(built_book), width=390, probe=probe, charts=False, wait_ms=100)
    tables = [table for report in reports for table in report.probe]
    assert tables
    assert all(t["cards"] and t["unlabelled"] == 0 and t["caption"] for t in tables), tables


def test_a_first_visit_is_light_a_text_page_1_mb_a_chart_page_2_mb(built_book: Path) -> None:
    """Every page, and the search page listing the results of a search, within its limit on a first visit."""
    from tools.bench import SEARCH_QUERY, first_visit_bytes

    visits = first_visit_bytes(built_book)
    assert any(visit["chart"] for visit in visits.values()) and any(not visit["chart"] for visit in visits.values())
    heavy = {page: visit for page, visit in visits.items() if visit["bytes"] > visit["limit"]}
    assert heavy == {}, heavy
    search = visits.pop(f"search.html?q={SEARCH_QUERY}")
    assert "searchindex.js" in search["files"] and not search["chart"]
    texts = [name for name in search["files"] if name.startswith("_static/search-texts/")]
    assert len(texts) >= 3, search["files"]  # the snippets of the results came with the visit, and are counted
    for page, visit in visits.items():
        assert not [f for f in visit["files"] if "fontawesome" in f or "datatables" in f], (page, visit["files"])
        assert ("_static/vega-bundle.js" in visit["files"]) == visit["chart"], page  # Vega only where a chart is drawn
        assert "searchindex.js" not in visit["files"], page  # the search index loads on the search page only


#: The tallest chart of the page, scrolled to the top of the window; the centre of its first drawn mark.
_TALL_CHART = """
() => {
  const el = [...document.querySelectorAll("div.vega-chart")].sort((a, b) => b.offsetHeight - a.offsetHeight)[0];
  el.scrollIntoView({block: "start"});
  let mark = null;
  const visit = (item) => {
    if (mark || !item) return;
    if (item.marktype !== undefined && item.role === "mark" && item.marktype !== "group" && (item.items || []).length) {
      mark = item.items[0];
      return;
    }
    (item.items || []).forEach(visit);
  };
  visit(window.bookCharts[el.id].view.scenegraph().root);
  const box = mark._svg.getBoundingClientRect();
  return {id: el.id, height: el.offsetHeight, x: box.left + box.width / 2, y: box.top + box.height / 2};
}
"""

#: Where the readout panel and the ring around the chosen mark are against the window.
_READOUT = """
(id) => {
  const panel = document.getElementById(`${id}-detail`).getBoundingClientRect();
  const ring = document.querySelector(`#${id} .chart-mark-ring`);
  const mark = ring ? ring.getBoundingClientRect() : null;
  return {scroll: scrollY, shown: document.getElementById(`${id}-detail`).textContent.length > 0,
          panel_in_view: panel.top >= 0 && panel.bottom <= innerHeight,
          mark_clear: mark === null || (mark.top >= 0 && mark.bottom <= panel.top + 1)};
}
"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1024, 600)])
def test_a_charts_readout_stays_in_view_beside_it_on_tap_and_on_arrow_keys(built_book: Path, width: int, height: int) -> None:
    def interact(page: Any, report: Any) -> None:
        chart = page.evaluate(_TALL_CHART)
        page.wait_for_timeout(300)
        before = page.evaluate("scrollY")
        page.touchscreen.tap(chart["x"], chart["y"])
        page.wait_for_timeout(300)
        tapped = page.evaluate(_READOUT, chart["id"])
        page.focus(f"#{chart['id']}")
        keys = []
        for _ in range(12):
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(80)
            keys.append(page.evaluate(_READOUT, chart["id"]))
        report.probe = {"chart": chart, "before": before, "tapped": tapped, "keys": keys}

    report = check_pages([built_book / "book" / "phases.html"], width=width, height=height, interact=interact, touch=True)[0]
    seen = report.probe
    assert seen["chart"]["height"] > height, "the test needs a chart taller than the window"
    assert seen["tapped"]["shown"] and seen["tapped"]["panel_in_view"], seen["tapped"]
    assert abs(seen["tapped"]["scroll"] - seen["before"]) < 50, (
        f"a tap moved the page from {seen['before']} to {seen['tapped']['scroll']}"
    )
    for step, key in enumerate(seen["keys"], 1):
        assert key["shown"] and key["panel_in_view"] and key["mark_clear"], f"arrow key {step}: {key}"


def test_a_long_table_sorts_by_a_column_and_back_by_keyboard(built_book: Path) -> None:
    column = """(id) => [...document.querySelectorAll(`#${id} tbody tr`)].map((row) => row.cells[0].textContent.trim())"""

    def sort(page: Any, report: Any) -> None:
        original = page.evaluate(column, "tbl-claims")
        button = page.locator("#tbl-claims thead th .table-sort").first
        button.focus()
        seen = []
        for _ in range(3):
            page.keyboard.press("Enter")
            page.wait_for_timeout(100)
            seen.append(
                (
                    page.evaluate("document.querySelector('#tbl-claims thead th').getAttribute('aria-sort')"),
                    page.evaluate(column, "tbl-claims"),
                )
            )
        report.probe = {"original": original, "seen": seen}

    report = check_pages([built_book / "book" / "claims.html"], interact=sort)[0]
    original, seen = report.probe["original"], report.probe["seen"]
    assert len(original) > 10 and original != sorted(original, key=str.lower, reverse=True)
    assert seen[0] == ("ascending", sorted(original, key=str.lower))
    assert seen[1] == ("descending", sorted(original, key=str.lower, reverse=True))
    assert seen[2] == (None, original)


def test_every_page_has_a_favicon(built_book: Path) -> None:
    for page in sorted((built_book / "book").rglob("*.html")):
        found = re.search(r'<link rel="icon" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert found and (page.parent / found.group(1)).is_file(), page.name


#: Each result of a search, as the search page lists it: its title and its snippet.
_RESULTS = """
() => [...document.querySelectorAll("ul.search li")].map((li) => [
  li.querySelector("a").textContent, (li.querySelector("p.context") || {textContent: ""}).textContent,
])
"""


@pytest.mark.parametrize("over", ["file", "http"])
def test_a_search_shows_each_result_with_its_snippet_from_disk_or_a_server(built_book: Path, over: str) -> None:
    """Sphinx's search cuts a result's snippet from the page it fetches, which a page opened from disk may not
    fetch: the book answers with the page's text (analysis/book/sphinx_search.py), the same over http, and
    without the chapters' code."""
    from tools.browser import served

    def results_listed(page: Any, report: Any) -> None:
        page.wait_for_function("document.querySelectorAll('ul.search li p.context').length >= 3", timeout=30_000)
        page.wait_for_timeout(500)

    search = built_book / "search.html"
    if over == "file":
        report = check_pages([search], url=lambda path: path.as_uri() + "?q=Taliban", probe=_RESULTS, interact=results_listed)[0]
    else:
        with served(built_book) as url:
            report = check_pages([search], url=lambda path: url(path) + "?q=Taliban", probe=_RESULTS, interact=results_listed)[0]
    assert report.console_errors == [] and report.failed_requests == []
    results = report.probe
    assert len(results) >= 5 and all(snippet.strip() for _, snippet in results), results
    assert sum("taliban" in snippet.lower() for _, snippet in results) >= len(results) // 2, results
    junk = ("Show the code", "glue_all(", "Table of contents", ".ipynb")  # code, the page's buttons and contents
    assert not any(word in snippet for word in junk for _, snippet in results), results


#: For each search box on screen: how far its magnifier reaches past where the typed words begin.
_SEARCH_BOX = """
() => [...document.querySelectorAll("form.bd-search")].filter((f) => f.getClientRects().length).map((form) => {
  const icon = form.querySelector(".fa-magnifying-glass").getBoundingClientRect();
  const input = form.querySelector("input");
  const start = input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft);
  return Math.round(icon.right - start);
})
"""


@pytest.mark.parametrize("width", [390, 1400])
def test_the_search_boxs_magnifier_leaves_the_typed_words_clear(built_book: Path, width: int) -> None:
    def open_the_dialog(page: Any, report: Any) -> None:
        on_page = page.evaluate(_SEARCH_BOX)
        page.keyboard.press("Control+k")  # the search dialog every page opens
        page.wait_for_timeout(300)
        report.probe = on_page + page.evaluate(_SEARCH_BOX)

    pages = [built_book / "search.html", built_book / "book" / "index.html"]
    reports = check_pages(pages, width=width, interact=open_the_dialog, charts=False, wait_ms=100)
    overlaps = [overlap for report in reports for overlap in report.probe]
    assert len(overlaps) >= 3 and all(overlap <= 0 for overlap in overlaps), overlaps


def test_a_pages_search_text_is_packed_the_same_in_every_build_and_unpacks_whole(built_book: Path) -> None:
    """The texts the search page loads travel gzip-compressed: a third of their bytes, the same bytes each build."""
    import base64
    import gzip

    from analysis.book.sphinx_search import packed_text, page_text

    page = (built_book / "book" / "claims.html").read_text(encoding="utf-8")
    text = page_text(page)
    assert packed_text(text) == packed_text(text)
    assert gzip.decompress(base64.b64decode(packed_text(text))).decode("utf-8") == text
    script = (built_book / "_static" / "search-texts" / "book" / "claims.js").read_text(encoding="utf-8")
    assert packed_text(text) in script and len(script) < len(text.encode("utf-8")) / 2


def test_back_to_top_keeps_to_a_corner_of_a_phone(built_book: Path) -> None:
    """The theme's "Back to top" pill floats over the middle of the column on a phone, over a chart's legend or the
    text: on a phone it is a small round button in the bottom corner, still named for screen readers."""

    def scroll_down_then_up(page: Any, report: Any) -> None:
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(300)
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(600)

    probe = """
    () => { const b = document.getElementById("pst-back-to-top"), r = b.getBoundingClientRect();
      return {shown: getComputedStyle(b).display !== "none", left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              width: r.width, height: r.height, name: b.textContent.trim()}; }
    """
    (report,) = check_pages(
        [built_book / "book" / "positions.html"], width=390, height=844, interact=scroll_down_then_up, probe=probe
    )
    button = report.probe
    assert button["shown"] and button["name"] == "Back to top", button
    assert button["width"] <= 48 and button["height"] <= 48, button  # a round icon, not a pill
    assert 390 - button["right"] <= 16 and 844 - button["bottom"] <= 24, button  # in the bottom-right corner
