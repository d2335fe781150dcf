"""Checking the built HTML book in headless Chromium, with the network cut off.

Every page is loaded from `file://`; any request elsewhere is blocked and
recorded. For each page the check returns its console errors, failed or blocked
requests, and, for every chart, the marks Vega drew against the marks its data
calls for and where the chart and its text lie against the article's column.
Pages can be loaded at any viewport width, in a dark colour scheme, and with
values already stored in localStorage (a reader's saved theme, say).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The Playwright driver and the headless Chromium of this process, once started (`browser`).
_RUNNING: dict[str, Any] = {}


def browser() -> Any:
    """The headless Chromium in which this process checks pages: launched on first use (again if it has gone) and
    closed when the process exits. Each check opens a browser context of its own in it, so no check sees another's
    cookies, storage or cache; launching a browser for each check took about 0.7 s."""
    running = _RUNNING.get("browser")
    if running is None or not running.is_connected():
        from playwright.sync_api import sync_playwright

        if "playwright" not in _RUNNING:
            _RUNNING["playwright"] = sync_playwright().start()
            atexit.register(_stop)
        _RUNNING["browser"] = _RUNNING["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    return _RUNNING["browser"]


def _stop() -> None:
    """Close this process's browser and its Playwright driver."""
    if "browser" in _RUNNING:
        _RUNNING.pop("browser").close()
    _RUNNING.pop("playwright").stop()


# Counts, for every chart on the page, the data rows each unit layer should draw
# and the items Vega actually drew in data marks (not axes, legends or frames).
# Inside a facet, a layer with data of its own (a map's land) is drawn whole in every panel. A layer's filters on a
# chart's parameters (a map's chosen target) keep the rows they pass, at the parameters' current values.
_COUNT_MARKS = """
() => Object.entries(window.bookCharts || {}).map(([id, result]) => {
  const spec = result.spec;
  const datasets = spec.datasets || {};
  const names = (spec.params || []).map((p) => p.name);
  const values = names.map((name) => result.view.signal(name));
  const kept = (node, records) => (node.transform || []).filter((t) => typeof t.filter === "string").reduce((passing, t) => {
    const test = new Function("datum", ...names, `return (${t.filter});`);
    return passing.filter((record) => test(record, ...values));
  }, records);
  const records = (data) => data && data.name && datasets[data.name] ? datasets[data.name]
                           : (data && Array.isArray(data.values) ? data.values : []);
  const rows = (data, node) => kept(node, records(data)).length;
  const panels = (node, data) => {
    const fields = [node.facet.field, (node.facet.row || {}).field, (node.facet.column || {}).field].filter(Boolean);
    return new Set(records(data).map((r) => fields.map((f) => r[f]).join("\u0000"))).size;
  };
  let expected = 0;
  const walk = (node, inherited, copies) => {
    const data = node.data || inherited;
    if (node.mark) { expected += rows(data, node) * (node.data ? copies : 1); }
    for (const key of ["layer", "hconcat", "vconcat", "concat"]) { (node[key] || []).forEach((c) => walk(c, data, copies)); }
    if (node.spec) { walk(node.spec, data, node.facet ? panels(node, data) : copies); }
  };
  walk(spec, undefined, 1);
  let drawn = 0;
  const visit = (item) => {
    if (!item) return;
    if (item.marktype !== undefined) {
      const mark = item;
      if (mark.role === "mark" && mark.marktype !== "group") { drawn += (mark.items || []).length; }
      (mark.items || []).forEach(visit);
      return;
    }
    (item.items || []).forEach(visit);
  };
  visit(result.view.scenegraph().root);
  const container = document.getElementById(id);
  return {id, expected, drawn, label: container.getAttribute("aria-label"), svg: container.querySelectorAll("svg").length};
})
"""

# For every chart: the column it sits in (the article's content box), the horizontal
# extent of what it drew (its <svg> or <canvas> and every text element), the texts
# that end in an ellipsis (Vega's mark of a truncated label), and whether the page
# itself scrolls sideways.
_CHART_FIT = """
() => {
  const article = document.querySelector("article.bd-article") || document.body;
  const style = getComputedStyle(article);
  const box = article.getBoundingClientRect();
  const column = [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)];
  const charts = [...document.querySelectorAll("div.vega-chart")].map((chart) => {
    const drawn = [...chart.querySelectorAll("svg, canvas")].slice(0, 1);
    const texts = [...chart.querySelectorAll("text")];
    const boxes = [...drawn, ...texts].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
    return {
      id: chart.id,
      drawn: drawn.length,
      left: Math.min(...boxes.map((r) => r.left)),
      right: Math.max(...boxes.map((r) => r.right)),
      ellipsis: texts.map((t) => t.textContent.trim()).filter((t) => t.endsWith("\u2026")),
    };
  });
  const page = document.scrollingElement;
  return {column, charts, page_scroll_width: page.scrollWidth, viewport_width: window.innerWidth};
}
"""


@dataclass
class PageReport:
    """What one page did in the browser."""

    path: Path
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    n_chart_divs: int = 0
    probe: object = None
    violations: list[dict] = field(default_factory=list)
    fit: dict = field(default_factory=dict)
    access: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _local(url: str) -> bool:
    return url.startswith(("file://", "data:", "blob:", "about:")) or url.split("/")[2].split(":")[0] in {
        "localhost",
        "127.0.0.1",
    }


def _offline(page: Any, report: PageReport) -> None:
    """Keep the page's console errors and uncaught exceptions in `report`, and block (and note) every request that is not local."""
    page.on("console", lambda message: report.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))

    def route(route: Any, request: Any) -> None:
        if _local(request.url):
            route.continue_()
        else:
            report.failed_requests.append(f"blocked: {request.url}")
            route.abort()

    page.route("**/*", route)


_ALL_CHARTS_SETTLED = """
() => [...document.querySelectorAll("div.vega-chart")].every(
  (chart) => (window.bookCharts || {})[chart.id] && chart.dataset.drawing !== "true")
"""

#: The WCAG 2.2 AA rules of axe-core (levels A and AA of WCAG 2.0, 2.1 and 2.2), at every impact level.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}
"""


def follow_link(page_path: Path, selector: str, probe: str, viewport: tuple[int, int] = (1280, 900)) -> PageReport:
    """Load a page offline, click the first link matching `selector`, and evaluate `probe` on the page it opens.

    The report's `path` is the page loaded first; `probe` holds the value of the
    expression on the page the link opened, once it has loaded and settled.
    """
    report = PageReport(page_path)
    context = browser().new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        _offline(page, report)
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        with page.expect_navigation(wait_until="load", timeout=30_000):
            page.locator(selector).first.click()
        page.wait_for_timeout(500)
        report.probe = page.evaluate(probe)
    finally:
        context.close()
    return report


def check_pages(
    pages: list[Path],
    screenshot_dir: Path | None = None,
    wait_ms: int = 500,
    probe: str | None = None,
    axe_script: Path | None = None,
    width: int = 1280,
    height: int = 900,
    color_scheme: str = "light",
    local_storage: dict[str, str] | None = None,
    interact: Callable | None = None,
    url: Callable[[Path], str] | None = None,
    touch: bool = False,
    fresh: bool = False,
    charts: bool = True,
    full_page: bool = True,
) -> list[PageReport]:
    """Load each page offline at a `width` x `height` viewport, let its charts draw, and report what happened.

    `probe`, a JavaScript expression, is evaluated on each page and its value kept.
    With `axe_script` (axe-core's axe.min.js), the page's violations of the WCAG 2.2
    AA rules (`AXE_TAGS`), at every impact level, are recorded too. `color_scheme` is the reader's
    system preference ("light" or "dark"); `local_storage` holds values stored
    before any page loads. `interact(page, report)`, if given, is called with the
    Playwright page once its charts are drawn (before the probe). `url` gives the
    address each page is loaded from (its `file://` URI unless given: see `served`);
    every URL the page requests is kept in the report's `requests`. With `touch`, the
    browser is a touch screen (a phone's), so that `interact` can tap. With `fresh`, each page is loaded in a
    browser context of its own, with an empty cache, as on a reader's first visit. Without `charts`, the check
    does not wait for the page's charts to be drawn (for the menus and the tables, which no chart changes).
    A screenshot is of the whole page, or with `full_page` false of its first screen.

    Each page has a tab of its own, and the next page starts loading in its tab while one is checked.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def new_context() -> Any:
        context = browser().new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme, has_touch=touch)
        if local_storage:
            context.add_init_script(
                "".join(f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in local_storage.items())
            )
        return context

    shared = None if fresh else new_context()

    def start(page_path: Path) -> tuple[Any, Any, PageReport]:
        """Open the page in its tab and start loading it; return the context, the tab and its report."""
        report = PageReport(page_path)
        context = new_context() if fresh else shared
        page = context.new_page()
        _offline(page, report)
        page.on("requestfailed", lambda request, r=report: r.failed_requests.append(f"{request.url} ({request.failure})"))
        page.on("request", lambda request, r=report: r.requests.append(request.url))
        page.goto(url(page_path) if url else page_path.resolve().as_uri(), wait_until="commit")
        return context, page, report

    reports = []
    opened: list[tuple[Any, Any, PageReport]] = []
    try:
        for index, page_path in enumerate(pages):
            if not opened:
                opened.append(start(page_path))
            context, page, report = opened.pop(0)
            if index + 1 < len(pages):  # the next page loads while this one is checked
                opened.append(start(pages[index + 1]))
            page.bring_to_front()  # Chromium draws a tab behind another only about once a second
            page.wait_for_load_state("load")
            # Wait until every chart is drawn; a chart that never is shows below as missing.
            if charts:
                with contextlib.suppress(PlaywrightTimeout):
                    page.wait_for_function(_ALL_CHARTS_SETTLED, timeout=30_000)
            page.wait_for_timeout(wait_ms)
            report.n_chart_divs = page.locator("div.vega-chart").count()
            report.charts = page.evaluate(_COUNT_MARKS)
            report.fit = page.evaluate(_CHART_FIT)
            if interact is not None:
                interact(page, report)
            if probe is not None:
                report.probe = page.evaluate(probe)
            if axe_script is not None:
                page.add_script_tag(path=str(axe_script))
                report.violations = page.evaluate(_RUN_AXE, AXE_TAGS)
            if screenshot_dir is not None:
                screenshot_dir.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot_dir / f"{page_path.stem}.png"), full_page=full_page)
            page.close()
            if fresh:
                context.close()
            reports.append(report)
    finally:
        for context, page, _ in opened:
            page.close()
            if fresh:
                context.close()
        if shared is not None:
            shared.close()
    return reports


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and logs nothing, so that the test output stays clean."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing."""


@contextlib.contextmanager
def served(root: Path) -> Iterator[Callable[[Path], str]]:
    """Serve the files under `root` over HTTP on 127.0.0.1 while in the block, as a web host would.

    Yields the function that gives a file's address (for `check_pages`'s `url`).
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lambda path: f"http://127.0.0.1:{server.server_port}/{path.resolve().relative_to(root.resolve()).as_posix()}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
