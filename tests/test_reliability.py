"""Inter-coder reliability: alpha as published, pairing of the codings, and an adjudication that binds the dataset."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import edit_yaml

from analysis import paths
from analysis.dataset import reliability
from analysis.dataset.build import build
from analysis.dataset.errors import DatasetError

RELIABILITY = paths.ANNOTATIONS / "reliability"


def test_alpha_reproduces_krippendorffs_worked_example() -> None:
    """Binary data, two observers, ten units: alpha = 0.095 (Krippendorff 2011, 'Computing Krippendorff's alpha-reliability')."""
    first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert reliability.alpha(zip(first, second, strict=True)) == pytest.approx(0.095, abs=0.0005)


def _alpha_by_hand(pairs: list[tuple[str, str]]) -> float:
    """Nominal alpha from the coincidence matrix: 1 - (n - 1) * sum of off-diagonal o_ck / sum of n_c * n_k over c != k."""
    values = sorted({v for pair in pairs for v in pair})
    totals = {v: sum(pair.count(v) for pair in pairs) for v in values}
    n = 2 * len(pairs)
    observed = sum(2 for one, two in pairs if one != two)
    expected = sum(totals[c] * totals[k] for c in values for k in values if c != k)
    return 1 - (n - 1) * observed / expected


def test_alpha_matches_the_coincidence_matrix_formula() -> None:
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "c"), ("c", "a"), ("b", "b"), ("a", "a"), ("c", "c")]
    assert reliability.alpha(pairs) == pytest.approx(_alpha_by_hand(pairs))


def test_alpha_is_one_for_perfect_agreement_and_none_without_variation() -> None:
    assert reliability.alpha([("x", "x"), ("y", "y"), ("x", "x")]) == pytest.approx(1.0)
    assert reliability.alpha([("x", "x"), ("x", "x")]) is None


def test_alpha_ignores_units_one_coder_left_empty() -> None:
    assert reliability.alpha([("x", "x"), ("y", "y"), ("x", None)]) == pytest.approx(1.0)


def _record(record_id: str, start: int, end: int, **codes: str) -> dict:
    return {"id": record_id, "_span": (start, end), **codes}


def test_pairing_is_one_to_one_by_overlap_and_keeps_the_unpaired() -> None:
    first = [_record("a1", 0, 100, topic="t"), _record("a2", 100, 140, topic="t"), _record("a3", 300, 320, topic="t")]
    second = [_record("b1", 5, 100, topic="t"), _record("b2", 110, 139, topic="u"), _record("b3", 500, 520, topic="t")]
    pairs = reliability.pair_records("claims", "s", first, second)
    found = {(p.a["id"] if p.a else None, p.b["id"] if p.b else None) for p in pairs}
    assert found == {("a1", "b1"), ("a2", "b2"), ("a3", None), (None, "b3")}


def test_both_codings_and_the_adjudication_are_kept() -> None:
    """A source coded twice has both codings and an adjudication; a source may be coded once (then it has none)."""
    sources = {p.stem for p in paths.SOURCE_ANNOTATIONS.glob("*.yaml")}
    coded = [{p.stem for p in (RELIABILITY / f"coder_{coding}").glob("*.yaml")} for coding in reliability.CODING_NAMES]
    assert coded[0] and all(files == coded[0] for files in coded), "every coding codes the same sources"
    assert coded[0] - {"comparisons"} and coded[0] <= sources | {"comparisons"}, f"codings of no source: {coded[0] - sources}"
    assert {p.stem for p in (RELIABILITY / "adjudication").glob("*.yaml")} == coded[0]


def test_published_agreement_covers_every_field_per_source_and_pooled_with_intervals() -> None:
    agreement = pd.read_csv(paths.TABLES / "agreement.csv")
    codings = pd.read_csv(paths.TABLES / "codings.csv")
    twice = sorted(set(codings[codings.coding == "a"].source_id) & set(codings[codings.coding == "b"].source_id))
    for kind in ("claims", "positions"):
        for name in (*reliability.UNITIZING, *reliability.FIELDS[kind], *map(reliability.joint_name, reliability.JOINT[kind])):
            rows = agreement[agreement.measure_id == f"{kind}.{name}"]
            assert sorted(rows.scope) == sorted([*twice, reliability.POOLED]), f"{kind}.{name}"
            assert (rows.n_units > 0).all()
    measured = agreement[agreement.alpha.notna()]
    assert len(measured) >= len(reliability.FIELDS["claims"])
    assert measured.alpha_low.notna().all() and (measured.alpha_low <= measured.alpha).all()
    assert (measured.alpha <= measured.alpha_high).all()
    assert agreement.share_low.notna().all()


def test_every_disagreement_is_adjudicated_with_a_reason() -> None:
    adjudications = pd.read_csv(paths.TABLES / "adjudications.csv", keep_default_na=False)
    assert len(adjudications) > 0
    assert (adjudications.reason.str.len() > 10).all()
    assert set(adjudications.decision) <= set(reliability.ADJUDICATION_RULES["decision"].vocab)


def _second_coding(data_dir: Path) -> Path:
    return next((data_dir / "annotations" / "reliability" / "coder_b").glob("*2*.yaml"))


def test_an_unadjudicated_disagreement_stops_the_build(data_copy: Path) -> None:
    path = _second_coding(data_copy)
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    claim = content["claims"][0]
    claim["paraphrase"] = claim["paraphrase"] + " "
    claim["topic"] = "humanitarian_isolation" if claim["topic"] != "humanitarian_isolation" else "china_role"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"adjudication/\w+\.yaml: claims .*field 'topic': disagreement not adjudicated"):
        build(data_copy)


def test_the_dataset_must_hold_what_was_decided(data_copy: Path) -> None:
    folder = data_copy / "annotations" / "reliability" / "adjudication"
    items = [a for p in sorted(folder.glob("*.yaml")) for a in yaml.safe_load(p.read_text("utf-8"))["adjudications"]]
    item = next(a for a in items if a["kind"] == "claims" and a["field"] == "stance")
    path = data_copy / "annotations" / "sources" / f"{item['source']}.yaml"

    def flip(content: dict) -> None:
        record = next(c for c in content["claims"] if c["id"] == item["a"])
        record["stance"] = "neutral" if item["final"] != "neutral" else "favor"
        if record["stance"] == "neutral":
            return
        record["target"] = record["target"] or "pakistan"

    edit_yaml(path, flip)
    with pytest.raises(DatasetError, match=r"adjudication/\w+\.yaml:\d+: adjudications\[\d+\]: field 'final': the dataset holds"):
        build(data_copy)


def test_a_stale_adjudication_stops_the_build(data_copy: Path) -> None:
    path = data_copy / "annotations" / "reliability" / "adjudication" / "bataut2025.yaml"
    edit_yaml(
        path,
        lambda c: c["adjudications"].append(
            {
                "kind": "claims",
                "source": "bataut2025",
                "a": "bataut2025-c01",
                "b": "bataut2025-b-c999",
                "field": "topic",
                "code_a": "x",
                "code_b": "y",
                "decision": "a",
                "final": "x",
                "reason": "No such disagreement.",
            }
        ),
    )
    with pytest.raises(DatasetError, match=r"no such disagreement between the codings"):
        build(data_copy)


def test_an_adjudication_record_is_checked_by_the_schema_with_located_errors(data_copy: Path) -> None:
    """The adjudication files follow the `adjudications` table's columns: a wrong kind or decision names the allowed
    values, a missing reason is refused, an unknown field lists the known ones, each at its file, line and record."""
    path = data_copy / "annotations" / "reliability" / "adjudication" / "bataut2025.yaml"

    def spoil(content: dict) -> None:
        first, second, third = content["adjudications"][:3]
        first["kind"] = "claim"
        second["decision"] = "c"
        second["reviewer"] = "x"
        third["reason"] = ""

    edit_yaml(path, spoil)
    with pytest.raises(DatasetError) as raised:
        build(data_copy)
    message = str(raised.value)
    assert re.search(
        r"bataut2025\.yaml:\d+: adjudications\[0\]: field 'kind': 'claim' is not in the vocabulary \(claims,", message
    )
    assert re.search(r"adjudications\[1\]: field 'decision': 'c' is not in the vocabulary \(a, b, other\)", message)
    assert re.search(
        r"adjudications\[1\]: field 'reviewer': unknown field \(expected one of: kind, source, a, b, field,", message
    )
    assert re.search(r"adjudications\[2\]: field 'reason': required field is missing or empty", message)


def test_reasons_full_of_semicolons_still_validate(data_copy: Path) -> None:
    """Free text in a table (here the adjudication reasons) never makes the CSV dialect ambiguous."""
    for path in (data_copy / "annotations" / "reliability" / "adjudication").glob("*.yaml"):
        edit_yaml(path, lambda c: [item.update(reason=f"{item['reason']}; one; two; three") for item in c["adjudications"]])
    build(data_copy)
    descriptor = yaml.safe_load((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert all(r["dialect"]["delimiter"] == "," for r in descriptor["resources"] if r["type"] == "table")
