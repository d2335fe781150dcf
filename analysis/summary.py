"""The key figures the book quotes in its prose, computed from the dataset."""

from __future__ import annotations

from typing import Any

from . import frames
from .build import COVERAGE_FLOOR
from .load import Dataset

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_word(n: int) -> str:
    """Small numbers as words (house style), larger ones as digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def months_between(first: Any, last: Any) -> int:
    """Whole months elapsed from one date to another."""
    months = (last.year - first.year) * 12 + (last.month - first.month)
    return months - 1 if last.day < first.day else months


def _with_date(label: str, date: str) -> str:
    return f"{label[:-1]}, {date})" if label.endswith(")") else f"{label} ({date})"


def key_figures(data: Dataset) -> dict[str, Any]:
    """Every number the overview and conclusions state, by name."""
    who = frames.authors(data)
    contrasts = data.contrasts
    relation_counts = contrasts.relation.value_counts()
    claims_per_source = data.claims.source_id.value_counts()
    topics = frames.topic_labels(data)
    shared = frames.shared_topics(data)
    only_one = contrasts[contrasts.relation == "only_one"]
    figures: dict[str, Any] = {
        "n_sources": len(data.sources),
        "n_sources_word": number_word(len(data.sources)),
        "n_authors": data.sources.author.nunique(),
        "n_second_hand": int(data.sources.reporter.notna().sum()),
        "n_claims": len(data.claims),
        "n_positions": len(data.positions),
        "n_events": len(data.events),
        "n_phases": len(data.phases),
        "n_notes": len(data.notes),
        "n_spans": len(data.spans),
        "n_topics": len(data.topics),
        "n_actors_mentioned": data.mentions.actor_id.nunique(),
        "n_actors_with_positions": data.positions.holder_actor_id.nunique(),
        "n_shared_topics": len(shared),
        "n_agree": int(relation_counts.get("agree", 0)),
        "n_differ": int(relation_counts.get("differ_in_emphasis", 0)),
        "n_disagree": int(relation_counts.get("disagree", 0)),
        "n_only_one": len(only_one),
        "shared_topics": join_words([topics[t] for t in shared]),
        "min_coverage_pct": f"{100 * data.sources.body_coverage.min():.0f}%",
        "coverage_floor_pct": f"{100 * COVERAGE_FLOOR:.0f}%",
        "first_published": who.published.min().strftime("%B %Y"),
        "last_published": who.published.max().strftime("%B %Y"),
        "months_apart": months_between(who.published.min(), who.published.max()),
        "months_apart_word": number_word(months_between(who.published.min(), who.published.max())),
    }
    figures["claims_by_author"] = join_words(
        [f"{int(claims_per_source.get(row.source_id, 0))} by {row.label}" for row in who.itertuples()]
    )
    figures["authors"] = join_words(list(who.label))
    for relation in ("agree", "differ_in_emphasis", "disagree"):
        chosen = sorted(contrasts.loc[contrasts.relation == relation, "topic_id"].unique())
        figures[f"{relation}_topics"] = join_words([topics[t] for t in chosen]) or "no topic"
    latest = frames.phase_coverage(data).sort_values("start").groupby("source_id").last()
    figures["latest_phases"] = join_words(
        [
            f"{row.label}'s account ends in the phase “{latest.loc[row.source_id, 'row']}”"
            for row in who.itertuples()
            if row.source_id in latest.index
        ]
    )
    figures["authors_dated"] = join_words([_with_date(row.label, f"{row.published:%B %Y}") for row in who.itertuples()])
    return figures
