"""Inter-coder reliability: two independent codings, their agreement, and the adjudication.

`data/annotations/reliability/` holds coding `a` (the first coding as it stood
before adjudication), coding `b` (an independent second coding made from the
coding manual and the texts alone), each with its points of comparison in
`comparisons.yaml`, and `adjudication/` (one file per source, and one for the
points: every disagreement, both codes, the decision and its reason).

The build pairs the two codings' records by the passages they quote (never by
their codes), measures how the texts were cut into units (share of units paired,
boundary F1) and agreement per field and per joint code with Krippendorff's alpha
(nominal), per source and pooled, each figure with a bootstrap interval; points
of comparison are paired by the passages their evidence rests on, per pair of
sources, and a source coded once is in no figure. It checks that every disagreement is
adjudicated and that each decision is what the published dataset holds, and
tabulates all of it.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis.dataset import overlap, quotes
from analysis.dataset.annotations import LINE_KEY, SourceAnnotation, read_yaml
from analysis.dataset.errors import Problem
from analysis.dataset.parameters import ALPHA_FLOOR, ALPHA_TARGET, BOUNDARY_TOLERANCE, MIN_OVERLAP, RESAMPLES, SEED
from analysis.dataset.schema import AGREEMENT_CONFIDENCE, TABLES_BY_NAME
from analysis.dataset.validate import (
    CODED_SECTIONS,
    OPTIONAL_CODED_SECTIONS,
    Checked,
    Source,
    check_coding,
    check_record,
    rules,
)
from analysis.dataset.vocabularies import POINT_RELATIONS

#: The two codings, each a folder coder_<name> of the reliability folder.
CODING_NAMES = ("a", "b")

#: The fields compared on paired records, per kind of record (events and phase evidence only where both codings have them).
FIELDS: dict[str, tuple[str, ...]] = {
    "claims": ("topic", "voice", "modality", "claim_type", "target", "stance", "role", "bears_on"),
    "positions": ("holder", "target", "stance", "polarity", "voice", "modality"),
    "events": ("date_start", "date_end", "phase"),
    "phase_evidence": ("phase",),
    "points": ("relation", "topic"),
}
#: Joint codes: several fields compared as one code ('target+stance'), which agrees only when every part does.
JOINT: dict[str, tuple[tuple[str, ...], ...]] = {
    "claims": (("target", "stance"), ("role", "bears_on")),
    "positions": (("target", "stance"), ("holder", "target", "stance")),
    "events": (("date_start", "date_end"),),
}
#: The kinds of record always compared, and those compared only on a source whose both codings coded them.
UNIT_KINDS = CODED_SECTIONS + OPTIONAL_CODED_SECTIONS

#: The unitizing measures: 'paired' (units of either coding paired with one of the other), 'boundaries' (boundary F1).
UNITIZING = ("paired", "boundaries")

#: The two-sided coverage of the bootstrap intervals.
CONFIDENCE = AGREEMENT_CONFIDENCE
#: The scope of a figure measured over every source coded twice (else the scope is a source, or a pair of sources).
POOLED = "all"


ABSENT = "(not coded)"
NONE = "(none)"
CODED = "(coded)"


def joint_name(parts: Iterable[str]) -> str:
    """The field name of a joint code: 'target+stance'."""
    return "+".join(parts)


def _alphas(first: np.ndarray, second: np.ndarray, values: int) -> np.ndarray:
    """Nominal alpha of two coders, row by row: rows of integer codes in [0, values), one column per unit.

    From the coincidence matrix: alpha = 1 - (n - 1) * (off-diagonal coincidences) / sum over c != k of n_c * n_k,
    with n = 2 * units; NaN where every code is the same (no variation).
    """
    rows, units = first.shape
    offsets = (np.arange(rows) * values)[:, None]
    counts = np.bincount(np.concatenate([first + offsets, second + offsets], axis=1).ravel(), minlength=rows * values)
    counts = counts.reshape(rows, values).astype(float)
    n = 2 * units
    expected = n * n - (counts**2).sum(axis=1)
    observed = 2 * (first != second).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def _encode(pairs: Iterable[tuple[Any, Any]]) -> tuple[np.ndarray, np.ndarray, int]:
    """The pairable units (both codes present) as two integer arrays, and the number of distinct codes."""
    pairable = [(str(one), str(two)) for one, two in pairs if one is not None and two is not None]
    index = {value: number for number, value in enumerate(sorted({value for pair in pairable for value in pair}))}
    first = np.array([index[one] for one, _ in pairable], dtype=np.int64)
    second = np.array([index[two] for _, two in pairable], dtype=np.int64)
    return first, second, len(index)


def alpha(pairs: Iterable[tuple[Any, Any]]) -> float | None:
    """Krippendorff's alpha (nominal) for two coders; None when the codes show no variation at all.

    A unit one coder left empty (None) cannot be paired and is left out, as in Krippendorff's definition.
    """
    first, second, values = _encode(pairs)
    if values < 2:
        return None
    value = _alphas(first[None, :], second[None, :], values)[0]
    return None if np.isnan(value) else float(value)


@dataclass
class Coding:
    """One coder's checked records: per source, its claims, positions (events, phase evidence); per pair, its points."""

    name: str
    sources: dict[str, Source] = field(default_factory=dict)
    #: Points of comparison per pair of sources, each with the characters its evidence rests on (`_characters`).
    points: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Pair:
    """Two records, one per coding, that code the same passage (either may be missing)."""

    kind: str
    source_id: str
    a: dict[str, Any] | None
    b: dict[str, Any] | None
    overlap: float


def record_id(record: Mapping[str, Any]) -> str:
    """A record's id; phase evidence has none, and is named by its place in its file ('phase_evidence[3]')."""
    return str(record.get("id") or record["_label"])


def _overlap(first: tuple[int, int], second: tuple[int, int]) -> tuple[float, float]:
    """(share of the shorter passage, Jaccard) of two spans."""
    common = min(first[1], second[1]) - max(first[0], second[0])
    if common <= 0:
        return 0.0, 0.0
    shorter = min(first[1] - first[0], second[1] - second[0])
    union = max(first[1], second[1]) - min(first[0], second[0])
    return common / shorter, common / union


def pair_records(
    kind: str, source_id: str, first: list[dict[str, Any]], second: list[dict[str, Any]], prefer_agreeing: bool = False
) -> list[Pair]:
    """Pair the two codings' records one to one by overlapping passages.

    Candidates overlap by at least MIN_OVERLAP of the shorter passage; the pairs are taken greedily by Jaccard
    overlap, ties (records that share one passage) broken by the records' order in their files. The agreement
    figures use this pairing, which looks at passages only. With `prefer_agreeing` (the adjudication's pairing,
    which lines up like with like for the adjudicator), ties are broken first by how many compared fields agree.
    """
    fields = [name for name in FIELDS[kind] if name != "bears_on"] if prefer_agreeing else []
    candidates = []
    for (order_a, one), (order_b, two) in itertools.product(enumerate(first), enumerate(second)):
        if one["_span"] is None or two["_span"] is None:
            continue
        share, jaccard = _overlap(one["_span"], two["_span"])
        if share >= MIN_OVERLAP:
            agreeing = sum(one.get(name) == two.get(name) for name in fields)
            candidates.append((-round(jaccard, 6), -agreeing, order_a, order_b, one, two, jaccard))
    candidates.sort(key=lambda item: item[:4])
    used_a: set[str] = set()
    used_b: set[str] = set()
    pairs = []
    for *_, one, two, jaccard in candidates:
        if record_id(one) in used_a or record_id(two) in used_b:
            continue
        used_a.add(record_id(one))
        used_b.add(record_id(two))
        pairs.append(Pair(kind, source_id, one, two, round(jaccard, 4)))
    pairs += [Pair(kind, source_id, one, None, 0.0) for one in first if record_id(one) not in used_a]
    pairs += [Pair(kind, source_id, None, two, 0.0) for two in second if record_id(two) not in used_b]
    return sorted(
        pairs,
        key=lambda p: (
            (p.a or p.b or {}).get("_span") or (0, 0),
            record_id(p.a) if p.a else "",
            record_id(p.b) if p.b else "",
        ),
    )


def _codes(pair: Pair, name: str, a_of_b: Mapping[str, str]) -> tuple[Any, Any]:
    """The two codes of a field (or joint code 'a+b') on a pair; an empty field (no target, no link) is a code of its
    own, NONE.

    A second-coding argument link is expressed in first-coding ids, so that links agree when they point at
    the same passage.
    """
    if "+" in name:
        parts = [_codes(pair, part, a_of_b) for part in name.split("+")]
        return " | ".join(_text(one) for one, _ in parts), " | ".join(_text(two) for _, two in parts)
    code_a = pair.a.get(name) if pair.a else None
    code_b = pair.b.get(name) if pair.b else None
    if name == "bears_on" and code_b is not None:
        code_b = a_of_b.get(code_b, f"{code_b} (unpaired)")
    return (NONE if code_a is None else _text(code_a)), (NONE if code_b is None else _text(code_b))


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


@dataclass
class Units:
    """The units one figure is measured on, per scope (a source, or a pair of sources).

    A unit is either a pair of codes (`codes`: alpha and the share of agreeing units) or a (hits, weight) count
    (`counts`: a share, sum of hits over sum of weights, with no alpha).
    """

    kind: str
    field: str
    codes: dict[str, list[tuple[Any, Any]]] = field(default_factory=dict)
    counts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def _boundaries(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Boundary agreement units: each boundary of one coding matched to one of the other within BOUNDARY_TOLERANCE.

    A boundary is where a coded passage starts or ends. Pairs are matched one to one, nearest first; a matched pair
    is a unit (2, 2) and an unmatched boundary a unit (0, 1), so that sum of hits / sum of weights is the boundary
    F1 score, 2 * matched / (boundaries of a + boundaries of b).
    """
    marks = [
        sorted({offset for record in records if record["_span"] for offset in record["_span"]}) for records in (first, second)
    ]
    candidates = sorted(
        (abs(one - two), one, two) for one in marks[0] for two in marks[1] if abs(one - two) <= BOUNDARY_TOLERANCE
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, one, two in candidates:
        if one not in used_a and two not in used_b:
            used_a.add(one)
            used_b.add(two)
    matched = len(used_a)
    return [(2, 2)] * matched + [(0, 1)] * (len(marks[0]) + len(marks[1]) - 2 * matched)


def _interval(values: np.ndarray) -> tuple[float | None, float | None]:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return None, None
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(finite, [tail, 100 - tail])
    return _round(float(low)), _round(float(high))


def _resamples(measure_id: str, scope: str, sizes: list[int]) -> Iterator[np.ndarray]:
    """RESAMPLES rows of unit indices, drawn with replacement within each scope (stratum) of the given sizes.

    The rows come in chunks, so that memory stays small however many units are pooled; the generator is seeded with
    SEED and the figure's id and scope, so a figure's interval does not depend on the other figures.
    """
    rng = np.random.default_rng([SEED, zlib.crc32(f"{measure_id}@{scope}".encode())])
    offsets = np.cumsum([0, *sizes[:-1]])
    for start in range(0, RESAMPLES, _CHUNK):
        rows = min(_CHUNK, RESAMPLES - start)
        yield np.concatenate(
            [offset + rng.integers(0, size, (rows, size)) for offset, size in zip(offsets, sizes, strict=True)], axis=1
        )


#: Resamples drawn at a time.
_CHUNK = 250


def _figure(measure_id: str, kind: str, name: str, scope: str, strata: list[list[Any]], counted: bool) -> dict[str, Any]:
    """One row of the agreement table: the figures over the units of `strata`, with bootstrap intervals."""
    units = [unit for stratum in strata for unit in stratum]
    sizes = [len(stratum) for stratum in strata if stratum]
    draws = list(_resamples(measure_id, scope, sizes)) if units else []
    row: dict[str, Any] = {"measure_id": measure_id, "scope": scope, "kind": kind, "field": name, "n_units": len(units)}
    shares: list[np.ndarray] = []
    alphas: list[np.ndarray] = []
    if counted:
        hits = np.array([hit for hit, _ in units], dtype=float)
        weights = np.array([weight for _, weight in units], dtype=float)
        row["n_agree"] = int(sum(1 for hit, _ in units if hit))
        share = hits.sum() / weights.sum() if units else None
        shares = [hits[chunk].sum(axis=1) / weights[chunk].sum(axis=1) for chunk in draws]
        row["alpha"] = None
    else:
        first, second, values = _encode(units)
        row["n_agree"] = int((first == second).sum())
        share = row["n_agree"] / len(units) if units else None
        row["alpha"] = _round(alpha(units))
        for chunk in draws:
            shares.append((first[chunk] == second[chunk]).mean(axis=1))
            if row["alpha"] is not None:
                alphas.append(_alphas(first[chunk], second[chunk], values))
    row["share_agree"] = _round(share)
    row["share_low"], row["share_high"] = _interval(np.concatenate(shares) if shares else np.array([]))
    row["alpha_low"], row["alpha_high"] = _interval(np.concatenate(alphas) if alphas else np.array([]))
    return row


def _rows(measures: list[Units]) -> list[dict[str, Any]]:
    """Every measure's row per scope, then pooled over its scopes (resampled within each)."""
    rows = []
    for units in measures:
        counted = bool(units.counts)
        by_scope = units.counts if counted else units.codes
        measure_id = f"{units.kind}.{units.field}"
        for scope in sorted(by_scope):
            rows.append(_figure(measure_id, units.kind, units.field, scope, [by_scope[scope]], counted))
        if by_scope:
            rows.append(_figure(measure_id, units.kind, units.field, POOLED, [by_scope[s] for s in sorted(by_scope)], counted))
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _records(coding: Coding, source_id: str, kind: str) -> list[dict[str, Any]] | None:
    source = coding.sources.get(source_id)
    return source.sections.get(kind) if source else None


def compare(first: Coding, second: Coding, sources: list[Source], pairs_of_sources: list[tuple[str, str]]) -> Comparison:
    """Pair the records of two codings and measure their agreement field by field, per source and pooled.

    Only the sources both codings cover are compared, and only the pairs of such sources: a source coded once has
    nothing to agree with. Events and phase evidence are compared on the sources whose both codings hold them.
    The figures rest on the pairing by passage alone; the disagreements to adjudicate on the adjudication's pairing
    (`pair_records(prefer_agreeing=True)`), and every unpaired unit is a disagreement on the unit.
    """
    shared = sorted(set(first.sources) & set(second.sources))
    pairs_of_sources = [pair for pair in pairs_of_sources if set(pair) <= set(shared)]
    pairs: list[Pair] = []
    measures: list[Units] = []
    disagreements: list[Disagreement] = []
    for kind in UNIT_KINDS:
        paired, boundaries = Units(kind, "paired"), Units(kind, "boundaries")
        names = [*FIELDS[kind], *(joint_name(parts) for parts in JOINT.get(kind, ()))]
        fields = {name: Units(kind, name) for name in names}
        for source_id in shared:
            records = (_records(first, source_id, kind), _records(second, source_id, kind))
            if records[0] is None or records[1] is None:
                continue
            kind_pairs = pair_records(kind, source_id, *records)
            pairs += kind_pairs
            paired.counts[source_id] = [(int(bool(p.a and p.b)), 1) for p in kind_pairs]
            boundaries.counts[source_id] = _boundaries(*records)
            matched = [pair for pair in kind_pairs if pair.a and pair.b]
            a_of_b = {record_id(pair.b): record_id(pair.a) for pair in matched if pair.a and pair.b}
            for name, units in fields.items():
                units.codes[source_id] = [_codes(pair, name, a_of_b) for pair in matched]
            disagreements += _disagreements(kind, source_id, pair_records(kind, source_id, *records, prefer_agreeing=True))
        measures += [paired, boundaries, *fields.values()]
    measures += _compare_points(first, second, pairs_of_sources, pairs, disagreements)
    return Comparison(pairs, _rows(measures), disagreements, shared)


def _compare_points(
    first: Coding, second: Coding, pairs_of_sources: list[tuple[str, str]], pairs: list[Pair], disagreements: list[Disagreement]
) -> list[Units]:
    """Pair the two codings' points of comparison by the passages their evidence rests on, and measure them.

    Per pair of sources: points are paired one to one when they share at least MIN_OVERLAP of the smaller
    point's characters (`overlap.pair_greedily`); a point left unpaired is a disagreement on the unit.
    """
    paired = Units("points", "paired")
    fields = {name: Units("points", name) for name in FIELDS["points"]}
    for source_a, source_b in pairs_of_sources:
        scope = f"{source_a}+{source_b}"
        mine = {point["id"]: point for point in first.points.get((source_a, source_b), [])}
        theirs = {point["id"]: point for point in second.points.get((source_a, source_b), [])}
        if not mine and not theirs:
            continue
        matched = overlap.pair_greedily(
            [(i, p["_characters"]) for i, p in sorted(mine.items())],
            [(i, p["_characters"]) for i, p in sorted(theirs.items())],
            MIN_OVERLAP,
        )
        paired.counts[scope] = [(int(bool(id_a and id_b)), 1) for id_a, id_b, _ in matched]
        for id_a, id_b, jaccard in matched:
            one, two = mine.get(id_a or ""), theirs.get(id_b or "")
            pairs.append(Pair("points", scope, one, two, jaccard))
            if not (one and two):
                disagreements.append(
                    Disagreement("points", scope, id_a, id_b, "unit", CODED if one else ABSENT, CODED if two else ABSENT)
                )
                continue
            for name, units in fields.items():
                units.codes.setdefault(scope, []).append((one[name], two[name]))
                if one[name] != two[name]:
                    disagreements.append(Disagreement("points", scope, id_a, id_b, name, _text(one[name]), _text(two[name])))
    return [paired, *fields.values()]


def _disagreements(kind: str, source_id: str, pairs: list[Pair]) -> list[Disagreement]:
    """The fields two paired records code differently, and the units only one coding has."""
    found = []
    a_of_b = {record_id(pair.b): record_id(pair.a) for pair in pairs if pair.a and pair.b}
    for pair in pairs:
        ids = (record_id(pair.a) if pair.a else None, record_id(pair.b) if pair.b else None)
        if not (pair.a and pair.b):
            found.append(Disagreement(kind, source_id, *ids, "unit", CODED if pair.a else ABSENT, CODED if pair.b else ABSENT))
            continue
        for name in FIELDS[kind]:
            one, two = _codes(pair, name, a_of_b)
            if one != two:
                found.append(Disagreement(kind, source_id, *ids, name, one, two))
    return found


def _read_points(path: Path, coding: Coding, by_id: Mapping[str, Source]) -> list[Problem]:
    """Read one coding's points of comparison (comparisons.yaml): each cites, per side, its own coding's record ids
    (`evidence`) or verbatim passages of the text (`quotes`); keep the characters they rest on."""
    content = read_yaml(path) or {}
    problems: list[Problem] = []
    for index, point in enumerate(content.get("points") or []):
        label = f"points[{index}] (id {point.get('id')})"
        line = point.get(LINE_KEY)
        sources = sorted(point.get("sources") or [])
        if len(sources) != 2 or not set(sources) <= set(by_id):
            problems.append(Problem(path, label, "sources", f"expected two known source ids, found {sources}", line))
            continue
        if point.get("relation") not in POINT_RELATIONS:
            problems.append(
                Problem(path, label, "relation", f"{point.get('relation')!r} is not one of {', '.join(POINT_RELATIONS)}", line)
            )
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        for source_id in sources:
            own = coding.sources.get(source_id)
            records = {r["id"]: r for kind in CODED_SECTIONS for r in (own.sections.get(kind, []) if own else [])}
            found = []
            for record_id_ in (point.get("evidence") or {}).get(source_id) or []:
                if record_id_ in records and records[record_id_]["_span"]:
                    found.append(records[record_id_]["_span"])
                else:
                    problems.append(
                        Problem(path, label, "evidence", f"no record {record_id_!r} of {source_id} in this coding", line)
                    )
            folded = quotes.fold(by_id[source_id].text)
            for quote in (point.get("quotes") or {}).get(source_id) or []:
                try:
                    found.append(quotes.find(folded, quote))
                except (quotes.QuoteNotFound, quotes.QuoteAmbiguous):
                    problems.append(Problem(path, label, "quotes", f"not found once in {source_id}: {quote!r}", line))
            spans[source_id] = found
        clean = {
            "id": point.get("id"),
            "topic": point.get("topic"),
            "relation": point["relation"],
            "matter": point.get("matter"),
            "_label": label,
        }
        clean["_characters"] = overlap.characters(spans)
        coding.points.setdefault((sources[0], sources[1]), []).append(clean)
    return problems


def read_coding(name: str, folder: Path, checked: Checked, pairs: list[tuple[str, str]]) -> tuple[Coding, list[Problem]]:
    """Read and check one coding folder: <source id>.yaml files, and comparisons.yaml (its points of comparison)."""
    coding = Coding(name)
    problems: list[Problem] = []
    by_id = {source.meta["id"]: source for source in checked.sources}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == POINTS_FILE:
            continue
        if path.stem not in by_id:
            problems.append(Problem(path, "file", "*", f"no source {path.stem!r} in the dataset for this coding"))
            continue
        source, found = check_coding(SourceAnnotation(path, read_yaml(path) or {}), by_id[path.stem], checked.known)
        coding.sources[path.stem] = source
        problems += found
    if (folder / POINTS_FILE).exists():
        problems += _read_points(folder / POINTS_FILE, coding, by_id)
    return coding, problems


#: A coding's points of comparison, in its folder (and their adjudication, in the adjudication folder).
POINTS_FILE = "comparisons.yaml"

#: The fields of an adjudication record and their rules: the schema's, from the `adjudications` table's columns.
ADJUDICATION_RULES = rules(TABLES_BY_NAME["adjudications"])
ADJUDICATION_FIELDS = tuple(ADJUDICATION_RULES)


def adjudication_file(folder: Path, kind: str, source: str) -> Path:
    """Where the adjudication of a disagreement lives: one file per source, and one for the points of comparison."""
    return folder / "adjudication" / (POINTS_FILE if kind == "points" else f"{source}.yaml")


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
        # every value read as text (a code may look like a number or a date to YAML), then checked by the schema
        as_text = (
            {name: value if name == LINE_KEY or value is None else str(value) for name, value in record.items()}
            if isinstance(record, Mapping)
            else record
        )
        checked, wrong = check_record(path, label, as_text, ADJUDICATION_RULES)
        problems += wrong
        if checked is None:
            continue
        item = {name: checked[name] for name in ADJUDICATION_FIELDS}
        item["_line"], item["_label"], item["_path"] = checked[LINE_KEY], label, path
        clean.append(item)
    return clean, problems


def _final_value(item: Mapping[str, Any], checked: Checked) -> tuple[bool, Any]:
    """(found, value): what the published dataset holds for an adjudicated unit and field."""
    kind, field_name = item["kind"], item["field"]
    if kind == "points":
        records = {point["id"]: point for point in checked.points}
    else:
        sources = {source.meta["id"]: source for source in checked.sources}
        source = sources.get(item["source"])
        records = {record_id(record): record for record in source.sections.get(kind, [])} if source else {}
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
        found, value = _final_value(item, checked)
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
    names = sorted({name for kind in UNIT_KINDS for name in FIELDS[kind]})
    for source_id, source in sorted(coding.sources.items()):
        for kind in UNIT_KINDS:
            for record in source.sections.get(kind, []):
                span = record["_span"] or (None, None)
                rows.append(
                    {
                        "coding": coding.name,
                        "record_id": record_id(record),
                        "kind": kind,
                        "source_id": source_id,
                        "start": span[0],
                        "end": span[1],
                        **{name: None if record.get(name) is None else str(record[name]) for name in names},
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
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for coding in codings:
        for source in coding.sources.values():
            for kind in UNIT_KINDS:
                for record in source.sections.get(kind, []):
                    records[(coding.name, kind, record_id(record))] = record
        for points in coding.points.values():
            for point in points:
                records[(coding.name, "points", point["id"])] = point
    chunks: dict[Path, list[str]] = {}
    for entry in todo(comparison, adjudications):
        comments = []
        for side in ("a", "b"):
            record = records.get((side, entry["kind"], entry[side] or ""))
            if record is not None:
                comments.append(f"  # {side}: {record.get('quote') or record.get('matter')!r}")
        lines = [f"  - kind: {entry['kind']}"] + [
            f"    {name}: {'null' if entry[name] is None else _yaml_text(entry[name])}" for name in ADJUDICATION_FIELDS[1:]
        ]
        path = adjudication_file(folder, entry["kind"], entry["source"])
        chunks.setdefault(path, []).append("\n".join([*comments, *lines]))
    return {path: "\n".join(items) + "\n" for path, items in chunks.items()}


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
