"""A third article is data only: it flows through the dataset and every chapter with no code change."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import add_fixture_source, make_in, project_copy

from analysis import paths
from analysis.browser import check_pages


def chart_specs(page: Path) -> list[dict]:
    """The figures embedded in a built page: each one's datasets, with its description as `title`."""
    source = page.read_text(encoding="utf-8")
    labels = [html.unescape(label) for label in re.findall(r'class="vega-chart"[^>]*aria-label="([^"]*)"', source)]
    payloads = [json.loads(p.replace("<\\/", "</")) for p in re.findall(r"const figure = (\{.*?\});\n", source)]
    return [{"title": label, "datasets": payload["datasets"]} for label, payload in zip(labels, payloads, strict=True)]


def chart_values(spec: dict, field: str) -> set:
    return {row.get(field) for rows in spec.get("datasets", {}).values() for row in rows}


@pytest.fixture(scope="module")
def third_source_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project_copy(tmp_path_factory.mktemp("third"))
    add_fixture_source(root / "data")
    make_in(root, "html")
    return root


def test_the_new_author_is_in_every_chart(third_source_book: Path) -> None:
    pages = third_source_book / "_build" / "html" / "book"
    timeline = next(s for s in chart_specs(pages / "phases.html") if s["title"].startswith("Timeline of"))
    assert "Khan" in chart_values(timeline, "author_label")
    stances = next(s for s in chart_specs(pages / "positions.html") if s["title"].startswith("Heatmap of"))
    assert "Khan" in chart_values(stances, "author_label")
    contrasts = next(s for s in chart_specs(pages / "arguments.html") if s["title"].startswith("Matrix of"))
    pairs = chart_values(contrasts, "pair")
    assert len(pairs) == 3 and sum("Khan" in pair for pair in pairs) == 2


def test_the_original_sources_results_are_unchanged(third_source_book: Path) -> None:
    for table in ("claims", "positions", "events", "spans", "sentences", "mentions", "notes", "phase_evidence"):
        before = pd.read_csv(paths.TABLES / f"{table}.csv", dtype=str, keep_default_na=False)
        after = pd.read_csv(third_source_book / "data" / "tables" / f"{table}.csv", dtype=str, keep_default_na=False)
        after = after[after.source_id != "khan2026"].reset_index(drop=True)
        pd.testing.assert_frame_equal(before, after, obj=table)
    contrasts = pd.read_csv(third_source_book / "data" / "tables" / "contrasts.csv", dtype=str, keep_default_na=False)
    original = pd.read_csv(paths.TABLES / "contrasts.csv", dtype=str, keep_default_na=False)
    kept = contrasts[(contrasts.source_a != "khan2026") & (contrasts.source_b != "khan2026")].reset_index(drop=True)
    pd.testing.assert_frame_equal(original, kept)


def test_markup_in_a_quote_is_shown_as_text(third_source_book: Path) -> None:
    page = third_source_book / "_build" / "html" / "book" / "claims.html"
    source = page.read_text(encoding="utf-8")
    assert '<script>alert("closed")' not in source and "<b>nothing else</b>" not in source
    report = check_pages([page], probe="document.body.innerText")[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert '<script>alert("closed")</script> & <b>nothing else</b>' in report.probe
    assert all(chart["drawn"] == chart["expected"] for chart in report.charts)


def test_every_page_of_the_grown_book_works(third_source_book: Path) -> None:
    pages = sorted((third_source_book / "_build" / "html" / "book").glob("*.html"))
    for report in check_pages(pages):
        assert report.console_errors == [] and report.failed_requests == [], report.path.name
        assert len(report.charts) == report.n_chart_divs
        assert all(chart["drawn"] == chart["expected"] > 0 for chart in report.charts), report.path.name


def test_the_new_source_has_its_annotated_text(third_source_book: Path) -> None:
    page = third_source_book / "_build" / "html" / "book" / "texts" / "khan2026.html"
    source = page.read_text(encoding="utf-8")
    claims = pd.read_csv(third_source_book / "data" / "tables" / "claims.csv", dtype=str, keep_default_na=False)
    for claim_id in claims[claims.source_id == "khan2026"].claim_id:
        assert f'id="record-{claim_id}"' in source, claim_id
    assert 'dir="rtl">زخم</span>' in source
    assert '<script>alert("closed")' not in source and "&lt;script&gt;alert" in source
