"""Inter-coder reliability: two independent codings, their agreement, and the adjudication.

`data/annotations/reliability/` holds coding `a` (the first coding as it stood
before adjudication), coding `b` (an independent second coding made from the
coding manual and the texts alone) and `adjudication/` (one file per source, and
`contrasts.yaml`: every disagreement, both codes, the decision and its reason). The build pairs the two codings'
records by the passages they quote, measures agreement per field with
Krippendorff's alpha (nominal), checks that every disagreement is adjudicated
and that each decision is what the published dataset holds, and tabulates all
of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np

from analysis.dataset.annotations import LINE_KEY, SourceAnnotation, read_yaml
from analysis.dataset.errors import Problem
from analysis.dataset.validate import CODED_SECTIONS, Checked, Source, check_coding, check_coding_contrasts

#: The two codings, each a folder coder_<name> of the reliability folder.
CODING_NAMES = ("a", "b")

#: The fields compared on paired records, per kind of record.
FIELDS: dict[str, tuple[str, ...]] = {
    "claims": ("topic", "voice", "modality", "claim_type", "target", "stance", "role", "bears_on"),
    "positions": ("holder", "target", "stance", "polarity", "voice", "modality"),
    "contrasts": ("relation",),
}

#: Two records are paired only if their passages overlap by at least this share of the shorter one.
MIN_OVERLAP = 0.5

#: Below this alpha, a field's coding is reported as not reliable enough to rest conclusions on alone.
ALPHA_TARGET = 0.8
#: Below this alpha, even tentative conclusions are not supported (Krippendorff 2004).
ALPHA_FLOOR = 0.667

DECISIONS: dict[str, str] = {
    "a": "The first coding's code is kept.",
    "b": "The second coding's code is taken.",
    "other": "Neither: the adjudicator chose a third code.",
}

ABSENT = "(not coded)"
NONE = "(none)"
CODED = "(coded)"


def alpha(pairs: Iterable[tuple[Any, Any]]) -> float | None:
    """Krippendorff's alpha (nominal) for two coders; None when the codes show no variation at all."""
    pairs = list(pairs)
    values = sorted({str(value) for pair in pairs for value in pair if value is not None})
    if len(values) < 2 or not any(None not in pair for pair in pairs):
        return None
    index = {value: number for number, value in enumerate(values)}
    data = np.array(
        [[np.nan if value is None else index[str(value)] for value in column] for column in zip(*pairs, strict=True)],
        dtype=float,
    )
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@dataclass
class Coding:
    """One coder's checked records: per source, its claims and positions; and its contrast relations."""

    name: str
    sources: dict[str, Source] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)  # (topic, a, b) -> record


@dataclass
class Pair:
    """Two records, one per coding, that code the same passage (either may be missing)."""

    kind: str
    source_id: str
    a: dict[str, Any] | None
    b: dict[str, Any] | None
    overlap: float


def _overlap(first: tuple[int, int], second: tuple[int, int]) -> tuple[float, float]:
    """(share of the shorter passage, Jaccard) of two spans."""
    common = min(first[1], second[1]) - max(first[0], second[0])
    if common <= 0:
        return 0.0, 0.0
    shorter = min(first[1] - first[0], second[1] - second[0])
    union = max(first[1], second[1]) - min(first[0], second[0])
    return common / shorter, common / union


def pair_records(kind: str, source_id: str, first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[Pair]:
    """Pair the two codings' records one to one by overlapping passages.

    Candidates overlap by at least MIN_OVERLAP of the shorter passage; the pairs
    are taken greedily by Jaccard overlap, ties (records that share one passage)
    broken by how many compared fields agree, then by id.
    """
    fields = FIELDS[kind]
    candidates = []
    for one, two in itertools.product(first, second):
        if one["_span"] is None or two["_span"] is None:
            continue
        share, jaccard = _overlap(one["_span"], two["_span"])
        if share >= MIN_OVERLAP:
            agreeing = sum(one.get(name) == two.get(name) for name in fields if name != "bears_on")
            candidates.append((-round(jaccard, 6), -agreeing, one["id"], two["id"], one, two, jaccard))
    candidates.sort(key=lambda item: item[:4])
    used_a: set[str] = set()
    used_b: set[str] = set()
    pairs = []
    for *_, one, two, jaccard in candidates:
        if one["id"] in used_a or two["id"] in used_b:
            continue
        used_a.add(one["id"])
        used_b.add(two["id"])
        pairs.append(Pair(kind, source_id, one, two, round(jaccard, 4)))
    pairs += [Pair(kind, source_id, one, None, 0.0) for one in first if one["id"] not in used_a]
    pairs += [Pair(kind, source_id, None, two, 0.0) for two in second if two["id"] not in used_b]
    return sorted(
        pairs, key=lambda p: (p.a["_span"] if p.a else p.b["_span"], p.a["id"] if p.a else "", p.b["id"] if p.b else "")
    )


def _codes(pair: Pair, name: str, a_of_b: Mapping[str, str]) -> tuple[Any, Any]:
    """The two codes of a field on a pair; an empty field (no target, no link) is a code of its own, NONE.

    A second-coding argument link is expressed in first-coding ids, so that links agree when they point at
    the same passage.
    """
    code_a = pair.a.get(name) if pair.a else None
    code_b = pair.b.get(name) if pair.b else None
    if name == "bears_on" and code_b is not None:
        code_b = a_of_b.get(code_b, f"{code_b} (unpaired)")
    return (NONE if code_a is None else code_a), (NONE if code_b is None else code_b)


@dataclass(frozen=True)
class Disagreement:
    """A field on which the two codings differ, or a passage only one of them coded."""

    kind: str
    source: str
    a: str | None
    b: str | None
    field: str
    code_a: str
    code_b: str

    @property
    def key(self) -> tuple[str, str, str | None, str | None, str]:
        return (self.kind, self.source, self.a, self.b, self.field)


@dataclass
class Comparison:
    """The two codings compared: pairs, per-field agreement and disagreements."""

    pairs: list[Pair]
    agreement: list[dict[str, Any]]
    disagreements: list[Disagreement]
    sources: list[str]  # the sources both codings cover


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _unitizing(kind: str, first: Coding, second: Coding, sources: Iterable[Source]) -> dict[str, Any]:
    """Binary alpha over the body's non-space characters: inside a passage of this kind, per coding."""
    codes: list[tuple[int, int]] = []
    for source in sources:
        source_id = source.meta["id"]
        marks = []
        for coding in (first, second):
            mark = np.zeros(len(source.text), dtype=np.int8)
            coded = coding.sources.get(source_id)
            for record in coded.sections.get(kind, []) if coded else []:
                if record["_span"]:
                    mark[record["_span"][0] : record["_span"][1]] = 1
            marks.append(mark)
        for start, end in source.body:
            for offset in range(start, end):
                if not source.text[offset].isspace():
                    codes.append((int(marks[0][offset]), int(marks[1][offset])))
    agree = sum(one == two for one, two in codes)
    return {
        "measure_id": f"{kind}.passages",
        "kind": kind,
        "field": "passages",
        "n_units": len(codes),
        "n_agree": agree,
        "share_agree": round(agree / len(codes), 4) if codes else None,
        "alpha": _round(alpha(codes)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def compare(first: Coding, second: Coding, sources: list[Source], pairs_of_sources: list[tuple[str, str]]) -> Comparison:
    """Pair the records of two codings and measure their agreement field by field.

    Only the sources both codings cover are compared, and only the pairs of such sources:
    a source coded once has nothing to agree with.
    """
    shared = set(first.sources) & set(second.sources)
    sources = [source for source in sources if source.meta["id"] in shared]
    pairs_of_sources = [pair for pair in pairs_of_sources if set(pair) <= shared]
    pairs: list[Pair] = []
    agreement: list[dict[str, Any]] = []
    disagreements: list[Disagreement] = []
    for kind in CODED_SECTIONS:
        kind_pairs: list[Pair] = []
        for source in sorted(sources, key=lambda s: s.meta["id"]):
            source_id = source.meta["id"]
            records = [
                coding.sources[source_id].sections[kind] if source_id in coding.sources else [] for coding in (first, second)
            ]
            kind_pairs += pair_records(kind, source_id, *records)
        pairs += kind_pairs
        matched = [pair for pair in kind_pairs if pair.a and pair.b]
        a_of_b = {pair.b["id"]: pair.a["id"] for pair in matched if pair.a and pair.b}
        agreement.append(_unitizing(kind, first, second, sources))
        agreement.append(
            {
                "measure_id": f"{kind}.paired",
                "kind": kind,
                "field": "paired",
                "n_units": len(kind_pairs),
                "n_agree": len(matched),
                "share_agree": round(len(matched) / len(kind_pairs), 4) if kind_pairs else None,
                "alpha": None,
            }
        )
        for pair in kind_pairs:
            if not (pair.a and pair.b):
                disagreements.append(
                    Disagreement(
                        kind,
                        pair.source_id,
                        pair.a["id"] if pair.a else None,
                        pair.b["id"] if pair.b else None,
                        "unit",
                        CODED if pair.a else ABSENT,
                        CODED if pair.b else ABSENT,
                    )
                )
        for name in FIELDS[kind]:
            codes = [_codes(pair, name, a_of_b) for pair in matched]
            agree = sum(one == two for one, two in codes)
            agreement.append(
                {
                    "measure_id": f"{kind}.{name}",
                    "kind": kind,
                    "field": name,
                    "n_units": len(codes),
                    "n_agree": agree,
                    "share_agree": round(agree / len(codes), 4) if codes else None,
                    "alpha": _round(alpha(codes)),
                }
            )
            for pair, (one, two) in zip(matched, codes, strict=True):
                if one != two:
                    assert pair.a and pair.b
                    disagreements.append(
                        Disagreement(kind, pair.source_id, pair.a["id"], pair.b["id"], name, _text(one), _text(two))
                    )
    codes = []
    for topic, source_a, source_b in sorted(set(first.relations) | set(second.relations)):
        if (source_a, source_b) not in pairs_of_sources:
            continue
        key = (topic, source_a, source_b)
        one = first.relations.get(key, {}).get("relation")
        two = second.relations.get(key, {}).get("relation")
        codes.append((one, two))
        if one != two:
            disagreements.append(
                Disagreement("contrasts", f"{source_a}+{source_b}", topic, topic, "relation", _text(one), _text(two))
            )
    agree = sum(one == two for one, two in codes)
    agreement.append(
        {
            "measure_id": "contrasts.relation",
            "kind": "contrasts",
            "field": "relation",
            "n_units": len(codes),
            "n_agree": agree,
            "share_agree": round(agree / len(codes), 4) if codes else None,
            "alpha": _round(alpha(codes)),
        }
    )
    return Comparison(pairs, agreement, disagreements, sorted(shared))


def computed_relations(
    coded: Iterable[Mapping[str, Any]], topics: Iterable[str], sources: Mapping[str, Source], pairs: list[tuple[str, str]]
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Every topic and pair's relation in one coding: its coded contrasts, else computed from its claims' topics."""
    relations = {}
    for record in coded:
        if record["topic"] and record["sources"] and len(record["sources"]) == 2:
            relations[(record["topic"], *sorted(record["sources"]))] = record
    for topic in topics:
        for source_a, source_b in pairs:
            if (topic, source_a, source_b) in relations:
                continue
            speaking = sum(
                any(claim["topic"] == topic for claim in sources[source_id].sections.get("claims", []))
                for source_id in (source_a, source_b)
                if source_id in sources
            )
            relations[(topic, source_a, source_b)] = {"relation": {0: "neither", 1: "only_one"}.get(speaking, "uncoded")}
    return relations


def read_coding(name: str, folder: Path, checked: Checked, pairs: list[tuple[str, str]]) -> tuple[Coding, list[Problem]]:
    """Read and check one coding folder: <source id>.yaml files and contrasts.yaml."""
    coding = Coding(name)
    problems: list[Problem] = []
    by_id = {source.meta["id"]: source for source in checked.sources}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "contrasts.yaml":
            continue
        if path.stem not in by_id:
            problems.append(Problem(path, "file", "*", f"no source {path.stem!r} in the dataset for this coding"))
            continue
        source, found = check_coding(SourceAnnotation(path, read_yaml(path) or {}), by_id[path.stem], checked.known)
        coding.sources[path.stem] = source
        problems += found
    contrasts_path = folder / "contrasts.yaml"
    records: list[dict[str, Any]] = []
    if contrasts_path.exists():
        records, found = check_coding_contrasts(contrasts_path, read_yaml(contrasts_path) or {}, checked.known)
        problems += found
    topics = [topic["id"] for topic in checked.codebook["topics"]]
    coding.relations = computed_relations(records, topics, coding.sources, pairs)
    return coding, problems


ADJUDICATION_FIELDS = ("kind", "source", "a", "b", "field", "code_a", "code_b", "decision", "final", "reason")


def adjudication_file(folder: Path, kind: str, source: str) -> Path:
    """Where the adjudication of a disagreement lives: one file per source, and one for the contrasts."""
    return folder / "adjudication" / ("contrasts.yaml" if kind == "contrasts" else f"{source}.yaml")


def read_adjudication(folder: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every adjudication record of the folder's adjudication/*.yaml, each with its file and line."""
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for path in sorted((folder / "adjudication").glob("*.yaml")):
        found, wrong = _read_adjudication_file(path)
        records += found
        problems += wrong
    return records, problems


def _read_adjudication_file(path: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    content = read_yaml(path) or {}
    records = content.get("adjudications") if isinstance(content, Mapping) else None
    if not isinstance(records, list):
        return [], [Problem(path, "file", "adjudications", "expected a list of adjudication records under 'adjudications'")]
    problems = []
    clean = []
    for index, record in enumerate(records):
        label = f"adjudications[{index}]"
        if not isinstance(record, Mapping):
            problems.append(Problem(path, label, "*", "expected a mapping of fields"))
            continue
        line = record.get(LINE_KEY)
        for name in record:
            if name != LINE_KEY and name not in ADJUDICATION_FIELDS:
                problems.append(
                    Problem(path, label, name, f"unknown field (expected one of: {', '.join(ADJUDICATION_FIELDS)})", line)
                )
        item = {name: (None if record.get(name) is None else str(record.get(name))) for name in ADJUDICATION_FIELDS}
        item["_line"], item["_label"], item["_path"] = line, label, path
        for name in ("kind", "source", "field", "decision", "reason"):
            if not item[name]:
                problems.append(Problem(path, label, name, "required field is missing or empty", line))
        if item["decision"] and item["decision"] not in DECISIONS:
            problems.append(Problem(path, label, "decision", f"{item['decision']!r} is not one of {', '.join(DECISIONS)}", line))
        clean.append(item)
    return clean, problems


def _final_value(item: Mapping[str, Any], checked: Checked, contrasts: Mapping[tuple[str, str, str], str]) -> tuple[bool, Any]:
    """(found, value): what the published dataset holds for an adjudicated unit and field."""
    kind, field_name = item["kind"], item["field"]
    if kind == "contrasts":
        source_a, _, source_b = item["source"].partition("+")
        key = (item["a"], source_a, source_b)
        return key in contrasts, contrasts.get(key)
    sources = {source.meta["id"]: source for source in checked.sources}
    source = sources.get(item["source"])
    records = {record["id"]: record for record in source.sections.get(kind, [])} if source else {}
    if field_name == "unit":
        # The unit's record in the dataset: the one named final, or coding a's if it is still there.
        held = item["final"] or item["a"]
        return True, held if held in records else None
    record = records.get(item["a"]) if item["a"] else None
    if record is None:
        return False, None
    value = record.get(field_name)
    return True, NONE if value is None else value


def check_adjudication(
    adjudications: list[dict[str, Any]],
    comparison: Comparison,
    checked: Checked,
    contrasts: Mapping[tuple[str, str, str], str],
    folder: Path,
) -> list[Problem]:
    """Every disagreement adjudicated once, with both codes as measured, and the decision is what the dataset holds."""
    problems = []
    expected = {disagreement.key: disagreement for disagreement in comparison.disagreements}
    seen: set[tuple[Any, ...]] = set()
    for item in adjudications:
        key = (item["kind"], item["source"], item["a"], item["b"], item["field"])
        label, line, path = item["_label"], item["_line"], item["_path"]
        if key in seen:
            problems.append(Problem(path, label, "field", "this disagreement is adjudicated twice", line))
        seen.add(key)
        disagreement = expected.get(key)
        if disagreement is None:
            problems.append(
                Problem(path, label, "field", "no such disagreement between the codings (stale entry, or wrong ids)", line)
            )
            continue
        for name, measured in (("code_a", disagreement.code_a), ("code_b", disagreement.code_b)):
            if _text(item[name]) != measured:
                problems.append(Problem(path, label, name, f"the coding holds {measured!r}, not {item[name]!r}", line))
        decision, final = item["decision"], item["final"]
        if decision == "a" and _text(final) != disagreement.code_a and item["field"] != "unit":
            problems.append(Problem(path, label, "final", f"decision 'a' but final {final!r} is not code_a", line))
        if decision == "b" and _text(final) != disagreement.code_b and item["field"] != "unit":
            problems.append(Problem(path, label, "final", f"decision 'b' but final {final!r} is not code_b", line))
        found, value = _final_value(item, checked, contrasts)
        if not found:
            problems.append(Problem(path, label, "a", f"the dataset has no {item['kind']} record {item['a']!r} to check", line))
        elif _text(value) != _text(final):
            problems.append(
                Problem(path, label, "final", f"the dataset holds {_text(value)!r} for this {item['field']}, not {final!r}", line)
            )
    for key, disagreement in expected.items():
        if key not in seen:
            problems.append(
                Problem(
                    adjudication_file(folder, disagreement.kind, disagreement.source),
                    f"{disagreement.kind} {disagreement.a or '-'} / {disagreement.b or '-'}",
                    disagreement.field,
                    f"disagreement not adjudicated: a={disagreement.code_a!r}, b={disagreement.code_b!r}",
                )
            )
    return problems


def todo(comparison: Comparison, adjudications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Skeleton entries for the disagreements not yet adjudicated, in the file's format."""
    done = {(item["kind"], item["source"], item["a"], item["b"], item["field"]) for item in adjudications}
    return [
        {
            "kind": d.kind,
            "source": d.source,
            "a": d.a,
            "b": d.b,
            "field": d.field,
            "code_a": d.code_a,
            "code_b": d.code_b,
            "decision": None,
            "final": None,
            "reason": None,
        }
        for d in comparison.disagreements
        if d.key not in done
    ]


def coding_rows(coding: Coding) -> list[dict[str, Any]]:
    """One row per record of a coding, for the `codings` table."""
    rows = []
    for source_id, source in sorted(coding.sources.items()):
        for kind in CODED_SECTIONS:
            for record in source.sections.get(kind, []):
                span = record["_span"] or (None, None)
                rows.append(
                    {
                        "coding": coding.name,
                        "record_id": record["id"],
                        "kind": kind,
                        "source_id": source_id,
                        "start": span[0],
                        "end": span[1],
                        **{name: record.get(name) for name in sorted(set(FIELDS["claims"]) | set(FIELDS["positions"]))},
                    }
                )
    return rows


def verdict(value: float | None) -> str:
    """How a reliability figure reads against the usual thresholds."""
    if value is None:
        return "no variation"
    if value >= ALPHA_TARGET:
        return "reliable"
    if value >= ALPHA_FLOOR:
        return "tentative"
    return "unreliable"


def measure(checked: Checked, folder: Path, pairs: list[tuple[str, str]]) -> tuple[list[Coding], Comparison]:
    """Read both codings of `folder` and compare them; raise DatasetError on a bad coding."""
    from analysis.dataset.errors import DatasetError

    codings, problems = [], []
    for name in CODING_NAMES:
        coding, found = read_coding(name, folder / f"coder_{name}", checked, pairs)
        codings.append(coding)
        problems += found
    if problems:
        raise DatasetError(problems)
    return codings, compare(*codings, checked.sources, pairs)


def todo_yaml(
    comparison: Comparison, adjudications: list[dict[str, Any]], codings: list[Coding], folder: Path
) -> dict[Path, str]:
    """Per adjudication file, YAML entries (each under a comment quoting both records) for the disagreements not yet adjudicated."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for coding in codings:
        for source in coding.sources.values():
            for kind in CODED_SECTIONS:
                for record in source.sections.get(kind, []):
                    records[(kind, record["id"])] = record
    chunks: dict[Path, list[str]] = {}
    for entry in todo(comparison, adjudications):
        comments = []
        for side in ("a", "b"):
            record = records.get((entry["kind"], entry[side] or ""))
            if record is not None:
                comments.append(f"  # {side}: {record['quote']!r}")
        lines = [f"  - kind: {entry['kind']}"] + [
            f"    {name}: {'null' if entry[name] is None else _yaml_text(entry[name])}" for name in ADJUDICATION_FIELDS[1:]
        ]
        path = adjudication_file(folder, entry["kind"], entry["source"])
        chunks.setdefault(path, []).append("\n".join([*comments, *lines]))
    return {path: "\n".join(items) + "\n" for path, items in chunks.items()}


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
