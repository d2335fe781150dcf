"""Unit checks of the analysis helpers the chapters rely on."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.book import myst
from analysis.report import summary, wordstats
from analysis.report.prose import Placement


def test_tokens_fold_possessives_and_keep_any_script() -> None:
    assert wordstats.tokens("The Taliban’s return and Pakistan's role in زخم and संघर्ष.") == [
        "taliban",
        "return",
        "pakistan",
        "role",
        "زخم",
        "संघर्ष",
    ]


def test_log_odds_follow_monroe_et_al() -> None:
    counts = pd.DataFrame(
        {"word": ["war", "peace", "war", "peace", "trade"], "source_id": ["a", "a", "b", "b", "b"], "count": [8, 2, 2, 8, 5]}
    )
    scores = wordstats.log_odds(counts, prior_weight=10).set_index(["source_id", "word"])
    # the same word, seen from either side, has opposite log-odds
    assert scores.loc[("a", "war"), "delta"] == pytest.approx(-scores.loc[("b", "war"), "delta"], rel=0.05)
    assert scores.loc[("a", "war"), "z"] > 0 > scores.loc[("a", "peace"), "z"]
    # recompute one value by hand from the formula
    pooled = {"war": 10, "peace": 10, "trade": 5}
    alpha = {w: c / 25 * 10 for w, c in pooled.items()}
    a0 = 10.0
    y_i, n_i, y_j, n_j = 8, 10, 2, 15
    delta = math.log((y_i + alpha["war"]) / (n_i + a0 - y_i - alpha["war"])) - math.log(
        (y_j + alpha["war"]) / (n_j + a0 - y_j - alpha["war"])
    )
    assert scores.loc[("a", "war"), "delta"] == pytest.approx(delta)
    assert scores.loc[("a", "war"), "z"] == pytest.approx(delta / math.sqrt(1 / (y_i + alpha["war"]) + 1 / (y_j + alpha["war"])))


def test_wording_helpers() -> None:
    assert summary.join_words(["a"]) == "a"
    assert summary.join_words(["a", "b"]) == "a and b"
    assert summary.join_words(["a", "b", "c"]) == "a, b and c"
    assert summary.number_word(7) == "seven" and summary.number_word(42) == "42"
    assert summary.months_between(dt.date(2025, 5, 28), dt.date(2026, 1, 12)) == 7
    assert summary.months_between(dt.date(2025, 5, 28), dt.date(2026, 1, 28)) == 8


class _Map:
    """An argument map as `summary.argument_maps_prose` reads it."""

    def __init__(self, name: str, source_id: str) -> None:
        self.name, self.source_id = name, source_id

    def placement(self) -> Placement:
        return Placement(self.name, f"The argument of {self.source_id}.", "An outline.")


def _maps_text(data: Any, maps: list[_Map], limit: int) -> str:
    """The argument maps' part of the chapter as the book writes it."""
    return myst.prose(summary.argument_maps_prose(data, maps, limit))


def test_the_argument_maps_are_introduced_as_they_are_drawn_or_left_out() -> None:
    from analysis.dataset.load import load
    from analysis.report import frames

    data = load()
    who = frames.authors(data)
    first, second = list(who.source_id)[:2]  # any two of the sources
    several = _maps_text(data, [_Map("fig-a", first), _Map("fig-b", second)], limit=3)
    assert several.startswith("The figures below draw each source's argument as an outline")
    assert "Read these maps with care" in several and "the maps show" in several
    assert several.count("{glue:figure}") == 2 and f"draws the argument of {who.label[1]}." in several
    assert "{numref}`fig-b` draws the argument of" in several and f":figclass: {myst.IN_PLACE}" in several
    one = _maps_text(data, [_Map("fig-a", first)], limit=3)
    assert one.startswith(f"The figure below draws {who.label[0]}'s argument")
    assert "Read this map with care" in one and "the map shows" in one and "figures below" not in one
    left_out = _maps_text(data, [], limit=1)
    assert left_out.startswith("With more than 1 sources the argument maps are left out")
    assert "below" not in left_out and "{glue:figure}" not in left_out and "{numref}`tbl-claims`" in left_out
    none = _maps_text(data, [], limit=3)
    assert none.startswith("No source's claims are coded into an argument yet") and "below" not in none


def test_argument_maps_of_a_corpus_coded_once_claim_no_agreement(tmp_path: Path) -> None:
    import shutil

    from conftest import copy_data

    from analysis.dataset.build import build
    from analysis.dataset.load import load

    data_dir = copy_data(tmp_path)
    shutil.rmtree(data_dir / "annotations" / "reliability")
    build(data_dir, validate=False)
    data = load(data_dir)
    text = _maps_text(data, [_Map("fig-a", data.sources.source_id[0])], limit=3)
    assert "n/a" not in text and "the two codings gave" not in text
    assert "a field whose reliability is not measured" in text
    assert "adjudication" not in text and "the structure a single coding gave" in text


def test_a_source_coded_once_is_not_given_the_agreement_or_the_adjudication_of_the_others(tmp_path: Path) -> None:
    from conftest import add_fixture_source, copy_data

    from analysis.dataset.build import build
    from analysis.dataset.load import load
    from analysis.report import frames

    data_dir = copy_data(tmp_path)
    add_fixture_source(data_dir)
    build(data_dir, validate=False)
    data = load(data_dir)
    label = frames.authors(data).set_index("source_id").label
    twice = sorted(set(data.codings.source_id), key=list(label.index).index)
    once = "khan2026"
    assert once not in twice and twice
    own = summary.argument_links_phrase(data, once)
    assert own.startswith("coded once in this text, so their agreement is not measured for it; in the texts coded twice")
    measured = summary.argument_links_phrase(data, twice[0])
    assert f"between the two codings of {summary.join_words([label[s] for s in twice])}:" in measured
    assert not measured.startswith("coded once")
    maps = _maps_text(data, [_Map("fig-a", twice[0]), _Map("fig-b", once)], limit=3)
    assert f"the adjudication settled on for {label[twice[0]]} and a single coding gave for {label[once]}," in maps
    alone = _maps_text(data, [_Map("fig-b", once)], limit=3)
    assert "adjudication" not in alone and "the map shows the structure a single coding gave, not one" in alone


def test_glue_all_glues_every_name_once_the_later_value_winning(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.notebook

    glued: list[tuple[str, object, bool]] = []
    monkeypatch.setattr(analysis.notebook, "glue", lambda name, value, display: glued.append((name, value, display)))
    analysis.notebook.glue_all({"a": 1, "b": 2}, {"b": 3, "c": 4})
    assert glued == [("a", 1, False), ("b", 3, False), ("c", 4, False)]


def test_the_chapters_table_lists_cover_every_table_and_every_shared_topic() -> None:
    from analysis.dataset.load import load
    from analysis.report import tables

    data = load()
    resources = [r["name"] for r in data.descriptor["resources"] if r.get("type") == "table"]
    assert [t.name for t in tables.fields_tables(data.descriptor)] == [f"tbl-fields-{name}" for name in resources]
    pairs = data.points[["source_a", "source_b"]].drop_duplicates().sort_values(["source_a", "source_b"])
    expected = [f"tbl-compare-{a}-{b}" for a, b in pairs.itertuples(index=False)]
    assert expected and [t.name for t in tables.comparison_tables(data)] == expected


def test_a_source_s_label_comes_from_its_metadata_and_defaults_to_the_surname(tmp_path: Path) -> None:
    from conftest import add_fixture_source, copy_data, edit_yaml

    from analysis.dataset.build import build
    from analysis.dataset.load import load
    from analysis.report import frames

    data_dir = copy_data(tmp_path)
    add_fixture_source(data_dir)
    edit_yaml(
        data_dir / "annotations" / "sources" / "khan2026.yaml",
        lambda content: content["source"].update(label="A. Khan (fixture)"),
    )
    build(data_dir, validate=False)
    data = load(data_dir)
    labels = frames.authors(data).set_index("source_id").label
    assert labels["khan2026"] == "A. Khan (fixture)"
    assert dict(zip(data.sources.source_id, data.sources.label, strict=True))["khan2026"] == "A. Khan (fixture)"
    for source in data.sources.itertuples():  # the others: the surname, with the reporter's for a summary
        if source.source_id != "khan2026":
            via = f" (via {source.reporter.split()[-1]})" if isinstance(source.reporter, str) else ""
            assert labels[source.source_id] == source.author.split()[-1] + via
