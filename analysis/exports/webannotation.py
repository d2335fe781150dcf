"""The coded records as W3C Web Annotations (JSON-LD): one annotation per record and per coding.

Each annotation targets the raw text as the data zip publishes it (`raw/<file>`, relative to the
annotation file in `exports/`) with a TextQuoteSelector (exact, prefix, suffix) and a
TextPositionSelector (start, end): code-point offsets into the text exactly as published,
byte-order mark and line ends included, no normalisation. Its bodies carry the codes and the
free-text fields; its creator names the coding. Links between records, and the comparisons
between sources, use the terms of a small extension context (`CONTEXT_FILE`), shipped beside
the annotations so nothing needs the network.
"""

from __future__ import annotations

import json
from typing import Any

from analysis.dataset.load import Dataset
from analysis.dataset.quotes import context as quote_context
from analysis.exports import records
from analysis.exports.records import CODINGS, Comparison, Record, stable_uuid

ANNOTATIONS_FILE = "annotations.jsonld"
CONTEXT_FILE = "annotations-context.jsonld"
#: The Web Annotation context every annotation names first.
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The namespace of the extension's terms: names, not addresses to look up.
NAMESPACE = "urn:pakistan-afghanistan-arguments:"

#: The extension context: record ids, codings, fields, links and comparisons.
EXTENSION_CONTEXT: dict[str, Any] = {
    "@context": {
        "paa": NAMESPACE,
        "record": "paa:record",
        "recordKind": "paa:recordKind",
        "coding": "paa:coding",
        "field": "paa:field",
        **{relation: {"@id": f"paa:{relation}", "@type": "@id"} for relation in ("supports", "concedes", "rebuts", "bearsOn")},
        "comparison": "paa:comparison",
        "topic": "paa:topic",
        "relation": "paa:relation",
        "reason": "paa:reason",
        "sourceA": {"@id": "paa:sourceA", "@type": "@id"},
        "sourceB": {"@id": "paa:sourceB", "@type": "@id"},
        "sideA": {"@id": "paa:sideA", "@type": "@id", "@container": "@set"},
        "sideB": {"@id": "paa:sideB", "@type": "@id", "@container": "@set"},
    }
}
_LINK_TERMS = {"supports": "supports", "concedes": "concedes", "rebuts": "rebuts", "bears_on": "bearsOn"}


def annotation_id(record: Record) -> str:
    """The annotation's IRI: a UUID from the coding and the record id, the same in every build."""
    return f"urn:uuid:{stable_uuid('annotation', record.coding, record.record_id)}"


def _creator(coding: str) -> dict[str, str]:
    return {"id": f"urn:uuid:{stable_uuid('coding', coding)}", "type": "Person", "name": CODINGS[coding]}


def _source(raw_path: str) -> dict[str, str]:
    return {"id": f"../{raw_path}", "type": "Text", "format": "text/plain"}


def _annotation(record: Record, texts: dict[str, str], raw_paths: dict[str, str], by_key: dict[str, Record]) -> dict[str, Any]:
    raw = texts[record.source_id]
    prefix, suffix = quote_context(raw, record.start, record.end)
    quote = {"type": "TextQuoteSelector", "exact": raw[record.start : record.end]}
    quote.update({name: value for name, value in (("prefix", prefix), ("suffix", suffix)) if value})
    bodies = [{"type": "TextualBody", "purpose": "classifying", "field": name, "value": value} for name, value in record.codes]
    bodies += [{"type": "TextualBody", "purpose": "describing", "field": name, "value": value} for name, value in record.texts]
    annotation: dict[str, Any] = {
        "id": annotation_id(record),
        "type": "Annotation",
        "motivation": "classifying",
        "creator": _creator(record.coding),
        "record": record.record_id,
        "recordKind": record.kind,
        "coding": record.coding,
    }
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = {
        "type": "SpecificResource",
        "source": _source(raw_paths[record.source_id]),
        "selector": [quote, {"type": "TextPositionSelector", "start": record.start, "end": record.end}],
    }
    for relation, target in record.links:
        annotation[_LINK_TERMS[relation]] = annotation_id(by_key[f"{record.coding}:{target}"])
    return annotation


def comparison_annotation(comparison: Comparison, raw: dict[str, str], published: dict[str, Record]) -> dict[str, Any] | None:
    """A comparison between two sources as a linking annotation on both sides' claims; None when neither side has any."""
    side_a = [annotation_id(published[claim]) for claim in comparison.claims_a]
    side_b = [annotation_id(published[claim]) for claim in comparison.claims_b]
    if not side_a and not side_b:
        return None
    value = comparison.relation.replace("_", " ") + (f": {comparison.reason}" if comparison.reason else "")
    return {
        "id": f"urn:uuid:{stable_uuid('comparison', comparison.comparison_id)}",
        "type": "Annotation",
        "motivation": "linking",
        "creator": _creator(records.PUBLISHED),
        "comparison": comparison.comparison_id,
        "topic": comparison.topic_id,
        "relation": comparison.relation,
        "sourceA": f"../{raw[comparison.source_a]}",
        "sourceB": f"../{raw[comparison.source_b]}",
        "sideA": side_a,
        "sideB": side_b,
        "body": {"type": "TextualBody", "purpose": "describing", "field": "relation", "value": value},
        "target": side_a + side_b,
    }


def collection(data: Dataset) -> dict[str, Any]:
    """Every annotation, in one AnnotationCollection whose single page lists them."""
    found = records.records(data)
    by_key = {record.key: record for record in found}
    published = {r.record_id: r for r in found if r.coding == records.PUBLISHED and r.kind in ("claims", "positions")}
    texts = {source_id: data.text(source_id) for source_id in sorted({r.source_id for r in found})}
    raw = records.raw_paths(data)
    items = [_annotation(record, texts, raw, by_key) for record in found]
    compared = [comparison_annotation(c, raw, published) for c in records.comparisons(data)]
    items += [item for item in compared if item is not None]
    collection_id = f"urn:uuid:{stable_uuid('collection', data.descriptor['name'])}"
    return {
        "@context": [W3C_CONTEXT, CONTEXT_FILE],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"{data.descriptor['title']}, version {data.descriptor['version']}: every coded passage, in every coding",
        "total": len(items),
        "first": {
            "id": f"urn:uuid:{stable_uuid('page', data.descriptor['name'])}",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def files(data: Dataset) -> dict[str, bytes]:
    """The annotation collection and its extension context, by file name."""
    return {ANNOTATIONS_FILE: _json(collection(data)), CONTEXT_FILE: _json(EXTENSION_CONTEXT)}
