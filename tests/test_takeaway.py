"""What a reader takes away from the HTML book: filterable tables, figure files, the data zip, notebooks, the front page."""

from __future__ import annotations

import html
import importlib.metadata
import json
import os
import pickle
import re
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from docutils import nodes
from nbclient import NotebookClient
from packaging.requirements import Requirement

from analysis import paths, standalone
from analysis.book import citation, downloads, figure_files, myst, sphinx_takeaway
from analysis.book.sphinx_book import dataset_version
from analysis.dataset.load import load
from analysis.processes import QUICK, run
from analysis.report import chapter_charts, findings, front, summary, tables
from analysis.report import figure as figure_module
from analysis.report.figure import FIGURE_MIME, PDF_LAYOUT_KEY, drawn_rows
from tools.browser import check_pages
from tools.workspace import clean_environment, installed_closure

#: The long tables that can be searched and filtered, by page.
FILTERABLE = {"claims": ["tbl-claims", "tbl-contrasts", "tbl-notes", "tbl-adjudications"], "positions": ["tbl-positions"]}


# --- Filterable tables -----------------------------------------------------------------------------


def test_a_filterable_table_renders_the_same_list_table_plus_html_only_filters() -> None:
    table = tables.claims_table(load()).titled("Every claim.", "tbl-claims")
    static = myst.table(tables.BookTable(table.frame, table.widths, table.caption, table.name))
    rendered = myst.table(table)
    assert rendered.startswith(static)  # the PDF's table is the HTML's
    extra = rendered[len(static) :]
    assert extra.lstrip().startswith("```{raw} html") and "</script>" in extra and "</" not in extra.split("\n", 2)[2][:-20]
    assert set(table.facets) == {"Author", "Topic", "Actor", "Stance", "Modality", "Voice"}


def _filter_rows(page, report) -> None:
    """For each filterable table: rows before and after typing into its search box and choosing a filter value."""
    report.access = []
    for table_id in page.evaluate("[...document.querySelectorAll('table.book-filterable')].map((t) => t.id)"):
        rows = page.locator(f"#{table_id} tbody tr")
        before = rows.count()
        first_link = page.locator(f"#{table_id} tbody a.reference").first
        word = page.evaluate(
            """(id) => {
              const text = document.querySelector(`#${id} tbody tr:nth-child(2) td:last-child`).textContent;
              return text.split(/\\s+/).filter((w) => /^[A-Za-z]{6,}$/.test(w))[0] || text.trim().split(/\\s+/)[0];
            }""",
            table_id,
        )
        page.fill(f"#{table_id}-search", word)
        page.wait_for_timeout(200)
        typed = rows.count()
        texts = [row.inner_text() for row in rows.all()]
        status = page.locator(f"#{table_id}-status").inner_text()
        page.fill(f"#{table_id}-search", "")
        menu = page.locator(f"select[id^='{table_id}-filter-']").first
        option = menu.locator("option").nth(1).get_attribute("value")
        menu.select_option(option)
        page.wait_for_timeout(200)
        filtered = rows.count()
        page.locator(f"button.table-reset >> nth={len(report.access)}").click()
        report.access.append(
            {
                "id": table_id,
                "before": before,
                "word": word,
                "typed": typed,
                "texts": texts,
                "status": status,
                "filtered": filtered,
                "after_reset": rows.count(),
                "link": first_link.get_attribute("href") if first_link.count() else None,
            }
        )


def test_typing_into_a_table_filter_reduces_the_rows(built_book: Path) -> None:
    pages = [built_book / "book" / f"{name}.html" for name in FILTERABLE]
    for report in check_pages(pages, interact=_filter_rows):
        assert report.console_errors == [] and report.failed_requests == [], report.path.name
        assert [t["id"] for t in report.access] == FILTERABLE[report.path.stem]
        for table in report.access:
            where = f"{report.path.name} #{table['id']}"
            assert 0 < table["typed"] < table["before"], f"{where}: typing {table['word']!r} left {table['typed']} rows"
            assert all(table["word"].lower() in text.lower() for text in table["texts"]), where
            assert table["status"] == f"{table['typed']} of {table['before']} rows shown.", where
            assert 0 < table["filtered"] < table["before"], f"{where}: a filter value left {table['filtered']} rows"
            assert table["after_reset"] == table["before"], where


def test_record_links_in_filterable_tables_still_open_their_passages(built_book: Path) -> None:
    page = built_book / "book" / "claims.html"
    source = page.read_text(encoding="utf-8")
    table = source[source.index('id="tbl-claims"') :].split("</table>", 1)[0]
    links = re.findall(r'<a class="reference internal" href="([^"#]+)#([^"]+)"', table)
    assert len(links) >= len(load().claims)
    for target, anchor in links:
        assert f'id="{anchor}"' in (page.parent / html.unescape(target)).read_text(encoding="utf-8"), anchor


_FIT = """
() => {
  const width = window.innerWidth;
  return {
    scroll: document.scrollingElement.scrollWidth, width,
    tables: [...document.querySelectorAll("table.book-filterable")].map((table) => {
      const row = table.querySelector("tbody tr");
      const cells = [...row.cells].map((cell) => cell.getBoundingClientRect());
      return {id: table.id, cells: cells.map((r) => [r.left, r.right, r.width]),
              display: getComputedStyle(row).display};
    }),
  };
}
"""


def test_on_a_phone_tables_show_their_key_columns_without_sideways_scroll(built_book: Path) -> None:
    pages = [built_book / "book" / f"{name}.html" for name in FILTERABLE]
    for report in check_pages(pages, width=390, probe=_FIT):
        fit = report.probe
        assert fit["scroll"] <= fit["width"], f"{report.path.name}: the page scrolls sideways ({fit['scroll']}px)"
        assert len(fit["tables"]) == len(FILTERABLE[report.path.stem])
        for table in fit["tables"]:
            for left, right, width in table["cells"]:  # the id, the quote and every other cell, on screen and legible
                assert left >= 0 and right <= fit["width"] and width >= 200, (report.path.name, table)


# --- Each figure's take-away files ---------------------------------------------------------------


def test_figure_files_come_from_the_chart_the_page_draws_and_the_pdf_prints() -> None:
    for name, figure in chapter_charts.every_chart(load()).items():
        rebuilt = figure_files.figure_from_payload(figure.payload())
        assert rebuilt.pdf_spec() == figure.pdf_spec(), name
        spec = figure_files.standalone_spec(rebuilt)
        drawn = drawn_rows(figure.pdf_spec())  # every dataset a mark draws; a table only looked up is joined in
        frame = figure_files.data_frame(spec)
        assert 0 < len(frame) <= sum(len(rows) for rows in drawn.values()), name
        assert not figure_files.LAYOUT & set(frame.columns), f"{name}: drawing coordinates in the data"


def test_a_figure_s_files_are_laid_out_as_its_notebook_measured_the_pdf_without_measuring_again(
    built_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notebook measures a faceted figure for the PDF by drawing it (vl-convert) and keeps the result in its
    output's metadata; the book lays the figure's take-away files out from it, as the PDF prints it, without
    drawing it again on the build's one thread."""
    charts = chapter_charts.every_chart(load())
    measured = {name: figure.pdf_layout() for name, figure in charts.items()}
    assert any("columns" in layout for layout in measured.values()), "no faceted figure measured"
    smallest = min(charts, key=lambda name: len(json.dumps(charts[name].payload())))
    assert charts[smallest]._repr_mimebundle_()[1] == {FIGURE_MIME: {PDF_LAYOUT_KEY: measured[smallest]}}
    expected = {name: figure_files.standalone_spec(figure) for name, figure in charts.items()}

    def measuring(spec: dict) -> float:
        raise AssertionError("a figure measured again")

    monkeypatch.setattr(figure_module, "svg_width", measuring)
    for name, figure in charts.items():
        rebuilt = figure_files.figure_from_payload(figure.payload())  # as the book has it, from the page's node
        assert figure_files.standalone_spec(rebuilt, measured[name]) == expected[name], name
    # the build kept each chart's layout on its node, for the take-away files
    layouts = [
        raw.get("pdf_layout")
        for path in sorted((built_book.parent / ".doctrees" / "book").glob("*.doctree"))
        for raw in pickle.loads(path.read_bytes()).findall(nodes.raw)
        if "figure" in raw
    ]
    assert len(layouts) >= len(charts) and all(isinstance(layout, dict) and "variant" in layout for layout in layouts)


def test_a_figure_s_spec_file_is_the_spec_readably_indented_and_compact_where_it_is_data() -> None:
    for name, figure in chapter_charts.every_chart(load()).items():
        spec = figure_files.standalone_spec(figure)
        text = figure_files.spec_text(spec)
        assert json.loads(text) == json.loads(json.dumps(spec)) and list(json.loads(text)) == list(spec), name
        assert '\n  "config": {\n' in text, name  # the chart's structure reads indented
        compact = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
        # indentation costs a spec's structure a few kilobytes at most; data rows stay one to a line
        overhead = len(text) - len(compact)
        assert len(text) < 1.5 * len(compact) or overhead < 6_000, f"{name}: {len(text):,} bytes for {len(compact):,} of spec"


_FIGURES = """
() => [...document.querySelectorAll("div.vega-chart")].map((chart) => {
  const figure = chart.closest("figure");
  const block = figure && document.getElementById(`${figure.id}-takeaway`);
  const spec = window.bookCharts[chart.id].spec;
  // The datasets a mark draws (a table only looked up, such as an argument map's claim details, draws nothing).
  const drawn = new Set();
  const walk = (node, data) => {
    const name = node.data ? node.data.name : data;
    if (node.mark && name) drawn.add(name);
    for (const key of ["layer", "hconcat", "vconcat", "concat"]) (node[key] || []).forEach((child) => walk(child, name));
    if (node.spec) walk(node.spec, name);
  };
  walk(spec, undefined);
  const datasets = [...drawn].map((name) => (spec.datasets || {})[name] || []);
  return {
    chart: chart.id,
    figure: figure ? figure.id : null,
    number: figure ? figure.querySelector(".caption-number").textContent.trim() : null,
    rows: datasets.reduce((total, rows) => total + rows.length, 0),
    links: block ? [...block.querySelectorAll("a[download]")].map((a) => a.getAttribute("href")) : [],
    after: !!(block && figure.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING),
  };
})
"""


def test_every_figure_offers_its_data_images_spec_and_citation(built_book: Path) -> None:
    cff = citation.load()
    version = load().version
    pages = sorted(p for p in (built_book / "book").glob("*.html") if 'class="vega-chart"' in p.read_text(encoding="utf-8"))
    seen = []
    for report in check_pages(pages, probe=_FIGURES):
        assert report.console_errors == [], report.path.name
        for chart in report.probe:
            where = f"{report.path.name} {chart['figure']}"
            assert chart["figure"] and chart["after"], f"{where}: no take-away block under the chart"
            files = {Path(href).name: report.path.parent / href for href in chart["links"]}
            label = chart["figure"]
            names = {f"{label}.csv", f"{label}.svg", f"{label}.png", f"{label}.vl.json", f"{label}-citation.txt", f"{label}.bib"}
            assert set(files) == names, where
            assert all(path.is_file() for path in files.values()), where
            frame = pd.read_csv(files[f"{label}.csv"])
            assert 0 < len(frame) <= chart["rows"], f"{where}: {len(frame)} CSV rows, the chart draws {chart['rows']}"
            assert files[f"{label}.svg"].read_text(encoding="utf-8").lstrip().startswith("<svg")
            assert files[f"{label}.png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            spec = json.loads(files[f"{label}.vl.json"].read_text(encoding="utf-8"))
            assert "vega-lite" in spec["$schema"] and sum(len(r) for r in drawn_rows(spec).values()) == chart["rows"]
            assert len(frame) == len(figure_files.data_frame(spec)), f"{where}: the CSV is not the spec's data"
            number = chart["number"].replace("Fig.", "Figure").strip()
            text = files[f"{label}-citation.txt"].read_text(encoding="utf-8")
            bib = files[f"{label}.bib"].read_text(encoding="utf-8")
            for cited in (text, bib):
                assert number in cited and cff["title"] in cited and cff["version"] in cited, (where, cited)
                assert f"ataset version {version}" in cited and str(cff["date-released"]) in cited, (where, cited)
            assert bib.startswith("@misc{") and f":{label}," in bib
            seen.append(label)
    assert len(seen) == len(set(seen)) >= 7


# --- Data and notebooks that work when downloaded ----------------------------------------------


def _download(page: Path, name: str) -> Path:
    """The file a page's link to `name` points at, in the built site."""
    hrefs = re.findall(r'href="([^"]*' + re.escape(name) + ')"', page.read_text(encoding="utf-8"))
    assert hrefs, f"{page.name} does not link {name}"
    path = (page.parent / html.unescape(hrefs[0])).resolve()
    assert path.is_file(), path
    return path


def test_an_argument_map_s_data_is_one_row_per_claim_with_its_link_and_passage(built_book: Path) -> None:
    """Not the drawing: an argument map's CSV holds each claim once, with its id, role, link and passage."""
    claims = load().claims.set_index("claim_id")
    maps = sorted((built_book / "_downloads" / "figures").glob("fig-argument-*.csv"))
    assert maps
    for path in maps:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert frame.claim_id.is_unique and set(frame.claim_id) <= set(claims.index), path.name
        assert not figure_files.LAYOUT & set(frame.columns), path.name
        assert all(frame.href.str.contains("#record-")), path.name
        for row in frame.itertuples():
            assert row.role == claims.at[row.claim_id, "role"] and row.paraphrase == claims.at[row.claim_id, "paraphrase"], (
                row.claim_id
            )
            assert row.quote, row.claim_id


def test_a_figure_s_images_carry_its_number_caption_and_source(built_book: Path) -> None:
    """An SVG or PNG passed on without the page still says which figure it is, what it shows and where it is from."""
    folder = built_book / "_downloads" / "figures"
    page = (built_book / "book" / "positions.html").read_text(encoding="utf-8")
    number = re.search(r'id="fig-stances".*?caption-number">Fig\. ([\d.]+) ', page, flags=re.S).group(1)
    svg = html.unescape((folder / "fig-stances.svg").read_text(encoding="utf-8"))
    drawn = " ".join(re.sub(r"<[^>]+>", " ", text) for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))
    drawn = " ".join(drawn.split())
    assert f"Figure {number}" in drawn and "Source: " in drawn and dataset_version() in drawn
    assert figure_files.first_sentence("Where each actor stands on each proposition, as each text presents it") in drawn
    spec = json.loads((folder / "fig-stances.vl.json").read_text(encoding="utf-8"))
    assert "title" not in spec, "the spec file is the chart itself; only its images carry the caption"


def test_the_data_zip_from_the_site_validates_after_unzipping(built_book: Path, tmp_path: Path) -> None:
    archive = _download(built_book / "book" / "claims.html", downloads.DATA_ZIP)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path)
    folder = tmp_path / downloads.DATA_FOLDER
    for name in ("datapackage.json", "LICENSE", "LICENSE-DATA.md", "CITATION.cff", "annotations/codebook.yaml"):
        assert (folder / name).is_file(), name
    for coding in ("coder_a", "coder_b", "adjudication"):
        assert list((folder / "annotations" / "reliability" / coding).glob("*.yaml")), coding
    result = run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "INVALID" not in result.stdout and len(load(folder).claims) == len(load().claims)


def test_a_downloaded_notebook_runs_in_a_clean_environment_beside_the_zip(
    built_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's install: a chapter, the data zip and the wheel downloaded into an empty folder, run by a Python
    that has only what the wheel declares (its dependencies and its `notebook` extra), offline. A module the book's
    code imports without declaring it, or a file it reads from the repository, fails here."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    chapter = built_book / "book" / "sources.html"
    for name in ("sources.ipynb", downloads.DATA_ZIP, downloads.wheel_name()):
        page = chapter if name.endswith(".ipynb") else built_book / "book" / "claims.html"
        shutil.copy(_download(page, name), folder / name)
    with zipfile.ZipFile(folder / downloads.wheel_name()) as wheel:
        info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
    declared = importlib.metadata.PathDistribution(zipfile.Path(folder / downloads.wheel_name(), info + "/")).metadata
    python = clean_environment(tmp_path / "env", installed_closure(declared, ("notebook",)))
    kernel = tmp_path / "jupyter" / "kernels" / "reader" / "kernel.json"
    kernel.parent.mkdir(parents=True)
    kernel.write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "reader",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    for name in ("BOOK_ROOT", "PYTHONPATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # offline: nothing may be fetched
    notebook = nbformat.read(folder / "sources.ipynb", as_version=4)
    assert "from analysis.notebook import *" in notebook.cells[0].source and downloads.DATA_ZIP in notebook.cells[0].source
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "import importlib.util, json, sys, analysis, analysis.paths\n"
            "print(json.dumps([sys.prefix, analysis.__file__, str(analysis.paths.DATA), len(data.claims),"
            " importlib.util.find_spec('tools') is None]))"
        )
    )
    NotebookClient(
        notebook, timeout=300, startup_timeout=300, kernel_name="reader", resources={"metadata": {"path": str(folder)}}
    ).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert not any("pip" in o.get("text", "") for o in notebook.cells[0].outputs), "the reader's Python lacked a package"
    prefix, module, data_dir, n_claims, no_tools = json.loads(notebook.cells[-1].outputs[0]["text"])
    assert Path(prefix) == tmp_path / "env" and no_tools  # the clean environment ran it, without the developer tools
    assert module.startswith(str(folder / downloads.wheel_name())), module  # the code came from the wheel
    assert Path(data_dir).is_relative_to(folder) and n_claims == len(load().claims)  # the data from the zip


def test_the_clean_environment_holds_only_what_it_is_given(tmp_path: Path) -> None:
    python = clean_environment(tmp_path / "env", ["pyyaml"])
    probe = "import importlib.util as u; print([u.find_spec(m) is None for m in ('yaml', 'pandas', 'analysis')])"
    shown = run([str(python), "-c", probe], capture_output=True, text=True, timeout=QUICK, cwd=tmp_path)
    assert shown.stdout.strip() == "[False, True, True]", shown.stderr


def test_the_standalone_loader_checks_for_exactly_the_packages_the_wheel_declares() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {Requirement(r).name for r in [*project["dependencies"], *project["optional-dependencies"]["notebook"]]}
    assert set(standalone.REQUIRED.values()) <= declared, "a package the loader installs is not what the wheel installs"


def test_the_wheel_from_the_site_installs_with_pip(built_book: Path, tmp_path: Path) -> None:
    wheel = _download(built_book / "book" / "claims.html", downloads.wheel_name())
    result = run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(tmp_path), str(wheel)],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "analysis" / "standalone.py").is_file() and (
        tmp_path / "analysis" / "_book" / "book" / "findings.yaml"
    ).is_file()


# --- The front page ------------------------------------------------------------------------------


def _text(page: Path) -> str:
    main = page.read_text(encoding="utf-8").split("<main", 1)[-1]
    text = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def test_the_front_page_states_its_sources_findings_and_facts_from_the_data(built_book: Path) -> None:
    data = load()
    page = built_book / "book" / "index.html"
    text = _text(page)
    assert f"reads {summary.number_word(len(data.sources))} texts" in text
    for source in data.sources.itertuples():
        assert source.author in text and source.title in text, source.source_id
        assert front.published(source.published, source.published_precision) in text, source.source_id
        if isinstance(source.reporter, str):
            assert f"as reported by {source.reporter}" in text
    chosen = [finding for finding in findings.read() if finding.front]
    assert len(chosen) == 3
    source = page.read_text(encoding="utf-8")
    for finding in chosen:
        assert finding.title in text
        target = re.search(rf'href="([^"#]+)#{findings.target(finding)}"', source)
        assert target and f'id="{findings.target(finding)}"' in (page.parent / target.group(1)).read_text(encoding="utf-8")
    minutes, chapters, words = re.search(
        r"about (\d+) minutes for the report's (\w+) chapters \(\s*([\d,]+) words\)", text
    ).groups()
    toc = (built_book.parent.parent / "book" / "_toc.yml").read_text(encoding="utf-8")
    numbered = toc.split("numbered: true", 1)[1].split("caption:", 1)[0].count("- file:")
    assert chapters == summary.number_word(numbered) and int(words.replace(",", "")) > 3000
    # the words counted as each page is read are those of the page's tree as the build keeps it
    chapter_files = toc.split("numbered: true", 1)[1].split("caption:", 1)[0]
    kept = built_book.parent / ".doctrees"
    trees = [pickle.loads((kept / f"{name}.doctree").read_bytes()) for name in re.findall(r"- file: (\S+)", chapter_files)]
    assert int(words.replace(",", "")) == sum(sphinx_takeaway.words_in(tree) for tree in trees)
    assert int(minutes) == max(5, 5 * round(int(words.replace(",", "")) / 230 / 5))
    assert f"from dataset version {data.version}" in text and re.search(r"Last updated \d{4}-\d\d-\d\d", text)
    assert 'href="../book.pdf"' in source and _download(page, downloads.DATA_ZIP).is_file()
    assert 'id="fig-front-timeline"' in source and 'id="fig-front-timeline-takeaway"' in source


def test_the_changed_pages_pass_axe_on_a_phone(built_book: Path) -> None:
    """The pages with a chart and a filterable table, at a phone's width (every page passes at a desktop's:
    `test_publishing.test_every_page_passes_axe`)."""
    axe = built_book.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
    pages = [built_book / "book" / f"{name}.html" for name in ("index", "claims", "positions", "phases")]
    for report in check_pages(pages, axe_script=axe, width=390):
        assert report.violations == [], f"{report.path.name} at 390px: {report.violations}"


@pytest.mark.parametrize("member", ["book-data/../../escaped.txt", "/tmp/escaped.txt", "book-data/..\\..\\escaped.txt"])
def test_a_zip_with_a_path_out_of_its_folder_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member: str
) -> None:
    archive = tmp_path / "zips" / "data.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("book-data/datapackage.json", "{}")
        opened.writestr(member, "outside")
    monkeypatch.delitem(sys.modules, "analysis.paths")  # use_data runs before the package is imported
    monkeypatch.delenv("BOOK_ROOT", raising=False)
    with pytest.raises(ValueError, match="paths outside its folder"):
        standalone.use_data(archive, tmp_path / "unpacked" / "book")
    assert not (tmp_path / "unpacked").exists() and not list(tmp_path.rglob("escaped.txt"))
    assert "BOOK_ROOT" not in os.environ
