"""Each author's argument as Argdown: statements, support and attack, and contradictions between the maps.

One section per source (its author, and the reporter when the text is second-hand). Every
published claim is a statement titled by its claim id, its text the coder's paraphrase, and
its metadata (a YAML block) the record id, role, topic, stance and verbatim quote with its
offsets. A reason or evidence supports the claim it bears on (`<+`); a rebuttal or a
concession attacks it (`<-`), the role saying which. The comparisons between sources marked
`disagree` are contradictions (`><`) between each claim of one side and each of the other.
"""

from __future__ import annotations

import json
import re

from analysis.dataset.load import Dataset
from analysis.exports import records
from analysis.exports.records import Comparison, Record

ARGDOWN_FILE = "arguments.argdown"
#: How each relation of a claim to the claim it bears on is drawn.
ARROWS = {"supports": "<+", "concedes": "<-", "rebuts": "<-"}
#: Characters Argdown reads as syntax inside a statement's text; each is escaped with a backslash.
_SPECIAL = re.compile(r"([\\\[\]<>{}#@*_+\-=:])")


def escape(text: str) -> str:
    """A paraphrase as Argdown text: on one line, every syntax character escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _statement(record: Record, quote: str) -> str:
    codes = dict(record.codes)
    meta = {
        "record": record.record_id,
        "source": record.source_id,
        "role": codes.get("role"),
        "topic": codes.get("topic"),
        "stance": codes.get("stance"),
        "start": record.start,
        "end": record.end,
        "quote": quote,
    }
    text = escape(dict(record.texts).get("paraphrase", quote))
    return f"[{record.record_id}]: {text} {json.dumps(meta, ensure_ascii=False)}"


def contradictions(comparison: Comparison) -> list[tuple[str, str]]:
    """A comparison as contradictions: each record of A with each of B, when the sources disagree on the matter."""
    if comparison.relation != "disagree":
        return []
    return [(a, b) for a in comparison.claims_a for b in comparison.claims_b]


def document(data: Dataset) -> str:
    """The Argdown text of every author's argument and the contradictions between them."""
    claims = [r for r in records.records(data) if r.coding == records.PUBLISHED and r.kind == "claims"]
    texts = {source_id: data.text(source_id) for source_id in sorted({r.source_id for r in claims})}
    bearing: dict[str, list[tuple[str, str]]] = {}  # claim id -> (claim bearing on it, relation), in text order
    for claim in claims:
        for relation, target in claim.links:
            bearing.setdefault(target, []).append((claim.record_id, relation))
    lines = [
        "===",
        f"title: {json.dumps(data.descriptor['title'], ensure_ascii=False)}",
        f"version: {json.dumps(data.descriptor['version'])}",
        "===",
        "",
    ]
    for source in records.rows(data.sources.sort_values("source_id")):
        lines += [f"# {escape(source['attribution'] or '')} ({source['source_id']})", ""]
        for record in (r for r in claims if r.source_id == source["source_id"]):
            lines.append(_statement(record, texts[record.source_id][record.start : record.end]))
            lines += [f"  {ARROWS[relation]} [{premise}]" for premise, relation in bearing.get(record.record_id, [])]
            lines.append("")
    drawn = {claim.record_id for claim in claims}  # a point may also cite positions, which the map does not draw
    pairs = [(a, b) for c in records.comparisons(data) for a, b in contradictions(c) if a in drawn and b in drawn]
    if pairs:
        lines += ["# Contradictions between the sources", ""]
        lines += [f"[{a}]\n  >< [{b}]\n" for a, b in pairs]
    return "\n".join(lines).rstrip("\n") + "\n"


def files(data: Dataset) -> dict[str, bytes]:
    """The Argdown document, by file name."""
    return {ARGDOWN_FILE: document(data).encode("utf-8")}
