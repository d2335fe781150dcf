"""The page checker itself (`tools.browser.check_pages`): each page's report is its own, and a page is checked as a
reader sees it, drawn at the screen's rate, while the next one loads behind it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.browser import browser, check_pages

#: Milliseconds five animation frames take on the page being checked (about 80 at 60 frames a second).
_FIVE_FRAMES = """
async () => { const start = performance.now();
  for (let frame = 0; frame < 5; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - start; }
"""


def _pages(folder: Path, count: int) -> list[Path]:
    pages = []
    for index in range(count):
        page = folder / f"page{index}.html"
        page.write_text(
            f"<!doctype html><title>Page {index}</title><img src='missing{index}.png'>"
            f"<script>console.error('error on page {index}')</script><p>Page {index}</p>",
            encoding="utf-8",
        )
        pages.append(page)
    return pages


def test_each_page_is_reported_on_its_own_in_the_order_given(tmp_path: Path) -> None:
    pages = _pages(tmp_path, 4)
    reports = check_pages(pages, charts=False, wait_ms=0, probe="document.body.innerText")
    assert [report.path for report in reports] == pages
    for index, report in enumerate(reports):
        assert report.probe == f"Page {index}"
        assert [error for error in report.console_errors if error.startswith("error on")] == [f"error on page {index}"]
        assert any(f"missing{index}.png" in failed for failed in report.failed_requests), report.failed_requests
        assert not any(f"missing{other}" in failed for failed in report.failed_requests for other in {0, 1, 2, 3} - {index})
        assert [url.rsplit("/", 1)[-1] for url in report.requests] == [f"page{index}.html", f"missing{index}.png"]


def test_the_page_being_checked_is_drawn_at_the_screens_rate_while_the_next_one_loads(tmp_path: Path) -> None:
    """Chromium draws a tab behind another about once a second: a page checked behind the next one, already
    opened, would run its resize observers and animation frames late, and a check would see a layout no reader
    sees (a table measured before it was fitted to a new width)."""

    def resize_then_time_frames(page: Any, report: Any) -> None:
        page.set_viewport_size({"width": 1024, "height": 900})
        report.probe = page.evaluate(_FIVE_FRAMES)

    for report in check_pages(_pages(tmp_path, 3), width=390, charts=False, wait_ms=0, interact=resize_then_time_frames):
        assert report.probe < 500, f"{report.path.name}: five frames took {report.probe:.0f} ms"


def test_checks_share_one_browser_and_leave_nothing_open(tmp_path: Path) -> None:
    pages = _pages(tmp_path, 2)
    check_pages(pages, charts=False, wait_ms=0)
    shared = browser()
    check_pages(pages, charts=False, wait_ms=0, fresh=True)
    assert browser() is shared and shared.contexts == []
