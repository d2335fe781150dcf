"""Each author's argument in the Argument Interchange Format (AIF, JSON as AIFdb writes it).

Every published claim is an information node (I) whose id is the claim id and whose text is
the coder's paraphrase; its verbatim quote is a locution node (L) that asserts it through an
illocution node (YA, "Asserting"). A reason or evidence for a claim is an inference (RA,
"Default Inference") from it to the claim it bears on; a rebuttal or a concession is a conflict
(CA, "Default Conflict") on it. Sources that disagree on a topic give a conflict each way
between every claim of one side and every claim of the other. Each locution names its source
text; timestamps are the sources' publication dates, so two builds write the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from analysis.dataset.load import Dataset
from analysis.exports import records
from analysis.exports.records import Comparison, Record

AIF_FILE = "arguments.aif.json"
#: The scheme node each relation of a claim to the claim it bears on becomes.
SCHEMES = {"supports": ("RA", "Default Inference"), "concedes": ("CA", "Default Conflict"), "rebuts": ("CA", "Default Conflict")}


def conflicts(comparison: Comparison) -> list[tuple[str, str]]:
    """A comparison as conflicts between claims: each claim of A with each of B, both ways, when the sources disagree."""
    if comparison.relation != "disagree":
        return []
    pairs = [(a, b) for a in comparison.claims_a for b in comparison.claims_b]
    return pairs + [(b, a) for a, b in pairs]


def _node(node_id: str, text: str, kind: str, timestamp: str) -> dict[str, str]:
    return {"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp}


def _edge(source: str, target: str) -> dict[str, Any]:
    return {"edgeID": f"{source}>{target}", "fromID": source, "toID": target, "formEdgeID": None}


def graph(data: Dataset) -> dict[str, Any]:
    """The AIF graph of every published claim, its quote, and the relations between claims."""
    claims: list[Record] = [r for r in records.records(data) if r.coding == records.PUBLISHED and r.kind == "claims"]
    sources = {row["source_id"]: row for row in records.rows(data.sources)}
    when = {source_id: f"{(row['published'] or '')[:10]} 00:00:00" for source_id, row in sources.items()}
    texts = {source_id: data.text(source_id) for source_id in sorted({r.source_id for r in claims})}
    raw = records.raw_paths(data)
    nodes, edges, locutions = [], [], []
    for claim in claims:
        stamp, node = when[claim.source_id], claim.record_id
        nodes.append(_node(node, dict(claim.texts).get("paraphrase", ""), "I", stamp))
        nodes.append(_node(f"{node}/L", texts[claim.source_id][claim.start : claim.end], "L", stamp))
        nodes.append(_node(f"{node}/YA", "Asserting", "YA", stamp))
        edges += [_edge(f"{node}/L", f"{node}/YA"), _edge(f"{node}/YA", node)]
        locutions.append(
            {
                "nodeID": f"{node}/L",
                "personID": claim.source_id,
                "timestamp": stamp,
                "start": None,
                "end": None,
                "source": raw[claim.source_id],
            }
        )
        for relation, target in claim.links:
            kind, text = SCHEMES[relation]
            scheme = f"{node}/{kind}"
            nodes.append(_node(scheme, text, kind, stamp))
            edges += [_edge(node, scheme), _edge(scheme, target)]
    drawn = {claim.record_id for claim in claims}  # a point may also cite positions, which the map does not draw
    for comparison in records.comparisons(data):
        for a, b in ((a, b) for a, b in conflicts(comparison) if a in drawn and b in drawn):
            scheme = f"{comparison.comparison_id}/{a}/{b}/CA"
            nodes.append(_node(scheme, "Default Conflict", "CA", max(when[comparison.source_a], when[comparison.source_b])))
            edges += [_edge(a, scheme), _edge(scheme, b)]
    participants = [
        {"participantID": source_id, "firstname": "", "surname": row["attribution"] or ""}
        for source_id, row in sorted(sources.items())
    ]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def files(data: Dataset) -> dict[str, bytes]:
    """The AIF graph, by file name."""
    return {AIF_FILE: (json.dumps(graph(data), ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
