"""The built dataset: raw texts untouched, every span verbatim, coverage, reproducibility."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import add_fixture_source, copy_data
from frictionless import Package, system

from analysis import paths
from analysis.dataset.build import build
from analysis.dataset.load import load
from analysis.dataset.quotes import fold_quote
from analysis.dataset.schema import COVERAGE_FLOOR
from analysis.dataset.text import read_raw
from analysis.processes import QUICK, run

SHARED_SOURCES = paths.ROOT.parent / "shared" / "sources"


def source_metas() -> list[dict]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))["source"] for path in sorted(paths.SOURCE_ANNOTATIONS.glob("*.yaml"))
    ]


def read_table(name: str, data_dir: Path = paths.DATA) -> pd.DataFrame:
    return pd.read_csv(data_dir / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("meta", source_metas(), ids=lambda meta: meta["id"])
def test_raw_text_hash_matches_annotation(meta: dict) -> None:
    data = (paths.RAW / meta["raw_file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]


def test_raw_texts_are_byte_identical_to_the_shared_copies() -> None:
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"{SHARED_SOURCES} is not beside this clone")
    metas = {meta["original_file_name"]: meta for meta in source_metas()}
    shared = sorted(SHARED_SOURCES.glob("*.txt"))
    assert shared, "no shared source texts found"
    for original in shared:
        assert original.name in metas, f"{original.name} has no source annotation file"
        copy = paths.RAW / metas[original.name]["raw_file"]
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest()


def test_every_span_is_verbatim_at_its_offsets() -> None:
    spans = read_table("spans")
    sources = read_table("sources").set_index("source_id")
    texts = {sid: read_raw(paths.RAW / row.raw_file) for sid, row in sources.iterrows()}
    assert len(spans) > 50
    for span in spans.itertuples():
        text = texts[span.source_id]
        start, end = int(span.start), int(span.end)
        assert text[start:end] == span.exact, span.span_id
        assert text[max(0, start - 32) : start] == span.prefix
        assert text[end : end + 32] == span.suffix


RECORD_SECTIONS = {"claims": "claim_id", "positions": "position_id", "events": "event_id", "notes": "note_id"}


def test_every_record_s_passage_in_the_raw_bytes_is_its_annotation_s_quote() -> None:
    """The offsets the build wrote, applied to the raw file's own bytes, give back the quote the coder typed.

    Compared with the annotation (folded the way the build matches quotes: curly and straight
    quotes, dashes, white space), not with the `exact` passage the build wrote itself.
    """
    spans = read_table("spans").set_index("span_id")
    checked = 0
    for path in sorted(paths.SOURCE_ANNOTATIONS.glob("*.yaml")):
        annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
        source_id = annotation["source"]["id"]
        text = (paths.RAW / annotation["source"]["raw_file"]).read_bytes().decode("utf-8")
        for section, key in RECORD_SECTIONS.items():
            records = read_table(section).set_index(key)
            for record in annotation.get(section) or []:
                span = spans.loc[records.loc[record["id"], "span_id"]]
                passage = text[int(span.start) : int(span.end)]
                assert fold_quote(passage) == fold_quote(record["quote"]), f"{record['id']}: {passage!r}"
                checked += 1
        evidence = read_table("phase_evidence")
        evidence = evidence[evidence.source_id == source_id]
        typed = sorted((item["phase"], fold_quote(item["quote"])) for item in annotation.get("phase_evidence") or [])
        found = sorted(
            (row.phase_id, fold_quote(text[int(spans.loc[row.span_id, "start"]) : int(spans.loc[row.span_id, "end"])]))
            for row in evidence.itertuples()
        )
        assert found == typed, f"{source_id}: phase evidence"
        checked += len(typed)
    assert checked == sum(len(read_table(table)) for table in [*RECORD_SECTIONS, "phase_evidence"])


def test_every_coded_record_points_to_a_span() -> None:
    span_ids = set(read_table("spans").span_id)
    for table in ("claims", "positions", "phase_evidence", "events", "notes"):
        frame = read_table(table)
        assert len(frame), f"{table} is empty"
        assert set(frame.span_id) <= span_ids, table


def test_every_source_meets_the_coverage_floor() -> None:
    sources = read_table("sources")
    sentences = read_table("sentences")
    for source in sources.itertuples():
        body = sentences[(sentences.source_id == source.source_id) & (sentences.kind == "body")]
        covered = (body.covered_share.astype(float) >= 0.5).mean()
        assert covered >= COVERAGE_FLOOR, source.source_id
        assert float(source.body_coverage) == pytest.approx(covered, abs=1e-4)


def test_committed_tables_are_what_the_annotations_build(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    build(data_dir)
    for built in sorted((data_dir / "tables").glob("*.csv")):
        committed = paths.TABLES / built.name
        assert committed.read_bytes() == built.read_bytes(), f"{built.name} is stale: run `make data`"
    assert (data_dir / "datapackage.json").read_bytes() == paths.DATAPACKAGE.read_bytes()


def test_rebuilding_in_separate_processes_with_different_hash_seeds_gives_byte_identical_files(tmp_path: Path) -> None:
    """Two builds, each in its own interpreter with its own PYTHONHASHSEED: set and dict order must not leak into the files."""
    built = []
    for seed in ("1", "2"):
        data_dir = copy_data(tmp_path / f"seed-{seed}")
        run(
            [sys.executable, "-m", "analysis", "build", "--data-dir", str(data_dir)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=QUICK,
        )
        files = {p.name: p.read_bytes() for p in (data_dir / "tables").glob("*.csv")}
        files["datapackage.json"] = (data_dir / "datapackage.json").read_bytes()
        built.append(files)
    assert set(built[0]) == set(built[1]) and len(built[0]) > 10
    for name in built[0]:
        assert built[0][name] == built[1][name], f"{name} differs between hash seeds"


def test_frictionless_validates_the_package() -> None:
    with system.use_context(trusted=True):
        report = Package(str(paths.DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    descriptor = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    raw = [resource for resource in descriptor["resources"] if resource["path"].startswith("raw/")]
    assert {r["hash"] for r in raw} == {f"sha256:{m['sha256']}" for m in source_metas()}


def test_mentions_prefer_the_longest_alias() -> None:
    mentions = read_table("mentions")
    ttp = mentions[mentions.alias == "Tehrik-e-Taliban Pakistan"]
    assert set(ttp.actor_id) == {"ttp"}
    inside = mentions[(mentions.actor_id == "taliban") & mentions.mention_id.isin(ttp.mention_id)]
    assert inside.empty
    sources = read_table("sources").set_index("source_id")
    for mention in mentions.itertuples():
        text = read_raw(paths.RAW / sources.loc[mention.source_id, "raw_file"])
        assert text[int(mention.start) : int(mention.end)] == mention.alias


def test_second_hand_arguments_are_attributed_to_author_and_reporter() -> None:
    claims = read_table("claims").merge(read_table("sources"), on="source_id", suffixes=("", "_source"))
    reported = claims[claims.reporter != ""]
    assert len(reported), "no source reports another author's arguments"
    assert (reported.reported_by == reported.reporter).all()
    assert (reported.author != reported.reporter).all()


def test_a_third_source_builds_with_no_code_change(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    add_fixture_source(data_dir)
    report = build(data_dir)
    assert report.coverage["khan2026"] == 1.0
    claims = read_table("claims", data_dir)
    assert set(claims[claims.source_id == "khan2026"].claim_id) >= {"khan2026-c01", "khan2026-c06"}
    spans = read_table("spans", data_dir)
    text = read_raw(data_dir / "raw" / "khan2026.txt")
    for span in spans[spans.source_id == "khan2026"].itertuples():
        assert text[int(span.start) : int(span.end)] == span.exact
    contrasts = read_table("contrasts", data_dir)
    pairs = set(zip(contrasts.source_a, contrasts.source_b, strict=True))
    assert any("khan2026" in pair for pair in pairs)
    # The original sources' own rows are unchanged by the newcomer.
    for table in ("claims", "spans", "sentences", "events"):
        before = read_table(table)
        after = read_table(table, data_dir)
        after = after[after.source_id != "khan2026"].reset_index(drop=True)
        pd.testing.assert_frame_equal(before, after)


def test_theses_and_recommendations_take_a_stance_on_a_proposition() -> None:
    """The coding issue's acceptance: prescriptions and each text's thesis carry a stance on a proposition."""
    claims = load().claims
    recommendations = claims[claims.modality == "recommended"]
    assert len(recommendations) > 0
    assert recommendations.target_proposition_id.notna().all()
    assert (recommendations.stance != "neutral").all()
    for source_id, theses in claims[claims.role == "thesis"].groupby("source_id"):
        argued = theses[theses.target_proposition_id.notna() & (theses.stance != "neutral")]
        assert len(argued) > 0, f"{source_id}: no thesis takes a stance on a proposition"


def test_speculation_and_allegation_are_never_coded_as_fact() -> None:
    """A record whose sentence marks it as speculation or allegation carries that modality, never 'asserted'."""
    data = load()
    markers = {"claims": r"\bspeculat\w*|\balleged\b|\baccuses\b", "positions": r"\bspeculat\w*|\balleged\b"}
    for table, pattern in markers.items():
        records = data.tables[table].merge(data.spans[["span_id", "exact", "prefix"]], on="span_id")
        sentence = records.prefix.fillna("").str.split(r"[.!?]\s").str[-1] + records.exact
        marked = records[sentence.str.contains(pattern, case=False)]
        assert len(marked) > 0
        wrong = marked[~marked.modality.isin(["speculated", "alleged"])]
        assert wrong.empty, f"{table}: {list(wrong.iloc[:, 0])} are marked as speculation or allegation but coded otherwise"


def test_a_summary_codes_its_reporter_s_own_act() -> None:
    data = load()
    for source_id in data.sources[data.sources.reporter.notna()].source_id:
        own = data.claims[(data.claims.source_id == source_id) & (data.claims.voice == "reporter")]
        assert len(own) > 0, f"{source_id}: the reporter's own words are not coded"


def test_a_speaker_the_text_quotes_or_reports_is_the_claims_voice() -> None:
    """'According to X', 'X holds that', 'X accuses', 'X reported that', 'X warned': the claim is X's, not the author's."""
    data = load()
    claims = data.claims.merge(data.spans[["span_id", "exact", "prefix"]], on="span_id")
    sentence = claims.prefix.fillna("").str.split(r"[.!?]\s").str[-1] + claims.exact
    attributed = claims[
        sentence.str.contains(r"\bAccording to\b|\b(?:holds?|held) that\b|\baccuses\b|\breported that\b|\bwarned\b")
    ]
    assert len(attributed) > 0
    wrong = attributed[attributed.voice.isin(["author", "reporter"])]
    assert wrong.empty, f"{list(wrong.claim_id)} report another speaker but are coded in the author's voice"


def test_a_build_that_changes_nothing_leaves_the_published_tables_in_place(data_copy: Path) -> None:
    """A fresh clone's first `make data` (its checkout leaves raw texts newer than the descriptor) builds what is
    published: the tables stay where they are, so a reader of them (a test, a notebook) never finds them moved."""
    build(data_copy)
    tables = data_copy / "tables"
    before = {path.name: path.stat().st_mtime_ns for path in tables.iterdir()}
    folder = tables.stat().st_ino
    build(data_copy)
    assert tables.stat().st_ino == folder and {path.name: path.stat().st_mtime_ns for path in tables.iterdir()} == before
    annotation = sorted((data_copy / "annotations" / "sources").glob("*.yaml"))[0]
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace("paraphrase: ", "paraphrase: Edited. ", 1), encoding="utf-8"
    )
    build(data_copy)
    assert tables.stat().st_ino != folder and "Edited." in (tables / "claims.csv").read_text(encoding="utf-8")
