"""One, twelve, thirteen or two hundred sources: labels stay unique, styles distinct, charts readable, prose true.

The corpora are the benchmark's synthetic ones (`tools.bench.write_corpus`),
built into scratch folders; the whole book at 20 sources is built by the quick
benchmark (tests/test_bench.py), with its page-size limit.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pybtex.database
import pytest
import vl_convert
import yaml
from conftest import add_fixture_source, copy_data

from analysis import paths
from analysis.book import bibtex, chart_html, myst
from analysis.dataset.build import build
from analysis.dataset.load import Dataset, load
from analysis.report import bibliography, chapter_charts, charts, frames, palette, summary, tables
from analysis.report.figure import fit, inline
from tools.bench import write_corpus


def corpus(tmp_path_factory: pytest.TempPathFactory, n_sources: int) -> Dataset:
    data_dir = tmp_path_factory.mktemp(f"corpus{n_sources}") / "data"
    write_corpus(data_dir, n_sources)
    build(data_dir, validate=False)
    return load(data_dir)


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return corpus(tmp_path_factory, palette.MAX_SERIES)


@pytest.fixture(scope="module")
def thirteen(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return corpus(tmp_path_factory, palette.MAX_SERIES + 1)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return corpus(tmp_path_factory, 200)


def sources(rows: list[tuple[str, str, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"source_id": s, "author": a, "reporter": r, "published": pd.Timestamp(d)} for s, a, r, d in rows]
    ).astype({"reporter": object})


def test_colliding_labels_get_initials_then_the_year_then_the_source_id() -> None:
    labels, _ = frames.unique_labels(
        sources(
            [
                ("bataut2025", "Taut Bataut", None, "2025-05-28"),
                ("khan2026", "Ayesha Khan", None, "2026-02-01"),
                ("khan2026b", "Bilal Khan", None, "2026-03-01"),
                ("khan2024", "Amir Khan", None, "2024-01-01"),
                ("khan2024b", "Amir Khan", None, "2024-06-01"),
                ("pietrzak2026", "Masom Jan Masomy", "Piotr Pietrzak", "2026-01-12"),
            ]
        )
    )
    assert labels == [
        "Bataut",
        "A. Khan, 2026",
        "B. Khan",
        "A. Khan, 2024 [khan2024]",
        "A. Khan, 2024 [khan2024b]",
        "Masomy (via Pietrzak)",
    ]


def test_two_authors_called_khan_are_told_apart_in_every_chart(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    add_fixture_source(data_dir)
    raw = (data_dir / "raw" / "khan2026.txt").read_bytes()
    (data_dir / "raw" / "khan2026b.txt").write_bytes(raw)
    annotation = (data_dir / "annotations" / "sources" / "khan2026.yaml").read_text(encoding="utf-8")
    second = annotation.replace("khan2026", "khan2026b").replace("Ayesha Khan", "Bilal Khan")
    (data_dir / "annotations" / "sources" / "khan2026b.yaml").write_text(second, encoding="utf-8")
    build(data_dir, validate=False)
    data = load(data_dir)
    who = frames.authors(data).set_index("source_id")
    assert who.label["khan2026"] == "A. Khan" and who.label["khan2026b"] == "B. Khan"
    assert who.label_year["khan2026"] == "A. Khan, 2026"
    for name, figure in chapter_charts.every_chart(data).items():
        shown = {row.get("author_label") for rows in figure.specs[-1].get("datasets", {}).values() for row in rows}
        if "A. Khan" in shown:
            assert "B. Khan" in shown, name
    styles = who[["colour", "shape"]].apply(tuple, axis=1)
    assert styles["khan2026"] != styles["khan2026b"]


def test_twelve_sources_get_twelve_styles_that_differ_in_two_channels() -> None:
    styles = palette.series_styles(palette.MAX_SERIES)
    for first, second in itertools.combinations(styles, 2):
        colour_shape, colour_dash = first[:2] != second[:2], (first[0], first[2]) != (second[0], second[2])
        assert colour_shape and colour_dash, (first, second)
        assert sum(a != b for a, b in zip(first, second, strict=True)) >= 2, (first, second)


def draws_each_source(spec: dict[str, Any]) -> bool:
    """Whether a spec encodes or facets by source (its `author_label` field)."""
    return '"field": "author_label"' in json.dumps({key: value for key, value in spec.items() if key != "datasets"})


def test_up_to_twelve_sources_every_chart_draws_each_source(twelve: Dataset) -> None:
    who = frames.authors(twelve)
    assert len(set(zip(who.colour, who["shape"], who.dash.map(tuple), strict=True))) == palette.MAX_SERIES
    for name in ("fig-timeline", "fig-stances", "fig-mentions", "fig-relations", "fig-topics", "fig-voices"):
        spec = chapter_charts.every_chart(twelve)[name].specs[-1]
        assert draws_each_source(spec), f"{name} no longer draws each source"


def test_past_twelve_sources_every_chart_aggregates_and_stays_small(thirteen: Dataset, many: Dataset) -> None:
    for data in (thirteen, many):
        for name, figure in chapter_charts.every_chart(data).items():
            for spec in figure.specs:
                assert not draws_each_source(spec), f"{name} still draws one series per source at {len(data.sources)}"
            rows = sum(len(r) for r in figure.specs[-1].get("datasets", {}).values())
            assert rows <= 400, f"{name}: {rows} rows at {len(data.sources)} sources"
            assert len(chart_html.fragment(figure.payload())) < 250_000, name
            assert figure.pdf_spec().get("width") != "container", name


def test_record_tables_are_counted_per_source_past_the_row_budget(many: Dataset) -> None:
    assert len(many.claims) > tables.MAX_TABLE_ROWS
    claims = tables.claims_table(many).titled("Every claim.", "tbl-claims")
    assert len(claims) == len(many.sources) and claims.caption.startswith(f"{len(many.claims):,} claims")
    assert "claims.csv" in myst.table(claims)
    contrasts = tables.contrasts_table(many)
    assert len(contrasts) <= tables.MAX_TABLE_ROWS + len(many.contrasts[many.contrasts.relation.isin(["agree", "disagree"])])
    compared = tables.comparison_tables(many)
    assert 0 < len(compared) <= frames.MAX_PAIR_COLUMNS and all(len(table) <= tables.MAX_TABLE_ROWS for table in compared)
    # The events: the most mentioned listed, the rest grouped per phase, and the sentence above says so.
    assert len(many.events) > tables.MAX_TABLE_ROWS
    events = tables.events_table(many).titled("Every dated event.", "tbl-events")
    assert len(events) <= tables.MAX_TABLE_ROWS + len(many.phases) and "events.csv" in myst.table(events)
    assert not events.caption.startswith("Every dated event")
    sentence = myst.prose(tables.events_sentence(many))
    assert f"{len(many.events):,}" in sentence and "grouped per phase" in sentence and "the passage that" not in sentence


def test_the_events_sentence_is_true_of_the_book_s_own_events() -> None:
    data = load()
    sentence = myst.prose(tables.events_sentence(data))
    assert "{numref}`tbl-events` lists" in sentence
    assert len(tables.events_table(data)) == len(data.events) <= tables.MAX_TABLE_ROWS
    by_text = int((data.events.date_basis == "text").sum())
    assert f"lists the {summary.number_word(len(data.events))} events" in sentence
    assert f"{summary.number_word(by_text)} are the texts' own" in sentence


def test_sentences_count_sources_past_six(many: Dataset) -> None:
    figures = summary.key_figures(many)
    assert figures["claims_by_author"].startswith("from ") and len(figures["claims_by_author"]) < 40
    corpus = myst.prose(summary.corpus_paragraph(many))
    assert "200 analyses" in corpus and "{cite}" not in corpus and "{ref}`sources-method`" in corpus
    assert len(summary.voices_sentence(many)) < 200
    assert "{doc}`references`" in myst.prose(summary.citing_sentence(many))
    assert "{cite:t}`" in myst.prose(summary.citing_sentence(load()))


def test_one_source_is_spoken_of_in_the_singular(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    for path in (data_dir / "annotations" / "sources").glob("*.yaml"):
        if path.stem != "bataut2025":
            path.unlink()
    (data_dir / "annotations" / "comparisons.yaml").write_text("points: []\n", encoding="utf-8")
    shutil.rmtree(data_dir / "annotations" / "reliability")
    build(data_dir, validate=False)
    data = load(data_dir)
    figures = {**summary.key_figures(data), **summary.reliability_figures(data)}
    assert (
        summary.corpus_paragraph(data).plain().startswith("This report takes one analysis of the question and reads it as data")
    )
    assert figures["not_a_survey"] == "One text is not a survey of opinion"
    assert figures["publication_span"] == "It was published in May 2025"
    assert figures["corpus_size"].startswith("The corpus is one text of")
    assert figures["coded_twice"].startswith("No text has been coded twice")
    assert figures["agreement_sentence"] == "No field has an alpha yet: no text of this corpus was coded twice."
    assert "0" not in figures["adjudication_sentence"] and figures["adjudication_sentence"].startswith(
        "There was no disagreement"
    )
    assert summary.relations_sentence(data) == "With a single source, there is nothing to compare"


def test_the_sources_bibliography_is_valid_bibtex_with_a_key_per_source_and_work(many: Dataset) -> None:
    for data in (load(), many):
        entries = pybtex.database.parse_string(bibtex.bibtex(data), "bibtex").entries
        works = data.sources[data.sources.summarised_work.notna()].source_id
        assert set(entries) == {*data.sources.source_id, *map(summary.work_key, works)}
        for work in works:
            assert entries[summary.work_key(work)].fields["year"] == "n.d."
    real = pybtex.database.parse_string(bibtex.bibtex(load()), "bibtex").entries
    assert real["pietrzak2026-work"].fields["title"] == "{Can Pakistan Play a Role in Regime Change in Afghanistan?}"
    assert str(real["pietrzak2026"].persons["author"][0]) == "Pietrzak, Piotr"


def test_citation_file_lists_the_dataset_s_sources(tmp_path: Path) -> None:
    from analysis.book import citation

    assert citation.load()["references"] == bibliography.cff_references(load()), "run `make data`"
    copy = tmp_path / "CITATION.cff"
    shutil.copy(citation.CITATION, copy)
    data = load()
    assert not citation.update_references(data, copy)
    edited = yaml.safe_load(copy.read_text(encoding="utf-8"))
    edited["references"] = edited["references"][:1]
    copy.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert citation.update_references(data, copy)
    assert citation.load(copy)["references"] == bibliography.cff_references(data)


def test_chart_text_says_the_form_drawn_each_text_apart_or_counted(twelve: Dataset, thirteen: Dataset) -> None:
    """The wording of the aggregate form appears exactly when the charts aggregate (issue 20: true sentences)."""
    for data in (twelve, thirteen):
        aggregated = charts.many_sources(frames.authors(data))
        forms = summary.chart_forms(data)
        assert forms == {name: pair[aggregated] for name, pair in summary.CHART_FORMS.items()}
        assert all(("too large" in text) == aggregated for text in forms.values()), forms
    chapters = " ".join(path.read_text(encoding="utf-8") for path in (paths.ROOT / "book").glob("*.md"))
    assert "too large" not in chapters, "a chapter states the aggregate form in fixed text"
    for name in summary.CHART_FORMS:
        assert f"{{glue:text}}`{name}`" in chapters, name


#: The axis labels of an SVG drawn by vl-convert, and each label's text element.
_AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)
_TEXT = re.compile(r"<text([^>]*)>(.*?)</text>", re.S)


def overlapping_labels(svg: str) -> list[tuple[str, str]]:
    """Pairs of neighbouring axis labels on one line whose text runs into each other (widths estimated at 0.55 em a
    character, which DejaVu Sans exceeds: a reported overlap is a real one)."""
    found = []
    for group in _AXIS_LABELS.findall(svg):
        boxes = []
        for attrs, body in _TEXT.findall(group):
            if "rotate(" in attrs:
                continue  # upright labels stack by line height, not by width
            x, y = map(float, re.search(r"translate\(([-\d.e]+),([-\d.e]+)\)", attrs).groups())
            size = float(re.search(r'font-size="([\d.]+)px"', attrs).group(1))
            lines = [html.unescape(line) for line in re.findall(r"<tspan[^>]*>(.*?)</tspan>", body) or [body]]
            width = max(len(line) for line in lines) * 0.55 * size
            anchor = re.search(r'text-anchor="(\w+)"', attrs)
            left = {"middle": x - width / 2, "end": x - width}.get(anchor.group(1) if anchor else "start", x)
            boxes.append((round(y), left, left + width, " / ".join(lines)))
        boxes.sort()
        found += [(a[3], b[3]) for a, b in itertools.pairwise(boxes) if a[0] == b[0] and b[1] < a[2] - 1]
    return found


def test_overlapping_labels_are_seen() -> None:
    svg = (
        '<g class="mark-text role-axis-label"><text text-anchor="middle" transform="translate(60,-11)" font-size="11px">'
        'Bataut × Masomy (via Pietrzak)</text><text text-anchor="middle" transform="translate(120,-11)" font-size="11px">'
        "Khan × Masomy</text></g>"
    )
    assert overlapping_labels(svg) == [("Bataut × Masomy (via Pietrzak)", "Khan × Masomy")]
    assert overlapping_labels(svg.replace("translate(120", "translate(300")) == []


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The book's sources and the fixture third one (three pairs of authors)."""
    data_dir = copy_data(tmp_path_factory.mktemp("three"))
    add_fixture_source(data_dir)
    build(data_dir, validate=False)
    return load(data_dir)


@pytest.mark.parametrize("n_sources", [2, 3, 5])
def test_no_axis_label_runs_into_another_on_a_phone_a_desktop_or_paper(
    n_sources: int, three: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Column headers share the width between them: with the book's two authors, three (three pairs) and five
    (ten pairs) they wrap, turn upright or give way to signs, at the phone's column, where the wide layout starts and at
    the PDF's width."""
    data = {2: load(), 3: three}.get(n_sources) or corpus(tmp_path_factory, n_sources)
    for name, figure in chapter_charts.every_chart(data).items():
        if '"orient": "top"' not in json.dumps(figure.specs):
            continue  # labels side by side are column headers at the top; other axes stack theirs (a map has none)
        drawn = {"pdf": figure.pdf_spec()}
        for index, (variant, spec) in enumerate(zip(figure.variants, figure.specs, strict=True)):
            width = max(variant.min_width, charts.PHONE_WIDTH)
            if figure.variant_for(width) == index:
                drawn[str(width)] = fit(variant, inline(spec, figure.files), width)
        for width, spec in drawn.items():
            assert overlapping_labels(vl_convert.vegalite_to_svg(spec)) == [], f"{name} at {width}"


def test_paper_stand_ins_count_what_they_replace_and_name_the_file(thirteen: Dataset) -> None:
    """The PDF's summaries of the adjudications and the field dictionary are true of any corpus: with or without
    disagreements, with any number of tables; the web edition's blocks keep every table in full."""
    from analysis.book.downloads import DATA_FOLDER, DATA_ZIP, data_zip_files

    zipped = data_zip_files()
    for data in (load(), thirteen):
        adjudications = tables.adjudications_for_both_editions(data, "Every disagreement.", "tbl-adjudications", DATA_ZIP)
        paper = myst.stand_in(adjudications)
        assert f"`tables/adjudications.csv` of `{DATA_ZIP}`" in paper
        assert f"{DATA_FOLDER}/tables/adjudications.csv" in zipped
        if len(data.adjudications):
            counts = re.findall(r"\* - .*\n  - (\d+)\n", paper)
            assert sum(map(int, counts)) == len(data.adjudications)
            assert f"disagreed {len(data.adjudications):,} time" in paper
        else:
            assert "There was no disagreement" in paper and "list-table" not in paper
        shown = myst.web_only(adjudications)
        assert shown.count(":name: tbl-adjudications") == 1 and "\\addtocounter{table}{1}" in shown
        fields = tables.fields_for_both_editions(data.descriptor, DATA_ZIP)
        resources = [r for r in data.descriptor["resources"] if r.get("type") == "table"]
        assert f"holds {len(resources):,} table" in myst.stand_in(
            fields
        ) and f"`datapackage.json` of `{DATA_ZIP}`" in myst.stand_in(fields)
        assert myst.web_only(fields).count(":name: tbl-fields-") == len(resources)
        assert f"\\addtocounter{{table}}{{{len(resources)}}}" in myst.web_only(fields)
