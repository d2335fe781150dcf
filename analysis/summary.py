"""The key figures the book quotes in its prose, computed from the dataset."""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import frames, reliability
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


RELATION_PHRASES = {
    "agree": "agree on {}",
    "disagree": "disagree on {}",
    "differ_in_emphasis": "differ in emphasis on {}",
    "changed_over_time": "describe a change between their dates on {}",
    "uncoded": "are not yet compared on {}",
}


#: Beyond this many pairs of sources, relations are summed over pairs rather than told pair by pair.
MAX_PAIRS_NAMED = 3


def _topics_phrase(n: int) -> str:
    return f"{number_word(n)} topic" + ("" if n == 1 else "s")


def relations_sentence(data: Dataset) -> str:
    """How the sources relate, counted in topics (one pair) or topic-pair comparisons (several pairs)."""
    contrasts = data.contrasts
    pairs = contrasts[["source_a", "source_b"]].drop_duplicates()
    if pairs.empty:
        return "With a single source, there is nothing to compare"
    if len(pairs) > MAX_PAIRS_NAMED:
        both = contrasts[~contrasts.relation.isin(["only_one", "neither"])]
        counts = both.relation.value_counts()
        parts = [RELATION_PHRASES[r].format(f"{int(counts[r])}") for r in RELATION_PHRASES if counts.get(r, 0)]
        return (
            f"Across {len(pairs)} pairs of sources there are {len(both)} comparisons of a topic both sources of a pair "
            f"address: the pair's sources {join_words(parts) or 'compare none'}"
        )
    labels = frames.authors(data).set_index("source_id").label
    sentences = []
    for pair in pairs.itertuples():
        rows = contrasts[(contrasts.source_a == pair.source_a) & (contrasts.source_b == pair.source_b)]
        both = rows[~rows.relation.isin(["only_one", "neither"])]
        counts = both.relation.value_counts()
        parts = [RELATION_PHRASES[r].format(_topics_phrase(int(counts[r]))) for r in RELATION_PHRASES if counts.get(r, 0)]
        only = int((rows.relation == "only_one").sum())
        name = f"{labels[pair.source_a]} and {labels[pair.source_b]}"
        sentence = f"Of the {_topics_phrase(len(both))} both {name} address, they {join_words(parts) or 'compare none'}"
        sentences.append(sentence + f"; {_topics_phrase(only)} {'is' if only == 1 else 'are'} raised by only one of them")
    return ". ".join(sentences)


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
    figures["n_sources_word_cap"] = figures["n_sources_word"].capitalize()
    figures["relations_sentence"] = relations_sentence(data)
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


FIELD_LABELS = {
    "passages": "passages coded (characters)",
    "paired": "records paired",
    "bears_on": "argument link",
    "claim_type": "claim type",
}


def measure_label(kind: str, field: str) -> str:
    """'claims: voice', 'positions: passages coded (characters)'."""
    return f"{kind}: {FIELD_LABELS.get(field, field.replace('_', ' '))}"


def reliability_figures(data: Dataset) -> dict[str, Any]:
    """The reliability figures the method chapter states, by name."""
    agreement = data.agreement
    adjudications = data.adjudications
    fields = agreement[agreement.alpha.notna() & (agreement.field != "passages")]
    below = fields[fields.alpha < reliability.ALPHA_TARGET].sort_values("alpha")
    weak = fields[fields.alpha < reliability.ALPHA_FLOOR]
    decisions = adjudications.decision.value_counts()
    units = adjudications[adjudications.field == "unit"]
    figures: dict[str, Any] = {
        "alpha_target": f"{reliability.ALPHA_TARGET:.2f}",
        "alpha_floor": f"{reliability.ALPHA_FLOOR:.3f}",
        "n_fields_measured": len(fields),
        "n_fields_below_target": len(below),
        "n_fields_reliable": len(fields) - len(below),
        "fields_below_target": join_words(
            [f"{measure_label(row.kind, row.field)} ({row.alpha:.2f})" for row in below.itertuples()]
        )
        or "none",
        "fields_unreliable": join_words([f"{measure_label(row.kind, row.field)} ({row.alpha:.2f})" for row in weak.itertuples()])
        or "none",
        "n_adjudicated": len(adjudications),
        "n_decided_a": int(decisions.get("a", 0)),
        "n_decided_b": int(decisions.get("b", 0)),
        "n_decided_other": int(decisions.get("other", 0)),
        "n_unit_disputes": len(units),
        "n_codings_a": int((data.codings.coding == "a").sum()),
        "n_codings_b": int((data.codings.coding == "b").sum()),
    }
    for row in agreement.itertuples():
        key = row.measure_id.replace(".", "_")
        figures[f"alpha_{key}"] = "n/a" if pd.isna(row.alpha) else f"{row.alpha:.2f}"
        figures[f"share_{key}"] = "n/a" if pd.isna(row.share_agree) else f"{100 * row.share_agree:.0f}%"
    return figures


def argument_links_phrase(data: Dataset) -> str:
    """How reliably the argument links (`claims.bears_on`) are coded: their alpha, how it reads, and whether it is the lowest.

    "the least reliable field of the coding (Krippendorff's alpha 0.61 between the two codings: tentative)".
    """
    fields = data.agreement[data.agreement.alpha.notna() & (data.agreement.field != "passages")]
    alpha = float(fields.loc[fields.measure_id == "claims.bears_on", "alpha"].iloc[0])
    rank = "the least reliable field of the coding" if alpha <= fields.alpha.min() else "a field of the coding"
    return f"{rank} (Krippendorff's alpha {alpha:.2f} between the two codings: {reliability.verdict(alpha)})"


def words_sentence(words: pd.DataFrame, data: Dataset) -> str:
    """What the word statistics show: which sources have words past the threshold, or that none do."""
    counts = words.source_id.value_counts()
    if counts.empty:
        return (
            "No word reaches it for any author: with texts this short, word statistics carry no signal, "
            "and the book draws no conclusion from them"
        )
    parts = [
        f"{number_word(int(counts.get(row.source_id, 0))).replace('zero', 'none')} for {row.label}"
        for row in frames.authors(data).itertuples()
    ]
    return f"The words that reach it, listed below, number {join_words(parts)}; they describe these texts and test nothing beyond them"


def voices_sentence(data: Dataset) -> str:
    """Per source: how many claims are in the author's own voice, how many quote others, how many are only alleged or speculated."""
    claims = data.claims
    parts = []
    for row in frames.authors(data).itertuples():
        mine = claims[claims.source_id == row.source_id]
        if mine.empty:
            continue
        own = int((mine.voice == "author").sum())
        others = int((~mine.voice.isin(["author", "reporter"])).sum())
        unsure = int(mine.modality.isin(["alleged", "speculated", "hedged"]).sum())
        parts.append(
            f"{row.label}: {own} of {len(mine)} claims in the author's voice, {others} in another speaker's, "
            f"{unsure} only alleged, speculated or hedged"
        )
    return "; ".join(parts) if parts else "No source has claims yet"
