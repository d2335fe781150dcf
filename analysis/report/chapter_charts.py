"""Every chart of the book, chapter by chapter, by its figure label: the one wiring from the dataset to the charts.

Each chapter notebook glues what its function here returns, and the tests draw the same (`every_chart`), so the
charts the tests check are the ones the book publishes. A function shapes the dataset with `frames` and draws
with `charts`; it decides nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.dataset.load import Dataset
from analysis.report import charts, frames, summary
from analysis.report.charts import ArgumentMap
from analysis.report.figure import Figure


def front(data: Dataset) -> dict[str, Figure]:
    """The front page's: the whole timeline (the phases chapter's, drawn again)."""
    return {"fig-front-timeline": charts.history(data)}


def phases(data: Dataset) -> dict[str, Figure]:
    """The phases chapter's: the whole timeline, and the recent years' events."""
    who = frames.authors(data)
    return {
        "fig-timeline": charts.history(data),
        "fig-timeline-recent": charts.recent_events(frames.events_since(data, charts.FOCUS_FROM), who),
    }


def positions(data: Dataset) -> dict[str, Figure]:
    """The positions chapter's: stances on the propositions, the region's map, mentions, relations between actors."""
    who = frames.authors(data)
    return {
        "fig-stances": charts.stance_heatmap(frames.proposition_stances(data), who),
        "fig-region-map": charts.region_map(frames.state_positions(data), who),
        "fig-mentions": charts.mention_bars(frames.mention_counts(data), who),
        "fig-relations": charts.relation_matrix(frames.relations(data), who),
    }


def argument_maps(data: Dataset) -> list[ArgumentMap]:
    """Each source's argument map, in parts where it is long (none past `charts.MAX_ARGUMENT_MAPS` sources)."""
    return charts.argument_maps(
        frames.with_evidence(data, "claims"), frames.authors(data), summary.argument_links_by_source(data)
    )


def arguments(data: Dataset, maps: list[ArgumentMap] | None = None) -> dict[str, Figure]:
    """The arguments chapter's: topics, the matter-by-matter comparison, voices, and the argument maps (`maps`, when
    the chapter has drawn them already for their captions)."""
    who = frames.authors(data)
    return {
        "fig-topics": charts.topic_bars(frames.topic_counts(data), who),
        "fig-contrasts": charts.contrast_heatmap(frames.contrast_grid(data)),
        "fig-voices": charts.voice_bars(frames.voice_modality(data), who),
        **{m.name: m.figure for m in (argument_maps(data) if maps is None else maps)},
    }


#: Each chapter that shows charts (its page name), and what draws them.
CHAPTERS: dict[str, Callable[[Dataset], dict[str, Figure]]] = {
    "index": front,
    "phases": phases,
    "positions": positions,
    "arguments": arguments,
}


def every_chart(data: Dataset) -> dict[str, Figure]:
    """Every chart the book shows, by figure label, the front page's repeat of the timeline left out."""
    return {label: figure for name, draw in CHAPTERS.items() if name != "index" for label, figure in draw(data).items()}
