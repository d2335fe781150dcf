"""Each source text cut into the pieces its evidence spans mark: the model of the annotated source pages.

A source page shows the raw text as received, with every coded span marked by
the kinds of record resting on it. Spans overlap, so the text is cut at every
span boundary: each piece knows the set of spans covering it, and the page draws
one mark per kind and a darker tint per depth. The text is also cut into blocks
of article body and page chrome (from the `sentences` table), and a body
sentence that no span touches is flagged as uncovered.

Nothing here names a source: every source of the dataset gets the same treatment.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.report import frames

#: Record kinds in the order their marks are stacked and their labels listed, with the word the page uses.
KINDS: dict[str, str] = {
    "claim": "claim",
    "position": "position",
    "phase": "phase evidence",
    "event": "event",
    "note": "note",
}

#: The same words in the plural.
KINDS_PLURAL: dict[str, str] = {
    "claim": "claims",
    "position": "positions",
    "phase": "phase evidence",
    "event": "events",
    "note": "notes",
}


@dataclass(frozen=True)
class Record:
    """One coded record, as a source page labels it."""

    kind: str
    record_id: str | None  # None for phase evidence, which has no id of its own
    label: str  # the short label shown on the page
    description: str  # one line: what the record is and what it says
    span_id: str


@dataclass(frozen=True)
class Piece:
    """A stretch of text [start, end) with the same spans over all of it."""

    start: int
    end: int
    spans: tuple[str, ...]  # the span ids covering it, outermost first
    kinds: tuple[str, ...]  # the kinds of record on those spans, in KINDS order
    opens: tuple[str, ...]  # the span ids that begin here, outermost first
    uncovered: bool  # part of a body sentence that no span touches
    opens_uncovered: bool  # the first piece of such a sentence
    heading: bool


@dataclass(frozen=True)
class Block:
    """A run of article body or of page chrome, shown as one block of text."""

    chrome: bool
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class AnnotatedText:
    """A source's raw text, its blocks of pieces, and the records on each span."""

    source_id: str
    text: str
    blocks: tuple[Block, ...]
    records: dict[str, tuple[Record, ...]]  # span id to the records resting on it, in KINDS order


def short_label(record_id: str, source_id: str) -> str:
    """A record id without its source's prefix, as the source's own page labels it ('bataut2025-c01' -> 'c01')."""
    prefix = f"{source_id}-"
    return record_id[len(prefix) :] if record_id.startswith(prefix) and len(record_id) > len(prefix) else record_id


def _identified(kind: str, frame: pd.DataFrame, id_column: str, describe: Callable[[Any], str]) -> list[Record]:
    """The records of one kind that carry their own ids, each labelled on its source's page by its short id."""
    return [
        Record(kind, getattr(row, id_column), short_label(getattr(row, id_column), row.source_id), describe(row), row.span_id)
        for row in frame.itertuples()
    ]


def _claims(data: Dataset) -> list[Record]:
    claims = data.claims.assign(target=frames.target_labels(data, data.claims))
    return _identified(
        "claim",
        claims,
        "claim_id",
        lambda row: f"Claim {row.claim_id} ({row.speaker}, {row.modality} {row.claim_type}): {row.paraphrase}",
    )


def _positions(data: Dataset) -> list[Record]:
    names = frames.actor_names(data)
    positions = data.positions.assign(target=frames.target_labels(data, data.positions))
    return _identified(
        "position",
        positions,
        "position_id",
        lambda row: (
            f"Position {row.position_id}: {names[row.holder_actor_id]} toward {row.target}: "
            f"{row.stance} ({row.polarity}), {row.modality}"
        ),
    )


def _phase_evidence(data: Dataset) -> list[Record]:
    labels = dict(zip(data.phases.phase_id, data.phases.label, strict=True))
    return [
        Record("phase", None, row.phase_id, f"Phase evidence, {labels[row.phase_id]}: {row.role}", row.span_id)
        for row in data.phase_evidence.itertuples()
    ]


def _events(data: Dataset) -> list[Record]:
    return _identified(
        "event", frames.dated_events(data), "event_id", lambda row: f"Event {row.event_id}: {row.label}, {row.when}"
    )


def _notes(data: Dataset) -> list[Record]:
    return _identified(
        "note", data.notes, "note_id", lambda row: f"Note {row.note_id} ({row.kind.replace('_', ' ')}): {row.explanation}"
    )


def records(data: Dataset) -> list[Record]:
    """Every record that rests on a span, of every kind, in KINDS order and then by id."""
    found = _claims(data) + _positions(data) + _phase_evidence(data) + _events(data) + _notes(data)
    order = list(KINDS)
    return sorted(found, key=lambda r: (order.index(r.kind), r.record_id or r.label, r.span_id))


def record_label(record_id: str) -> str:
    """The anchor, and cross-reference label, of a record's passage: `record-<id>`, the id kept exactly."""
    return f"record-{record_id}"


def page_label(source_id: str) -> str:
    """The cross-reference label of a source's annotated text page."""
    return f"text-{source_id}"


def passage_anchors(data: Dataset) -> dict[str, tuple[str, str]]:
    """Every span id, and every id of a record resting on a span: the anchor of its passage and the passage's text."""
    spans = {str(span_id): str(exact) for span_id, exact in zip(data.spans.span_id, data.spans.exact, strict=True)}
    anchors = {span_id: (span_id, exact) for span_id, exact in spans.items()}
    for record in records(data):
        if record.record_id is not None:
            anchors[record.record_id] = (record_label(record.record_id), spans[record.span_id])
    return anchors


def _blocks(sentences: pd.DataFrame) -> list[tuple[bool, int, int]]:
    """Consecutive sentences grouped into (chrome?, start, end) blocks."""
    blocks: list[tuple[bool, int, int]] = []
    for row in sentences.itertuples():
        chrome = row.kind == "chrome"
        if blocks and blocks[-1][0] == chrome:
            blocks[-1] = (chrome, blocks[-1][1], row.end)
        else:
            blocks.append((chrome, row.start, row.end))
    return blocks


def annotate(data: Dataset, source_id: str) -> AnnotatedText:
    """Cut a source's text into blocks and pieces at every span and uncovered-sentence boundary.

    Raises ValueError if a span does not begin inside a block of text (it could not be shown).
    """
    text = data.text(source_id)
    spans = data.spans[data.spans.source_id == source_id].sort_values(["start", "end"], ascending=[True, False])
    bounds = {row.span_id: (int(row.start), int(row.end)) for row in spans.itertuples()}
    sentences = data.sentences[data.sentences.source_id == source_id].sort_values("start")
    uncovered = [(int(r.start), int(r.end)) for r in sentences.itertuples() if r.kind == "body" and r.covered_share == 0]
    headings = [(int(r.start), int(r.end)) for r in sentences.itertuples() if r.kind == "heading"]
    on_span: dict[str, list[Record]] = {span_id: [] for span_id in bounds}
    for record in records(data):
        if record.span_id in on_span:
            on_span[record.span_id].append(record)
    kind_order = list(KINDS)

    cuts = {point for pair in [*bounds.values(), *uncovered, *headings] for point in pair}
    blocks = []
    opened: set[str] = set()
    for chrome, block_start, block_end in _blocks(sentences):
        points = sorted({block_start, block_end} | {c for c in cuts if block_start < c < block_end})
        pieces = []
        for start, end in itertools.pairwise(points):
            covering = tuple(span_id for span_id, (s, e) in bounds.items() if s <= start and end <= e)
            kinds = {record.kind for span_id in covering for record in on_span[span_id]}
            opens = tuple(span_id for span_id in covering if bounds[span_id][0] == start)
            opened.update(opens)
            sentence = next(((s, e) for s, e in uncovered if s <= start and end <= e), None)
            pieces.append(
                Piece(
                    start=start,
                    end=end,
                    spans=covering,
                    kinds=tuple(sorted(kinds, key=kind_order.index)),
                    opens=opens,
                    uncovered=sentence is not None,
                    opens_uncovered=sentence is not None and sentence[0] == start,
                    heading=any(s <= start and end <= e for s, e in headings),
                )
            )
        blocks.append(Block(chrome, tuple(pieces)))
    lost = sorted(set(bounds) - opened)
    if lost:
        raise ValueError(f"{source_id}: spans outside every block of text: {', '.join(lost)}")
    return AnnotatedText(source_id, text, tuple(blocks), {span_id: tuple(found) for span_id, found in on_span.items()})
