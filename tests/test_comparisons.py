"""Points of comparison: every shared topic compared matter by matter, a summary by the stated rule, and the
short answer where a reader sees it first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import edit_yaml

from analysis import paths
from analysis.book import myst
from analysis.dataset.build import build, summary_relation
from analysis.dataset.errors import DatasetError
from analysis.dataset.load import load
from analysis.report import findings, frames, summary, tables
from tools.browser import check_pages


@pytest.fixture(scope="module")
def data():
    return load()


def test_every_topic_both_texts_address_has_a_point_both_speak_to(data) -> None:
    """No pair's shared topic is left without a two-sided point (CODING.md, section 6)."""
    claims = data.claims.groupby("source_id").topic_id.apply(set)
    points = data.points
    missing = []
    for pair in points[["source_a", "source_b"]].drop_duplicates().itertuples():
        shared = claims[pair.source_a] & claims[pair.source_b]
        spoken = set(
            points[
                (points.source_a == pair.source_a) & (points.source_b == pair.source_b) & (points.relation != "only_one")
            ].topic_id.unique()
        )
        missing += [f"{topic}: {pair.source_a} and {pair.source_b}" for topic in sorted(shared - spoken)]
    assert missing == []
    assert "uncoded" not in set(data.contrasts.relation)


def test_every_point_cites_each_side_it_says_something_of(data) -> None:
    for point in data.points.itertuples():
        for side in ("a", "b"):
            says, evidence = getattr(point, f"says_{side}"), getattr(point, f"evidence_{side}")
            assert pd.isna(says) == pd.isna(evidence), f"{point.point_id}: side {side}"
        two_sided = pd.notna(point.evidence_a) and pd.notna(point.evidence_b)
        assert two_sided == (point.relation != "only_one"), point.point_id


def test_every_cited_record_is_of_the_side_it_is_cited_for(data) -> None:
    owner = {
        **dict(zip(data.claims.claim_id, data.claims.source_id, strict=True)),
        **dict(zip(data.positions.position_id, data.positions.source_id, strict=True)),
    }
    for point in data.points.itertuples():
        for side in ("a", "b"):
            cited = getattr(point, f"evidence_{side}")
            for record in cited.split() if isinstance(cited, str) else []:
                assert owner[record] == getattr(point, f"source_{side}"), (point.point_id, record)


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        (["agree", "agree", "differ_in_emphasis"], "agree"),
        (["agree", "disagree"], "disagree"),  # a tie goes to disagree
        (["agree", "differ_in_emphasis"], "agree"),  # then agree before differ in emphasis
        (["changed_over_time", "agree"], "changed_over_time"),
        (["only_one", "only_one"], "only_one"),
        (["only_one", "differ_in_emphasis", "only_one"], "differ_in_emphasis"),  # one-sided points do not vote
    ],
)
def test_the_topic_summary_follows_the_stated_rule(relations: list[str], expected: str) -> None:
    assert summary_relation(relations) == expected


def test_the_published_summary_is_derived_from_the_points(data) -> None:
    for row in data.contrasts.itertuples():
        ids = str(row.points).split() if pd.notna(row.points) else []
        relations = data.points.set_index("point_id").loc[ids, "relation"].tolist() if ids else []
        if ids:
            assert row.relation == summary_relation(relations), row.contrast_id
        assert sum(
            getattr(row, f"n_{name}") for name in ("agree", "disagree", "differ_in_emphasis", "changed_over_time", "only_one")
        ) == len(ids)


def test_the_comparison_tables_give_every_two_sided_point_once_with_links(data) -> None:
    shown = tables.comparison_tables(data) + tables.one_sided_tables(data)
    text = "".join(myst.table(table) for table in shown)
    for point in frames.point_grid(data).itertuples():
        assert text.count(f"{{record-target}}`{point.point_id}`") == 1, point.point_id
        first = point.first_a or point.first_b
        assert f"{{record}}`{first}`" in text


def test_the_relations_sentence_counts_matters_for_any_number_of_sources(data) -> None:
    sentence = summary.relations_sentence(data)
    both = data.points[data.points.relation != "only_one"]
    assert f"Of the {summary.number_word(len(both))} matters" in sentence
    for relation, phrase in summary.RELATION_PHRASES.items():
        n = int((both.relation == relation).sum())
        assert (phrase.format(summary.number_word(n) + " matter") in sentence) == (n > 0), relation


def test_the_answer_findings_cite_records_and_the_conclusions_name_the_ttp(data) -> None:
    chosen = [finding for finding in findings.read() if finding.answer]
    assert len(chosen) >= 2 and all(finding.records for finding in chosen)
    assert findings.problems(chosen, data) == []
    conclusions = " ".join(f.title + " " + f.text for f in findings.read() if f.chapter == "conclusions")
    assert "TTP" in conclusions


def _answer_box(page, report) -> None:
    report.probe = page.evaluate(
        """() => {
          const box = document.querySelector('.short-answer');
          if (!box) return null;
          const first = box.querySelector('li');
          const r = box.getBoundingClientRect(), f = first.getBoundingClientRect();
          return {top: r.top, bottom: r.bottom, firstBottom: f.bottom, height: window.innerHeight};
        }"""
    )


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1400, 900)])
def test_the_short_answer_is_on_the_first_screen(built_book: Path, width: int, height: int) -> None:
    pages = [built_book / "book" / "index.html", built_book / "book" / "overview.html"]
    reports = check_pages(pages, width=width, height=height, interact=_answer_box)
    for report in reports:
        box = report.probe
        assert box is not None, f"{report.path.name}: no short answer"
        assert box["top"] < height, f"{report.path.name}: the answer starts below the first screen ({box})"
        assert box["firstBottom"] <= height, f"{report.path.name}: the first answer is cut by the fold ({box})"
        if width >= 1024:
            assert box["bottom"] <= height, f"{report.path.name}: the whole answer does not fit the first screen ({box})"


def test_the_arguments_chapter_opens_on_the_comparison_table(built_book: Path) -> None:
    page = (built_book / "book" / "arguments.html").read_text(encoding="utf-8")
    compare = page.index("tbl-compare-")
    assert compare < page.index('id="fig-topics"') and compare < page.index('id="fig-contrasts"')


def test_a_divergence_from_the_validity_reading_needs_a_note(data_copy: Path) -> None:
    """Every matter on which the reading made without the manual and the published points differ is explained."""
    notes = data_copy / "annotations" / "validity" / "notes.yaml"
    edit_yaml(notes, lambda content: content["notes"].pop(sorted(content["notes"])[0]))
    with pytest.raises(DatasetError, match=r"validity/notes\.yaml: notes \(matter m\d+\): field 'm\d+': the reading has"):
        build(data_copy)


def test_a_note_on_a_matter_that_agrees_is_refused(data_copy: Path) -> None:
    reading = yaml.safe_load((data_copy / "annotations" / "validity" / "reading.yaml").read_text(encoding="utf-8"))
    noted = yaml.safe_load((data_copy / "annotations" / "validity" / "notes.yaml").read_text(encoding="utf-8"))["notes"]
    agreeing = next(matter["id"] for matter in reading["matters"] if matter["id"] not in noted)
    edit_yaml(data_copy / "annotations" / "validity" / "notes.yaml", lambda content: content["notes"].update({agreeing: "x"}))
    with pytest.raises(DatasetError, match=rf"field '{agreeing}': no divergence to explain"):
        build(data_copy)


def test_a_validity_quote_must_be_in_its_text(data_copy: Path) -> None:
    path = data_copy / "annotations" / "validity" / "reading.yaml"
    edit_yaml(path, lambda content: content["matters"][0]["bataut2025"].append("words that no text contains"))
    with pytest.raises(DatasetError, match=r"reading\.yaml:\d+: matters\[0\] \(id m01\): field 'bataut2025': quote not found"):
        build(data_copy)


def test_the_published_validity_table_aligns_every_matter_and_counts_agreement(data) -> None:
    rows = data.validity
    assert len(rows) == len(yaml.safe_load((paths.ANNOTATIONS / "validity" / "reading.yaml").read_text("utf-8"))["matters"])
    assert (rows.same == (rows.reader_relation == rows.published_relation.fillna(""))).all()
    assert rows.loc[~rows.same, "note"].notna().all() and rows.loc[rows.same, "note"].isna().all()
    sentence = summary.validity_sentence(data)
    assert f"on {int(rows.same.sum())} of the {len(rows)}" in sentence and "Cohen's kappa" in sentence
