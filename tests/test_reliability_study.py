"""The reliability study as a methods reviewer reads it: per text and pooled, joint codes, unitizing, bootstrap
intervals, a pairing that looks at passages only, computed units apart, and texts coded once left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import add_fixture_source, edit_yaml

from analysis.dataset import overlap, reliability
from analysis.dataset.annotations import read_inputs
from analysis.dataset.build import build, compared_pairs
from analysis.dataset.errors import DatasetError
from analysis.dataset.load import load
from analysis.dataset.validate import Source, check
from analysis.report import summary, tables

TEXT = "One two three. Four five six. Seven eight nine. Ten eleven twelve. " * 4


def _record(record_id: str, start: int, end: int, **codes: Any) -> dict[str, Any]:
    return {"id": record_id, "_span": (start, end), "_label": record_id, **codes}


def _coding(name: str, sources: dict[str, dict[str, list[dict[str, Any]]]]) -> reliability.Coding:
    coding = reliability.Coding(name)
    for source_id, sections in sources.items():
        source = Source(meta={"id": source_id}, text=TEXT, path=Path(f"{source_id}.yaml"))
        source.sections = {"claims": [], "positions": [], **sections}
        coding.sources[source_id] = source
    return coding


def _sources(*ids: str) -> list[Source]:
    return [Source(meta={"id": source_id}, text=TEXT, path=Path(f"{source_id}.yaml")) for source_id in ids]


def _row(comparison: reliability.Comparison, measure_id: str, scope: str) -> dict[str, Any]:
    rows = [row for row in comparison.agreement if row["measure_id"] == measure_id and row["scope"] == scope]
    assert len(rows) == 1, f"{measure_id} @ {scope}: {len(rows)} rows"
    return rows[0]


def _positions(prefix: str, codes: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [
        _record(f"{prefix}{n}", 15 * n, 15 * n + 14, holder=h, target=t, stance=s, polarity="favor", voice="author")
        for n, (h, t, s) in enumerate(codes)
    ]


def test_fast_alpha_matches_the_krippendorff_package_on_random_codes() -> None:
    rng = np.random.default_rng(0)
    for _ in range(20):
        first = rng.integers(0, 4, 30)
        second = np.where(rng.random(30) < 0.7, first, rng.integers(0, 4, 30))
        expected = krippendorff.alpha(reliability_data=np.array([first, second], dtype=float), level_of_measurement="nominal")
        assert reliability.alpha(zip(first, second, strict=True)) == pytest.approx(expected)


def test_figures_are_given_per_source_and_pooled_and_pooling_can_hide_a_failing_source() -> None:
    good = [("x", "t", "support"), ("y", "t", "oppose"), ("x", "u", "support"), ("y", "u", "oppose")]
    bad = [("y", "t", "support"), ("x", "t", "oppose"), ("y", "u", "support"), ("x", "u", "oppose")]
    first = _coding("a", {"s1": {"positions": _positions("a", good)}, "s2": {"positions": _positions("a", good)}})
    second = _coding("b", {"s1": {"positions": _positions("b", good)}, "s2": {"positions": _positions("b", bad)}})
    comparison = reliability.compare(first, second, _sources("s1", "s2"), [])
    assert _row(comparison, "positions.holder", "s1")["alpha"] == pytest.approx(1.0)
    pairs_s2 = [(one[0], two[0]) for one, two in zip(good, bad, strict=True)]
    assert _row(comparison, "positions.holder", "s2")["alpha"] == pytest.approx(reliability.alpha(pairs_s2), abs=1e-4)
    pooled = [(one[0], one[0]) for one in good] + pairs_s2
    assert _row(comparison, "positions.holder", reliability.POOLED)["alpha"] == pytest.approx(reliability.alpha(pooled), abs=1e-4)
    assert (
        _row(comparison, "positions.holder", "s2")["alpha"]
        < 0
        < _row(comparison, "positions.holder", reliability.POOLED)["alpha"]
    )


def test_joint_codes_agree_only_when_every_part_does() -> None:
    codes_a = [("x", "t", "support"), ("x", "u", "oppose"), ("y", "t", "support"), ("y", "u", "oppose")]
    codes_b = [("x", "t", "support"), ("x", "u", "support"), ("y", "u", "support"), ("y", "u", "oppose")]
    comparison = reliability.compare(
        _coding("a", {"s": {"positions": _positions("a", codes_a)}}),
        _coding("b", {"s": {"positions": _positions("b", codes_b)}}),
        _sources("s"),
        [],
    )
    assert _row(comparison, "positions.target", "s")["n_agree"] == 3
    assert _row(comparison, "positions.stance", "s")["n_agree"] == 3
    assert _row(comparison, "positions.target+stance", "s")["n_agree"] == 2
    assert _row(comparison, "positions.holder+target+stance", "s")["n_agree"] == 2


def test_argument_role_and_link_are_compared_jointly_through_the_pairing() -> None:
    first = [
        _record("a1", 0, 14, role="thesis", bears_on=None),
        _record("a2", 15, 29, role="support", bears_on="a1"),
        _record("a3", 30, 44, role="support", bears_on="a1"),
    ]
    second = [
        _record("b1", 0, 14, role="thesis", bears_on=None),
        _record("b2", 15, 29, role="support", bears_on="b1"),
        _record("b3", 30, 44, role="support", bears_on="b2"),
    ]
    comparison = reliability.compare(
        _coding("a", {"s": {"claims": first}}), _coding("b", {"s": {"claims": second}}), _sources("s"), []
    )
    assert _row(comparison, "claims.role", "s")["n_agree"] == 3
    assert _row(comparison, "claims.role+bears_on", "s")["n_agree"] == 2


def test_the_figures_pairing_looks_at_passages_only_and_the_adjudications_lines_up_agreeing_codes() -> None:
    first = [_record("a1", 0, 50, holder="x", target="y"), _record("a2", 0, 50, holder="z", target="y")]
    second = [_record("b1", 0, 50, holder="z", target="y"), _record("b2", 0, 50, holder="x", target="y")]
    figures = reliability.pair_records("positions", "s", first, second)
    assert {(p.a["id"], p.b["id"]) for p in figures if p.a and p.b} == {("a1", "b1"), ("a2", "b2")}
    swapped = reliability.pair_records("positions", "s", first, second[::-1])
    assert {(p.a["id"], p.b["id"]) for p in swapped if p.a and p.b} == {("a1", "b2"), ("a2", "b1")}
    lined_up = reliability.pair_records("positions", "s", first, second, prefer_agreeing=True)
    assert {(p.a["id"], p.b["id"]) for p in lined_up if p.a and p.b} == {("a1", "b2"), ("a2", "b1")}


def test_unpaired_units_lower_the_unitizing_figures_and_are_disagreements() -> None:
    first = [_record("a1", 0, 14, topic="t"), _record("a2", 15, 29, topic="t"), _record("a3", 30, 44, topic="t")]
    second = [_record("b1", 0, 14, topic="t"), _record("b2", 17, 44, topic="t")]
    comparison = reliability.compare(
        _coding("a", {"s": {"claims": first}}), _coding("b", {"s": {"claims": second}}), _sources("s"), []
    )
    paired = _row(comparison, "claims.paired", "s")
    assert (paired["n_units"], paired["n_agree"]) == (3, 2)  # a1-b1, a3-b2 (the larger overlap), a2 alone
    assert [(d.a, d.b, d.field) for d in comparison.disagreements if d.field == "unit"] == [("a2", None, "unit")]
    # boundaries a: 0, 14, 15, 29, 30, 44; b: 0, 14, 17, 44 -> 4 matched (15 with 17) of 6 + 4
    boundaries = _row(comparison, "claims.boundaries", "s")
    assert boundaries["share_agree"] == pytest.approx(2 * 4 / 10)


def test_boundaries_agree_within_the_tolerance_and_one_to_one() -> None:
    tolerance = reliability.BOUNDARY_TOLERANCE
    first = [_record("a1", 0, 100), _record("a2", 100, 200)]
    second = [_record("b1", tolerance, 100 + tolerance + 1)]
    units = reliability._boundaries(first, second)
    assert sum(hit for hit, _ in units) / sum(weight for _, weight in units) == pytest.approx(2 * 1 / 5)


def test_intervals_are_reproducible_contain_the_figure_and_narrow_with_more_units() -> None:
    def comparison(repeat: int) -> reliability.Comparison:
        codes = [("x", "t", "support"), ("y", "t", "oppose"), ("x", "u", "support"), ("y", "u", "oppose")] * repeat
        flipped = [(h if n % 5 else ("y" if h == "x" else "x"), t, s) for n, (h, t, s) in enumerate(codes)]
        positions = [_positions("a", codes), _positions("b", flipped)]
        codings = [_coding(name, {"s": {"positions": p}}) for name, p in zip("ab", positions, strict=True)]
        return reliability.compare(*codings, _sources("s"), [])

    small, again, large = comparison(1), comparison(1), comparison(4)
    assert small.agreement == again.agreement
    for row in large.agreement:
        if row["alpha"] is not None:
            assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"], row
        if row["share_agree"] is not None:
            assert row["share_low"] <= row["share_agree"] <= row["share_high"], row
    width = [
        _row(c, "positions.holder", "s")["alpha_high"] - _row(c, "positions.holder", "s")["alpha_low"] for c in (small, large)
    ]
    assert width[1] < width[0]


def _point(point_id: str, relation: str, topic: str, s1: tuple[int, int], s2: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": point_id,
        "relation": relation,
        "topic": topic,
        "_characters": overlap.characters({"s1": [s1], "s2": [s2]}),
    }


def test_points_of_comparison_are_paired_by_their_passages_and_compared() -> None:
    """Points pair by the characters their evidence rests on (never by their codes); a point without a partner is a
    disagreement on the unit, and the relation and topic are compared on the pairs."""
    first, second = _coding("a", {"s1": {}, "s2": {}}), _coding("b", {"s1": {}, "s2": {}})
    first.points = {
        ("s1", "s2"): [
            _point("x", "agree", "t1", (0, 40), (0, 40)),
            _point("y", "agree", "t2", (50, 90), (50, 90)),
            _point("z", "only_one", "t3", (100, 140), (0, 0)),
        ]
    }
    second.points = {
        ("s1", "s2"): [
            _point("p", "agree", "t1", (5, 40), (0, 38)),
            _point("q", "disagree", "t2", (50, 85), (55, 90)),
            _point("r", "agree", "t9", (200, 240), (200, 240)),
        ]
    }
    comparison = reliability.compare(first, second, _sources("s1", "s2"), [("s1", "s2")])
    paired = _row(comparison, "points.paired", "s1+s2")
    assert (paired["n_units"], paired["n_agree"]) == (4, 2)  # x-p, y-q, and z and r alone
    relation = _row(comparison, "points.relation", "s1+s2")
    assert (relation["n_units"], relation["n_agree"]) == (2, 1)
    found = {(d.a, d.b, d.field) for d in comparison.disagreements if d.kind == "points"}
    assert found == {("y", "q", "relation"), ("z", None, "unit"), (None, "r", "unit")}


def _measured(data_dir: Path) -> pd.DataFrame:
    inputs = read_inputs(data_dir)
    checked = check(inputs)
    pairs = compared_pairs([source.meta["id"] for source in checked.sources], set())
    _, comparison = reliability.measure(checked, inputs.reliability_dir, pairs)
    return pd.DataFrame(comparison.agreement).set_index(["measure_id", "scope"]).sort_index()


def _coded_once(data_dir: Path, name: str = "khan2026", coders: tuple[str, ...] = ("a",)) -> None:
    """The fixture source, and its claims and positions in the given codings only (by default, coding a alone)."""
    add_fixture_source(data_dir, name)
    content = yaml.safe_load((data_dir / "annotations" / "sources" / f"{name}.yaml").read_text(encoding="utf-8"))
    coding = {key: content[key] for key in ("source", "claims", "positions") if key in content}
    for coder in coders:
        path = data_dir / "annotations" / "reliability" / f"coder_{coder}" / f"{name}.yaml"
        path.write_text(yaml.safe_dump(coding, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_source_coded_once_or_a_new_topic_changes_no_figure_of_the_sources_coded_twice(data_copy: Path) -> None:
    before = _measured(data_copy)
    _coded_once(data_copy)

    def new_topic(codebook: dict) -> None:
        codebook["topics"].append({"id": "test_topic", "label": "A topic no one coded", "definition": "For the test."})

    edit_yaml(data_copy / "annotations" / "codebook.yaml", new_topic)
    after = _measured(data_copy)
    assert "khan2026" not in {scope for _, scope in after.index}
    assert not any("khan2026" in scope for _, scope in after.index)
    pd.testing.assert_frame_equal(before, after)
    build(data_copy)
    built = pd.read_csv(data_copy / "tables" / "agreement.csv")
    assert not built.scope.str.contains("khan2026").any()
    assert "was coded once only" in summary.coded_twice(load(data_copy))


def test_a_third_source_coded_twice_gets_figures_of_its_own_and_changes_no_other_sources(data_copy: Path) -> None:
    before = _measured(data_copy)
    _coded_once(data_copy, coders=reliability.CODING_NAMES)
    after = _measured(data_copy)
    assert after.loc[("claims.topic", "khan2026")].alpha == pytest.approx(1.0)
    kept = [key for key in before.index if key[1] != reliability.POOLED]
    pd.testing.assert_frame_equal(before.loc[kept], after.loc[kept])
    assert after.loc[("claims.topic", reliability.POOLED)].n_units > before.loc[("claims.topic", reliability.POOLED)].n_units


def _with_events(data_dir: Path, change: Any = None) -> None:
    """Both codings of Bataut get its events and phase evidence (coding b's possibly changed)."""
    source = yaml.safe_load((data_dir / "annotations" / "sources" / "bataut2025.yaml").read_text(encoding="utf-8"))
    for coder in reliability.CODING_NAMES:

        def add(content: dict, coder: str = coder) -> None:
            content["events"] = [dict(event) for event in source["events"]]
            content["phase_evidence"] = [dict(item) for item in source["phase_evidence"]]
            if coder == "b" and change:
                change(content)

        edit_yaml(data_dir / "annotations" / "reliability" / f"coder_{coder}" / "bataut2025.yaml", add)


def test_event_dates_and_phases_are_measured_when_both_codings_hold_events(data_copy: Path) -> None:
    for coder in reliability.CODING_NAMES:
        for source_id in ("bataut2025", "pietrzak2026"):
            path = data_copy / "annotations" / "reliability" / f"coder_{coder}" / f"{source_id}.yaml"
            edit_yaml(path, lambda content: [content.pop(name, None) for name in ("events", "phase_evidence")])
    before = _measured(data_copy)
    assert not any(measure.startswith("events.") for measure, _ in before.index)

    def shift(content: dict) -> None:
        content["events"][0]["date_start"] = "1999-01-01"
        content["events"][0]["date_end"] = "1999-01-01"

    _with_events(data_copy, shift)
    after = _measured(data_copy)
    n_events = len(yaml.safe_load((data_copy / "annotations" / "sources" / "bataut2025.yaml").read_text("utf-8"))["events"])
    dates = after.loc[("events.date_start+date_end", "bataut2025")]
    assert (dates.n_units, dates.n_agree) == (n_events, n_events - 1)
    assert after.loc[("events.paired", "bataut2025")].share_agree == 1.0
    assert after.loc[("phase_evidence.phase", "bataut2025")].share_agree == 1.0
    assert ("events.date_start", "pietrzak2026") not in after.index  # coded once there
    with pytest.raises(
        DatasetError, match=r"adjudication/bataut2025\.yaml: events .*field 'date_start': disagreement not adjudicated"
    ):
        build(data_copy)


def test_a_coding_with_an_unknown_section_is_refused_with_its_file(data_copy: Path) -> None:
    edit_yaml(data_copy / "annotations" / "reliability" / "coder_b" / "bataut2025.yaml", lambda c: c.update(notes=[]))
    with pytest.raises(
        DatasetError,
        match=r"coder_b/bataut2025\.yaml.*'notes': unknown section \(expected: source, layout, claims, positions, events, phase_evidence\)",
    ):
        build(data_copy)


def test_the_chapter_names_per_text_every_code_below_the_thresholds() -> None:
    data = load()
    sentence = summary.thresholds_by_source(data)
    rows = data.agreement[
        (data.agreement.scope != reliability.POOLED) & data.agreement.alpha.notna() & (data.agreement.kind != "points")
    ]
    labels = summary.scope_labels(data)
    for scope, group in rows.groupby("scope"):
        low = group[group.alpha < reliability.ALPHA_TARGET]
        assert f"In {labels[scope]}, {len(low)} of the {len(group)} codes" in sentence
        for row in low.itertuples():
            assert f"{summary.measure_label(row.kind, row.field)} ({row.alpha:.3f})" in sentence
    table = tables.agreement_table(data).frame
    assert len(table) == len(data.agreement)
    assert set(table.Texts) == set(labels[scope] for scope in data.agreement.scope)


def test_past_the_named_limit_the_per_text_sentence_counts_the_texts_below_each_threshold() -> None:
    data = load()
    n = summary.MAX_NAMED + 2
    ids = [f"src{k:02d}" for k in range(n)]
    sources = pd.concat([data.sources.iloc[[0]]] * n, ignore_index=True).assign(
        source_id=ids, author=[f"Author {k}" for k in range(n)]
    )
    alphas = [0.9 if k % 3 == 0 else 0.7 if k % 3 == 1 else 0.5 for k in range(n)]  # reliable, tentative, unreliable
    agreement = pd.DataFrame(
        {"measure_id": "claims.topic", "scope": ids, "kind": "claims", "field": "topic", "alpha": alphas, "n_units": 10}
    )
    many = type(data)({**data.tables, "sources": sources, "agreement": agreement}, data.descriptor)
    below_target = sum(a < reliability.ALPHA_TARGET for a in alphas)
    below_floor = sum(a < reliability.ALPHA_FLOOR for a in alphas)
    assert summary.thresholds_by_source(many) == (
        f"Of the {n} texts coded twice, {below_target} have at least one code with an alpha below "
        f"{reliability.ALPHA_TARGET:.2f}, and {below_floor} at least one below {reliability.ALPHA_FLOOR:.3f}; "
        "the agreement table gives every text's figures."
    )


def test_codes_with_high_agreement_but_low_alpha_are_named_with_both_figures() -> None:
    data = load()
    scope = data.sources.source_id.iloc[0]
    agreement = pd.DataFrame(
        {
            "measure_id": ["positions.voice", "claims.topic", "claims.role"],
            "scope": [scope, scope, reliability.POOLED],
            "kind": ["positions", "claims", "claims"],
            "field": ["voice", "topic", "role"],
            "share_agree": [0.95, 0.6, 0.95],
            "alpha": [-0.03, 0.2, 0.1],
        }
    )
    sentence = summary.skewed_codes_sentence(type(data)({**data.tables, "agreement": agreement}, data.descriptor))
    label = summary.scope_labels(data)[scope]
    assert f"positions: voice in {label} (95% agreement, alpha -0.03)" in sentence
    assert "topic" not in sentence and "role" not in sentence  # low agreement; pooled
