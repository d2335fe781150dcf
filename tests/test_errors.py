"""Bad input stops the build with a message naming the file, the record and the field,
and leaves the published tables untouched."""

from __future__ import annotations

import copy
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import edit_yaml

from analysis import paths
from analysis.dataset import schema, validate
from analysis.dataset.annotations import LINE_KEY, Inputs, read_inputs
from analysis.dataset.build import build
from analysis.dataset.errors import DatasetError, Problem
from analysis.dataset.validate import check
from analysis.processes import QUICK, run

SOURCE = "pietrzak2026"


def first(content: dict, section: str) -> dict:
    """The first record of a section, or the section itself when it is one mapping."""
    value = content[section]
    return value if isinstance(value, dict) else value[0]


def set_field(section: str, name: str, value: Any) -> Callable[[dict], None]:
    def change(content: dict) -> None:
        first(content, section)[name] = value

    return change


def duplicate_first(section: str) -> Callable[[dict], None]:
    def change(content: dict) -> None:
        copy = dict(first(content, section))
        copy["quote"] = content[section][1]["quote"]
        content[section].append(copy)

    return change


CASES = {
    "quote not in text": (
        set_field("claims", "quote", "Pakistan has always been the master of Kabul."),
        ["claims[0]", "'quote'", "quote not found", "nearest passage"],
    ),
    "ambiguous quote": (
        set_field("claims", "quote", "Pakistan"),
        ["claims[0]", "'quote'", "occurs", "prefix"],
    ),
    "unknown target": (set_field("claims", "target", "atlantis"), ["claims[0]", "'target'", "unknown target 'atlantis'"]),
    "unknown holder": (set_field("positions", "holder", "atlantis"), ["positions[0]", "'holder'", "unknown actor id 'atlantis'"]),
    "unknown voice": (set_field("claims", "voice", "oracle"), ["claims[0]", "'voice'", "unknown voice 'oracle'"]),
    "unknown modality": (set_field("positions", "modality", "certain"), ["positions[0]", "'modality'", "not in the vocabulary"]),
    "unknown proposition": (
        set_field("positions", "target", "flat_earth"),
        ["positions[0]", "'target'", "unknown target 'flat_earth'"],
    ),
    "stance without a target": (
        lambda c: first(c, "claims").update(stance="against", target=None),
        ["claims[0]", "'target'", "needs a target"],
    ),
    "recommendation not recommended": (
        lambda c: first(c, "claims").update(claim_type="recommendation", modality="asserted"),
        ["claims[0]", "'modality'", "goes with claim_type 'recommendation'"],
    ),
    "link to a missing claim": (
        lambda c: first(c, "claims").update(role="reason", bears_on=f"{SOURCE}-c999"),
        ["claims[0]", "'bears_on'", f"no claim '{SOURCE}-c999'"],
    ),
    "reason that bears on nothing": (
        lambda c: first(c, "claims").update(role="evidence", bears_on=None),
        ["claims[0]", "'bears_on'", "must name the claim it bears on"],
    ),
    "cycle in argument links": (
        lambda c: (
            c["claims"][0].update(role="reason", bears_on=c["claims"][1]["id"]),
            c["claims"][1].update(role="reason", bears_on=c["claims"][0]["id"]),
        ),
        ["'bears_on'", "argument links form a cycle"],
    ),
    "unknown topic": (set_field("claims", "topic", "weather"), ["claims[0]", "'topic'", "unknown topic id 'weather'"]),
    "unknown phase": (set_field("events", "phase", "bronze_age"), ["events[0]", "'phase'", "unknown phase id 'bronze_age'"]),
    "unknown actor in a list": (set_field("events", "actors", ["pakistan", "narnia"]), ["events[0]", "'actors'", "'narnia'"]),
    "duplicate id": (duplicate_first("claims"), ["'id'", "duplicate id"]),
    "malformed date": (set_field("events", "date_start", "Oct 2025"), ["events[0]", "'date_start'", "not an ISO date"]),
    "impossible date": (set_field("events", "date_end", "2025-02-30"), ["events[0]", "'date_end'", "not a real calendar date"]),
    "end before start": (
        lambda c: first(c, "events").update(date_start="2025-10-01", date_end="2024-01-01"),
        ["events[0]", "'date_end'", "before start date"],
    ),
    "value outside vocabulary": (
        set_field("positions", "stance", "adore"),
        ["positions[0]", "'stance'", "not in the vocabulary"],
    ),
    "empty required field": (set_field("claims", "paraphrase", "  "), ["claims[0]", "'paraphrase'", "required field"]),
    "misspelt field name": (
        lambda c: first(c, "claims").update(topik="regime_change"),
        ["claims[0]", "'topik'", "unknown field"],
    ),
    "raw text changed": (set_field("source", "sha256", "0" * 64), ["source", "'sha256'", "the text changed"]),
    "source id unlike file name": (set_field("source", "id", "someone_else"), ["source", "'id'", "does not match the file name"]),
    "raw file outside data/raw": (
        set_field("source", "raw_file", "../raw/pietrzak2026.txt"),
        ["source", "'raw_file'", "directly inside data/raw"],
    ),
    "raw file in a folder": (
        set_field("source", "raw_file", "sub/pietrzak2026.txt"),
        ["source", "'raw_file'", "directly inside data/raw"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_annotation_is_named_and_nothing_is_written(data_copy: Path, case: str) -> None:
    # the tables the annotations build before the edit: the committed ones (test_committed_tables_are_what_the_annotations_build)
    shutil.copytree(paths.TABLES, data_copy / "tables")
    tables_before = {p.name: p.read_bytes() for p in (data_copy / "tables").glob("*.csv")}
    change, expected = CASES[case]
    path = data_copy / "annotations" / "sources" / f"{SOURCE}.yaml"
    edit_yaml(path, change)
    with pytest.raises(DatasetError) as raised:
        build(data_copy)
    message = str(raised.value)
    assert f"sources/{SOURCE}.yaml:" in message or f"{SOURCE}.yaml:" in message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert {p.name: p.read_bytes() for p in (data_copy / "tables").glob("*.csv")} == tables_before
    assert not list(data_copy.glob(".build-*"))


def test_error_names_the_line_of_the_record(data_copy: Path) -> None:
    path = data_copy / "annotations" / "sources" / f"{SOURCE}.yaml"
    edit_yaml(path, set_field("claims", "topic", "weather"))
    with pytest.raises(DatasetError) as raised:
        build(data_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    reported = int(str(raised.value).split(f"{SOURCE}.yaml:")[1].split(":")[0])
    window = "\n".join(lines[reported - 1 : reported + 12])
    assert "topic: weather" in window


def test_unknown_source_in_points(data_copy: Path) -> None:
    path = data_copy / "annotations" / "comparisons.yaml"
    path.write_text(
        "points:\n  - id: x\n    topic: regime_change\n    matter: m\n    sources: [pietrzak2026, nobody2020]\n"
        "    relation: only_one\n    reason: x\n    evidence: {pietrzak2026: [pietrzak2026-c01]}\n"
        "    says: {pietrzak2026: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DatasetError, match=r"comparisons\.yaml:\d+: points\[0\] \(id x\): field 'sources': unknown source id 'nobody2020'"
    ):
        build(data_copy)


def test_unknown_actor_type_in_codebook(data_copy: Path) -> None:
    edit_yaml(data_copy / "annotations" / "codebook.yaml", lambda c: c["actors"][0].update(type="empire"))
    with pytest.raises(DatasetError, match=r"codebook\.yaml:\d+: actors\[0\] \(id pakistan\): field 'type'"):
        build(data_copy)


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        (["PK"], "expected a list of ISO 3166-1 alpha-3 country codes"),
        (["PAK", "PAK"], "lists a country twice"),
        (["AFG"], "country AFG also belongs to actor 'pakistan'"),
    ],
    ids=["not alpha-3", "twice", "two actors"],
)
def test_bad_countries_in_codebook(data_copy: Path, countries: list[str], message: str) -> None:
    edit_yaml(data_copy / "annotations" / "codebook.yaml", lambda c: c["actors"][0].update(countries=countries))
    with pytest.raises(
        DatasetError, match=r"codebook\.yaml:\d+: actors\[\d\] \(id \w+\): field 'countries': " + re.escape(message)
    ):
        build(data_copy)


def test_missing_raw_text(data_copy: Path) -> None:
    (data_copy / "raw" / f"{SOURCE}.txt").unlink()
    with pytest.raises(DatasetError, match=rf"{SOURCE}\.yaml:\d+: source: field 'raw_file': no such raw text"):
        build(data_copy)


def test_coverage_below_the_floor_stops_the_build(data_copy: Path) -> None:
    (data_copy / "annotations" / "comparisons.yaml").unlink()
    path = data_copy / "annotations" / "sources" / f"{SOURCE}.yaml"

    def keep_one(content: dict) -> None:
        content.update({name: content[name][:1] for name in ("positions", "phase_evidence", "events", "notes")})
        content["claims"] = [claim for claim in content["claims"] if claim["role"] == "thesis"][:1]

    edit_yaml(path, keep_one)
    with pytest.raises(DatasetError, match=r"of body sentences are covered by a span; at least 90% is required"):
        build(data_copy)


def two_sided_point(data_copy: Path) -> tuple[Path, int, list[str]]:
    """The comparisons file, the index of its first point both sources speak to, and that point's pair."""
    path = data_copy / "annotations" / "comparisons.yaml"
    points = yaml.safe_load(path.read_text(encoding="utf-8"))["points"]
    index = next(i for i, point in enumerate(points) if point["relation"] != "only_one")
    return path, index, points[index]["sources"]


def records_of(data_copy: Path) -> dict[str, list[dict]]:
    """Each source's claims, as coded."""
    found = {}
    for source in (data_copy / "annotations" / "sources").glob("*.yaml"):
        content = yaml.safe_load(source.read_text(encoding="utf-8"))
        found[content["source"]["id"]] = content["claims"]
    return found


def test_point_evidence_must_exist_and_come_from_its_side(data_copy: Path) -> None:
    path, index, (side_a, side_b) = two_sided_point(data_copy)

    def rewrite(content: dict) -> None:
        content["points"][index]["evidence"] = {side_a: [f"{side_a}-c999"], side_b: [f"{side_a}-c01"]}

    edit_yaml(path, rewrite)
    with pytest.raises(DatasetError) as raised:
        build(data_copy)
    message = str(raised.value)
    label = rf"comparisons\.yaml:\d+: points\[{index}\] \(id [\w-]+\): field 'evidence'"
    assert re.search(label + rf": no claim or position '{side_a}-c999' in source {side_a}", message)
    assert re.search(label + rf": '{side_a}-c01' is a record of {side_a}, not of {side_b}", message)


def test_a_side_that_speaks_cites_its_records(data_copy: Path) -> None:
    """A point that says what a source says but cites nothing of it is refused, and the reverse."""
    path, index, (side_a, side_b) = two_sided_point(data_copy)

    def rewrite(content: dict) -> None:
        point = content["points"][index]
        point["evidence"] = {side_a: point["evidence"][side_a], side_b: []}
        point["says"] = {side_a: "", side_b: point["says"][side_b]}

    edit_yaml(path, rewrite)
    with pytest.raises(DatasetError) as raised:
        build(data_copy)
    message = str(raised.value)
    assert f"field 'evidence': says what {side_b} says but cites none of its records" in message
    assert f"field 'says': cites {side_a} but says nothing of what it says" in message


@pytest.mark.parametrize("relation", ["agree", "only_one"])
def test_the_relation_must_fit_the_sides_that_speak(data_copy: Path, relation: str) -> None:
    """A two-sided relation needs evidence on both sides; only_one on one side only."""
    path, index, (_, side_b) = two_sided_point(data_copy)

    def rewrite(content: dict) -> None:
        point = content["points"][index]
        point["relation"] = relation
        if relation == "agree":
            point["evidence"][side_b], point["says"][side_b] = [], ""

    edit_yaml(path, rewrite)
    expected = {
        "agree": r"'agree' needs evidence on both sides; a one-sided point is 'only_one'",
        "only_one": r"'only_one' cites records of 2 sources; cite one side only",
    }[relation]
    with pytest.raises(DatasetError, match=rf"points\[{index}\] \(id [\w-]+\): field 'relation': {expected}"):
        build(data_copy)


def test_agree_with_opposite_stances_of_the_authors_is_refused(data_copy: Path) -> None:
    """Two points of view the authors themselves hold, for and against one target, are a disagreement."""
    path, index, (side_a, side_b) = two_sided_point(data_copy)
    claims = records_of(data_copy)
    own = {
        source: {
            (c["target"], c["stance"]): c["id"] for c in claims[source] if c["voice"] == "author" and c["stance"] != "neutral"
        }
        for source in (side_a, side_b)
    }
    target, stance = next((t, s) for (t, s) in own[side_a] if (t, "against" if s == "favor" else "favor") in own[side_b])
    opposite = "against" if stance == "favor" else "favor"

    def rewrite(content: dict) -> None:
        point = content["points"][index]
        point["relation"] = "agree"
        point["evidence"] = {side_a: [own[side_a][(target, stance)]], side_b: [own[side_b][(target, opposite)]]}

    edit_yaml(path, rewrite)
    with pytest.raises(DatasetError, match=rf"'agree' but the authors take opposite stances on {target}: that is 'disagree'"):
        build(data_copy)


def test_changed_over_time_needs_texts_of_different_dates(data_copy: Path) -> None:
    path, index, (side_a, side_b) = two_sided_point(data_copy)
    edit_yaml(path, lambda content: content["points"][index].update(relation="changed_over_time"))
    source = data_copy / "annotations" / "sources" / f"{side_b}.yaml"
    date = yaml.safe_load((data_copy / "annotations" / "sources" / f"{side_a}.yaml").read_text(encoding="utf-8"))
    edit_yaml(source, lambda content: content["source"].update(published=date["source"]["published"]))
    with pytest.raises(DatasetError, match=r"'changed_over_time' needs texts of different dates"):
        build(data_copy)


def test_a_point_id_is_used_once(data_copy: Path) -> None:
    path, index, _ = two_sided_point(data_copy)
    edit_yaml(path, lambda content: content["points"].append(dict(content["points"][index])))
    with pytest.raises(DatasetError, match=r"comparisons\.yaml:\d+: point [\w-]+: field 'id': duplicate id"):
        build(data_copy)


# A claim whose quote opens a double-quoted string that never closes, and a mapping
# indented under a plain value: two YAML syntax errors, each at its line and column.
BROKEN = {
    "unclosed quote": (
        'claims:\n  - id: x-c01\n    quote: "never closed\n',
        r":4:1: YAML syntax error: found unexpected end of stream",
    ),
    "bad indentation": ("source:\n  id: x\n    raw_file: x.txt\n", r":3:13: YAML syntax error: mapping values are not allowed"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", ["build", "progress"])
def test_yaml_syntax_error_is_located_without_a_traceback(data_copy: Path, case: str, command: str) -> None:
    cli = [sys.executable, "-m", "analysis"]
    assert run([*cli, "build", "--data-dir", str(data_copy)], capture_output=True, timeout=QUICK).returncode == 0
    written = {p: p.read_bytes() for p in [data_copy / "datapackage.json", *(data_copy / "tables").glob("*.csv")]}
    content, located = BROKEN[case]
    (data_copy / "annotations" / "sources" / "broken.yaml").write_text(content, encoding="utf-8")
    arguments = ["broken"] if command == "progress" else []
    result = run([*cli, command, *arguments, "--data-dir", str(data_copy)], capture_output=True, text=True, timeout=QUICK)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert re.search(r"sources/broken\.yaml" + located, result.stderr), result.stderr
    assert {p: p.read_bytes() for p in written} == written
    assert not list(data_copy.glob(".build-*"))


def test_a_file_that_is_not_utf8_is_located(data_copy: Path) -> None:
    (data_copy / "annotations" / "sources" / "broken.yaml").write_bytes(b"source:\n  id: caf\xe9\n")
    with pytest.raises(DatasetError, match=r"broken\.yaml:2:10: file: not UTF-8"):
        build(data_copy)


def test_a_problem_names_line_and_column() -> None:
    problem = Problem(Path("/elsewhere/x.yaml"), "YAML syntax error", "", "mapping values are not allowed here", 3, 7)
    assert str(problem) == "/elsewhere/x.yaml:3:7: YAML syntax error: mapping values are not allowed here"
    assert str(Problem(Path("/elsewhere/x.yaml"), "claims[0]", "topic", "unknown", 5)) == (
        "/elsewhere/x.yaml:5: claims[0]: field 'topic': unknown"
    )


# The rules are the schema's: every enumerated or required column of a table the annotations
# fill is read from an annotation field, and a bad value there is refused at its record and
# field. Only the columns the build computes read nothing.
ANNOTATED_TABLES = ("sources", *schema.SOURCE_SECTIONS, *schema.CODEBOOK_SECTIONS, "points")
COMPUTED = {
    "sources": {"attribution", "n_chars", "n_body_sentences", "body_coverage"},
    "claims": {"source_id", "author", "speaker", "target_kind"},
    "positions": {"source_id"},
    "phase_evidence": {"source_id"},
    "events": {"source_id"},
    "notes": {"source_id"},
    "points": {"source_b"},
}


def field_cases() -> list[tuple[str, str, str]]:
    """(table, annotation field, what to break) for every enumerated or required column the annotations fill."""
    cases = []
    for name in ANNOTATED_TABLES:
        table = schema.TABLES_BY_NAME[name]
        for column in table.fields:
            if column.enum is not None and column.inputs and column.inputs[0].check != "target":
                cases.append((name, column.inputs[0].key, "enum"))
            cases += [(name, given.key, "required") for given in column.inputs if column.required and given.required is not False]
        cases += [(name, given.key, "required") for given in table.inputs if given.required is not False]
    return cases


def test_every_enumerated_or_required_column_reads_an_annotation_field() -> None:
    for name in ANNOTATED_TABLES:
        table = schema.TABLES_BY_NAME[name]
        unread = {column.name for column in table.fields if (column.enum or column.required) and not column.inputs}
        assert unread <= COMPUTED.get(name, set()), f"{name}: {unread - COMPUTED.get(name, set())} read no annotation field"
        for column in table.fields:
            assert all(given.check in validate.CHECKS for given in column.inputs), f"{name}.{column.name}: unknown check"


def first_record(inputs: Inputs, table: str) -> dict:
    if table == "sources":
        return inputs.sources[0].content["source"]
    if table in schema.CODEBOOK_SECTIONS:
        return inputs.codebook[table][0]
    if table == "points":
        return inputs.comparisons["points"][0]
    return next(annotation.content[table][0] for annotation in inputs.sources if annotation.content.get(table))


@pytest.mark.parametrize(("table", "key", "broken"), field_cases(), ids=lambda value: str(value))
def test_each_field_rule_of_the_schema_is_checked(table: str, key: str, broken: str) -> None:
    inputs = copy.deepcopy(read_inputs(paths.DATA))
    record = first_record(inputs, table)
    record[key] = "no-such-value" if broken == "enum" else None
    problems = check(inputs, strict=False).problems
    expected = "is not in the vocabulary" if broken == "enum" else "required field is missing or empty"
    located = [problem for problem in problems if problem.field == key and expected in problem.message]
    assert located, f"{table}.{key}: no {broken} problem among {[str(problem) for problem in problems]}"
    assert located[0].line == record[LINE_KEY]
    assert located[0].record.startswith("source" if table == "sources" else table)


def read_fields() -> list[tuple[str, str]]:
    """(table, annotation field) for every field the schema reads from the annotations."""
    found = []
    for name in ANNOTATED_TABLES:
        table = schema.TABLES_BY_NAME[name]
        found += [(name, given.key) for column in table.fields for given in column.inputs]
        found += [(name, given.key) for given in table.inputs]
    return sorted(set(found))


@pytest.mark.parametrize(("table", "key"), read_fields(), ids=lambda value: str(value))
@pytest.mark.parametrize("wrong", [[{"nested": 1}], {"nested": {"deeper": 1}}], ids=["list", "mapping"])
def test_a_value_of_the_wrong_shape_is_located_not_a_crash(table: str, key: str, wrong: Any) -> None:
    inputs = copy.deepcopy(read_inputs(paths.DATA))
    record = first_record(inputs, table)
    record[key] = wrong
    problems = check(inputs, strict=False).problems
    located = [problem for problem in problems if problem.field == key]
    assert located, f"{table}.{key}: a {type(wrong).__name__} of the wrong shape was accepted"
    assert located[0].line == record[LINE_KEY]


def _problems_of_first_claim(data_copy: Path, change: Callable[[dict], None]) -> list[Problem]:
    path = data_copy / "annotations" / "sources" / f"{SOURCE}.yaml"
    label = first(yaml.safe_load(path.read_text(encoding="utf-8")), "claims")["id"]
    edit_yaml(path, change)
    return [p for p in check(read_inputs(data_copy), strict=False).problems if label in p.record]


def test_a_missing_field_lists_the_values_it_may_take(data_copy: Path) -> None:
    (problem,) = _problems_of_first_claim(data_copy, set_field("claims", "modality", None))
    assert problem.field == "modality" and "required field is missing or empty (one of: asserted, " in problem.message


def test_a_renamed_field_is_named_by_its_new_name(data_copy: Path) -> None:
    def rename(content: dict) -> None:
        claim = first(content, "claims")
        claim["target_actor"] = claim.pop("target")

    problems = _problems_of_first_claim(data_copy, rename)
    assert any(p.field == "target_actor" and "unknown field (renamed 'target'; expected one of:" in p.message for p in problems)


def test_an_unknown_target_is_one_error_not_two(data_copy: Path) -> None:
    def unknown(content: dict) -> None:
        claim = first(content, "claims")
        claim.update(target="atlantis", stance="favor")

    problems = _problems_of_first_claim(data_copy, unknown)
    assert [p.field for p in problems] == ["target"] and problems[0].message.startswith("unknown target 'atlantis'"), problems


def test_a_source_whose_theses_take_no_stance_on_a_proposition_is_refused(data_copy: Path) -> None:
    """CODING.md section 4: a text's thesis takes a stance on a proposition; the build says so (not only a test of the data)."""

    def on_an_actor(content: dict) -> None:
        for claim in content["claims"]:
            if claim["role"] == "thesis":
                claim["target"] = "pakistan"

    edit_yaml(data_copy / "annotations" / "sources" / f"{SOURCE}.yaml", on_an_actor)
    problems = check(read_inputs(data_copy), strict=False).problems
    assert [p.message for p in problems if p.field == "target"] == [
        "no thesis takes a stance on a proposition: give one thesis a proposition id of codebook.yaml as its target "
        "and the stance 'favor' or 'against' (CODING.md, section 4)"
    ]
