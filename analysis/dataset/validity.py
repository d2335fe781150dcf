"""The validity check: an independent reading of the texts set against the published points of comparison.

A reader given only the texts and the question ("for each matter both texts discuss, do they
agree, disagree, differ in emphasis, or describe different moments?") wrote
`annotations/validity/reading.yaml`, kept as made. Each of its matters quotes the texts; the build
finds every quote, aligns each matter with the published point whose evidence overlaps its quotes
most (on the same pair of sources), and compares the two relations. Every divergence must carry a
note in `annotations/validity/notes.yaml` saying why it stands or what was changed: the build stops
on a divergence without one, and on a note for a matter that no longer diverges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.dataset import overlap, quotes
from analysis.dataset.annotations import LINE_KEY, read_yaml
from analysis.dataset.errors import Problem
from analysis.dataset.validate import Source
from analysis.dataset.vocabularies import POINT_RELATIONS

#: Where the reading and the notes on its divergences live, under the annotations folder.
FOLDER = "validity"
#: The fields of a matter of the reading; every other key is a source id, holding that text's quotes.
MATTER_FIELDS = {LINE_KEY, "id", "matter", "relation", "reason"}


def _spans(source: Source, quoted: Iterable[str]) -> tuple[list[tuple[int, int]], list[str]]:
    """The passages a list of quotes stands for in a source, and the quotes it cannot find once."""
    folded = quotes.fold(source.text)
    found, missing = [], []
    for quote in quoted:
        try:
            found.append(quotes.find(folded, quote))
        except (quotes.QuoteNotFound, quotes.QuoteAmbiguous):
            missing.append(quote)
    return found, missing


def point_characters(point: Mapping[str, Any], record_spans: Mapping[str, tuple[int, int]]) -> overlap.Characters:
    """The characters a row of the points table rests on: the passages of its evidence, on both sides."""
    return overlap.characters(
        {
            point[f"source_{side}"]: [record_spans[i] for i in (point[f"evidence_{side}"] or "").split() if i in record_spans]
            for side in ("a", "b")
        }
    )


def rows(
    folder: Path, sources: list[Source], points: list[dict[str, Any]], record_spans: Mapping[str, tuple[int, int]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One row per matter of the reading, aligned with a published point; and the problems found.

    `points` are rows of the points table; `record_spans` maps every claim and position id to its
    (start, end) in its text. A matter aligns with the point of its pair whose evidence shares the
    largest share (Jaccard) of characters with the matter's quotes, counted over both texts; a matter
    whose quotes touch no point's evidence is left unaligned.
    """
    reading_path, notes_path = folder / "reading.yaml", folder / "notes.yaml"
    if not reading_path.exists():
        return [], []
    reading = read_yaml(reading_path) or {}
    notes_file = read_yaml(notes_path) if notes_path.exists() else {}
    notes = {key: value for key, value in (notes_file or {}).get("notes", {}).items() if key != LINE_KEY}
    by_id = {source.meta["id"]: source for source in sources}
    problems: list[Problem] = []
    found: list[dict[str, Any]] = []
    skipped: set[str] = set()
    for index, matter in enumerate(reading.get("matters") or []):
        label = f"matters[{index}] (id {matter.get('id')})"
        line = matter.get(LINE_KEY)
        quoted_sources = sorted(key for key in matter if key not in MATTER_FIELDS)
        if not set(quoted_sources) <= set(by_id):
            skipped.add(str(matter.get("id")))  # a reading of a text this dataset does not hold
            continue
        sides = quoted_sources
        relation = matter.get("relation")
        if relation not in POINT_RELATIONS:
            problems.append(
                Problem(reading_path, label, "relation", f"{relation!r} is not one of {', '.join(POINT_RELATIONS)}", line)
            )
            continue
        if len(sides) != 2:
            problems.append(Problem(reading_path, label, "*", f"quotes two sources, found {sides}", line))
            continue
        quoted: dict[str, list[str]] = {}
        spans_of: dict[str, list[tuple[int, int]]] = {}
        for side in sides:
            quoted[side] = list(matter.get(side) or [])
            spans_of[side], missing = _spans(by_id[side], quoted[side])
            problems += [
                Problem(reading_path, label, side, f"quote not found once in the text: {quote!r}", line) for quote in missing
            ]
        mine = overlap.characters(spans_of)
        best, best_score = None, 0.0
        for point in sorted(points, key=lambda row: row["point_id"]):
            if (point["source_a"], point["source_b"]) == tuple(sides):
                score = overlap.jaccard(mine, point_characters(point, record_spans))
                if score > best_score:
                    best, best_score = point, score
        published = best["relation"] if best else None
        same = published == relation
        note = notes.get(matter["id"])
        if not same and not note:
            problems.append(
                Problem(
                    notes_path,
                    f"notes (matter {matter['id']})",
                    matter["id"],
                    f"the reading has {relation!r}, "
                    + (f"the published point {best['point_id']} {published!r}" if best else "and no published point covers it")
                    + ": say in a note why the coding stands, or change the coding",
                )
            )
        found.append(
            {
                "matter_id": matter["id"],
                "matter": matter.get("matter"),
                "source_a": sides[0],
                "source_b": sides[1],
                "reader_relation": relation,
                "reader_reason": matter.get("reason"),
                "quotes_a": " … ".join(quoted[sides[0]]) or None,
                "quotes_b": " … ".join(quoted[sides[1]]) or None,
                "point_id": best["point_id"] if best else None,
                "published_relation": published,
                "overlap": round(best_score, 4),
                "same": "true" if same else "false",
                "note": note,
            }
        )
    known = {row["matter_id"] for row in found if row["same"] == "false"}
    problems += [
        Problem(notes_path, f"notes (matter {key})", key, "no divergence to explain: the matter is unknown or now agrees")
        for key in sorted(set(notes) - known - skipped)
    ]
    return sorted(found, key=lambda row: row["matter_id"]), problems
