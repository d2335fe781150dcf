"""The tables the book shows, as data: each a frame whose cells are text, links to records, passages and sources
(`prose.Link`), or both (`Cell`), with its column widths, caption and label; the book renders them
(`analysis.book.myst`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.dataset import reliability, vocabularies
from analysis.dataset.load import Dataset
from analysis.dataset.parameters import MAX_TABLE_ROWS, PARAMETERS
from analysis.report import findings, frames, summary
from analysis.report.prose import Link, Prose

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Cell:
    """A cell of text and links, in reading order."""

    parts: tuple[str | Link, ...]


def record_anchor(record_id: str) -> Link:
    """A cell showing the id of a record without a passage (a contrast) and carrying the anchor a link to it opens."""
    return Link("anchor", record_id)


def record_link(record_id: str) -> Link:
    """A cell showing a record's id as a link to its passage on its source's annotated page."""
    return Link("record", record_id)


def quote_link(key: str) -> Link:
    """A cell showing the passage of a record or span (by its id) as a link to it on its source's annotated page."""
    return Link("quote", key)


def markdown_escape(value: object) -> str:
    """Text that MyST shows literally: every ASCII punctuation mark backslash-escaped, on one line."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


@dataclass
class BookTable:
    """A numbered, captioned table of both the HTML and the PDF book: `frame`'s cells are text, `Link`s or `Cell`s.

    `widths` are relative column widths; `name` is the label for cross-references.
    `facets` makes a named table filterable in the HTML: for each filter ("Author",
    "Topic", ...), one value (or a list of values) per row of `frame`, in its order.
    The book renders it (`analysis.book.myst.table`).
    """

    frame: pd.DataFrame
    widths: list[float] = field(default_factory=list)
    caption: str = ""
    name: str = ""
    facets: dict[str, list[object]] = field(default_factory=dict)
    #: For a table that stands in for a longer one (counts instead of every row): its own caption, kept by `titled`.
    own_caption: str = ""
    #: A sentence under the table: what it leaves out and where to find it.
    note: str = ""
    #: Whether the table may run over pages in the PDF; a short one that may not is kept on one page, with no
    #: "continued" head (which would name the number of the table before an uncaptioned one).
    long: bool = True

    def titled(self, caption: str, name: str) -> BookTable:
        """The same table with a caption (its own, if it stands in for a longer table) and a cross-reference label."""
        return replace(self, caption=self.own_caption or caption, name=name)

    def __len__(self) -> int:
        return len(self.frame)


def source_link(source_id: str) -> Link:
    """A cell showing a source id as a link to its annotated text."""
    return Link("source", source_id)


def per_source(data: Dataset, table: str, noun: str) -> BookTable:
    """How many records of `table` each source has, with a link to the source's annotated text, which shows them all.

    Stands in for a table of every record when there are more than MAX_TABLE_ROWS.
    """
    who = frames.authors(data)
    counts = data.tables[table].source_id.value_counts()
    frame = pd.DataFrame(
        {
            "Source": who.source_id.map(source_link),
            "Author": who.label,
            noun.capitalize(): who.source_id.map(lambda source_id: str(int(counts.get(source_id, 0)))),
        }
    )
    total = len(data.tables[table])
    return BookTable(
        frame,
        [0.3, 0.5, 0.2],
        own_caption=f"{total:,} {noun}, counted per source: each source's annotated text shows its {noun} at their passages.",
        note=f"*With {total:,} {noun}, more than {MAX_TABLE_ROWS} rows, the book counts them per source; "
        f"`{table}.csv` in the data files lists every one.*",
    )


def positions_table(data: Dataset) -> BookTable:
    """Every position: its id, who, toward whom or what, the stance, how the text presents it, and the quote."""
    if len(data.positions) > MAX_TABLE_ROWS:
        return per_source(data, "positions", "positions")
    positions = frames.with_evidence(data, "positions").sort_values(["holder_actor_id", "source_id", "start"])
    frame = pd.DataFrame(
        {
            "Position": positions.position_id.map(record_link),
            "Actor": positions.holder_actor_id.map(frames.actor_names(data)),
            "Toward": frames.target_labels(data, positions),
            "Stance": positions.stance + " (" + positions.polarity + "), " + positions.modality,
            "Quote": positions.quote,
        }
    )
    facets = {
        "Author": list(positions.author_label),
        "Actor": list(frame.Actor),
        "Toward": list(frame.Toward),
        "Stance": list(positions.stance),
        "Modality": list(positions.modality),
    }
    return BookTable(frame.reset_index(drop=True), [0.17, 0.14, 0.2, 0.15, 0.34], facets=facets)


def phase_quotes_table(data: Dataset) -> BookTable:
    """For each phase, each author's account of Pakistan's role, with the quote; per phase past MAX_TABLE_ROWS rows."""
    if len(data.phase_evidence) > MAX_TABLE_ROWS:
        totals = frames.phase_totals(frames.phase_coverage(data), frames.authors(data))
        frame = pd.DataFrame(
            {
                "Phase": totals.row,
                "Texts": totals.n_sources.astype(str),
                "Which": totals.sources,
                "Pakistan's role, as first told": totals.role,
                "First quote": totals.quote,
            }
        )
        return BookTable(
            frame,
            [0.18, 0.08, 0.2, 0.24, 0.3],
            own_caption="Pakistan's role in each phase: how many texts tell it, and the first account with its quote.",
            note=f"*With {len(data.phase_evidence):,} accounts of phases, more than {MAX_TABLE_ROWS} rows, the book "
            "summarises them per phase; `phase_evidence.csv` in the data files lists every one.*",
        )
    evidence = frames.with_evidence(data, "phase_evidence")
    phases = frames.phase_rows(data)[["phase_id", "row", "start_year"]]
    evidence = evidence.merge(phases, on="phase_id").sort_values(["start_year", "phase_id", "source_id", "start"])
    frame = pd.DataFrame(
        {
            "Phase": evidence.row,
            "Author": evidence.author_label,
            "Pakistan's role, as told": evidence.role,
            "Quote": evidence.span_id.map(quote_link),
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.18, 0.12, 0.30, 0.40])


def events_table(data: Dataset) -> BookTable:
    """Every dated event in date order: its date, how precisely and by whom it is dated, the event, its author, its passage.

    The date is written at its precision, with "c." when approximate; the passage links to its place on its source's page.
    """
    events = frames.dated_events(data)
    if len(events) > MAX_TABLE_ROWS:
        totals = frames.event_totals(events, frames.authors(data), MAX_TABLE_ROWS)
        frame = pd.DataFrame(
            {
                "Date": totals.when,
                "Event": totals.label,
                "Texts": totals.n_sources.astype(str),
                "Which": totals.sources,
                "First quote": totals.quote,
            }
        )
        return BookTable(
            frame,
            [0.14, 0.24, 0.08, 0.22, 0.32],
            own_caption="The events the texts mention in date order, each event the texts share once: how many texts "
            "mention it, which, and the first quote; the least mentioned grouped per phase.",
            note=f"*With {len(events):,} dated events, more than {MAX_TABLE_ROWS} rows, the book lists the {MAX_TABLE_ROWS} "
            "most mentioned and groups the rest per phase; `events.csv` in the data files lists every one.*",
        )
    frame = pd.DataFrame(
        {
            "Date": events.when,
            "Dated": events.dated,
            "Event": events.label,
            "Author": events.author_label,
            "Passage": events.event_id.map(quote_link),
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.16, 0.13, 0.25, 0.12, 0.34])


def events_sentence(data: Dataset) -> Prose:
    """What the events table (`tbl-events`) lists, and how many dates are the texts' own."""
    n_events, by_text = len(data.events), int((data.events.date_basis == "text").sum())
    table = Link("number", "tbl-events")
    if n_events == 0:
        return Prose("No text mentions a dated event, so ", table, " is empty.")
    listed = Prose(
        table,
        f" lists the {summary.number_word(n_events)} events in date order: the date at its precision "
        '("c." marks an approximate one), how precisely and by whom it was dated, and the passage that mentions the event.'
        if n_events <= MAX_TABLE_ROWS
        else f" lists the {n_events:,} dated events in date order, an event the texts share on one "
        f"row with how many texts mention it, which, and a first quote; past {MAX_TABLE_ROWS} rows the least mentioned "
        "are grouped per phase. Each source's annotated text shows its events at their passages.",
    )
    if by_text == n_events:
        return listed + " Every date is the texts' own."
    return listed + (
        f" Of the dates, {summary.number_word(by_text)} are the texts' own; the coder dated the others from general "
        "knowledge, and each event's note in the data says how."
    )


def claims_table(data: Dataset) -> BookTable:
    """Every claim: id, voice and modality, topic and role, stance on its target, paraphrase and quote (per source past MAX_TABLE_ROWS)."""
    if len(data.claims) > MAX_TABLE_ROWS:
        return per_source(data, "claims", "claims")
    claims = frames.with_evidence(data, "claims").sort_values(["source_id", "start"])
    target = frames.target_labels(data, claims)
    frame = pd.DataFrame(
        {
            "Claim": claims.claim_id.map(record_link),
            "Voice, modality": claims.speaker + ", " + claims.modality,
            "Topic, role": claims.topic_id.map(frames.topic_labels(data)) + "; " + claims.role,
            "Stance": (claims.stance + " " + target.fillna("")).str.strip(),
            "Paraphrase": claims.paraphrase,
            "Quote": claims.quote,
        }
    )
    facets = {
        "Author": list(claims.author_label),
        "Topic": list(claims.topic_id.map(frames.topic_labels(data))),
        "Actor": list(claims.target_actor_id.map(frames.actor_names(data))),
        "Stance": list(claims.stance),
        "Modality": list(claims.modality),
        "Voice": list(claims.speaker),
    }
    return BookTable(frame.reset_index(drop=True), [0.17, 0.16, 0.15, 0.14, 0.18, 0.2], facets=facets)


def notes_table(data: Dataset) -> BookTable:
    """Text-quality notes with the passage they concern (per source past MAX_TABLE_ROWS)."""
    if len(data.notes) > MAX_TABLE_ROWS:
        return per_source(data, "notes", "notes")
    notes = frames.with_evidence(data, "notes").sort_values(["source_id", "start"])
    frame = pd.DataFrame(
        {
            "Note": notes.note_id.map(record_link),
            "Kind": notes.kind.str.replace("_", " "),
            "Passage": notes.quote,
            "Explanation": notes.explanation,
        }
    )
    facets = {"Author": list(notes.author_label), "Kind": list(frame.Kind)}
    return BookTable(frame.reset_index(drop=True), [0.18, 0.12, 0.28, 0.42], facets=facets)


def record_links(ids: object, limit: int | None = None) -> Cell:
    """Space-separated record ids as links to their passages; past `limit` ids, the first ones and how many more."""
    if not isinstance(ids, str) or not ids.strip():
        return Cell(("-",))
    records = ids.split()
    shown = records if limit is None else records[:limit]
    more = len(records) - len(shown)
    links = [part for index, record_id in enumerate(shown) for part in ((", ",) if index else ()) + (record_link(record_id),)]
    return Cell((*links, *((f" and {more} more",) if more else ())))


#: The most records a comparison cell links to; `points.csv` lists them all.
CELL_RECORDS = 5


def _says_cell(says: object, ids: object) -> Cell | str:
    """What one side says on a matter, then links to the records it rests on (each opens its passage)."""
    if not isinstance(says, str) or not says.strip():
        return "(silent)"
    return Cell((says, " (", *record_links(ids, CELL_RECORDS).parts, ")"))


def _matter_cells(rows: pd.DataFrame) -> list[Cell]:
    """Each point's matter, carrying the anchor a finding citing the point links to."""
    return [Cell((matter, " ", record_anchor(point_id))) for matter, point_id in zip(rows.matter, rows.point_id, strict=True)]


def _pair_points(data: Dataset, both: bool) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """For each compared pair, in id order and at most `frames.MAX_PAIR_COLUMNS` of them, its points both sources
    speak to (`both`) or that one raises alone; a pair with none is left out."""
    grid = frames.point_grid(data)
    pairs = grid[["source_a", "source_b"]].drop_duplicates().sort_values(["source_a", "source_b"])
    for source_a, source_b in list(pairs.itertuples(index=False, name=None))[: frames.MAX_PAIR_COLUMNS]:
        rows = grid[(grid.source_a == source_a) & (grid.source_b == source_b) & (grid.both == both)]
        if not rows.empty:
            yield source_a, source_b, rows


def comparison_tables(data: Dataset) -> list[BookTable]:
    """For each compared pair: every matter both sources speak to, what each says (linked to its passages), the relation.

    Titled `tbl-compare-<a>-<b>`, one per pair up to `frames.MAX_PAIR_COLUMNS` pairs; each row carries the
    anchor of its point, so a finding citing the point links to its row.
    """
    found = []
    for source_a, source_b, rows in _pair_points(data, both=True):
        rows = rows.sort_values(["relation_order", "topic", "matter"])
        label_a, label_b = rows.label_a.iloc[0], rows.label_b.iloc[0]
        frame = pd.DataFrame(
            {
                "Matter": _matter_cells(rows),
                f"{label_a} says": [_says_cell(*cell) for cell in zip(rows.says_a, rows.evidence_a, strict=True)],
                f"{label_b} says": [_says_cell(*cell) for cell in zip(rows.says_b, rows.evidence_b, strict=True)],
                "Relation": rows.relation_label,
            }
        )
        facets = {"Topic": list(rows.topic), "Relation": list(rows.relation_label)}
        table = BookTable(frame.reset_index(drop=True), [0.2, 0.34, 0.34, 0.12], facets=facets)
        found.append(
            table.titled(
                f"{label_a} and {label_b}: each matter both speak to, what each says, and how they relate.",
                f"tbl-compare-{source_a}-{source_b}",
            )
        )
    return found


def one_sided_tables(data: Dataset) -> list[BookTable]:
    """For each compared pair: the matters one source raises and the other does not discuss (`tbl-one-sided-<a>-<b>`)."""
    found = []
    for source_a, source_b, rows in _pair_points(data, both=False):
        label_a, label_b = rows.label_a.iloc[0], rows.label_b.iloc[0]
        speaker = rows.says_a.notna()
        frame = pd.DataFrame(
            {
                "Matter": _matter_cells(rows),
                "Raised by": rows.label_a.where(speaker, rows.label_b),
                "What it says": [
                    _says_cell(a if has_a else b, ea if has_a else eb)
                    for a, b, ea, eb, has_a in zip(
                        rows.says_a, rows.says_b, rows.evidence_a, rows.evidence_b, speaker, strict=True
                    )
                ],
                "Not discussed by": rows.label_b.where(speaker, rows.label_a),
            }
        )
        facets = {"Topic": list(rows.topic), "Raised by": list(frame["Raised by"])}
        table = BookTable(frame.reset_index(drop=True), [0.22, 0.15, 0.48, 0.15], facets=facets)
        found.append(
            table.titled(
                f"{label_a} and {label_b}: matters one of them raises and the other does not discuss.",
                f"tbl-one-sided-{source_a}-{source_b}",
            )
        )
    return found


def validity_table(data: Dataset) -> BookTable:
    """The matters on which the reading made without the manual and the published points differ, with their notes."""
    rows = data.validity[~data.validity.same].sort_values("matter_id")
    frame = pd.DataFrame(
        {
            "Reader's matter": [f"{matter} ({key})" for matter, key in zip(rows.matter, rows.matter_id, strict=True)],
            "Reader": rows.reader_relation.str.replace("_", " "),
            "Aligned point": rows.point_id.map(lambda key: record_link(key) if isinstance(key, str) else summary.NO_POINT),
            "Published": rows.published_relation.fillna("").str.replace("_", " "),
            "Why it stands": rows.note,
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.22, 0.1, 0.18, 0.1, 0.4])


def events_between_table(data: Dataset) -> BookTable:
    """The coded events between the earliest and the latest source's dates: when, what, who mentions it, on what basis."""
    events = frames.events_between(data)
    frame = pd.DataFrame(
        {
            "When": [
                summary.published_phrase(date, precision)
                for date, precision in zip(events.date_start, events.date_precision, strict=True)
            ],
            "Event": events.label,
            "Mentioned by": events.author_label,
            "Passage": events.event_id.map(quote_link),
            "Date from": events.date_basis.map({"text": "the text", "inferred": "the coder's knowledge"}).fillna(
                events.date_basis
            ),
        }
    )
    return BookTable(frame, [0.14, 0.3, 0.16, 0.26, 0.14])


def contrasts_table(data: Dataset) -> BookTable:
    """Every coded or computed contrast: topic, pair, relation, the reason, and the claims cited on each side.

    Past MAX_TABLE_ROWS rows, the coded contrasts and those a finding cites come first, and the
    computed rows past the limit are counted in a note instead.
    """
    grid = frames.contrast_grid(data).sort_values(["topic_id", "source_a", "source_b"])
    note = ""
    if len(grid) > MAX_TABLE_ROWS:
        cited = {record for finding in findings.read() for record in finding.records}
        keep = grid.relation.isin(vocabularies.CODED_RELATIONS) | grid.contrast_id.isin(cited)
        kept = pd.concat([grid[keep], grid[~keep].iloc[: max(0, MAX_TABLE_ROWS - int(keep.sum()))]])
        left = grid[~grid.contrast_id.isin(kept.contrast_id)]
        if len(left):
            counts = left.relation_label.value_counts().sort_index()
            note = (
                f"*Not shown, of {len(grid):,} rows: {summary.join_words([f'{n:,} {r}' for r, n in counts.items()])}, "
                "computed from the claims' topics; `contrasts.csv` in the data files lists every one.*"
            )
        grid = kept
    frame = pd.DataFrame(
        {
            "Contrast": grid.contrast_id.map(record_anchor),
            "Relation": grid.relation_label,
            "Why": grid.reason.fillna("(computed from the claims' topics)"),
            "Claims of A": grid.claims_a.map(record_links),
            "Claims of B": grid.claims_b.map(record_links),
        }
    )
    facets = {
        "Author": [[a, b] for a, b in zip(grid.label_a, grid.label_b, strict=True)],
        "Topic": list(grid.topic),
        "Relation": list(grid.relation_label),
    }
    return BookTable(frame.reset_index(drop=True), [0.24, 0.12, 0.32, 0.16, 0.16], facets=facets, note=note)


def sources_table(data: Dataset) -> BookTable:
    """Who wrote what, when and where; each source id links to its annotated text."""
    who = frames.authors(data).merge(data.sources, on=["source_id", "author", "published", "attribution"])
    frame = pd.DataFrame(
        {
            "Source": who.source_id.map(source_link),
            "Arguments of": who.author,
            "Written by": who.reporter.fillna(who.author),
            "Title": who.title,
            "Venue": who.venue,
            "Published": [summary.published_phrase(d, p) for d, p in zip(who.published, who.published_precision, strict=True)],
            "Body coverage": (100 * who.body_coverage).round(0).astype(int).astype(str) + "%",
        }
    )
    return BookTable(frame, [0.15, 0.12, 0.12, 0.21, 0.16, 0.14, 0.10])


def parameters_table() -> BookTable:
    """Every threshold the analysis applies, its value, and what it decides (`analysis/dataset/parameters.py`)."""
    frame = pd.DataFrame(
        {
            "Threshold": [parameter.name for parameter in PARAMETERS],
            "Value": [parameter.shown for parameter in PARAMETERS],
            "What it decides": [parameter.decides for parameter in PARAMETERS],
        }
    )
    return BookTable(frame, [0.27, 0.15, 0.58])


def fields_tables(descriptor: dict) -> list[BookTable]:
    """The data dictionary: a titled fields table (`tbl-fields-<table>`) for every table of the data package, in its order."""
    return [
        fields_table(descriptor, resource["name"]).titled(
            f"{resource['name']}: {resource['title']}. {resource['description']}", f"tbl-fields-{resource['name']}"
        )
        for resource in descriptor["resources"]
        if resource.get("type") == "table"
    ]


def fields_table(descriptor: dict, resource: str) -> BookTable:
    """The data dictionary of one table of `datapackage.json`: fields, types, rules and meaning."""
    table = next(r for r in descriptor["resources"] if r["name"] == resource)
    rows = []
    for column in table["schema"]["fields"]:
        constraints = column.get("constraints", {})
        rules = ["required" if constraints.get("required") else "optional"]
        if constraints.get("unique") or [column["name"]] == table["schema"]["primaryKey"]:
            rules.append("unique")
        if "enum" in constraints:
            rules.append("one of: " + ", ".join(constraints["enum"]))
        rows.append(
            {"Field": column["name"], "Type": column["type"], "Rules": "; ".join(rules), "Meaning": column["description"]}
        )
    return BookTable(pd.DataFrame(rows), [0.18, 0.10, 0.30, 0.42])


def vocabularies_table(data: Dataset) -> BookTable:
    """Every value of every closed vocabulary, with its definition."""
    frame = data.vocabularies.rename(columns={"vocabulary": "Vocabulary", "value": "Value", "definition": "Definition"})
    return BookTable(frame, [0.22, 0.20, 0.58])


def actors_table(data: Dataset) -> BookTable:
    """The actors of the codebook with their type, the countries a state stands for, and every alias matched in the texts."""
    frame = pd.DataFrame(
        {
            "Actor": data.actors.actor_id,
            "Name": data.actors.name,
            "Type": data.actors.type,
            "Countries": data.actors.countries.map(", ".join),
            "Aliases": data.actors.aliases.map(", ".join),
        }
    )
    return BookTable(frame, [0.16, 0.24, 0.14, 0.12, 0.34])


def topics_table(data: Dataset) -> BookTable:
    """The topics of the claims codebook with their definitions."""
    frame = data.topics.rename(columns={"topic_id": "Topic", "label": "Label", "definition": "Definition"})
    return BookTable(frame, [0.18, 0.24, 0.58])


def propositions_table(data: Dataset) -> BookTable:
    """The propositions of the codebook, as statements."""
    frame = data.propositions.rename(columns={"proposition_id": "Proposition", "statement": "Statement"})
    return BookTable(frame, [0.3, 0.7])


def phases_table(data: Dataset) -> BookTable:
    """The historical phases with their years and Pakistan's role."""
    phases = frames.phase_rows(data)
    frame = pd.DataFrame(
        {
            "Phase": phases.phase_id,
            "Label": phases.label,
            "Years": phases.start_year.astype(str) + "–" + phases.end_year.astype(str),
            "Pakistan's role": phases.pakistan_role,
        }
    )
    return BookTable(frame, [0.18, 0.22, 0.12, 0.48])


def _with_interval(value: float, low: float, high: float, percent: bool = False) -> str:
    """'0.74 [0.61–0.85]' (or '74% [61–85%]'); a dash for no figure."""
    if pd.isna(value):
        return "–"
    if percent:
        shown = f"{100 * value:.0f}%"
        return shown if pd.isna(low) else f"{shown} [{100 * low:.0f}–{100 * high:.0f}%]"
    return f"{value:.2f}" if pd.isna(low) else f"{value:.2f} [{low:.2f}–{high:.2f}]"


def agreement_table(data: Dataset) -> BookTable:
    """Agreement between the two codings, measure by measure, per source and pooled: units, share agreeing and alpha
    (each with its bootstrap 95% interval) and what alpha supports. Filterable by text and kind of record."""
    order = {
        f"{kind}.{name}": n
        for n, (kind, name) in enumerate(
            (kind, name)
            for kind, fields in reliability.FIELDS.items()
            for name in (
                *reliability.UNITIZING,
                *fields,
                *map(reliability.joint_name, reliability.JOINT.get(kind, ())),
            )
        )
    }
    labels = summary.scope_labels(data)
    agreement = data.agreement.assign(
        _order=data.agreement.measure_id.map(order), _pooled=data.agreement.scope != reliability.POOLED
    ).sort_values(["_order", "_pooled", "scope"])
    frame = pd.DataFrame(
        {
            "Measure": [summary.measure_label(k, f) for k, f in zip(agreement.kind, agreement.field, strict=True)],
            "Texts": [labels[scope] for scope in agreement.scope],
            "Units": agreement.n_units.astype(str),
            "Agree": [
                _with_interval(*values, percent=True)
                for values in zip(agreement.share_agree, agreement.share_low, agreement.share_high, strict=True)
            ],
            "Alpha": [
                _with_interval(*values) for values in zip(agreement.alpha, agreement.alpha_low, agreement.alpha_high, strict=True)
            ],
            "Reads as": [
                "–" if field in reliability.UNITIZING else reliability.verdict(None if pd.isna(a) else a)
                for field, a in zip(agreement.field, agreement.alpha, strict=True)
            ],
        }
    )
    facets = {"Texts": list(frame.Texts), "Records": [kind.replace("_", " ") for kind in agreement.kind]}
    return BookTable(frame.reset_index(drop=True), [0.28, 0.2, 0.08, 0.16, 0.16, 0.12], facets=facets)


def adjudications_table(data: Dataset) -> BookTable:
    """Every disagreement between the codings: the records, the field, both codes, the decision and the reason.

    Coding a's record links to its passage when the dataset still holds it; coding b's ids, its own, are shown as text.
    """
    adjudications = data.adjudications.sort_values(["kind", "source", "record_a", "field"], na_position="last")
    known = findings.record_sources(data)

    def shown(record_id: object) -> str | Link:
        if not isinstance(record_id, str) or not record_id:
            return "–"
        return record_link(record_id) if record_id in known else record_id

    # Coding a's ids are the published ones; coding b's are its own (the same string can name another record).
    records = [
        Cell((shown(a), " / ", b if isinstance(b, str) and b else "–"))
        for a, b in zip(adjudications.record_a, adjudications.record_b, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "Records (a / b)": records,
            "Field": adjudications.field.str.replace("_", " "),
            "Codes (a / b)": adjudications.code_a.fillna("–") + " / " + adjudications.code_b.fillna("–"),
            "Kept": adjudications.decision + ": " + adjudications.final.fillna("(dropped)"),
            "Reason": adjudications.reason,
        }
    )
    labels = frames.authors(data).set_index("source_id").label
    facets = {
        "Author": [[labels.get(s, s) for s in str(sources).split("+")] for sources in adjudications.source],
        "Records": list(adjudications.kind),
        "Field": list(frame.Field),
        "Kept": list(adjudications.decision.map(lambda d: f"coding {d}" if d in ("a", "b") else d)),
    }
    return BookTable(frame.reset_index(drop=True), [0.24, 0.1, 0.2, 0.16, 0.3], facets=facets)


def words_table(words: pd.DataFrame) -> BookTable:
    """Distinctive words per author: the word, its uses by the author and by the others, and z (the strongest MAX_TABLE_ROWS)."""
    note = ""
    if len(words) > MAX_TABLE_ROWS:
        note = f"*The {MAX_TABLE_ROWS} words with the highest z of {len(words):,} that reach the threshold.*"
        words = words.sort_values("z", ascending=False, kind="stable").iloc[:MAX_TABLE_ROWS]
    frame = pd.DataFrame(
        {
            "Author": words.author_label,
            "Word": words.word,
            "Uses": words["count"].astype(str) + " / " + words.count_rest.astype(str),
            "z": words.z.map(lambda z: f"{z:.2f}"),
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.3, 0.3, 0.2, 0.2], note=note)


@dataclass
class WebOnly:
    """Tables the web edition shows in full and the PDF replaces by a stand-in: a summary and where the rows are.

    The book renders it (`analysis.book.myst.web_only`).
    """

    tables: list[BookTable]
    #: What paper shows instead: paragraphs and tables, in order.
    stand_in: list[str | BookTable]


def data_file(resource: dict) -> str:
    """Where a table of the data package is in the data zip (`tables/claims.csv`), as the PDF names it."""
    return resource["path"]


def _file_pointer(what: str, path: str, data_zip: str) -> str:
    """The sentence that sends a reader of paper to a file of the data package (the zip `data_zip`)."""
    return (
        f"{what} is in the data package, as the file `{path}` of `{data_zip}`; `datapackage.json` beside it "
        "describes every column."
    )


def adjudications_summary(data: Dataset, data_zip: str) -> list[str | BookTable]:
    """For paper: the disagreements counted by kind of record and field, with the code kept, and where every one is."""
    adjudications = data.adjudications
    resource = next(r for r in data.descriptor["resources"] if r["name"] == "adjudications")
    pointer = _file_pointer(
        "Every disagreement, with the records of each coding, both codes, the code kept and the adjudicator's reason,",
        data_file(resource),
        data_zip,
    )
    if adjudications.empty:
        return [f"There was no disagreement to adjudicate: no text of this corpus was coded twice. {pointer}"]
    decided = {"a": "Coding a's kept", "b": "Coding b's kept", "other": "Another code"}
    rows = []
    for kind, group in adjudications.groupby("kind", sort=True):
        fields = group.field.str.replace("_", " ").value_counts()
        decisions = group.decision.value_counts()
        rows.append(
            {
                "Records": kind.replace("_", " "),
                "In all": str(len(group)),
                "On which field": ", ".join(f"{field} {count}" for field, count in fields.items()),
                **{label: str(int(decisions.get(code, 0))) for code, label in decided.items()},
            }
        )
    total = len(adjudications)
    return [
        f"The two codings disagreed {total:,} time{'' if total == 1 else 's'}; the table counts them by kind of record "
        f'and field (the field "unit": a passage only one coding coded) and by the code kept. {pointer}',
        BookTable(pd.DataFrame(rows), [0.15, 0.14, 0.35, 0.12, 0.12, 0.12], long=False),
    ]


def fields_summary(descriptor: dict, data_zip: str) -> list[str | BookTable]:
    """For paper: each table of the data package with its number of fields, and where the fields are described."""
    resources = [r for r in descriptor["resources"] if r.get("type") == "table"]
    n = len(resources)
    listed = [f"`{data_file(r)}` ({len(r['schema']['fields']):,})" for r in resources]
    return [
        f"The data package holds {n:,} table{'' if n == 1 else 's'}, one CSV file each; the files, with the number "
        f"of fields of each: {summary.join_words(listed)}. Every field, with its type, its rules (required, unique, allowed values) and "
        f"its meaning, is described in the file `datapackage.json` of `{data_zip}`, the data package's descriptor, "
        "which tools such as `frictionless` read."
    ]


def adjudications_for_both_editions(data: Dataset, caption: str, name: str, data_zip: str) -> WebOnly:
    """The adjudications table in full on the web; on paper, counts by field and decision and where every row is."""
    return WebOnly([adjudications_table(data).titled(caption, name)], adjudications_summary(data, data_zip))


def fields_for_both_editions(descriptor: dict, data_zip: str) -> WebOnly:
    """The data dictionary's tables in full on the web; on paper, each table's number of fields and where they are."""
    return WebOnly(fields_tables(descriptor), fields_summary(descriptor, data_zip))
