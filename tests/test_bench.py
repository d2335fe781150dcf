"""The benchmark runs end to end in quick mode, so that it cannot rot (timings are not asserted).

The quick run also builds the whole book on a synthetic corpus of 20 sources and
holds every page to the size limit; a build the benchmark times that fails makes
the benchmark fail, with no report written.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import project_copy

from analysis.book import notebooks
from analysis.processes import BENCHMARK, QUICK, run
from tools.bench import COLD_RUNS, PAGE_LIMIT, QUICK_BOOK_SIZES, QUICK_SIZES, evaluate


@pytest.mark.bench  # run by `make bench-quick`, its own step of .ci/run
def test_quick_benchmark_writes_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = run(
        [sys.executable, "-m", "tools.bench", "--quick", "--out", str(out)], capture_output=True, text=True, timeout=BENCHMARK
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    builds = report["builds"]
    for key in (
        "cold_html_serial_s",
        "cold_html_s",
        "warm_html_s",
        "data_change_html_s",
        "pdf_s",
        "cold_book_s",
        "warm_book_s",
        "total_bytes",
        "largest_page_bytes",
        "vega_copies",
    ):
        assert builds[key] > 0, key
    assert builds["cold_serial_executed"] == builds["cold_executed"] == len(report["notebook_s"])
    runs = builds["cold_runs_s"]  # each cold build timed in turn, the fastest kept
    assert len(runs["serial"]) == len(runs["parallel"]) == COLD_RUNS
    assert builds["cold_html_serial_s"] == min(runs["serial"]) and builds["cold_html_s"] == min(runs["parallel"])
    assert builds["warm_executed"] == 0 and builds["data_change_executed"] > 0 and builds["warm_book_executed"] == 0
    assert builds["vega_copies"] == 1
    assert set(report["notebook_s"]) == {p.stem for p in notebooks.chapters(Path(__file__).parents[1] / "book")}
    assert report["notebook_floor_s"] > 0 and report["sphinx_unexecuted_s"] > 0
    assert set(report["dataset_build_s"]) == {str(size) for size in QUICK_SIZES}
    assert set(report["book_build"]) == {str(size) for size in QUICK_BOOK_SIZES}
    for size, book in report["book_build"].items():
        assert book["html_s"] > 0 and book["pages"] > int(size), size  # a text page per source, and the chapters
        assert book["largest_page_bytes"] <= PAGE_LIMIT, f"{book['largest_page']} at {size} sources"
        assert report["targets"][f"largest page at {size} sources (bytes)"]["met"]
    assert set(report["targets"]) == set(evaluate(report))
    assert "target: warm rebuild / cold build" in result.stdout
    assert "target: warm make book / cold make book" in result.stdout
    assert "target: cold build, chapters in parallel / one after another" in result.stdout


def test_targets_are_judged_against_their_limits() -> None:
    report = {
        "builds": {
            "warm_html_s": 20.0,
            "cold_html_s": 100.0,
            "cold_html_serial_s": 120.0,
            "data_change_html_s": 110.0,
            "warm_book_s": 30.0,
            "cold_book_s": 150.0,
            "largest_page_bytes": 600_000,
            "vega_copies": 2,
        },
        "notebook_floor_s": 40.0,
        "sphinx_unexecuted_s": 10.0,
        "dataset_build_s": {"200": 1.0, "2000": 20.0},
        "book_build": {"200": {"largest_page_bytes": 700_000}},
    }
    targets = evaluate(report)
    assert not any(target["met"] for target in targets.values())
    assert "warm make book / cold make book" in targets
    report = {
        "builds": {
            "warm_html_s": 5.0,
            "cold_html_s": 60.0,
            "cold_html_serial_s": 90.0,
            "data_change_html_s": 55.0,
            "warm_book_s": 1.0,
            "cold_book_s": 90.0,
            "largest_page_bytes": 80_000,
            "vega_copies": 1,
        },
        "notebook_floor_s": 40.0,
        "sphinx_unexecuted_s": 10.0,
        "dataset_build_s": {"200": 1.0, "2000": 9.0},
        "book_build": {"200": {"largest_page_bytes": 400_000}},
    }
    assert all(target["met"] for target in evaluate(report).values())


def test_a_failed_build_fails_the_benchmark(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    annotation = next((root / "data" / "annotations" / "sources").glob("*.yaml"))
    annotation.write_text(annotation.read_text(encoding="utf-8") + "\nclaims: [\n", encoding="utf-8")  # not YAML
    out = tmp_path / "bench.json"
    result = run(
        [sys.executable, "-m", "tools.bench", "--quick", "--out", str(out)],
        env={**os.environ, "BOOK_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "benchmark failed" in result.stderr and "make html failed" in result.stderr
    assert not out.exists()
