"""Every chart drawn from a few hand-made rows: what a reader would check, with no dataset and no book build.

Each public chart of `analysis.report.charts` takes the tidy frames `analysis.report.frames`
shapes; here those frames are written by hand, two or three rows each, and the chart's
spec is read back: its data holds exactly those rows, its marks encode the expected
fields, a long label is wrapped rather than cut.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.book import figure_files
from analysis.dataset import geography
from analysis.report import charts, frames, palette
from analysis.report.figure import LABEL_LINE_HEIGHT, PDF_CACHE_ENV, Figure, wrap_lines

LONG_ACTOR = "Tehrik-i-Taliban Pakistan and the other armed groups along the border"


def authors(n: int = 2) -> pd.DataFrame:
    """`frames.authors` for `n` sources, by hand: the labels and styles the charts key on."""
    styles = palette.series_styles(n)
    return pd.DataFrame(
        {
            "source_id": [f"src{i}" for i in range(n)],
            "label": [f"Author {chr(65 + i)}" for i in range(n)],
            "colour": [style[0] for style in styles],
            "shape": [style[1] for style in styles],
            "dash": [style[2] for style in styles],
        }
    )


def rows(figure: Figure, variant: int = -1) -> list[dict[str, Any]]:
    """Every data row the layout holds, whatever its dataset."""
    spec = figure.specs[variant]
    return [row for values in spec.get("datasets", {}).values() for row in values]


def encoded(spec: Any, channel: str) -> set[str]:
    """The fields `channel` encodes anywhere in a spec (its layers, its facets)."""
    found: set[str] = set()
    if isinstance(spec, dict):
        encoding = spec.get("encoding", {})
        if isinstance(encoding.get(channel), dict) and "field" in encoding[channel]:
            found.add(encoding[channel]["field"])
        for key, value in spec.items():
            if key != "datasets":
                found |= encoded(value, channel)
    elif isinstance(spec, list):
        for item in spec:
            found |= encoded(item, channel)
    return found


def axes(spec: Any) -> list[dict[str, Any]]:
    """Every axis definition in a spec."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        if isinstance(spec.get("axis"), dict):
            found.append(spec["axis"])
        for key, value in spec.items():
            if key != "datasets":
                found += axes(value)
    elif isinstance(spec, list):
        for item in spec:
            found += axes(item)
    return found


def steps(spec: Any) -> list[int]:
    """Every band step (row height) in a spec."""
    found: list[int] = []
    if isinstance(spec, dict):
        height = spec.get("height")
        if isinstance(height, dict) and "step" in height:
            found.append(height["step"])
        for key, value in spec.items():
            if key != "datasets":
                found += steps(value)
    elif isinstance(spec, list):
        for item in spec:
            found += steps(item)
    return found


def assert_wrapped(figure: Figure, label: str, chars_at_most: int = 40) -> None:
    """`label` is drawn whole on a wrapped axis: no label limit cuts it, its row is tall enough for its lines."""
    for spec in figure.specs:
        assert spec["config"]["axis"]["labelLimit"] >= 1000  # never cut with an ellipsis
        wrapping = [axis for axis in axes(spec) if "split(" in str(axis.get("labelExpr", ""))]
        assert wrapping, "no axis wraps its labels"
        assert max(steps(spec)) >= 2 * LABEL_LINE_HEIGHT, "the long label's row has room for one line only"
    assert len(wrap_lines(label, chars_at_most)) > 1


def test_topic_bars_draw_each_authors_claims_per_topic() -> None:
    counts = pd.DataFrame(
        {
            "topic_id": ["security", "trade", "security"],
            "source_id": ["src0", "src0", "src1"],
            "topic": ["Security", "Trade and transit", "Security"],
            "author_label": ["Author A", "Author A", "Author B"],
            "n_claims": [3, 1, 2],
            "quote": ["q1", "q2", "q3"],
        }
    )
    figure = charts.topic_bars(counts, authors())
    assert rows(figure) == counts.to_dict("records")
    spec = figure.specs[-1]
    assert encoded(spec, "x") == {"n_claims"} and encoded(spec, "y") == {"topic"}
    assert spec["facet"]["field"] == "author_label"  # a panel per author, named
    assert "2 authors across 2 topics" in figure.description


def test_mention_bars_wrap_a_long_actor_name_rather_than_cut_it() -> None:
    counts = pd.DataFrame(
        {
            "actor_id": ["ttp", "pak"],
            "source_id": ["src0", "src1"],
            "n_mentions": [4, 7],
            "aliases": ["TTP", "Pakistan"],
            "actor": [LONG_ACTOR, "Pakistan"],
            "author_label": ["Author A", "Author B"],
        }
    )
    figure = charts.mention_bars(counts, authors())
    assert rows(figure) == counts.to_dict("records")
    assert encoded(figure.specs[-1], "y") == {"actor"}
    assert_wrapped(figure, LONG_ACTOR)


def test_voice_bars_count_claims_by_how_they_are_put_forward() -> None:
    counts = pd.DataFrame(
        {
            "source_id": ["src0", "src1"],
            "author_label": ["Author A", "Author B"],
            "category": ["asserted, in the author's voice", "alleged, in another speaker's voice"],
            "modality": ["asserted", "alleged"],
            "n_claims": [5, 2],
            "speakers": ["Author A", "an official"],
            "quote": ["q1", "q2"],
            "committed": [True, False],
        }
    )
    figure = charts.voice_bars(counts, authors())
    assert rows(figure) == counts.to_dict("records")
    assert encoded(figure.specs[-1], "y") == {"category"} and encoded(figure.specs[-1], "x") == {"n_claims"}


def test_past_the_series_limit_the_bars_count_texts_instead_of_drawing_each() -> None:
    many = authors(palette.MAX_SERIES + 1)
    counts = pd.DataFrame(
        {
            "source_id": list(many.source_id[:3]),
            "author_label": list(many.label[:3]),
            "topic": ["Security", "Security", "Trade"],
            "n_claims": [2, 1, 0],
            "quote": ["q1", "q2", ""],
        }
    )
    figure = charts.topic_bars(counts, many)
    assert "author_label" not in json.dumps({k: v for k, v in figure.specs[-1].items() if k != "datasets"})
    assert {row["topic"]: row["n_sources"] for row in rows(figure)} == {"Security": 2}  # a zero count is no text
    tooltip_titles = {t["title"] for t in figure.specs[-1]["encoding"]["tooltip"]}
    assert "Topic" in tooltip_titles  # named as the per-author chart names it


def test_contrast_heatmap_names_each_cells_relation_in_words() -> None:
    grid = pd.DataFrame(
        {
            "topic": ["Security", "Trade"],
            "pair": ["Author A × Author B", "Author A × Author B"],
            "relation": ["disagree", "agree"],
            "relation_label": ["disagree", "agree"],
            "points_phrase": ["2 disagree, 1 agree", "1 agree"],
            "label_a": ["Author A", "Author A"],
            "says_a": ["a1", "a2"],
            "label_b": ["Author B", "Author B"],
            "says_b": ["b1", "b2"],
            "source_a": ["src0", "src0"],
        }
    )
    figure = charts.contrast_heatmap(grid)
    shown = ["topic", "pair", "relation_label", "points_phrase", "label_a", "says_a", "label_b", "says_b"]
    signs = {"relation_sign": ["≠", "="], "relation_key": ["≠ disagree", "= agree"]}
    assert rows(figure) == grid[shown].assign(**signs).to_dict("records")  # what the chart shows, no more
    assert "points_phrase" in json.dumps(figure.specs[-1])  # the tooltip counts the topic's points
    spec = figure.specs[-1]
    assert encoded(spec, "text") == {"relation_label"}  # colour is not the only cue
    assert encoded(spec, "x") == {"pair"} and encoded(spec, "y") == {"topic"}
    assert "disagree" in figure.description and "agree" in figure.description


def test_a_contrast_matrix_too_narrow_for_names_shows_signs_the_legend_spells_out() -> None:
    pairs = [f"Author {a} × Author {b}" for a, b in itertools.combinations("ABCDE", 2)]
    grid = pd.DataFrame(
        {"topic": "Security", "pair": pairs, "relation": ["agree", "disagree"] * 5, "points_phrase": "1 point"}
        | {"label_a": "A", "says_a": "a", "label_b": "B", "says_b": "b"}
    ).assign(relation_label=lambda frame: frame.relation)
    narrow = charts.contrast_heatmap(grid).specs[0]
    assert encoded(narrow, "text") == {"relation_sign"}  # ten columns on a phone: a sign per cell
    assert narrow["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["= agree", "≠ disagree"]  # the legend says which
    assert narrow["layer"][0]["encoding"]["x"]["axis"]["labelAngle"] == -90  # and the pairs' headers stand upright


def stance_matrix(n_positions: list[int], net: list[float | None]) -> pd.DataFrame:
    """`frames.stance_matrix` by hand: two stances of one actor toward two targets, in two texts."""
    matrix = pd.DataFrame(
        {
            "holder_actor_id": ["pak", "pak"],
            "target_id": ["engage", "isolate"],
            "source_id": ["src0", "src1"],
            "target_kind": ["proposition", "proposition"],
            "actor": ["Pakistan", "Pakistan"],
            "target": ["Engage Kabul", LONG_ACTOR],
            "pair": ["Pakistan → Engage Kabul", f"Pakistan → {LONG_ACTOR}"],
            "stances": ["support ×2", "oppose ×1"],
            "by_period": ["", ""],
            "quote": ["q1", "q2"],
            "author_label": ["Author A", "Author B"],
            "n_unconfirmed": [0, 1],
            "favor": [2, 0],
            "against": [0, 0],
            "neutral": [0, 0],
            "n_positions": n_positions,
            "net": net,
            "count_label": ["2", "0+1?"],
        }
    )
    return matrix.assign(leaning=frames.leaning(matrix))


def test_stance_heatmap_gives_each_target_its_row_and_keeps_unconfirmed_positions_apart() -> None:
    matrix = stance_matrix([2, 0], [1.0, None])
    figure = charts.stance_heatmap(matrix, authors())
    leanings = {row["pair"]: row["leaning"] for row in rows(figure) if "pair" in row}
    assert leanings == {"Pakistan → Engage Kabul": "mostly favourable", f"Pakistan → {LONG_ACTOR}": charts.UNCONFIRMED}
    assert len([row for row in rows(figure) if "pair" in row]) == 2
    # a text with no stance here still has its column, which says so
    columns = {row["author_label"]: row["n_stances"] for row in rows(figure) if "n_stances" in row}
    assert columns == {"Author A": 1, "Author B": 1}
    assert {
        row["author_label"]: row["n_stances"]
        for row in rows(charts.stance_heatmap(matrix.iloc[:1], authors()))
        if "n_stances" in row
    } == {"Author A": 1, "Author B": 0}
    spec = figure.specs[-1]
    # one actor, two targets: two rows, never one cell netted over both
    assert encoded(spec, "y") == {"pair"} and encoded(spec, "x") == {"author_label"}
    assert encoded(spec, "text") == {"count_label"}
    assert_wrapped(figure, LONG_ACTOR)


def links_frame() -> pd.DataFrame:
    """`frames.relations` by hand: Pakistan toward Afghanistan, hostile then friendly, a fact and an allegation."""
    links = pd.DataFrame(
        {
            "holder_actor_id": ["pak", "pak", "pak"],
            "target_actor_id": ["afg", "afg", "afg"],
            "source_id": ["src0", "src0", "src1"],
            "period": ["Early (1990)", "Late (2020)", "Late (2020)"],
            "period_order": [0, 1, 1],
            "firm": [True, True, False],
            "author_label": ["Author A", "Author A", "Author B"],
            "n_positions": [2, 1, 1],
            "favor": [0, 1, 1],
            "neutral": [0, 0, 0],
            "against": [2, 0, 0],
            "net": [-1.0, 1.0, 1.0],
            "stances": ["oppose ×2", "support ×1", "support ×1"],
            "modality": ["asserted", "asserted", "alleged"],
            "quote": ["q1", "q2", "q3"],
            "holder": ["Pakistan"] * 3,
            "target": ["Afghanistan"] * 3,
            "pair": ["Pakistan → Afghanistan"] * 3,
        }
    )
    links["leaning"] = frames.leaning(links)
    links["row"] = links.pair + ", " + links.period
    return links


def test_relation_matrix_draws_alleged_positions_beside_facts_in_another_shape() -> None:
    links = links_frame()
    links = pd.concat([links, links.iloc[[2]].assign(firm=True, modality="asserted")], ignore_index=True)
    figure = charts.relation_matrix(links, authors())
    drawn = rows(figure)
    assert len(drawn) == 4 and {row["firmness"] for row in drawn} == {charts.FIRM, charts.UNFIRM}
    spec = figure.specs[-1]
    shape, offset = spec["encoding"]["shape"], spec["encoding"]["xOffset"]
    assert shape["field"] == offset["field"] == "firmness"
    shapes = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    assert shapes[charts.FIRM] != shapes[charts.UNFIRM]  # told apart by shape, not fill alone
    assert shape["legend"] is not None and shape["title"] == "Presented as"  # named in the legend, by shape
    # the fact and the allegation in the same cell sit side by side, not one over the other
    same_cell = [row for row in drawn if row["author_label"] == "Author B"]
    assert {row["firmness"] for row in same_cell} == {charts.FIRM, charts.UNFIRM}
    assert len(offset["scale"]["domain"]) == 2
    assert "pair" in links and "firmness" not in links  # the caller's frame is left as it was


def test_relation_matrix_gives_a_changed_stance_a_row_per_period_in_time_order() -> None:
    figure = charts.relation_matrix(links_frame(), authors())
    y = figure.specs[-1]["encoding"]["y"]
    assert y["field"] == "row"
    assert y["scale"]["domain"] == ["Pakistan → Afghanistan, Early (1990)", "Pakistan → Afghanistan, Late (2020)"]
    colours = {row["row"]: row["leaning"] for row in rows(figure) if row["firm"]}
    assert colours == {
        "Pakistan → Afghanistan, Early (1990)": "mostly hostile",
        "Pakistan → Afghanistan, Late (2020)": "mostly favourable",
    }


def timeline_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    phases = pd.DataFrame(
        {
            "phase_id": ["p1", "p2"],
            "label": ["Cold War", "After 2021"],
            "start_year": [1979, 2021],
            "end_year": [1989, 2025],
            "pakistan_role": ["frontline state", "uneasy neighbour"],
        }
    )
    phases["start"] = pd.to_datetime(phases.start_year.astype(str) + "-01-01")
    phases["end"] = pd.to_datetime(phases.end_year.astype(str) + "-12-31")
    phases["row"] = phases.label + " (" + phases.start_year.astype(str) + "–" + phases.end_year.astype(str) + ")"
    coverage = phases[["phase_id", "row", "start", "end"]].assign(
        source_id=["src0", "src1"],
        author_label=["Author A", "Author B"],
        role=["r1", "r2"],
        quote=["q1", "q2"],
        n_passages=[1, 2],
        dated=[True, True],
    )
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e2"],
            "source_id": ["src0", "src1"],
            "author_label": ["Author A", "Author B"],
            "label": ["Soviet withdrawal", "Border closed"],
            "row": [phases.row[0], phases.row[1]],
            "date_start": pd.to_datetime(["1989-02-15", "2025-10-01"]),
            "date_end": pd.to_datetime(["1989-02-15", "2025-10-31"]),
            "approximate": [False, True],
            "when": ["15 Feb 1989", "c. Oct 2025"],
            "dated": ["to the day, by the text", "to the month, by the coder"],
            "quote": ["q1", "q2"],
        }
    )
    events["midpoint"] = events.date_start + (events.date_end - events.date_start) / 2
    return phases, coverage, events


def test_timeline_draws_every_phase_each_authors_coverage_and_every_event() -> None:
    phases, coverage, events = timeline_frames()
    figure = charts.timeline(phases, coverage, events, authors())
    drawn = rows(figure)
    assert {row["label"] for row in drawn if "event_id" in row} == {"Soviet withdrawal", "Border closed"}
    assert sorted(row["source_id"] for row in drawn if "n_passages" in row) == ["src0", "src1"]
    spec = figure.specs[-1]
    y_domains = [layer["encoding"]["y"]["scale"]["domain"] for layer in spec["layer"] if "y" in layer["encoding"]]
    assert all(domain == list(phases.row) for domain in y_domains)  # the phases in chronological order
    assert encoded(spec, "color") == {"author_label"}
    assert "2 historical phases from 1979 to 2025" in figure.description


def test_the_timeline_draws_no_bar_for_a_phase_the_text_does_not_date() -> None:
    phases, coverage, events = timeline_frames()
    undated = coverage.iloc[[0]].assign(source_id="src1", author_label="Author B", dated=False)
    coverage = pd.concat([coverage, undated], ignore_index=True)
    drawn = rows(charts.timeline(phases, coverage, events, authors()))
    bars = {(row["source_id"], row["row"]) for row in drawn if "n_passages" in row}
    assert bars == {("src0", phases.row[0]), ("src1", phases.row[1])}  # Author B's undated placement is no bar
    # past MAX_SERIES sources, a phase's bar counts the texts that date it
    many = rows(charts.timeline(phases, coverage, events, authors(palette.MAX_SERIES + 1)))
    assert {row["row"]: row["n_sources"] for row in many if "role" in row} == {phases.row[0]: 1, phases.row[1]: 1}


def test_recent_events_give_each_event_its_row_and_mark_approximate_dates() -> None:
    _, _, events = timeline_frames()
    recent = events[events.date_start.dt.year >= charts.FOCUS_FROM].assign(event_row=lambda e: e.label)
    recent = pd.concat([recent, recent.assign(event_id="e3", label="Talks", event_row="Talks", approximate=False)])
    figure = charts.recent_events(recent.reset_index(drop=True), authors())
    drawn = rows(figure)
    assert sorted({row["event_row"] for row in drawn}) == ["Border closed", "Talks"]
    assert {row["event_row"]: row["exactness"] for row in drawn} == {
        "Border closed": charts.APPROXIMATE,
        "Talks": charts.EXACT,
    }
    assert encoded(figure.specs[-1], "y") == {"event_row"}
    assert "exactness" not in recent  # the caller's frame is left as it was


@pytest.mark.skipif(not (geography.STATIC / geography.REGION_FILE).is_file(), reason="the map's boundaries: make assets")
def test_region_map_shades_states_by_their_stance_toward_one_chosen_target() -> None:
    states = pd.DataFrame(
        {
            "holder_actor_id": ["pak", "pak", "ind"],
            "target_id": ["taliban", "india", "taliban"],
            "source_id": ["src0", "src0", "src1"],
            "author_label": ["Author A", "Author A", "Author B"],
            "actor": ["Pakistan", "Pakistan", "India"],
            "target": ["Taliban", "India", "Taliban"],
            "country": ["PAK", "PAK", "IND"],
            "alpha2": ["PK", "PK", "IN"],
            "n_positions": [2, 1, 1],
            "n_unconfirmed": [0, 0, 0],
            "net": [1.0, -1.0, -1.0],
            "stances": ["support ×2", "oppose ×1", "oppose ×1"],
            "by_period": ["", "", ""],
            "quote": ["q1", "q2", "q3"],
        }
    )
    states["leaning"] = frames.leaning(states)
    figure = charts.region_map(states, authors())
    spec = figure.specs[-1]
    (param,) = spec["params"]
    assert param["bind"]["input"] == "select" and param["bind"]["options"] == ["India", "Taliban"]
    assert param["value"] == "Taliban"  # the target most states hold a position toward: what the PDF shows
    coloured = next(layer for layer in spec["spec"]["layer"] if "field" in layer["encoding"]["color"])
    assert {"filter": f"datum.target == {param['name']}"} in coloured["transform"]
    # every coloured row is one state's stance toward one target: Pakistan toward the Taliban is not netted with India
    drawn = {(row["author_label"], row["name"], row["target"]): row["leaning"] for row in rows(figure) if "leaning" in row}
    assert drawn == {
        ("Author A", "Pakistan", "Taliban"): "mostly favourable",
        ("Author A", "Pakistan", "India"): "mostly hostile",
        ("Author B", "India", "Taliban"): "mostly hostile",
    }
    assert "Toward Taliban: Author A: Pakistan (mostly favourable); Author B: India (mostly hostile)" in figure.description


def test_an_argument_map_draws_each_claim_under_the_claim_it_bears_on() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["src0-c01", "src0-c02", "src0-c03"],
            "source_id": ["src0"] * 3,
            "span_id": ["src0-s01", "src0-s02", "src0-s03"],
            "start": [0, 100, 200],
            "role": ["thesis", "reason", "concession"],
            "bears_on": [None, "src0-c01", "src0-c01"],
            "paraphrase": ["Pakistan's leverage has shrunk.", "Trade fell.", "Some ties endure."],
            "modality": ["asserted", "asserted", "hedged"],
            "quote": ["q1", "q2", "q3"],
        }
    )
    maps = charts.argument_maps(claims, authors(1), {"src0": "reliable enough"})
    assert [m.name for m in maps] == ["fig-argument-src0"]
    (argument,) = maps
    assert sorted(argument.nodes.claim_id) == list(claims.claim_id)
    depth = dict(zip(argument.nodes.claim_id, argument.nodes.depth, strict=True))
    assert depth == {"src0-c01": 0, "src0-c02": 1, "src0-c03": 1}
    assert "Argument links are reliable enough." in argument.caption
    assert "Author A's argument" in argument.caption
    assert charts.argument_maps(claims, authors(charts.MAX_ARGUMENT_MAPS + 1), {}) == []
    # Each claim's words are carried once, shared by the layouts, and joined back for every drawn claim.
    figure = argument.figure
    payload = figure.payload()
    quoted = [name for name, rows in payload["datasets"].items() if rows and "quote" in rows[0]]
    assert len(quoted) == 1 and len(figure.variants) > 1, "the claims' quotes are repeated per layout"
    points = figure_files.data_frame(figure.pdf_spec())  # the map's data: one row per claim, no drawing coordinates
    assert sorted(points.quote) == ["q1", "q2", "q3"] and points.passage.str.startswith("src0#record-src0-c0").all()


def test_a_figures_pdf_is_kept_by_what_draws_it_so_the_same_chart_prints_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """vl-convert draws other bytes for the same chart each time (its font subsets are named at random): with a
    folder to keep them in, a chapter executed again prints the PDF it printed before, and a changed chart a new one."""

    def bars(n: int) -> Figure:
        counts = pd.DataFrame(
            {"topic_id": ["security"], "source_id": ["src0"], "topic": ["Security"], "author_label": ["Author A"]}
        ).assign(n_claims=[n], quote=["q1"])
        return charts.topic_bars(counts, authors(1))

    monkeypatch.delenv(PDF_CACHE_ENV, raising=False)
    assert bars(3).printed()[0].startswith(b"%PDF")  # without a folder, drawn each time
    monkeypatch.setenv(PDF_CACHE_ENV, str(tmp_path / "pdfs"))
    first = bars(3).printed()[0]
    assert bars(3).printed()[0] == first and len(list((tmp_path / "pdfs").glob("*.pdf"))) == 1
    changed = bars(4).printed()[0]
    assert changed != first and len(list((tmp_path / "pdfs").glob("*.pdf"))) == 2
    assert not list((tmp_path / "pdfs").glob("*.part"))
