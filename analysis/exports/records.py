"""The coded records every export carries, read from the built tables.

A record is one coded passage of one coding: the published (adjudicated) tables, or one
of the two independent codings of the reliability study (`codings` table). Each record
has its span (code-point offsets into the raw text as published), its codes (values of a
controlled vocabulary), its free-text fields, and its links to other records of the same
coding. The comparisons between sources are read by `comparisons` alone, so a change of
the comparison table touches that one function.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.dataset.load import Dataset

#: The published coding: the tables after adjudication.
PUBLISHED = "published"
#: Every coding, in the order the exports list them, and what each is.
CODINGS: dict[str, str] = {
    "a": "coding a: the first coding, as it stood before adjudication",
    "b": "coding b: the independent second coding",
    PUBLISHED: "the adjudicated coding: the published tables",
}
#: The kinds of record, in the order the exports list them.
KINDS = ("claims", "positions", "events", "notes", "phase_evidence")
#: What a claim's role says of the claim it bears on.
ROLE_RELATIONS = {
    "reason": "supports",
    "evidence": "supports",
    "concession": "concedes",
    "rebuttal": "rebuts",
}
#: The namespace of every stable identifier (uuid5): the same record gets the same id in every build.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:pakistan-afghanistan-arguments")


def stable_uuid(*parts: str) -> str:
    """A UUID that depends on `parts` alone (uuid5), so two builds give the same one."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


#: (name, value) pairs: a record's codes, free-text fields or links.
Pairs = tuple[tuple[str, str], ...]


class ExportError(ValueError):
    """The tables hold something an export cannot carry; the message names the table, record and field."""


@dataclass(frozen=True)
class Record:
    """One coded passage of one coding."""

    record_id: str
    kind: str
    coding: str
    source_id: str
    start: int
    end: int
    codes: Pairs  # (vocabulary, value), in field order
    texts: Pairs  # (field, free text)
    links: Pairs  # (relation, record id of the same coding)
    origin: str = ""  # where the record is: its table and row, for error messages

    @property
    def label(self) -> str:
        """The record in an error message: table and row, kind, id and coding."""
        return f"{self.origin}: {self.kind} {self.record_id} ({CODINGS[self.coding].split(':')[0]})"

    @property
    def key(self) -> str:
        """Unique among all records of all codings."""
        return f"{self.coding}:{self.record_id}"


@dataclass(frozen=True)
class Comparison:
    """Two sources compared on one matter, with the records (claims, positions) each side rests on (published ids)."""

    comparison_id: str
    topic_id: str
    source_a: str
    source_b: str
    relation: str
    reason: str
    claims_a: tuple[str, ...]
    claims_b: tuple[str, ...]


def _value(value: Any) -> str | None:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return str(value)


def rows(frame: pd.DataFrame) -> Iterator[dict[str, str | None]]:
    """The rows of a table as dicts, empty cells None, every value a string; `_row` numbers them from 1."""
    for number, row in enumerate(frame.to_dict("records"), start=1):
        yield {name: _value(value) for name, value in row.items()} | {"_row": str(number)}


def vocabularies(data: Dataset) -> dict[str, dict[str, str]]:
    """Every vocabulary a code is drawn from: its values and what each means, sorted by value."""
    listed: dict[str, dict[str, str]] = {}
    for row in rows(data.vocabularies):
        listed.setdefault(row["vocabulary"] or "", {})[row["value"] or ""] = row["definition"] or ""
    actors = {row["actor_id"]: row["name"] for row in rows(data.actors)}
    propositions = {row["proposition_id"]: row["statement"] for row in rows(data.propositions)}
    trees = {
        "topic": {row["topic_id"]: row["label"] for row in rows(data.topics)},
        "voice": {**listed.get("voice", {}), **actors},
        "modality": listed.get("modality", {}),
        "claim_type": listed.get("claims.claim_type", {}),
        "role": listed.get("claims.role", {}),
        "stance": listed.get("polarity", {}),
        "target": {**actors, **propositions},
        "holder": actors,
        "position_stance": listed.get("positions.stance", {}),
        "polarity": listed.get("polarity", {}),
        "phase": {row["phase_id"]: row["label"] for row in rows(data.phases)},
        "actor": actors,
        "date_precision": listed.get("date_precision", {}),
        "note_kind": listed.get("notes.kind", {}),
    }
    return {name: dict(sorted((str(k), str(v)) for k, v in values.items())) for name, values in trees.items()}


def _pairs(row: dict[str, str | None], fields: Iterable[tuple[str, str]]) -> Pairs:
    """(name, value) for each (column, name) of `fields` whose cell is filled."""
    return tuple((name, value) for column, name in fields if (value := row.get(column)))


def _target(row: dict[str, str | None]) -> dict[str, str | None]:
    return {**row, "target": row.get("target_actor_id") or row.get("target_proposition_id")}


def _link(row: dict[str, str | None]) -> Pairs:
    """A claim's link to the claim it bears on, named by its role: (relation, claim id), or none."""
    target = row.get("bears_on")
    return ((ROLE_RELATIONS.get(row.get("role") or "", "bears_on"), target),) if target else ()


_CLAIM_CODES = (
    ("topic_id", "topic"),
    ("voice", "voice"),
    ("modality", "modality"),
    ("claim_type", "claim_type"),
    ("target", "target"),
    ("stance", "stance"),
    ("role", "role"),
)
_POSITION_CODES = (
    ("holder_actor_id", "holder"),
    ("target", "target"),
    ("stance", "position_stance"),
    ("polarity", "polarity"),
    ("voice", "voice"),
    ("modality", "modality"),
)
#: The two codings' columns (`codings` table), by kind of record.
_CODING_CODES = {
    "claims": (("topic", "topic"), *_CLAIM_CODES[1:]),
    "positions": (("holder", "holder"), *_POSITION_CODES[1:]),
    "events": (("phase", "phase"),),
    "phase_evidence": (("phase", "phase"),),
}
#: The two codings' free-text columns, by kind of record.
_CODING_TEXTS = {"events": (("date_start", "date_start"), ("date_end", "date_end"))}


def _published(data: Dataset) -> Iterator[Record]:
    spans = {row["span_id"]: row for row in rows(data.spans)}
    event_actors: dict[str, list[str]] = {}
    for row in rows(data.event_actors):
        event_actors.setdefault(row["event_id"] or "", []).append(row["actor_id"] or "")

    def record(kind: str, record_id: str, row: dict[str, str | None], codes: Pairs, texts: Pairs, links: Pairs = ()) -> Record:
        origin = f"data/tables/{kind}.csv, row {row['_row']}"
        span = spans.get(row["span_id"] or "")
        if span is None:
            raise ExportError(f"{origin}: {kind} {record_id}: field 'span_id': no span '{row['span_id']}' in the spans table")
        start, end = int(span["start"]), int(span["end"])
        return Record(record_id, kind, PUBLISHED, row["source_id"] or "", start, end, codes, texts, links, origin)

    for row in rows(data.claims):
        row = _target(row)
        yield record(
            "claims", row["claim_id"], row, _pairs(row, _CLAIM_CODES), _pairs(row, [("paraphrase", "paraphrase")]), _link(row)
        )
    for row in rows(data.positions):
        row = _target(row)
        yield record("positions", row["position_id"], row, _pairs(row, _POSITION_CODES), _pairs(row, [("note", "note")]))
    for row in rows(data.events):
        codes = _pairs(row, [("phase_id", "phase"), ("date_precision", "date_precision")])
        codes += tuple(("actor", actor) for actor in sorted(event_actors.get(row["event_id"] or "", [])))
        texts = _pairs(
            row, [("label", "label"), ("date_start", "date_start"), ("date_end", "date_end"), ("date_note", "date_note")]
        )
        yield record("events", row["event_id"], row, codes, texts)
    for row in rows(data.notes):
        yield record(
            "notes", row["note_id"], row, _pairs(row, [("kind", "note_kind")]), _pairs(row, [("explanation", "explanation")])
        )
    for row in rows(data.phase_evidence):
        record_id = f"{row['phase_id']}@{row['span_id']}"
        yield record(
            "phase_evidence", record_id, row, _pairs(row, [("phase_id", "phase")]), _pairs(row, [("role", "pakistan_role")])
        )


def _codings(data: Dataset) -> Iterator[Record]:
    for row in rows(data.codings):
        kind, record_id = row["kind"] or "", row["record_id"] or ""
        if not record_id.startswith(f"{row['source_id']}-"):
            record_id = f"{row['source_id']}-{record_id}"  # phase evidence has no id: its place in its file, per source
        origin = f"data/tables/codings.csv, row {row['_row']}"
        if kind not in _CODING_CODES:
            raise ExportError(f"{origin}: {record_id}: field 'kind': no export carries '{kind}' records")
        if row["start"] is None or row["end"] is None:
            raise ExportError(f"{origin}: {kind} {record_id}: field 'start': the record has no span")
        start, end = int(float(row["start"])), int(float(row["end"]))
        codes, links = _pairs(row, _CODING_CODES[kind]), _link(row) if kind == "claims" else ()
        texts = _pairs(row, _CODING_TEXTS.get(kind, ()))
        yield Record(record_id, kind, row["coding"] or "", row["source_id"] or "", start, end, codes, texts, links, origin)


def records(data: Dataset) -> list[Record]:
    """Every coded record of every coding: the published tables, then codings a and b; sorted, checked."""
    found = list(_published(data)) + list(_codings(data))
    order = {coding: i for i, coding in enumerate(CODINGS)}
    found.sort(key=lambda r: (order[r.coding], r.source_id, KINDS.index(r.kind), r.start, r.end, r.record_id))
    _check(data, found)
    return found


def _check(data: Dataset, found: list[Record]) -> None:
    """Every code in its vocabulary, every link to a record of the same coding, every span inside its text."""
    trees = vocabularies(data)
    keys = {r.key for r in found}
    lengths = {row["source_id"]: int(row["n_chars"]) for row in rows(data.sources)}
    problems = []
    for r in found:
        label = r.label
        problems += [
            f"{label}: field '{name}': '{value}' is in no vocabulary" for name, value in r.codes if value not in trees[name]
        ]
        problems += [
            f"{label}: field 'bears_on': no record '{target}' in that coding"
            for _, target in r.links
            if f"{r.coding}:{target}" not in keys
        ]
        if not 0 <= r.start <= r.end <= lengths.get(r.source_id, -1):
            problems.append(f"{label}: field 'start': span {r.start}-{r.end} is not inside the text of '{r.source_id}'")
    if problems:
        raise ExportError("\n".join(problems))


def comparisons(data: Dataset) -> list[Comparison]:
    """The comparisons between sources, from the `points` table: one per matter and pair of sources.

    The one place an export reads the comparisons: every export takes them from here. A side the point
    does not speak for (a matter only one source raises) has no records.
    """
    return [
        Comparison(
            row["point_id"] or "",
            row["topic_id"] or "",
            row["source_a"] or "",
            row["source_b"] or "",
            row["relation"] or "",
            row["reason"] or "",
            tuple((row["evidence_a"] or "").split()),
            tuple((row["evidence_b"] or "").split()),
        )
        for row in rows(data.points)
    ]


def raw_paths(data: Dataset) -> dict[str, str]:
    """Where the raw text of each source is, inside the data package: `raw/<file>`, by source id."""
    return {row["source_id"] or "": f"raw/{row['raw_file']}" for row in rows(data.sources)}
