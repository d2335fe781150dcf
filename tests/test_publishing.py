"""Publishing conventions: citation, licences, contributor tooling, workflow, accessibility."""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from conftest import CITATION_EDITS, project_copy

import analysis
from analysis import paths
from analysis.book import citation
from analysis.dataset import schema
from analysis.dataset.load import load
from analysis.processes import QUICK, run
from analysis.report import chapter_charts, colourvision, palette
from tools.browser import check_pages

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_citation_file_is_valid_cff() -> None:
    result = run(
        [str(Path(sys.executable).parent / "cffconvert"), "--validate", "-i", str(paths.ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_how_to_cite_page_follows_the_citation_file(third_source_book: Path) -> None:
    """In a copy whose CITATION.cff was edited, the built how-to-cite page shows the edited title and version."""
    source = (third_source_book / "_build" / "html" / "book" / "citing.html").read_text(encoding="utf-8")
    page = html.unescape(re.sub(r"<[^>]+>", "", source))
    cff = citation.load(third_source_book / "CITATION.cff")
    assert {cff["title"], cff["version"]} == set(CITATION_EDITS.values())
    assert cff["title"] in page and cff["version"] in page
    assert citation.load()["title"] not in page, "the page still shows the unedited title"
    for line in citation.bibtex(cff).splitlines():
        assert line in page, line


def test_licences_are_explicit() -> None:
    assert "MIT License" in (paths.ROOT / "LICENSE").read_text(encoding="utf-8")
    data_licence = " ".join((paths.ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8").split())
    assert "CC BY 4.0" in data_licence and "**not** relicensed" in data_licence
    assert "not relicensed" in (paths.RAW / "README.md").read_text(encoding="utf-8")
    descriptor = load().descriptor
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    raw = [r for r in descriptor["resources"] if r["path"].startswith("raw/")]
    assert raw and all("not relicensed" in r["description"] for r in raw)


def test_pre_commit_hooks_are_local_and_pass(tmp_path: Path) -> None:
    """The hooks pass on every file, run in a copy of the working tree (they may rewrite files; the real tree is left alone)."""
    config = yaml.safe_load((paths.ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"] for hook in config["repos"][0]["hooks"]}
    assert {"ruff-lint", "ruff-format"} <= hooks
    root = project_copy(tmp_path)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the hooks run the project's pinned tools
    for command in (["init", "-q"], ["add", "-A"]):
        run(["git", *command], cwd=root, check=True, capture_output=True, timeout=QUICK)
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file() and ".git" not in path.parts}
    result = run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files"],
        cwd=root,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    changed = [path for path, content in before.items() if path.read_bytes() != content]
    assert changed == [], f"the hooks rewrote {changed}"


def test_make_lint_is_clean() -> None:
    result = run(["make", "lint"], cwd=paths.ROOT, capture_output=True, text=True, timeout=QUICK)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_publish_workflow_uses_the_readme_commands() -> None:
    workflow = yaml.safe_load((paths.ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = " ".join(step.get("run", "") for step in steps)
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make book", "make test"):
        assert command in commands and command in readme
    assert any(
        step.get("uses", "").startswith("actions/upload-pages-artifact") and step["with"]["path"] == "_build/html"
        for step in steps
    )
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in steps)


def test_front_page_links_the_pdf_and_the_data_and_footer_shows_the_version(built_book: Path, built_pdf: Path) -> None:
    front = (built_book / "book" / "index.html").read_text(encoding="utf-8")
    assert 'href="../book.pdf"' in front and (built_book / "book.pdf").read_bytes() == built_pdf.read_bytes()
    assert 'href="claims.html#data-files"' in front
    version = load().version
    for page in (built_book / "book").rglob("*.html"):
        assert f"Dataset version {version}, built " in page.read_text(encoding="utf-8"), page.name


def test_every_page_passes_axe(built_book: Path) -> None:
    pages = sorted((built_book / "book").rglob("*.html"))  # the chapters and the annotated source texts
    for report in check_pages(pages, axe_script=AXE, wait_ms=200):  # after its charts are drawn
        assert report.violations == [], f"{report.path.name}: {report.violations}"


def test_palette_contrast_against_the_page() -> None:
    colours = [*palette.AUTHORS, *palette.POLARITY.values(), *palette.RELATION.values(), *palette.ROLES.values()]
    for colour in colours:
        assert palette.contrast_ratio(colour, palette.BACKGROUND) >= 3.0, colour


def test_colour_vision_simulation_follows_the_published_formulas() -> None:
    # CIEDE2000 test pairs of Sharma, Wu and Dalal (2005)
    pairs = [
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 2.49, -0.001), (50, -2.49, 0.0011), 7.2195),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
    ]
    for first, second, expected in pairs:
        assert colourvision.delta_e(np.array(first), np.array(second)) == pytest.approx(expected, abs=1e-4)
    # white stays white and greys stay grey under every simulation; pure red looks dark to a protanope
    for vision in colourvision.SIMULATIONS:
        assert colourvision.simulate("#ffffff", vision)[0] == pytest.approx(100, abs=0.5)
        assert abs(colourvision.simulate("#808080", vision)[1:]).max() < 2
    assert colourvision.simulate("#ff0000", "protanopia")[0] < colourvision.simulate("#ff0000", "normal")[0] - 10


@pytest.mark.parametrize("name", ["AUTHORS", "POLARITY", "RELATION", "ROLES"])
def test_each_palette_stays_distinct_under_colour_vision_deficiencies(name: str) -> None:
    colours = getattr(palette, name)
    colours = list(colours.values()) if isinstance(colours, dict) else list(colours)
    assert len(set(colours)) == len(colours)
    delta, vision, first, second = colourvision.closest_pair(colours)
    assert delta >= palette.MIN_DELTA_E, f"{name}: {first} and {second} look alike under {vision} (ΔE2000 {delta:.1f})"


def test_authors_never_wear_a_stance_colour() -> None:
    stances = {*palette.POLARITY.values(), *palette.RELATION.values()}
    for author in palette.AUTHORS:
        assert author not in stances
        for stance in palette.POLARITY.values():
            normal = colourvision.delta_e(colourvision.simulate(author, "normal"), colourvision.simulate(stance, "normal"))
            assert normal >= 2 * palette.MIN_DELTA_E, (author, stance)


def test_neutral_and_computed_values_are_true_greys() -> None:
    for colour in (palette.POLARITY["neutral"], palette.RELATION["only_one"], palette.RELATION["neither"]):
        assert colour[1:3] == colour[3:5] == colour[5:7], colour


def _encodings(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    if "encoding" in spec:
        found.append(spec["encoding"])
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            found += _encodings(child)
    if "spec" in spec:
        found += _encodings(spec["spec"])
    return found


def test_no_chart_tells_authors_apart_by_colour_alone() -> None:
    data = load()
    for name, figure in chapter_charts.every_chart(data).items():
        for spec in figure.specs:
            _check_authors_not_by_colour_alone(name, spec)


def _check_authors_not_by_colour_alone(name: str, spec: dict[str, Any]) -> None:
    facet = spec.get("facet", {})
    facet_by_author = "author_label" in (
        facet.get("field"),
        facet.get("column", {}).get("field"),
        facet.get("row", {}).get("field"),
    )
    for encoding in _encodings(spec):
        if encoding.get("color", {}).get("field") != "author_label":
            continue
        other = [
            channel
            for channel in ("shape", "strokeDash", "x", "y", "column", "row")
            if encoding.get(channel, {}).get("field") == "author_label"
        ]
        assert other or facet_by_author, f"{name}: authors differ by colour alone"


def test_every_chart_is_drawn_for_the_pdf_at_a_fixed_page_width_without_cut_labels() -> None:
    import vl_convert

    from analysis.report.figure import PDF_WIDTH

    for name, figure in chapter_charts.every_chart(load()).items():
        spec = figure.pdf_spec()
        assert spec.get("width") != "container", name
        svg = vl_convert.vegalite_to_svg(spec)
        assert float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1)) <= PDF_WIDTH, name
        assert "…" not in svg, name


def test_the_version_is_written_once_and_the_citation_file_agrees() -> None:
    """The package's version is the data package's and the wheel's; CITATION.cff, the one other copy, must match it."""
    assert citation.load()["version"] == analysis.__version__
    assert schema.PackageInfo().version == analysis.__version__
    assert 'dynamic = ["version"]' in (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_no_environment_or_build_output_is_committed() -> None:
    """The virtual environment, the JavaScript packages and the build outputs are made on each machine; a link to
    them committed from a worktree would replace the real ones on checkout."""
    tracked = run(["git", "ls-files", "-z"], cwd=paths.ROOT, capture_output=True, text=True, timeout=QUICK).stdout
    made_here = {".venv", "node_modules", "_build", ".jupyter_cache"}
    assert [name for name in tracked.split("\0") if name and name.split("/")[0] in made_here] == []
