"""The figures that make the history, the region and the arguments readable, on every screen and on paper."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_book import VIEWPORTS
from test_pdf import LATEX, book_argument_maps

from analysis.dataset import geography
from analysis.dataset.load import load
from analysis.dataset.quotes import fold_quote
from analysis.processes import QUICK, run
from analysis.report import charts, frames, summary
from tools.browser import PageReport, check_pages, served

#: For every chart whose description starts with the given text: the page boxes of its data marks, grouped by the
#: record (`key` field of the mark's data row) they draw, and the boxes of every text in the chart.
_MARK_BOXES = """
([prefix, key]) => Object.entries(window.bookCharts || {})
  .filter(([id, result]) => result.spec.description.startsWith(prefix))
  .map(([id, result]) => {
    const boxes = {};
    const visit = (node) => {
      if (!node) return;
      if (node.marktype !== undefined) {
        for (const item of node.items || []) {
          if (node.role === "mark" && node.marktype !== "group" && item.datum && item._svg && item.datum[key] != null) {
            const b = item._svg.getBoundingClientRect();
            (boxes[item.datum[key]] = boxes[item.datum[key]] || []).push([b.left, b.top, b.right, b.bottom]);
          }
          visit(item);
        }
        return;
      }
      (node.items || []).forEach(visit);
    };
    visit(result.view.scenegraph().root);
    const texts = [...document.getElementById(id).querySelectorAll("svg text")]
      .filter((t) => t.textContent.trim())
      .map((t) => { const b = t.getBoundingClientRect(); return [t.textContent, [b.left, b.top, b.right, b.bottom]]; });
    return {id, boxes, texts};
  })
"""


def _union(boxes: list[list[float]]) -> list[float]:
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _overlap(first: list[float], second: list[float], tolerance: float = 0.5) -> bool:
    return (
        min(first[2], second[2]) - max(first[0], second[0]) > tolerance
        and min(first[3], second[3]) - max(first[1], second[1]) > tolerance
    )


def _overlapping(named: dict[str, list[float]]) -> list[tuple[str, str]]:
    keys = sorted(named)
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if _overlap(named[a], named[b])]


def _overlapping_texts(texts: list[tuple[str, list[float]]]) -> list[tuple[str, str]]:
    return [(first, second) for i, (first, box) in enumerate(texts) for second, other in texts[i + 1 :] if _overlap(box, other)]


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_focus_timeline_draws_every_recent_event_apart(built_book: Path, width: int) -> None:
    recent = frames.events_since(load(), charts.FOCUS_FROM)
    probe = f"({_MARK_BOXES})({['Timeline of the ' + str(len(recent)) + ' events', 'event_id']!r})"
    report = check_pages([built_book / "book" / "phases.html"], probe=probe, width=width)[0]
    assert report.console_errors == [], report.console_errors
    [chart] = report.probe
    events = {event_id: _union(boxes) for event_id, boxes in chart["boxes"].items()}
    assert sorted(events) == sorted(recent.event_id), "an event since the focus year is not drawn"
    assert _overlapping(events) == [], f"at {width}px, events drawn over each other"
    assert _overlapping_texts(chart["texts"]) == [], f"at {width}px, labels drawn over each other"


def test_the_events_table_lists_every_event_with_its_passage(built_book: Path) -> None:
    page = (built_book / "book" / "phases.html").read_text(encoding="utf-8")
    table = re.search(r'<table[^>]*id="tbl-events".*?</table>', page, flags=re.S)
    assert table, "no events table on the phases page"
    cells = re.sub(r"<wbr\s*/?>", "", table.group(0))  # break opportunities the book adds in long words
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)))
    events = frames.dated_events(load())
    for event in events.itertuples():
        assert f"{event.when}" in text and " ".join(event.label.split()) in text, event.event_id
        assert f'href="texts/{event.source_id}.html#record-{event.event_id}"' in table.group(0), event.event_id
    assert text.count("c. ") == int(events.approximate.sum())


def _letters(text: str) -> str:
    """Text without white space or hyphens: a search in it ignores line breaks and the hyphens LaTeX adds there."""
    return re.sub(r"[\s\-\u00ad]", "", fold_quote(text))


def test_the_pdf_holds_the_events_table_with_every_event(built_pdf: Path) -> None:
    # -raw: the text in the order it is drawn, so that a table cell's lines stay together
    raw = run(["pdftotext", "-raw", str(built_pdf), "-"], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    start = _letters(raw).index(_letters("Every dated event in date order"))
    table = _letters(raw)[start:]
    for event in frames.dated_events(load()).itertuples():
        assert _letters(event.label) in table and _letters(event.when) in table, event.event_id


# --- The map of regional positions ---------------------------------------------------------------


def _map_requests(report: PageReport) -> list[str]:
    return [url for url in report.requests if geography.REGION_FILE.removesuffix(".json") in url]


def test_the_map_draws_from_the_books_own_files_served_or_opened_from_disk(built_book: Path) -> None:
    page = built_book / "book" / "positions.html"
    with served(built_book) as address:
        online = check_pages([page], url=address)[0]
    from_disk = check_pages([page])[0]
    for report, expected in ((online, address(built_book / "_static" / geography.REGION_FILE)), (from_disk, None)):
        assert report.console_errors == [] and report.failed_requests == [], report
        assert all(chart["drawn"] == chart["expected"] > 0 for chart in report.charts), report.charts
        requested = _map_requests(report)
        assert requested, "the map's boundaries were not read"
        if expected:
            assert requested == [expected], requested  # fetched once, from the site itself
    assert [url.rsplit("/", 1)[-1] for url in _map_requests(from_disk)] == [geography.REGION_SCRIPT]
    assert all(url.startswith(("http://127.0.0.1:", "data:")) for url in online.requests), online.requests


def _drawn(figure: Any) -> list[dict[str, Any]]:
    spec = figure.specs[-1]
    return [row for values in spec["datasets"].values() for row in values if "leaning" in row]


#: For the chart with a parameter bound to a list (the map's target): each option chosen in turn, the parameter's
#: value then, and how many marks with a tooltip (coloured states) are drawn.
_CHOOSE_EACH_TARGET = """
(async () => {
  const [id, result] = Object.entries(window.bookCharts).find(([, r]) => (r.spec.params || []).some((p) => p.bind));
  const select = document.getElementById(id).querySelector("select");
  const name = result.spec.params.find((p) => p.bind).name;
  const coloured = () => {
    let count = 0;
    const visit = (node) => {
      if (!node) return;
      if (node.marktype !== undefined) {
        for (const item of node.items || []) {
          if (node.role === "mark" && node.marktype !== "group" && item.tooltip != null) count += 1;
          visit(item);
        }
        return;
      }
      (node.items || []).forEach(visit);
    };
    visit(result.view.scenegraph().root);
    return count;
  };
  const seen = {first: result.view.signal(name), options: {}};
  for (const option of [...select.options].map((o) => o.value)) {
    select.value = option;
    select.dispatchEvent(new Event("change"));
    await result.view.runAsync();
    seen.options[option] = {value: result.view.signal(name), coloured: coloured()};
  }
  return seen;
})()
"""


def test_the_reader_chooses_the_maps_target_in_a_list_offline(built_book: Path) -> None:
    """On the page opened from disk, the list under the map names every target; choosing one shades exactly the
    states whose text gives them a stance toward it."""
    data = load()
    shown, _ = charts.states_on_the_map(frames.state_positions(data))
    report = check_pages([built_book / "book" / "positions.html"], probe=_CHOOSE_EACH_TARGET)[0]
    assert report.console_errors == [] and report.failed_requests == [], report
    seen = report.probe
    assert seen["first"] == frames.map_target(shown)
    assert sorted(seen["options"]) == sorted(shown.target.unique())
    for target, state in seen["options"].items():
        assert state["value"] == target
        assert state["coloured"] == int((shown.target == target).sum()) > 0, (target, state)


def test_no_stance_mark_is_coloured_by_a_net_over_several_targets() -> None:
    """Every coloured mark of the stance charts counts the positions of one holder toward one target in one text
    (and, on the relations grid, one period): exactly those, never positions toward other targets."""
    data = load()
    positions = frames.position_periods(data)
    positions["target_id"] = positions.target_actor_id.fillna(positions.target_proposition_id)
    firm = positions[frames.committed(positions)]
    who = frames.authors(data)
    countries = {actor: set(codes) for actor, codes in zip(data.actors.actor_id, data.actors.countries, strict=True)}
    targets = {name: actor for actor, name in frames.actor_names(data).items()}
    targets |= {statement: prop for prop, statement in frames.proposition_statements(data).items()}

    def mine(row: dict[str, Any], holders: set[str]) -> pd.DataFrame:
        return firm[
            (firm.source_id == row["source_id"]) & firm.holder_actor_id.isin(holders) & (firm.target_id == targets[row["target"]])
        ]

    heat = _drawn(charts.stance_heatmap(frames.proposition_stances(data), who))
    relations = _drawn(charts.relation_matrix(frames.relations(data), who))
    states = _drawn(charts.region_map(frames.state_positions(data), who))
    assert heat and relations and states
    for row in heat:
        assert len(mine(row, {row["holder_actor_id"]})) == row["n_positions"], row
        assert row["pair"].endswith("→ " + row["target"])
    for row in relations:
        if row["firm"]:  # a pair's row counts all its positions toward that target; a changed pair's, one period's
            counted = mine(row, {row["holder_actor_id"]})
            if row["row"] != row["pair"]:
                counted = counted[counted.period == row["period"]]
            assert len(counted) == row["n_positions"], row
    for row in states:
        assert row["country"] in countries[row["holder_actor_id"]]
        assert len(mine(row, {row["holder_actor_id"]})) == row["n_positions"], row
    # the map shows one target at a time: its parameter filters the coloured states to the chosen target
    spec = charts.region_map(frames.state_positions(data), who).specs[-1]
    (param,) = spec["params"]
    assert param["value"] in param["bind"]["options"] and param["value"] in {row["target"] for row in states}


def test_a_stance_that_changed_over_time_is_drawn_by_period() -> None:
    """Pakistan toward the Taliban government changes leaning between dated periods in the texts: the relations grid
    gives each period its own row, in time order, and no row nets those periods together."""
    data = load()
    links = frames.relations(data)
    firm = links[links.firm & (links.period != frames.UNDATED)]
    changed = firm.groupby(["pair", "source_id"]).leaning.nunique()
    changed = sorted({pair for (pair, _), n in changed.items() if n > 1})
    assert changed, "no stance changes leaning between periods in the dataset"
    order = frames.relation_order(links)
    for pair in changed:
        periods = [row for row in order if row.startswith(pair + ", ")]
        assert len(periods) > 1 and pair not in order, (pair, periods)
        starts = links.set_index("row").loc[periods].period_order.groupby(level=0).first().reindex(periods)
        assert list(starts) == sorted(starts), periods


def _figure_file(caption_start: str) -> Path:
    """The chart file LaTeX includes in the figure whose caption starts with `caption_start`."""
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    caption = tex.index(caption_start)
    name = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex[:caption])[-1]
    return next(LATEX.glob(Path(name).name + "*"))


def test_the_map_is_a_vector_figure_in_the_pdf(built_pdf: Path) -> None:
    chart = _figure_file("The states of the region shaded")
    assert chart.suffix == ".pdf"
    images = run(["pdfimages", "-list", str(chart)], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    assert len(images.strip().splitlines()) == 2, "the map is not drawn in vectors:\n" + images
    words = run(["pdftotext", str(chart), "-"], capture_output=True, text=True, check=True, timeout=QUICK).stdout
    assert charts.NO_POSITION in " ".join(words.split())
    assert chart.stat().st_size > 50_000  # the boundaries are paths in the file


# --- Argument maps ------------------------------------------------------------------------------


def test_the_argument_maps_draw_every_claim_under_the_claim_it_bears_on() -> None:
    data = load()
    maps = book_argument_maps(data)
    arguing = data.claims[data.claims.role != "context"]
    nodes = pd.concat([m.nodes for m in maps])
    first = nodes[~nodes.continued]
    assert sorted(first.claim_id) == sorted(arguing.claim_id), "not one node per claim that is not context"
    assert nodes[nodes.continued].claim_id.isin(first.claim_id).all() and nodes[nodes.continued].depth.eq(0).all()
    assert (first.role == first.claim_id.map(arguing.set_index("claim_id").role)).all()
    links = arguing[arguing.bears_on.isin(arguing.claim_id)].set_index("claim_id").bears_on
    edges = pd.concat([m.edges for m in maps])
    assert sorted(edges.claim_id.unique()) == sorted(links.index) and len(edges) == 3 * len(links), "not one edge per link"
    for argument_map in maps:
        where = argument_map.nodes.set_index("claim_id")
        where = where[~where.index.duplicated()]
        for child, points in argument_map.edges.groupby("claim_id"):
            parent = links[child]
            start, end = points.sort_values("step").iloc[[0, -1]].itertuples()
            # from the marker of the claim it bears on, down its indent, to the child's marker one step right
            assert start.x == where.marker_x[parent] and end.y == where.marker_y[child], (argument_map.name, child)
            assert where.depth[child] == where.depth[parent] + 1
    assert {m.source_id for m in maps} == set(arguing.source_id)


_NODE_LINKS = """
() => Object.entries(window.bookCharts || {})
  .filter(([id, result]) => result.spec.description.startsWith("Argument map of"))
  .map(([id, result]) => {
    const links = [];
    const visit = (node) => {
      if (!node) return;
      if (node.marktype !== undefined) {
        for (const item of node.items || []) {
          if (node.marktype === "text" && node.role === "mark" && item.href) links.push([item.datum.claim_id, item.href]);
          visit(item);
        }
        return;
      }
      (node.items || []).forEach(visit);
    };
    visit(result.view.scenegraph().root);
    // every node once: the longest dataset of nodes (the markers'; the texts are drawn from two, thesis or not)
    const nodes = Math.max(...Object.values(result.spec.datasets).filter((rows) => rows.length && "href" in rows[0]).map((rows) => rows.length));
    return {id, links, nodes};
  })
"""


def _open_a_claim(page: Any, report: PageReport) -> None:
    """Click the first claim of the last argument map, on its first letters, and note where the browser went."""
    text = page.locator("figure[id^='fig-argument']").last.locator(".mark-text.role-mark text").first
    text.scroll_into_view_if_needed()
    report.probe = page.evaluate(_NODE_LINKS)
    with page.expect_navigation(wait_until="load", timeout=30_000):
        text.click(position={"x": 4, "y": 6})
    page.wait_for_timeout(300)
    report.access = page.evaluate(
        "[location.pathname, location.hash, !!document.getElementById(decodeURIComponent(location.hash.slice(1)))]"
    )


def test_every_argument_node_opens_its_passage(built_book: Path) -> None:
    page = built_book / "book" / "arguments.html"
    report = check_pages([page], interact=_open_a_claim)[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert len(report.probe) == len(book_argument_maps(load()))
    pages: dict[Path, str] = {}
    for chart in report.probe:
        assert chart["links"] and len(chart["links"]) == chart["nodes"], chart["id"]
        for claim, href in chart["links"]:
            target, anchor = href.split("#")
            path = (page.parent / target).resolve()
            assert path.is_file(), href
            assert anchor == f"record-{claim}" and f'id="{anchor}"' in pages.setdefault(path, path.read_text(encoding="utf-8")), (
                href
            )
    path, anchor, found = report.access  # the page the click opened
    source = book_argument_maps(load())[-1].source_id
    assert path.endswith(f"/book/texts/{source}.html") and anchor.startswith(f"#record-{source}-") and found


def test_no_chart_text_is_under_six_points_on_the_page(built_pdf: Path) -> None:
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    text_width, text_height = (float(re.search(rf"\\{name}=([\d.]+)pt", log).group(1)) for name in ("textwidth", "textheight"))
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    for name in re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]+?)\}?\}", tex):
        chart = next(LATEX.glob(Path(name).name + "*"))
        info = run(["pdfinfo", str(chart)], capture_output=True, text=True, check=True, timeout=QUICK).stdout
        width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        scale = min(1, text_width / width, text_height / height)  # as \sphinxincludegraphics fits it to the page
        words = run(["pdftotext", "-bbox", str(chart), "-"], capture_output=True, text=True, check=True, timeout=QUICK).stdout
        sizes = [float(y1) - float(y0) for y0, y1 in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', words)]
        assert sizes and min(sizes) * scale >= 6, f"{chart.name}: text of {min(sizes) * scale:.1f} pt"


def test_the_timeline_draws_a_bar_only_where_the_text_dates_the_phase() -> None:
    """A text's bar on a phase needs an event the text dates in that phase; a placement without one (Bataut's
    "Historically, …") is not on the axis but named in the sentence under the chart."""
    data = load()
    dated = set(zip(data.events.phase_id, data.events.source_id, strict=True))
    spec = charts.history(data).specs[-1]
    bars = [row for values in spec["datasets"].values() for row in values if "n_passages" in row]
    assert bars and all((row["phase_id"], row["source_id"]) in dated for row in bars), bars
    placed = set(zip(data.phase_evidence.phase_id, data.phase_evidence.source_id, strict=True))
    undated = frames.phase_coverage(data).query("not dated")
    assert {(row.phase_id, row.source_id) for row in undated.itertuples()} == placed - dated
    note = summary.undated_history(data)
    for row in undated.itertuples():
        assert row.quote.strip() in note and row.row in note


def test_a_page_packs_each_figure_s_data_and_unpacks_it_whole() -> None:
    """A chart's data travels in its page packed (rows as fields and values, layouts as changes to the one before,
    `chart_html.packed`), smaller, and comes back exactly as drawn (`unpacked`, as book-charts.js does)."""
    from analysis.book import chart_html
    from analysis.report import chapter_charts

    before = after = 0
    for name, figure in chapter_charts.every_chart(load()).items():
        payload = chart_html.with_addresses(figure.payload())
        drawn = {"datasets": payload["datasets"], "variants": payload["variants"]}
        packed = json.loads(chart_html._island(chart_html.packed(drawn)))
        assert chart_html.unpacked(packed) == drawn, name
        before, after = before + len(chart_html._island(drawn)), after + len(chart_html._island(packed))
    assert after < 0.75 * before
    base = {"a": [1, {"b": 2, "c": None}], "d": "x", "e": 1}
    other = {"a": [1, {"b": 3, "c": None}], "d": "x", "f": [True]}
    assert chart_html.patched(base, chart_html.diff(base, other)) == other
