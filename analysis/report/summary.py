"""The key figures the book quotes in its prose, computed from the dataset."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.dataset import reliability
from analysis.dataset.load import Dataset
from analysis.dataset.parameters import HIGH_SHARE, MAX_SERIES
from analysis.dataset.schema import COVERAGE_FLOOR
from analysis.report import frames
from analysis.report.prose import Link, Prose

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_word(n: int) -> str:
    """Small numbers as words (house style), larger ones as digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_prose(items: Sequence[str | Prose]) -> Prose:
    """`join_words` for sentences with references."""
    if len(items) <= 2:
        return Prose.join(" and ", items)
    return Prose.join(", ", items[:-1]) + " and " + items[-1]


def months_between(first: Any, last: Any) -> int:
    """Whole months elapsed from one date to another."""
    months = (last.year - first.year) * 12 + (last.month - first.month)
    return months - 1 if last.day < first.day else months


def published_phrase(published: pd.Timestamp, precision: str) -> str:
    """A date as precisely as it is known: '28 May 2025', 'May 2025', '2025' or 'the 2020s'."""
    if precision == "day":
        return f"{published.day} {published:%B %Y}"
    if precision == "month":
        return f"{published:%B %Y}"
    if precision == "decade":
        return f"the {published.year // 10 * 10}s"
    return str(published.year)


def _with_date(label: str, date: str) -> str:
    return f"{label[:-1]}, {date})" if label.endswith(")") else f"{label} ({date})"


#: Beyond this many pairs of sources, relations are summed over pairs rather than told pair by pair.
MAX_PAIRS_NAMED = 3

#: Beyond this many sources, sentences count the sources instead of naming each one.
MAX_NAMED = 6

RELATION_PHRASES = {
    "agree": "agree on {}",
    "disagree": "disagree on {}",
    "differ_in_emphasis": "differ in emphasis on {}",
    "changed_over_time": "describe different moments of {}",
}


def _matters_phrase(n: int) -> str:
    return f"{number_word(n)} matter" + ("" if n == 1 else "s")


def _relation_parts(points: pd.DataFrame) -> list[str]:
    counts = points.relation.value_counts()
    return [RELATION_PHRASES[r].format(_matters_phrase(int(counts[r]))) for r in RELATION_PHRASES if counts.get(r, 0)]


def relations_sentence(data: Dataset) -> str:
    """How the sources relate, counted in points of comparison: per pair for a few pairs, summed over pairs beyond."""
    points = data.points
    pairs = points[["source_a", "source_b"]].drop_duplicates().sort_values(["source_a", "source_b"])
    if len(data.sources) < 2:
        return "With a single source, there is nothing to compare"
    if pairs.empty:
        return "No pair of sources is compared matter by matter yet"
    if len(pairs) > MAX_PAIRS_NAMED:
        both = points[points.relation != "only_one"]
        return (
            f"Across {len(pairs)} compared pairs of sources there are {len(both)} matters both sources of a pair speak to: "
            f"the pair's sources {join_words(_relation_parts(both)) or 'compare none'}"
        )
    labels = frames.authors(data).set_index("source_id").label
    sentences = []
    for pair in pairs.itertuples():
        rows = points[(points.source_a == pair.source_a) & (points.source_b == pair.source_b)]
        both = rows[rows.relation != "only_one"]
        only = len(rows) - len(both)
        name = f"{labels[pair.source_a]} and {labels[pair.source_b]}"
        sentence = f"Of the {_matters_phrase(len(both))} both {name} speak to, they {join_words(_relation_parts(both)) or 'compare none'}"
        if only:
            sentence += f"; {_matters_phrase(only)} {'is' if only == 1 else 'are'} raised by only one of them"
        else:
            sentence += "; every matter one of them raises, the other speaks to"
        sentences.append(sentence)
    return ". ".join(sentences)


#: How the text of a chart describes its form, by glue name: (drawn text by text, drawn as counts of texts).
#: Past MAX_SERIES sources the charts count texts instead of drawing each apart; the text says which is drawn.
CHART_FORMS: dict[str, tuple[str, str]] = {
    "form_topics": (
        "one panel per author",
        "one panel counting how many texts make claims on each topic (the corpus is too large to draw each text apart)",
    ),
    "form_voices": (
        "one panel per author",
        "counted as how many texts put claims forward each way (the corpus is too large to draw each text apart)",
    ),
    "form_timeline": (
        "Each author's bars have a colour of their own.",
        "The corpus is too large to draw each text apart: one bar per phase shows that texts place Pakistan's role "
        "in it, the phase's label says how many, and each mark is an event sized by the number of texts that mention it.",
    ),
    "form_stances": (
        "each column a text",
        "each row's bar counting the texts of each leaning (the corpus is too large to give each text a column)",
    ),
    "form_stances_caption": (
        "Each column is a text.",
        "The corpus is too large to give each text a column: each bar counts the texts of each leaning.",
    ),
    "form_mentions": (
        "in the body of each text",
        "counted as how many texts name it in their body (the corpus is too large to draw each text apart)",
    ),
    "form_relations": (
        "one column per author",
        "one column per leaning, with marks sized by the number of texts (the corpus is too large to give each text a column)",
    ),
    "form_relations_caption": (
        "each column an author. Size: how many positions",
        "each column a leaning (the corpus is too large to give each text a column). Size: how many texts",
    ),
}


def chart_forms(data: Dataset) -> dict[str, str]:
    """What each chart's text says of its form, as this build draws it: each text apart, or counts of texts."""
    aggregated = len(data.sources) > MAX_SERIES
    return {name: forms[aggregated] for name, forms in CHART_FORMS.items()}


def key_figures(data: Dataset) -> dict[str, Any]:
    """Every number the overview and conclusions state, by name."""
    who = frames.authors(data)
    claims_per_source = data.claims.source_id.value_counts()
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
        # of the actors the texts name, those holding a position ("24 actors, 16 of whom"): unnamed holders are not named
        "n_actors_with_positions": len(set(data.positions.holder_actor_id) & set(data.mentions.actor_id)),
        "min_coverage_pct": f"{100 * data.sources.body_coverage.min():.0f}%",
        "coverage_floor_pct": f"{100 * COVERAGE_FLOOR:.0f}%",
        "first_published": who.published.min().strftime("%B %Y"),
        "last_published": who.published.max().strftime("%B %Y"),
        "months_apart": months_between(who.published.min(), who.published.max()),
        "months_apart_word": number_word(months_between(who.published.min(), who.published.max())),
    }
    figures["n_sources_word_cap"] = figures["n_sources_word"].capitalize()
    figures["not_a_survey"] = (
        f"{texts_phrase(len(data.sources)).capitalize()} {'is' if len(data.sources) == 1 else 'are'} not a survey of opinion"
    )
    figures["publication_span"] = publication_span(data)
    figures["corpus_size"] = corpus_size(data)
    inferred = int((data.events.date_basis == "inferred").sum())
    figures["inferred_dates"] = (
        f"{inferred} of the {len(data.events)} event dates come from the coder's knowledge rather than the texts"
        if len(data.events)
        else "No event is dated yet"
    )
    figures["second_hand_limit"] = second_hand_limit(data)
    figures["relations_sentence"] = relations_sentence(data)
    counts = [int(claims_per_source.get(source_id, 0)) for source_id in who.source_id]
    if len(who) <= MAX_NAMED:
        figures["claims_by_author"] = join_words([f"{n} by {label}" for n, label in zip(counts, who.label, strict=True)])
    else:
        figures["claims_by_author"] = f"from {min(counts)} to {max(counts)} per source"
    figures["coverage_sentence"] = coverage_sentence(data)
    return figures


def between_sentence(data: Dataset) -> str | Prose:
    """When the texts appeared, and how many events they date in between (and on whose knowledge)."""
    published = data.sources.published
    first, last = published.min(), published.max()
    if len(data.sources) < 2 or first == last:
        return "The texts bear one date: no event falls between them."
    events = frames.events_between(data)
    months = months_between(first, last)
    sentence = (
        f"The earliest text appeared in {first:%B %Y} and the latest in {last:%B %Y}, "
        f"{number_word(months)} month{'' if months == 1 else 's'} later."
    )
    if events.empty:
        return sentence + " The texts date no event in between."
    inferred = int((events.date_basis == "inferred").sum())
    dated = Prose(
        sentence,
        f" In between, the texts date {number_word(len(events))} event{'' if len(events) == 1 else 's'} (",
        Link("number", "tbl-between"),
        ")",
    )
    if inferred:
        dated += f"; the date of {number_word(inferred)} of them comes from the coder's knowledge, not the text"
    return dated + "."


def coverage_sentence(data: Dataset) -> str:
    """How completely evidence spans cover the texts' bodies, by the least covered source."""
    least = data.sources.body_coverage.min()
    if least >= 1:
        return "Every body sentence of every source is at least half covered by evidence spans"
    return f"In every source, at least {100 * least:.0f}% of the body sentences are at least half covered by evidence spans"


def texts_phrase(n: int) -> str:
    """'one text', 'two texts', '200 texts'."""
    return f"{number_word(n)} text" + ("" if n == 1 else "s")


def publication_span(data: Dataset) -> str:
    """When the sources were published: 'It was published in May 2025', or over how many months, from when to when."""
    dates = data.sources.published
    first, last = dates.min(), dates.max()
    if len(dates) == 1:
        return f"It was published in {first:%B %Y}"
    months = months_between(first, last)
    if months == 0:
        return f"They were all published in {first:%B %Y}"
    return f"They were published over {number_word(months)} month{'s' if months != 1 else ''}, from {first:%B %Y} to {last:%B %Y}"


def _second_hand(data: Dataset) -> str | Prose:
    """Which sources report another author's arguments, and what that means for whose arguments they are."""
    who = frames.authors(data).set_index("source_id")
    sources = data.sources.sort_values(["published", "source_id"])
    reported = sources[sources.reporter.notna()]
    n = len(sources)
    if reported.empty:
        return "It is argued in its author's own name" if n == 1 else "Each is argued in its author's own name"
    subject = (
        "It is"
        if n == 1
        else ("One of them is" if len(reported) == 1 else f"{number_word(len(reported)).capitalize()} of them are")
    )
    if len(reported) > MAX_NAMED:
        return f"{subject} second-hand: summaries of other authors' work, whose arguments are the summarised authors' as the summaries report them"
    summaries = join_prose(
        [
            Prose(
                f"{row.reporter}'s summary of {row.author}'s work ",
                Link("work", work_key(row.source_id)),
                f", so its arguments are {who.label[row.source_id].split(' (via ')[0]}'s as {row.reporter.split()[-1]} "
                "reports them",
            )
            for row in reported.itertuples()
        ]
    )
    return Prose(f"{subject} second-hand: ", summaries)


def work_key(source_id: str) -> str:
    """The citation key of the work a summary reports (its entry is written by `bibliography.bibtex`)."""
    return f"{source_id}-work"


def corpus_paragraph(data: Dataset) -> Prose:
    """The overview's sentences on the corpus, with citations: how many texts, whose, when, and which are second-hand."""
    who = frames.authors(data)
    n = len(who)
    noun = "analysis" if n == 1 else "analyses"
    if n <= MAX_NAMED:
        listed = join_prose(
            [
                Prose(f"{_with_date(row.label, f'{row.published:%B %Y}')} ", Link("work", row.source_id))
                for row in who.itertuples()
            ]
        )
        opening = Prose(
            f"This report takes {number_word(n)} {noun} of the question and reads {'it' if n == 1 else 'them'} as data: ",
            listed,
            ".",
        )
    else:
        opening = Prose(
            f"This report takes {n:,} analyses of the question and reads them as data; ",
            Link("section", "sources-method"),
            " lists them.",
        )
    return Prose(opening, " ", _second_hand(data), f". {publication_span(data)}.")


def citing_sentence(data: Dataset) -> Prose:
    """The how-to-cite page's request to cite the source texts, with citations (the references list them past MAX_NAMED)."""
    if len(data.sources) > MAX_NAMED:
        return Prose("Please cite the source texts too when you quote them; the ", Link("page", "references"), " list every one.")
    parts = []
    for row in frames.authors(data).itertuples():
        source = data.sources.set_index("source_id").loc[row.source_id]
        if pd.notna(source.summarised_work):
            parts.append(
                Prose(Link("author", work_key(row.source_id)), " (as summarised by ", Link("author", row.source_id), ")")
            )
        else:
            parts.append(Prose(Link("author", row.source_id)))
    return Prose("Please cite the source texts too when you quote them: ", join_prose(parts), ".")


FIELD_LABELS = {
    "paired": "units paired",
    "boundaries": "unit boundaries (F1)",
    "bears_on": "argument link",
    "claim_type": "claim type",
    "date_start": "start date",
    "date_end": "end date",
}


def measure_label(kind: str, field: str) -> str:
    """'claims: voice', 'positions: units paired', joint codes 'claims: target + stance'."""
    parts = [FIELD_LABELS.get(part, part.replace("_", " ")) for part in field.split("+")]
    return f"{kind.replace('_', ' ')}: {' + '.join(parts)}"


def scope_labels(data: Dataset) -> dict[str, str]:
    """What a reader sees for each scope of the agreement table: a source's label, a pair's two labels, or 'pooled'."""
    labels = frames.authors(data).set_index("source_id").label.to_dict()
    scopes = {scope: " + ".join(labels.get(part, part) for part in scope.split("+")) for scope in data.agreement.scope}
    return {**scopes, reliability.POOLED: "all texts (pooled)"}


def _coded_fields(agreement: pd.DataFrame) -> pd.DataFrame:
    """The rows of single coded fields (no joint codes, no unitizing measure) that have an alpha."""
    single = ~agreement.field.str.contains("+", regex=False) & ~agreement.field.isin(reliability.UNITIZING)
    return agreement[single & agreement.alpha.notna()]


def _below(rows: pd.DataFrame, threshold: float) -> str:
    rows = rows[rows.alpha < threshold].sort_values(["alpha", "measure_id"])
    return join_words([f"{measure_label(row.kind, row.field)} ({row.alpha:.3f})" for row in rows.itertuples()]) or "none"


def thresholds_by_source(data: Dataset) -> str:
    """Per source coded twice, which codes (fields and joint codes) fall below the two thresholds of alpha.

    "In Bataut, 3 of the 18 codes with an alpha fall below 0.80: …; below 0.667: …." One sentence per source, or one
    saying that nothing was coded twice.
    """
    agreement = data.agreement[data.agreement.kind != "points"]
    measured = agreement[agreement.alpha.notna() & (agreement.scope != reliability.POOLED)]
    if measured.empty:
        return "No text of this corpus was coded twice, so no alpha is measured per text."
    labels = scope_labels(data)
    scopes = [s for s in frames.authors(data).source_id if s in set(measured.scope)]
    if len(scopes) > MAX_NAMED:
        counts = [
            sum((measured.scope == scope) & (measured.alpha < threshold)) > 0
            for threshold in (reliability.ALPHA_TARGET, reliability.ALPHA_FLOOR)
            for scope in scopes
        ]
        return (
            f"Of the {len(scopes)} texts coded twice, {sum(counts[: len(scopes)])} have at least one code with an alpha "
            f"below {reliability.ALPHA_TARGET:.2f}, and {sum(counts[len(scopes) :])} at least one below "
            f"{reliability.ALPHA_FLOOR:.3f}; the agreement table gives every text's figures."
        )
    sentences = []
    for scope in scopes:
        rows = measured[measured.scope == scope]
        low = rows[rows.alpha < reliability.ALPHA_TARGET]
        sentences.append(
            f"In {labels[scope]}, {len(low)} of the {len(rows)} codes with an alpha fall below "
            f"{reliability.ALPHA_TARGET:.2f}: {_below(rows, reliability.ALPHA_TARGET)}; below "
            f"{reliability.ALPHA_FLOOR:.3f}: {_below(rows, reliability.ALPHA_FLOOR)}."
        )
    return " ".join(sentences)


def skewed_codes_sentence(data: Dataset) -> str:
    """The codes whose raw agreement is high but whose alpha is below the floor, per text, and why that happens."""
    agreement = data.agreement
    rows = agreement[
        agreement.alpha.notna()
        & (agreement.scope != reliability.POOLED)
        & (agreement.share_agree >= HIGH_SHARE)
        & (agreement.alpha < reliability.ALPHA_FLOOR)
    ]
    if rows.empty:
        return (
            f"No code of a single text agrees on {100 * HIGH_SHARE:.0f}% or more of its units with an alpha below "
            f"{reliability.ALPHA_FLOOR:.3f}."
        )
    labels = scope_labels(data)
    items = [
        f"{measure_label(row.kind, row.field)} in {labels[row.scope]} ({100 * row.share_agree:.0f}% agreement, alpha "
        f"{row.alpha:.2f})"
        for row in rows.sort_values(["scope", "measure_id"]).itertuples()
    ]
    return (
        f"High agreement can go with a low alpha: {join_words(items)}. Where nearly every unit bears one code, the "
        "codings would agree often by chance alone, and the few units that bear another decide alpha; such a figure "
        "rests on very few units, as its wide interval shows."
    )


def kinds_coded_twice(data: Dataset) -> str:
    """Which kinds of record both codings hold (and so are compared), and which were coded once only."""
    kinds = reliability.UNIT_KINDS
    held = [kind for kind in kinds if set(data.codings[data.codings.kind == kind].coding) >= set(reliability.CODING_NAMES)]
    if not held:
        return "No record was coded twice"
    once = [kind.replace("_", " ") for kind in kinds if kind not in held]
    if (data.agreement.kind == "points").any():
        held = [*held, "points of comparison"]
    sentence = f"Both codings coded {join_words([kind.replace('_', ' ') for kind in held])}"
    return sentence + (f"; {join_words(once)} {'was' if len(once) == 1 else 'were'} coded once only" if once else "")


def points_sentence(data: Dataset) -> str:
    """How the two codings' points of comparison were paired, and how many found no partner in the other coding."""
    rows = data.agreement[(data.agreement.measure_id == "points.paired") & (data.agreement.scope == reliability.POOLED)]
    if rows.empty or not int(rows.n_units.iloc[0]):
        return "No comparison between sources was coded twice."
    n_units, n_paired = int(rows.n_units.iloc[0]), int(rows.n_agree.iloc[0])
    return (
        f"The two codings' points of comparison were paired by the passages their evidence rests on, as records are: "
        f"pairing left {n_units} units, {n_paired} of them pairs of points and the rest points one coding alone holds. "
        "Relation and topic are compared on the pairs; a point without a partner is a disagreement on what the matters "
        "are, and was adjudicated like the others."
    )


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Cohen's kappa of two readers' nominal codes of the same units (None when chance agreement is total)."""
    n = len(first)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    categories = set(first) | set(second)
    expected = sum((first.count(c) / n) * (second.count(c) / n) for c in categories)
    return None if expected == 1 else (observed - expected) / (1 - expected)


#: What the validity table says of a reading's matter that no published point's evidence touches.
NO_POINT = "(no point)"


def validity_sentence(data: Dataset) -> str:
    """How far the reading made without the manual agrees with the published points: share and Cohen's kappa."""
    rows = data.validity
    if rows.empty:
        return "No reading without the manual has been made of these texts yet."
    aligned = rows[rows.point_id.notna()]
    published = rows.published_relation.fillna(NO_POINT).tolist()
    kappa = cohen_kappa(rows.reader_relation.tolist(), published)
    kappa_aligned = cohen_kappa(aligned.reader_relation.tolist(), aligned.published_relation.tolist())
    n_same = int(rows.same.sum())
    return (
        f"The reading names {len(rows)} matters, {len(aligned)} of which align with a published point. Its relation is the "
        f"published one on {n_same} of the {len(rows)} ({100 * n_same / len(rows):.0f}%; Cohen's kappa "
        f"{'n/a' if kappa is None else f'{kappa:.2f}'}, or {'n/a' if kappa_aligned is None else f'{kappa_aligned:.2f}'} "
        f"on the aligned matters alone)."
    )


def validity_paragraph(data: Dataset) -> str | Prose:
    """The validity sentence, and where the divergences are listed (when there are any)."""
    rows = data.validity
    if rows.empty or bool(rows.same.all()):
        return validity_sentence(data)
    return Prose(
        f"{validity_sentence(data)} ",
        Link("number", "tbl-validity"),
        " lists every matter on which the two differ, with the note "
        "that explains it: either why the published relation stands, or that the reader's matter and the point it "
        "was aligned with are not the same matter.",
    )


def reliability_figures(data: Dataset) -> dict[str, Any]:
    """The reliability figures the method chapter states, by name (pooled over the sources coded twice)."""
    agreement = data.agreement
    pooled = agreement[agreement.scope == reliability.POOLED]
    adjudications = data.adjudications
    fields = _coded_fields(pooled)
    below = fields[fields.alpha < reliability.ALPHA_TARGET]
    decisions = adjudications.decision.value_counts()
    units = adjudications[adjudications.field == "unit"]
    figures: dict[str, Any] = {
        "alpha_target": f"{reliability.ALPHA_TARGET:.2f}",
        "alpha_floor": f"{reliability.ALPHA_FLOOR:.3f}",
        "n_resamples": f"{reliability.RESAMPLES:,}",
        "bootstrap_seed": str(reliability.SEED),
        "confidence": f"{100 * reliability.CONFIDENCE:.0f}%",
        "min_overlap": f"{100 * reliability.MIN_OVERLAP:.0f}%",
        "boundary_tolerance": str(reliability.BOUNDARY_TOLERANCE),
        "n_fields_measured": len(fields),
        "n_fields_below_target": len(below),
        "n_fields_reliable": len(fields) - len(below),
        "fields_below_target": _below(fields, reliability.ALPHA_TARGET),
        "fields_unreliable": _below(fields, reliability.ALPHA_FLOOR),
        "n_adjudicated": len(adjudications),
        "n_decided_a": int(decisions.get("a", 0)),
        "n_decided_b": int(decisions.get("b", 0)),
        "n_decided_other": int(decisions.get("other", 0)),
        "n_unit_disputes": len(units),
        "n_codings_a": int((data.codings.coding == "a").sum()),
        "n_codings_b": int((data.codings.coding == "b").sum()),
        "thresholds_by_source": thresholds_by_source(data),
        "points_sentence": points_sentence(data),
        "kinds_coded_twice": kinds_coded_twice(data),
        "skewed_codes_sentence": skewed_codes_sentence(data),
    }
    figures["coded_twice"] = coded_twice(data)
    per_text = _coded_fields(agreement[agreement.scope != reliability.POOLED])
    weak = sorted(set(per_text[per_text.alpha < reliability.ALPHA_FLOOR].measure_id))
    figures["trust_sentence"] = (
        f"{figures['coded_twice']}; pooled over them, {figures['n_fields_reliable']} of the {figures['n_fields_measured']} "
        f"coded fields reach the usual reliability standard (alpha {figures['alpha_target']}), "
        + (
            f"{number_word(len(weak))} fall below {figures['alpha_floor']} in at least one text, "
            if weak
            else f"none falls below {figures['alpha_floor']} in any text, "
        )
        + "and every disagreement was adjudicated"
        if len(data.codings)
        else figures["coded_twice"]
    )
    figures["agreement_sentence"] = (
        f"Pooled over the texts coded twice, {figures['n_fields_reliable']} of the {figures['n_fields_measured']} fields "
        f"with an alpha reach {figures['alpha_target']}. Below it: {figures['fields_below_target']}. Below even the "
        f"threshold for tentative conclusions: {figures['fields_unreliable']}."
        if len(fields)
        else "No field has an alpha yet: no text of this corpus was coded twice."
    )
    figures["adjudication_sentence"] = (
        f"Of {figures['n_adjudicated']} disagreements ({figures['n_unit_disputes']} of them about whether a passage should "
        f"be coded at all), the first coding's code was kept in {figures['n_decided_a']}, the second coding's taken in "
        f"{figures['n_decided_b']}, and a third code chosen in {figures['n_decided_other']}."
        if len(adjudications)
        else "There was no disagreement to adjudicate: no text of this corpus was coded twice."
    )
    for kind, names in reliability.FIELDS.items():  # every measure named, even when nothing was coded twice
        for name in (*reliability.UNITIZING, *names, *map(reliability.joint_name, reliability.JOINT.get(kind, ()))):
            key = f"{kind}_{name}".replace("+", "_")
            figures[f"alpha_{key}"] = figures[f"share_{key}"] = "n/a"
    for row in pooled.itertuples():
        key = row.measure_id.replace(".", "_").replace("+", "_")
        figures[f"alpha_{key}"] = "n/a" if pd.isna(row.alpha) else f"{row.alpha:.2f}"
        figures[f"share_{key}"] = "n/a" if pd.isna(row.share_agree) else f"{100 * row.share_agree:.0f}%"
    return figures


def _coded_twice_labels(data: Dataset) -> tuple[list[str], list[str]]:
    """The labels of the sources coded twice, and of those coded once, in publication order."""
    who = frames.authors(data)
    double = set(data.agreement.scope)  # the sources both codings cover have agreement figures of their own
    return [r.label for r in who.itertuples() if r.source_id in double], [
        r.label for r in who.itertuples() if r.source_id not in double
    ]


def argument_links_phrase(data: Dataset, source_id: str | None = None) -> str:
    """How reliably the argument links (`claims.bears_on`) are coded: their alpha, how it reads, and whether it is the lowest.

    "the least reliable field of the coding (Krippendorff's alpha 0.61 between the two codings: tentative)"; when a
    source was coded once, the alpha is said to be of the texts coded twice, and for that source (`source_id`) that
    its own links were not measured.
    """
    fields = _coded_fields(data.agreement[data.agreement.scope == reliability.POOLED])
    measured = fields.loc[fields.measure_id == "claims.bears_on", "alpha"]
    if measured.empty:
        return "a field whose reliability is not measured (no text of this corpus was coded twice)"
    alpha = float(measured.iloc[0])
    rank = "the least reliable field of the coding" if alpha <= fields.alpha.min() else "a field of the coding"
    twice, once = _coded_twice_labels(data)
    of = "" if not once else f" of {join_words(twice)}" if len(twice) + len(once) <= MAX_NAMED else " of the texts coded twice"
    phrase = f"{rank} (Krippendorff's alpha {alpha:.2f} between the two codings{of}: {reliability.verdict(alpha)})"
    if source_id is not None and source_id not in set(data.codings.source_id):
        return f"coded once in this text, so their agreement is not measured for it; in the texts coded twice they are {phrase}"
    return phrase


def argument_links_by_source(data: Dataset) -> dict[str, str]:
    """`argument_links_phrase` for each source's argument map (`charts.argument_maps`), by source id."""
    return {source_id: argument_links_phrase(data, source_id) for source_id in data.sources.source_id}


def _settled(data: Dataset, source_ids: Sequence[str]) -> str:
    """Whose structure the data hold for these sources: the adjudication's for those coded twice, else one coding's."""
    labels = frames.authors(data).set_index("source_id").label
    double = set(data.agreement.scope)  # the sources both codings cover have agreement figures of their own
    twice = [labels[s] for s in source_ids if s in double]
    once = [labels[s] for s in source_ids if s not in double]
    if not once:
        return "the structure the adjudication settled on"
    if not twice:
        return "the structure a single coding gave" + ("" if len(once) == 1 else " each")
    return f"the structure the adjudication settled on for {join_words(twice)} and a single coding gave for {join_words(once)}"


def argument_maps_prose(data: Dataset, maps: Sequence[Any], limit: int) -> Prose:
    """The part of the arguments chapter that presents the argument maps: what the figures draw and how to read them,
    then each map (its cross-reference sentence and the figure), or why there is none.

    `maps` are `charts.argument_maps`' figures (each with `name`, `source_id` and `placement()`), `limit` the number of
    sources past which they are left out (`charts.MAX_ARGUMENT_MAPS`). Every sentence is true of any number of sources.
    """
    labels = frames.authors(data).set_index("source_id").label
    links = argument_links_phrase(data)
    share = reliability_figures(data)["share_claims_bears_on"]
    care = Prose(
        f"argument links are {links} (",
        Link("number", "tbl-agreement"),
        "). Which claim a claim serves, the one just before it or the thesis two steps up, is a judgment the texts "
        "rarely make explicit"
        + (f": the two codings gave the same link to {share} of the claims they both coded" if share != "n/a" else ""),
    )
    if not maps:
        if len(labels) > limit:
            why = f"With more than {limit} sources the argument maps are left out, each being a page of its own"
        else:
            why = "No source's claims are coded into an argument yet, so there is no map to draw"
        return Prose(
            f"{why}; every claim's role and the claim it bears on are in the claims table (",
            Link("number", "tbl-claims"),
            ") and the data. Read those links with care: ",
            care,
            f", and the data hold {_settled(data, list(labels.index))}, not one the texts spell out.\n",
        )
    drawn = [label for source_id, label in labels.items() if source_id in {m.source_id for m in maps}]
    if len(drawn) == 1:
        whose = f"{drawn[0]}'s argument"
    elif len(drawn) == len(labels):
        whose = "each source's argument"
    else:
        whose = f"the arguments of {join_words(drawn)}"
    one = len(maps) == 1
    lead = (
        f"{'The figure below draws' if one else 'The figures below draw'} {whose} as an outline: each thesis at the "
        "left, each claim indented under the claim it bears on, with its role in colour and shape; the link to a "
        "concession is dashed, to a rebuttal dotted. Context claims argue for nothing and are left out. In the web "
        "edition, a claim's text opens its passage in the annotated text, and selecting its marker (click, tap, or the "
        "arrow keys) shows its role, modality and quote under the figure. An argument too long for a printed page is cut "
        "into parts between whole trees, or between the branches of a thesis, which heads the next part again, marked "
        "continued."
    )
    read = Prose(
        f"Read {'this map' if one else 'these maps'} with care: ",
        care,
        f", and {'the map shows' if one else 'the maps show'} "
        f"{_settled(data, list(dict.fromkeys(m.source_id for m in maps)))}, not one the texts spell out.",
    )
    figures = [Prose(Link("number", m.name), f" draws the argument of {labels[m.source_id]}.\n\n", m.placement()) for m in maps]
    return Prose.join("\n\n", [lead, read, *figures])


def coded_twice(data: Dataset) -> str:
    """Which sources were coded twice, independently, and which once only (named up to MAX_NAMED sources, else counted)."""
    twice, once = _coded_twice_labels(data)
    if not twice:
        return "No text has been coded twice yet, so agreement between coders is not measured"
    if len(twice) + len(once) > MAX_NAMED:
        sentence = f"{len(twice)} of the {len(twice) + len(once)} texts were coded twice, independently"
        return sentence + (f"; the other {len(once)} were coded once only" if once else "")
    subject = join_words(twice) if once else {1: "The text", 2: "Both texts"}.get(len(twice), "All the texts")
    sentence = f"{subject} {'was' if len(twice) == 1 else 'were'} coded twice, independently"
    if once:
        sentence += f"; {join_words(once)} {'was' if len(once) == 1 else 'were'} coded once only, and {'is' if len(once) == 1 else 'are'} not part of the agreement figures"
    return sentence


def corpus_size(data: Dataset) -> str:
    """How many texts the corpus holds and how long they are, in characters."""
    lengths = data.sources.n_chars.astype(int)
    if len(lengths) == 1:
        return f"The corpus is one text of {lengths.iloc[0]:,} characters"
    return f"The corpus is {texts_phrase(len(lengths))} of {lengths.min():,} to {lengths.max():,} characters"


def second_hand_limit(data: Dataset) -> str:
    """The limitation second-hand sources bring: whose arguments are known only through whose summary."""
    reported = data.sources[data.sources.reporter.notna()].sort_values(["published", "source_id"])
    if reported.empty:
        return "No text of the corpus reports another author's arguments: every one is argued in its author's own name"
    if len(reported) > MAX_NAMED:
        known = f"The arguments of {len(reported)} authors are known only through summaries by others"
    else:
        known = join_words(
            [
                f"{row.author.split()[-1]}'s arguments are known only through {row.reporter.split()[-1]}'s summary"
                for row in reported.itertuples()
            ]
        )
        known = known[0].upper() + known[1:]
    return (
        f"{known}, which may compress or reframe them; differences between authors may partly be differences "
        "between an article and a summary"
    )


def words_sentence(words: pd.DataFrame, data: Dataset) -> str:
    """What the word statistics show: which sources have words past the threshold, or that none do."""
    counts = words.source_id.value_counts()
    if counts.empty:
        return (
            "No word reaches it for any author: with texts this short, word statistics carry no signal, "
            "and the book draws no conclusion from them"
        )
    who = frames.authors(data)
    if len(who) > MAX_NAMED:
        return (
            f"{len(counts)} of the {len(who)} authors have words that reach it, {int(counts.sum())} in all, listed below; "
            "they describe these texts and test nothing beyond them"
        )
    parts = [
        f"{number_word(int(counts.get(row.source_id, 0))).replace('zero', 'none')} for {row.label}" for row in who.itertuples()
    ]
    return f"The words that reach it, listed below, number {join_words(parts)}; they describe these texts and test nothing beyond them"


def voices_sentence(data: Dataset) -> str:
    """Per source: how many claims are in the author's own voice, how many quote others, how many are only alleged or speculated."""
    claims = data.claims
    if len(data.sources) > MAX_NAMED:
        own = int((claims.voice == "author").sum())
        others = int((~claims.voice.isin(["author", "reporter"])).sum())
        unsure = int(claims.modality.isin(["alleged", "speculated", "hedged"]).sum())
        return (
            f"Across the {len(data.sources)} texts, {own} of {len(claims)} claims are in the author's voice, {others} in "
            f"another speaker's, {unsure} only alleged, speculated or hedged"
        )
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


def undated_history(data: Dataset) -> str:
    """A sentence on the phases a text places Pakistan's role in without dating them, which the timeline leaves off its
    axis (`frames.phase_coverage`'s `dated`): each with its text and first quote, or that every placed phase is dated."""
    undated = frames.phase_coverage(data)
    undated = undated[~undated.dated].sort_values(["start", "source_id"])
    if undated.empty:
        return "Every bar is a phase the text itself dates."
    if len(undated) > MAX_NAMED:
        return (
            f"Left off the timeline's axis, because the texts name no time for them: {len(undated)} placements of Pakistan's role "
            f"in a phase, across {undated.source_id.nunique()} texts ({frames.named(list(dict.fromkeys(undated.row)))})."
        )
    placed = [f"{row.author_label}'s “{row.quote.strip()}” (placed by the coder in {row.row})" for row in undated.itertuples()]
    return f"Left off the timeline's axis, because the text names no time for {'it' if len(placed) == 1 else 'them'}: {join_words(placed)}."
