"""Shaping the dataset for charts and tables: functions that take and return DataFrames.

Every chart of `analysis.report.charts` draws frames shaped here (the per-source frames
from the `Dataset`, and their aggregates past MAX_SERIES sources from those frames).

Nothing here names a source, an author or an actor: everything follows the data,
for any number of sources.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.dataset import geography, vocabularies
from analysis.dataset.load import Dataset
from analysis.dataset.parameters import LEANING_THRESHOLD, MAX_PAIR_COLUMNS  # noqa: F401 (the thresholds, set once)
from analysis.report import palette


def _surname(name: str) -> str:
    return name.split()[-1]


def _initialled(name: str) -> str:
    """'Ayesha Khan' -> 'A. Khan'; a one-word name stays as it is."""
    *given, surname = name.split()
    return " ".join([*(f"{part[0]}." for part in given), surname])


def _label(row: Any, level: int) -> str:
    """A source's label at a level of detail: 0 its own (`sources.label`: the surname unless the annotation gives
    one), 1 initials, 2 and the year, 3 and the source id."""
    if level == 0 and isinstance(getattr(row, "label", None), str) and row.label:
        return row.label
    name = _surname if level == 0 else _initialled
    label = name(row.author) + (f" (via {name(row.reporter)})" if pd.notna(row.reporter) else "")
    if level >= 2:
        label += f", {row.published.year}"
    if level >= 3:
        label += f" [{row.source_id}]"
    return label


def unique_labels(sources: pd.DataFrame) -> tuple[list[str], list[int]]:
    """A label per source, unique across the sources, and how much detail it needed.

    Each source's own label (`sources.label`: surnames by default, "Khan", "Masomy (via Pietrzak)"); sources whose labels
    collide get initials ("A. Khan", "B. Khan"), then the year, and as a last
    resort the source id. Only the colliding labels grow.
    """
    levels = [0] * len(sources)
    rows = list(sources.itertuples())
    while True:
        labels = [_label(row, level) for row, level in zip(rows, levels, strict=True)]
        counts = pd.Series(labels).value_counts()
        clashing = [i for i, label in enumerate(labels) if counts[label] > 1]
        if not clashing:
            return labels, levels
        for i in clashing:
            levels[i] += 1


def authors(data: Dataset) -> pd.DataFrame:
    """One row per source in publication order: its unique label (`label`, and `label_year`), colour, shape and dash.

    Charts and tables key on `source_id`; the label is what a reader sees.
    """
    sources = data.sources.sort_values(["published", "source_id"]).reset_index(drop=True)
    labels, levels = unique_labels(sources)
    label = pd.Series(labels, dtype=object)
    year = sources.published.dt.year.astype(str)
    frame = pd.DataFrame(
        {
            "source_id": sources.source_id,
            "author": sources.author,
            "label": label,
            "label_year": label.where(pd.Series(levels) >= 2, label + ", " + year),
            "published": sources.published,
            "attribution": sources.attribution,
        }
    )
    styles = palette.series_styles(len(frame))
    frame["colour"] = [style[0] for style in styles]
    frame["shape"] = [style[1] for style in styles]
    frame["dash"] = [style[2] for style in styles]
    return frame


def passage_key(source_id: str, anchor: str) -> str:
    """A passage's reference, "<source id>#<anchor>": the anchor (a span's or a record's label) in its source's
    annotated text. The book gives each row with a `passage` its address (`href`) when it draws a chart."""
    return f"{source_id}#{anchor}"


def with_evidence(data: Dataset, table: str) -> pd.DataFrame:
    """A coded table joined with its quote (`quote`), that passage's reference (`passage`, `passage_key`) and its
    source's label (`author_label`)."""
    spans = data.spans[["span_id", "exact", "start", "end"]].rename(columns={"exact": "quote"})
    labels = authors(data)[["source_id", "label"]].rename(columns={"label": "author_label"})
    frame = data.tables[table].merge(spans, on="span_id", how="left").merge(labels, on="source_id", how="left")
    frame["passage"] = [passage_key(s, a) for s, a in zip(frame.source_id, frame.span_id, strict=True)]
    return frame


def actor_names(data: Dataset) -> dict[str, str]:
    """Actor id to canonical name."""
    return dict(zip(data.actors.actor_id, data.actors.name, strict=True))


def proposition_statements(data: Dataset) -> dict[str, str]:
    """Proposition id to its statement."""
    return dict(zip(data.propositions.proposition_id, data.propositions.statement, strict=True))


def target_labels(data: Dataset, records: pd.DataFrame) -> pd.Series:
    """Each record's target by name: the actor's name, or the proposition's statement."""
    return records.target_actor_id.map(actor_names(data)).fillna(records.target_proposition_id.map(proposition_statements(data)))


def topic_labels(data: Dataset) -> dict[str, str]:
    """Topic id to label."""
    return dict(zip(data.topics.topic_id, data.topics.label, strict=True))


def phase_rows(data: Dataset) -> pd.DataFrame:
    """Phases with their first and last day, in chronological order."""
    phases = data.phases.sort_values(["start_year", "end_year", "phase_id"]).reset_index(drop=True)
    phases["start"] = pd.to_datetime(phases.start_year.astype(str) + "-01-01")
    phases["end"] = pd.to_datetime(phases.end_year.astype(str) + "-12-31")
    years = phases.start_year.astype(str).where(
        phases.start_year == phases.end_year, phases.start_year.astype(str) + "–" + phases.end_year.astype(str)
    )
    phases["row"] = phases.label + " (" + years + ")"
    return phases


def phase_coverage(data: Dataset) -> pd.DataFrame:
    """One row per phase and source that places Pakistan's role in it, with the evidence count and a quote.

    `dated` says whether the text dates the phase (`dated_phases`: it dates an event in it); a text that places a
    passage in a phase without naming a time ("Historically, …") has the coder's placement only.
    """
    evidence = with_evidence(data, "phase_evidence").sort_values(["phase_id", "source_id", "start"])
    grouped = evidence.groupby(["phase_id", "source_id", "author_label"], as_index=False).agg(
        n_passages=("span_id", "size"), quote=("quote", "first"), passage=("passage", "first"), role=("role", "first")
    )
    dated = dated_phases(data).assign(dated=True)
    grouped = grouped.merge(dated, on=["phase_id", "source_id"], how="left")
    grouped["dated"] = grouped.dated.eq(True)
    return grouped.merge(phase_rows(data)[["phase_id", "row", "start", "end"]], on="phase_id")


#: Who dated an event, by its `date_basis`, as the timeline and the events table say it.
DATED_BY = {"text": "the text", "inferred": "the coder"}


def dated_events(data: Dataset) -> pd.DataFrame:
    """Events with their quote, author, phase row, a midpoint date for plotting, and their date as words.

    `when` is the date at its precision ("c." when approximate); `dated` says to what precision and by whom
    ("to the month, by the coder").
    """
    events = with_evidence(data, "events")
    rows = phase_rows(data)[["phase_id", "row"]]
    events = events.merge(rows, on="phase_id", how="left")
    events["row"] = events.row.fillna("No phase")
    events["midpoint"] = events.date_start + (events.date_end - events.date_start) / 2
    events["when"] = events.apply(_when, axis=1)
    events["dated"] = "to the " + events.date_precision + ", by " + events.date_basis.map(DATED_BY)
    return events.sort_values(["date_start", "event_id"]).reset_index(drop=True)


def events_since(data: Dataset, year: int) -> pd.DataFrame:
    """The dated events that begin in `year` or later, in date order, each with a distinct row label (`event_row`).

    Two events with the same label (from two texts) get their authors' names after it.
    """
    events = dated_events(data).sort_values(["date_start", "date_end", "event_id"])
    recent = events[events.date_start.dt.year >= year].reset_index(drop=True)
    shared = recent.label.duplicated(keep=False)
    recent["event_row"] = recent.label.where(~shared, recent.label + " (" + recent.author_label + ")")
    return recent


def events_across_texts(events: pd.DataFrame, limit: int, series: str) -> pd.DataFrame:
    """For many sources: one row per event (label and dates) however many texts mention it, the `limit` most
    mentioned, in date order, with how many texts mention it (`mentions`, and `text`: "3 texts") and one `series`.

    `events` is `events_since` (or `dated_events`).
    """
    keys = ["label", "date_start", "date_end"]
    mentions = events.groupby(keys).author_label.transform("nunique")
    events = events.assign(text=mentions.astype(str) + " texts", series=series, mentions=mentions)
    return events.drop_duplicates(keys).nlargest(limit, "mentions", keep="first").sort_values("date_start")


def _when(event: pd.Series) -> str:
    formats = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y", "decade": "%Y"}
    fmt = formats[event.date_precision]
    start, end = event.date_start.strftime(fmt), event.date_end.strftime(fmt)
    if event.date_precision == "decade":
        start, end = f"{event.date_start.year}s", f"{event.date_end.year // 10 * 10}s"
    text = start if start == end else f"{start} – {end}"
    return ("c. " if event.approximate else "") + text


def committed(records: pd.DataFrame) -> pd.Series:
    """Whether each record's modality commits its voice (not alleged, speculated or hedged)."""
    return ~records.modality.isin(vocabularies.UNCOMMITTED_MODALITIES)


def dated_phases(data: Dataset) -> pd.DataFrame:
    """The (`phase_id`, `source_id`) pairs the text dates: the source dates at least one event in that phase."""
    return data.events[["phase_id", "source_id"]].dropna().drop_duplicates().sort_values(["phase_id", "source_id"])


#: The period of a position no dated passage places (see `position_periods`).
UNDATED = "undated"


def position_periods(data: Dataset) -> pd.DataFrame:
    """Every position (`with_evidence`) with the phase its passage is dated in: `phase_id`, `period` (the phase's row,
    or UNDATED), `period_label` (its years first: "2021–2025: The Taliban's return"), `period_years` ("2021–2025")
    and `period_order` (the phase's place in time; undated last).

    A position takes the phase of a dated record of its text whose passage overlaps its own, else of one in its
    sentence: an event, or a phase's evidence where the text dates that phase (`dated_phases`). Records of several
    phases give it the earliest.
    """
    positions = with_evidence(data, "positions")
    phases = phase_rows(data).reset_index(names="period_order")
    dated = dated_phases(data)
    evidence = with_evidence(data, "phase_evidence").merge(dated, on=["phase_id", "source_id"])
    records = pd.concat([with_evidence(data, "events"), evidence], ignore_index=True)
    records = records[["source_id", "phase_id", "start", "end"]].dropna().reset_index(drop=True)
    sentences = data.sentences[["source_id", "sentence_id", "start", "end"]]

    def sentence_of(frame: pd.DataFrame) -> pd.Series:
        inside = frame.reset_index(names="row").merge(sentences, on="source_id", suffixes=("", "_s"))
        inside = inside[(inside.start_s <= inside.start) & (inside.start < inside.end_s)]
        return inside.set_index("row").sentence_id.reindex(frame.index)

    records = records.assign(sentence_id=sentence_of(records).values)
    mine = positions.assign(sentence_id=sentence_of(positions).values)
    pairs = mine[["position_id", "source_id", "start", "end", "sentence_id"]].merge(records, on="source_id", suffixes=("", "_r"))
    overlap = (pairs.start_r < pairs.end) & (pairs.end_r > pairs.start)
    same_sentence = pairs.sentence_id.notna() & (pairs.sentence_id == pairs.sentence_id_r)
    pairs = pairs.assign(rank=overlap.map({True: 0, False: 1}))[overlap | same_sentence]
    pairs = pairs.merge(phases[["phase_id", "period_order"]], on="phase_id")
    chosen = pairs.sort_values(["rank", "period_order"]).drop_duplicates("position_id").set_index("position_id").phase_id
    positions["phase_id"] = positions.position_id.map(chosen)
    order = phases.set_index("phase_id")
    positions["period"] = positions.phase_id.map(order.row).fillna(UNDATED)
    years = order.row.str.extract(r"\(([^()]*)\)$")[0]
    positions["period_label"] = positions.phase_id.map(years + ": " + order.label).fillna(UNDATED)
    positions["period_years"] = positions.phase_id.map(years).fillna(UNDATED)
    positions["period_order"] = positions.phase_id.map(order.period_order).fillna(len(phases)).astype(int)
    return positions


#: How a text leans toward a target, by the polarity most of the positions it presents as fact have.
LEANINGS = {
    "favor": "mostly favourable",
    "neutral": "neutral or mixed",
    "against": "mostly hostile",
}
#: The leaning of an actor toward a target when the text only alleges or speculates about its positions.
UNCONFIRMED = "only alleged or speculated"
#: The leaning of a stance the text gives different leanings in two dated periods (`stance_matrix`'s `by_period`).
CHANGED = "changed over time"


def leaning(matrix: pd.DataFrame) -> pd.Series:
    """The leaning of each row's net stance, (favourable − hostile) / positions: past ±1/3, mostly one way."""
    return (
        pd.Series(LEANINGS["neutral"], index=matrix.index)
        .mask(matrix.net >= LEANING_THRESHOLD, LEANINGS["favor"])
        .mask(matrix.net <= -LEANING_THRESHOLD, LEANINGS["against"])
        .mask(matrix.n_positions == 0, UNCONFIRMED)
    )


def _polarity_counts(positions: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys`: how many positions of each polarity (`favor`, `neutral`, `against`), `n_positions`, `net` and `leaning`."""
    if positions.empty:  # crosstab needs rows
        counts = pd.DataFrame(columns=list(palette.POLARITY), index=pd.MultiIndex.from_arrays([[]] * len(keys), names=keys))
    else:
        counts = pd.crosstab([positions[key] for key in keys], positions.polarity)
    for polarity in palette.POLARITY:
        if polarity not in counts:
            counts[polarity] = 0
    frame = counts[list(palette.POLARITY)].astype(int)
    frame["n_positions"] = frame.sum(axis=1)
    frame["net"] = (frame.favor - frame.against) / frame.n_positions.where(frame.n_positions > 0)
    frame["leaning"] = leaning(frame)
    return frame


def _stances(values: pd.Series) -> str:
    return ", ".join(f"{k} ×{v}" for k, v in values.value_counts().sort_index().items())


def dyads(data: Dataset) -> pd.DataFrame:
    """Every position with its target's id (`target_id`) and name (`target`), its holder's name (`holder`), the pair
    ("holder → target"), whether the text presents it as fact (`firm`) and its period (`position_periods`)."""
    positions = position_periods(data)
    positions["target_id"] = positions.target_actor_id.fillna(positions.target_proposition_id)
    positions["target"] = target_labels(data, positions)
    positions["holder"] = positions.holder_actor_id.map(actor_names(data))
    positions["pair"] = positions.holder + " → " + positions.target
    positions["firm"] = committed(positions)
    return positions.sort_values(["source_id", "holder_actor_id", "target_id", "start"]).reset_index(drop=True)


def stance_matrix(data: Dataset) -> pd.DataFrame:
    """One row per holder, target and source: the positions toward that one target the text presents as fact, by
    polarity, their net score and leaning; never a net over several targets.

    Alleged, speculated and hedged positions are counted apart (`n_unconfirmed`) and never enter the
    polarity counts or the net score; a dyad given only such positions has no net score. Where the leaning toward the
    target differs between two dated periods (`position_periods`), the dyad's leaning is CHANGED, not a net over
    them, and `by_period` gives each period's ("2021–2025: The Taliban's return…: mostly hostile; …").
    `target_kind` says whether the target is an actor or a proposition.
    """
    positions = dyads(data)
    keys = ["holder_actor_id", "target_id", "source_id"]
    described = positions.groupby(keys).agg(
        target_kind=("target_kind", "first"),
        actor=("holder", "first"),
        target=("target", "first"),
        pair=("pair", "first"),
        stances=("stance", _stances),
        quote=("quote", "first"),
        passage=("passage", "first"),
        author_label=("author_label", "first"),
        n_unconfirmed=("firm", lambda f: int((~f).sum())),
    )
    counts = _polarity_counts(positions[positions.firm], keys)
    frame = described.join(counts, how="left").reset_index()
    for column in [*palette.POLARITY, "n_positions"]:
        frame[column] = frame[column].fillna(0).astype(int)
    frame["leaning"] = leaning(frame)
    # A stance whose leaning differs between two dated periods is not netted over them: it changed.
    dated = positions[positions.firm & (positions.period != UNDATED)]
    per_period = _polarity_counts(dated, [*keys, "period_order", "period_label"]).leaning.reset_index()
    per_period = per_period.sort_values([*keys, "period_order"])
    per_period["text"] = per_period.period_label + ": " + per_period.leaning
    by_period = per_period.groupby(keys).text.agg("; ".join).astype(object)
    changed = per_period.groupby(keys).leaning.nunique().loc[lambda n: n > 1]
    indexed = frame.set_index(keys)
    frame["by_period"] = by_period.reindex(indexed.index).astype(object).fillna("").values
    frame["leaning"] = frame.leaning.where(~indexed.index.isin(changed.index), CHANGED)
    frame["count_label"] = frame.n_positions.astype(str).where(
        frame.n_unconfirmed == 0, frame.n_positions.astype(str) + "+" + frame.n_unconfirmed.astype(str) + "?"
    )
    return frame.sort_values(["actor", "target", "source_id"]).reset_index(drop=True)


def proposition_stances(data: Dataset) -> pd.DataFrame:
    """The rows of `stance_matrix` whose target is a proposition: where each actor stands on each issue."""
    matrix = stance_matrix(data)
    return matrix[matrix.target_kind == "proposition"].reset_index(drop=True)


def stance_totals(matrix: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """For many sources: per pair (holder → target) and leaning, how many texts, which, their positions and a first quote.

    `matrix` is `stance_matrix`, `sources` is `authors`.
    """
    labels = sources.set_index("source_id").label
    return matrix.groupby(["pair", "leaning"], as_index=False).agg(
        n_sources=("source_id", "nunique"),
        sources=("source_id", lambda s: names_of(s, labels)),
        n_positions=("n_positions", "sum"),
        n_unconfirmed=("n_unconfirmed", "sum"),
        quote=("quote", "first"),
    )


def state_positions(data: Dataset) -> pd.DataFrame:
    """`stance_matrix` for the actors that stand for countries, toward actors: one row per country, holder, target
    and source (the map shades states by their stance toward one actor at a time).

    `country` is the country's ISO 3166-1 alpha-3 code (an actor standing for several countries gives a row
    to each) and `alpha2` its alpha-2 code.
    """
    countries = data.actors[["actor_id", "countries"]].explode("countries").dropna(subset=["countries"])
    countries = countries.rename(columns={"actor_id": "holder_actor_id", "countries": "country"})
    matrix = stance_matrix(data)
    rows = matrix[matrix.target_kind == "actor"].merge(countries, on="holder_actor_id")
    rows["alpha2"] = rows.country.map(geography.alpha2)
    return rows.sort_values(["country", "target", "source_id"]).reset_index(drop=True)


def map_target(states: pd.DataFrame) -> str:
    """The target the map shows first: the one toward which the most countries hold a position presented as fact
    (then the most texts, then by name). `states` is the rows of `state_positions` the map shows."""
    firm = states[states.n_positions > 0]
    ranked = firm.groupby("target").agg(countries=("country", "nunique"), texts=("source_id", "nunique")).reset_index()
    ranked = ranked.sort_values(["countries", "texts", "target"], ascending=[False, False, True], kind="stable")
    return str(ranked.target.iloc[0]) if len(ranked) else ""


def states_across_texts(states: pd.DataFrame) -> pd.DataFrame:
    """For many sources: one row per country, actor and target of `states` (`state_positions` with their country
    `name`), with the leaning most texts give it, how many texts (`texts`), their positions and a first quote."""
    return states.groupby(["name", "actor", "target"], as_index=False).agg(
        leaning=("leaning", lambda values: values.value_counts().sort_index().idxmax()),
        texts=("author_label", "nunique"),
        n_positions=("n_positions", "sum"),
        n_unconfirmed=("n_unconfirmed", "sum"),
        stances=("stances", "first"),
        by_period=("by_period", "first"),
        quote=("quote", "first"),
    )


def mention_counts(data: Dataset) -> pd.DataFrame:
    """Mentions of each actor per source, in body sentences and headings only (not page chrome)."""
    kinds = data.sentences.set_index("sentence_id").kind
    mentions = data.mentions[data.mentions.sentence_id.map(kinds).isin(["body", "heading"])]
    labels = authors(data).set_index("source_id").label
    frame = (
        mentions.groupby(["actor_id", "source_id"])
        .agg(n_mentions=("mention_id", "size"), aliases=("alias", lambda a: ", ".join(sorted(set(a)))))
        .reset_index()
    )
    frame["actor"] = frame.actor_id.map(actor_names(data))
    frame["author_label"] = frame.source_id.map(labels)
    return frame.sort_values(["actor_id", "source_id"]).reset_index(drop=True)


def relations(data: Dataset) -> pd.DataFrame:
    """Actor-to-actor positions: one row per chart row, source and firmness, with their polarity counts and leaning
    (`_polarity_counts`, toward that one target).

    `firm` is False for positions the text only alleges, speculates about or hedges; they are kept apart. `row` is
    the chart's row: the pair ("holder → target"), or, for a pair whose leaning changed over time (some text gives it
    different leanings in two dated periods), the pair and the period's years ("…, 2021–2025"), so that the change
    shows. `period` lists the periods the positions are dated in (`position_periods`), `period_order` the
    first one's place in time.
    """
    positions = dyads(data)
    positions = positions[positions.target_kind == "actor"].copy()
    firm_dated = positions[positions.firm & (positions.period != UNDATED)]
    leanings = _polarity_counts(firm_dated, ["pair", "source_id", "period"]).leaning.reset_index()
    changed = set(leanings.groupby(["pair", "source_id"]).leaning.nunique().loc[lambda n: n > 1].reset_index().pair)
    split = positions.pair.isin(changed)
    positions["row"] = positions.pair.where(~split, positions.pair + ", " + positions.period_years)
    keys = ["holder_actor_id", "target_id", "source_id", "row", "firm"]
    described = (
        positions.sort_values(["period_order", "start"])
        .groupby(keys)
        .agg(
            holder=("holder", "first"),
            target=("target", "first"),
            pair=("pair", "first"),
            author_label=("author_label", "first"),
            period=("period", lambda p: ", ".join(dict.fromkeys(p))),
            period_label=("period_label", lambda p: "; ".join(dict.fromkeys(p))),
            period_order=("period_order", "min"),
            stances=("stance", _stances),
            modality=("modality", lambda m: ", ".join(sorted(set(m)))),
            quote=("quote", "first"),
            passage=("passage", "first"),
        )
    )
    frame = described.join(_polarity_counts(positions, keys)).reset_index()
    frame = frame.rename(columns={"target_id": "target_actor_id"})
    return frame.sort_values(
        ["holder", "target", "period_order", "source_id", "firm"], ascending=[True, True, True, True, False]
    ).reset_index(drop=True)


def relation_order(links: pd.DataFrame) -> list[str]:
    """The rows of `relations` in reading order: by pair, then a changed pair's periods in time."""
    ordered = links.sort_values(["pair", "period_order"]).row
    return list(dict.fromkeys(ordered))


#: How a position is presented, in the relations chart's words: as fact, or only alleged or speculated.
FIRM = "fact"
UNFIRM = "alleged or speculated"


def relation_rows(links: pd.DataFrame) -> pd.DataFrame:
    """`relations` with how each is presented in words (`firmness`, FIRM or UNFIRM)."""
    return links.assign(firmness=links.firm.map({True: FIRM, False: UNFIRM}))


def relation_totals(links: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """For many sources: per row (pair, or pair and period), leaning and firmness, how many texts, which, their
    positions and stances.

    `links` is `relations`, `sources` is `authors`.
    """
    labels = sources.set_index("source_id").label
    return (
        relation_rows(links)
        .groupby(["row", "leaning", "firmness"], as_index=False)
        .agg(
            n_sources=("source_id", "nunique"),
            sources=("source_id", lambda s: names_of(s, labels)),
            n_positions=("n_positions", "sum"),
            stances=("stances", lambda s: ", ".join(sorted({part for text in s for part in text.split(", ")}))),
            quote=("quote", "first"),
        )
    )


def texts_per_category(frame: pd.DataFrame, value: str, category: str) -> pd.DataFrame:
    """For many sources: per `category`, how many texts have a non-zero `value` (`n_sources`), the total over all
    texts (`total`) and the texts with the most (`most`, "A (5), B (3), C (2) and 4 more")."""
    present = frame[frame[value] > 0].sort_values([value, "source_id"], ascending=[False, True])
    totals = present.groupby(category, as_index=False).agg(n_sources=("source_id", "nunique"), total=(value, "sum"))
    most = {
        key: named([f"{label} ({count})" for label, count in zip(group.author_label, group[value], strict=True)], 3)
        for key, group in present.groupby(category)
    }
    totals["most"] = totals[category].map(most)
    return totals


def topic_counts(data: Dataset) -> pd.DataFrame:
    """Claims per topic and source, including zero counts, with an example quote."""
    claims = with_evidence(data, "claims").sort_values("start")
    grid = pd.MultiIndex.from_product([data.topics.topic_id, data.sources.source_id], names=["topic_id", "source_id"])
    counts = claims.groupby(["topic_id", "source_id"]).agg(
        n_claims=("claim_id", "size"), quote=("quote", "first"), passage=("passage", "first")
    )
    frame = counts.reindex(grid).reset_index()
    frame["n_claims"] = frame.n_claims.fillna(0).astype(int)
    frame["quote"] = frame.quote.fillna("")
    frame["passage"] = frame.passage.fillna("")
    frame["topic"] = frame.topic_id.map(topic_labels(data))
    frame["author_label"] = frame.source_id.map(authors(data).set_index("source_id").label)
    return frame.sort_values(["topic_id", "source_id"]).reset_index(drop=True)


#: How many claims' paraphrases a computed relation's "says" shows before counting the rest.
SAYS_CLAIMS = 2


def _short_says(ids: object, paraphrases: dict[str, str]) -> str:
    """What a source says on a topic, for a computed relation: its first claims' paraphrases, then how many more."""
    claims = str(ids).split() if isinstance(ids, str) else []
    if not claims:
        return "(silent)"
    shown = " ".join(paraphrases[claim] for claim in claims[:SAYS_CLAIMS])
    more = len(claims) - SAYS_CLAIMS
    return shown + (f" (and {more} more claim{'s' if more > 1 else ''})" if more > 0 else "")


def _pair_labels(data: Dataset, records: pd.DataFrame) -> pd.DataFrame:
    """Records of a pair of sources (`source_a`, `source_b`) with their topic, both authors' labels, the pair's
    ("A × B") and the relation's, readable."""
    labels = authors(data).set_index("source_id").label
    frame = records.copy()
    frame["topic"] = frame.topic_id.map(topic_labels(data))
    frame["label_a"] = frame.source_a.map(labels)
    frame["label_b"] = frame.source_b.map(labels)
    frame["pair"] = frame.label_a + " × " + frame.label_b
    frame["relation_label"] = frame.relation.str.replace("_", " ")
    return frame


def contrast_grid(data: Dataset) -> pd.DataFrame:
    """Contrasts with readable topic, pair and relation labels.

    The relation is derived from the topic's points of comparison (`points_phrase` counts them per
    relation); where no point is coded, what each side says is its first claims' paraphrases and a
    count of the rest (the table of claims has them all).
    """
    paraphrases = dict(zip(data.claims.claim_id, data.claims.paraphrase, strict=True))
    frame = _pair_labels(data, data.contrasts)
    computed = frame.points.isna()
    for side in ("a", "b"):
        frame.loc[computed, f"says_{side}"] = frame.loc[computed, f"claims_{side}"].map(lambda ids: _short_says(ids, paraphrases))
    frame["points_phrase"] = [
        ", ".join(f"{int(row[f'n_{r}'])} {r.replace('_', ' ')}" for r in vocabularies.POINT_RELATIONS if row[f"n_{r}"])
        or "none coded"
        for _, row in frame.iterrows()
    ]
    return frame.fillna({"says_a": "(silent)", "says_b": "(silent)"})


def point_grid(data: Dataset) -> pd.DataFrame:
    """Points of comparison with readable topic, pair and relation labels, in topic and matter order.

    `both` marks the points both sources of the pair speak to; `first_a` and `first_b` are the
    first record each side cites (the passage a reader opens), or empty.
    """
    frame = _pair_labels(data, data.points)
    frame["both"] = frame.relation != "only_one"
    for side in ("a", "b"):
        frame[f"first_{side}"] = frame[f"evidence_{side}"].map(lambda ids: str(ids).split()[0] if isinstance(ids, str) else "")
    order = {relation: i for i, relation in enumerate(vocabularies.POINT_RELATIONS)}
    frame["relation_order"] = frame.relation.map(order)
    return frame.sort_values(["source_a", "source_b", "topic", "matter"]).reset_index(drop=True)


def events_between(data: Dataset) -> pd.DataFrame:
    """The coded events that began after the earliest source was published and by the latest, in date order.

    What happened between the texts' dates, as far as the texts tell it: one row per event mention, with
    its source's label and whether its date comes from the text or the coder (`date_basis`).
    """
    published = data.sources.published
    events = data.events[(data.events.date_start > published.min()) & (data.events.date_start <= published.max())]
    events = events.merge(authors(data)[["source_id", "label"]].rename(columns={"label": "author_label"}), on="source_id")
    return events.sort_values(["date_start", "event_id"]).reset_index(drop=True)


#: How a record's voice relates to its source: the author's own, the reporter's, or another speaker's.
VOICE_KINDS = {
    "author": "in the author's voice",
    "reporter": "in the reporter's own voice",
    "other": "in another speaker's voice",
}


def voice_modality(data: Dataset) -> pd.DataFrame:
    """Claims per source, by how they are put forward and in whose voice, with the speakers and a first quote.

    `category` reads as a phrase: "asserted, in the author's voice", "alleged, in another speaker's voice".
    """
    claims = with_evidence(data, "claims").sort_values(["source_id", "start"])
    kind = claims.voice.where(claims.voice.isin(["author", "reporter"]), "other")
    claims["category"] = claims.modality + ", " + kind.map(VOICE_KINDS)
    frame = (
        claims.groupby(["source_id", "author_label", "category", "modality"])
        .agg(
            n_claims=("claim_id", "size"),
            speakers=("speaker", lambda s: ", ".join(sorted(set(s)))),
            quote=("quote", "first"),
            passage=("passage", "first"),
        )
        .reset_index()
    )
    frame["committed"] = committed(frame)
    return frame.sort_values(["source_id", "category"]).reset_index(drop=True)


def named(names: list[str], limit: int = 4) -> str:
    """'A', 'A and B', ... up to `limit` names; beyond, 'A, B, C, D and 7 more'.

    Names are separated by semicolons when any holds a comma ("A. Khan, 2025; B. Khan").
    """
    names = list(names)
    separator = "; " if any("," in name for name in names) else ", "
    if len(names) > limit:
        return separator.join(names[:limit]) + f" and {len(names) - limit} more"
    return " and ".join(names) if len(names) <= 2 else separator.join(names[:-1]) + " and " + names[-1]


def names_of(source_ids: pd.Series, labels: pd.Series) -> str:
    """The labels of the distinct sources among `source_ids`, in publication order, shortened by `named`."""
    present = set(source_ids)
    return named([label for source_id, label in labels.items() if source_id in present])


def phase_totals(coverage: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per phase that at least one source places Pakistan's role in: how many sources, which, and a first quote.

    `coverage` is `phase_coverage`, `sources` is `authors`.
    """
    labels = sources.set_index("source_id").label
    grouped = coverage.groupby(["phase_id", "row", "start", "end"], as_index=False).agg(
        n_sources=("source_id", "nunique"),
        sources=("source_id", lambda s: names_of(s, labels)),
        n_passages=("n_passages", "sum"),
        role=("role", "first"),
        quote=("quote", "first"),
    )
    return grouped.sort_values("start").reset_index(drop=True)


def event_totals(events: pd.DataFrame, sources: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Events merged across sources (same label and dates), the `limit` most mentioned kept; the rest grouped per phase row.

    Each row: its phase `row`, `label`, `when`, `midpoint`, how many sources mention it
    (`n_sources`), which (`sources`), how many event records it stands for (`n_events`) and a first quote.
    A grouped row is labelled "N other events" and sits at the median of their dates.
    `events` is `dated_events`, `sources` is `authors`.
    """
    labels = sources.set_index("source_id").label
    merged = events.groupby(["row", "label", "when", "date_start", "date_end"], as_index=False, sort=False).agg(
        midpoint=("midpoint", "first"),
        n_sources=("source_id", "nunique"),
        sources=("source_id", lambda s: names_of(s, labels)),
        source_ids=("source_id", lambda s: tuple(sorted(set(s)))),
        quote=("quote", "first"),
        n_events=("event_id", "size"),
    )
    merged = merged.sort_values(["n_sources", "date_start", "label"], ascending=[False, True, True]).reset_index(drop=True)
    kept, rest = merged.iloc[:limit], merged.iloc[limit:]
    grouped = []
    for row, group in rest.groupby("row", sort=True):
        ids = sorted({source_id for ids in group.source_ids for source_id in ids})
        years = f"{group.date_start.min().year}–{group.date_end.max().year}"
        grouped.append(
            {
                "row": row,
                "label": f"{int(group.n_events.sum())} other events",
                "when": years if group.date_start.min().year != group.date_end.max().year else years[:4],
                "midpoint": group.midpoint.sort_values().iloc[len(group) // 2],
                "n_sources": len(ids),
                "sources": names_of(pd.Series(ids), labels),
                "quote": "",
                "n_events": int(group.n_events.sum()),
            }
        )
    frame = pd.concat([kept.drop(columns=["source_ids", "date_start", "date_end"]), pd.DataFrame(grouped)], ignore_index=True)
    return frame.sort_values(["midpoint", "label"]).reset_index(drop=True)
