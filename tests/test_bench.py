"""The benchmark runs end to end in quick mode, so that it cannot rot (timings are not asserted)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.bench import QUICK_SIZES, evaluate
from analysis.processes import BENCHMARK, run


def test_quick_benchmark_writes_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = run(
        [sys.executable, "-m", "analysis.bench", "--quick", "--out", str(out)], capture_output=True, text=True, timeout=BENCHMARK
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    builds = report["builds"]
    for key in ("cold_html_s", "warm_html_s", "data_change_html_s", "pdf_s", "total_bytes", "largest_page_bytes", "vega_copies"):
        assert builds[key] > 0, key
    assert builds["warm_executed"] == 0 and builds["data_change_executed"] > 0
    assert builds["vega_copies"] == 1
    assert set(report["notebook_s"]) == {p.stem for p in (Path(__file__).parents[1] / "book").glob("*.ipynb")}
    assert report["notebook_floor_s"] > 0 and report["sphinx_unexecuted_s"] > 0
    assert set(report["dataset_build_s"]) == {str(size) for size in QUICK_SIZES}
    assert set(report["targets"]) == set(evaluate(report))
    assert "target: warm rebuild / cold build" in result.stdout


def test_targets_are_judged_against_their_limits() -> None:
    report = {
        "builds": {"warm_html_s": 20.0, "cold_html_s": 100.0, "largest_page_bytes": 600_000, "vega_copies": 2},
        "notebook_floor_s": 40.0,
        "sphinx_unexecuted_s": 10.0,
        "dataset_build_s": {"200": 1.0, "2000": 20.0},
    }
    targets = evaluate(report)
    assert not any(target["met"] for target in targets.values())
    report = {
        "builds": {"warm_html_s": 5.0, "cold_html_s": 60.0, "largest_page_bytes": 80_000, "vega_copies": 1},
        "notebook_floor_s": 40.0,
        "sphinx_unexecuted_s": 10.0,
        "dataset_build_s": {"200": 1.0, "2000": 9.0},
    }
    assert all(target["met"] for target in evaluate(report).values())
