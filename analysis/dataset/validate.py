"""Checking the annotations against the codebook, the vocabularies and the texts.

`check` reads nothing itself: it takes what `annotations.read_inputs` read and
returns clean records (quotes resolved to offsets) or raises `DatasetError`
listing every problem, each naming its file, line, record and field.

The rules of each record's fields are the schema's (`schema.Input`, on the
columns they fill): `rules` reads them and `_Checker.record` applies them, each
value passing the check `CHECKS` holds under its name. The rules across records
are named functions, run from the tables `CODEBOOK_CHECKS`, `SOURCE_CHECKS` and
`CODING_CHECKS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from analysis.dataset import geography, quotes, schema, vocabularies
from analysis.dataset.annotations import LINE_KEY, Inputs, SourceAnnotation
from analysis.dataset.errors import DatasetError, Problem
from analysis.dataset.schema import CODEBOOK_SECTIONS, SOURCE_SECTIONS, Input
from analysis.dataset.text import decode_raw

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")

#: What one record's fields must hold, by field name.
Rules = Mapping[str, Input]


def rules(table: schema.Table) -> dict[str, Input]:
    """The rules of the annotation records that fill `table`: the schema's inputs, made whole from their columns."""
    found: dict[str, Input] = {}
    for column in table.fields:
        for given in column.inputs:
            required = column.required if given.required is None else given.required
            vocab = column.enum if given.vocab is None and given.check == "text" else given.vocab
            found[given.key] = replace(given, required=required, vocab=vocab)
    for given in table.inputs:
        found[given.key] = replace(given, required=given.required is not False)
    return found


def check_record(file: Path, label: str, record: Any, record_rules: Rules) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One annotation record checked against `record_rules` (a table's `rules`): the record's fields cleaned (None if
    it is not a mapping), and what is wrong with it, each problem naming the file, line, record and field."""
    checker = _Checker()
    clean = checker.record(file, label, record, record_rules)
    return clean, checker.problems


SOURCE_RULES = rules(schema.TABLES_BY_NAME["sources"])
SECTION_RULES = {name: rules(schema.TABLES_BY_NAME[name]) for name in SOURCE_SECTIONS}
CODEBOOK_RULES = {name: rules(schema.TABLES_BY_NAME[name]) for name in CODEBOOK_SECTIONS}
POINT_RULES = rules(schema.TABLES_BY_NAME["points"])
#: Fields of earlier versions of the annotation format, by their new name: an old file is told what to rename.
RENAMED = {"target_actor": "target"}
LAYOUT_REGION_RULES = {"first": Input("first", required=True), "last": Input("last", required=True)}


@dataclass
class Source:
    """A checked source: its metadata, its raw text, and its checked records."""

    meta: dict[str, Any]
    text: str
    path: Path
    body: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Checked:
    """Everything that passed the checks, ready to be tabulated."""

    codebook: dict[str, list[dict[str, Any]]]
    sources: list[Source]
    points: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)
    known: dict[str, set[str]] = field(default_factory=dict)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.known: dict[str, set[str]] = {
            "actor": set(),
            "topic": set(),
            "phase": set(),
            "source": set(),
            "proposition": set(),
        }

    def report(self, file: Path, record: Mapping[str, Any] | None, label: str, name: str, message: str) -> None:
        line = record.get(LINE_KEY) if isinstance(record, Mapping) else None
        self.problems.append(Problem(file, label, name, message, line))

    def record(self, file: Path, label: str, record: Any, rules: Rules) -> dict[str, Any] | None:
        """Check one record's fields; return it cleaned, or None if it is not a mapping."""
        if not isinstance(record, Mapping):
            self.report(file, None, label, "*", f"expected a mapping of fields, found {_describe(record)}")
            return None
        clean: dict[str, Any] = {LINE_KEY: record.get(LINE_KEY)}
        for name in record:
            if name != LINE_KEY and name not in rules:
                renamed = f"renamed {RENAMED[name]!r}; " if RENAMED.get(name) in rules else ""
                self.report(file, record, label, name, f"unknown field ({renamed}expected one of: {', '.join(rules)})")
        for name, rule in rules.items():
            clean[name] = self.value(file, label, record, name, rule)
        return clean

    def value(self, file: Path, label: str, record: Mapping[str, Any], name: str, rule: Input) -> Any:
        raw = record.get(name)
        empty = raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []
        if empty:
            if rule.required:
                allowed = f" (one of: {', '.join(rule.vocab)})" if rule.vocab is not None else ""
                allowed = allowed or (f" (a {rule.ref} id of the codebook)" if rule.ref in ("actor", "topic", "phase") else "")
                self.report(file, record, label, name, f"required field is missing or empty{allowed}")
            return None

        def fail(message: str) -> None:
            self.report(file, record, label, name, message)

        value = CHECKS[rule.check](self, raw, fail, rule)
        if value is None:
            return None
        if rule.vocab is not None and value not in rule.vocab:
            fail(f"{_describe(value)} is not in the vocabulary ({', '.join(rule.vocab)})")
            return None
        if rule.ref is not None and rule.check != "refs" and not self.is_known(value, rule.ref, fail):
            return None
        return value

    def reported(self, file: Path, label: str, name: str) -> bool:
        """Whether a problem with this record's field is already reported (one error per cause)."""
        return any(p.file == file and p.record == label and p.field == name for p in self.problems)

    def is_known(self, value: str, ref: str, fail: Callable[[str], None]) -> bool:
        if value in self.known[ref]:
            return True
        fail(f"unknown {ref} id {_describe(value)}")
        return False

    def unique(self, file: Path, records: list[dict[str, Any]], key: str, seen: dict[str, Path], kind: str) -> None:
        for record in records:
            value = record.get(key)
            if value is None:
                continue
            if value in seen:
                first = seen[value]
                self.report(file, record, f"{kind} {value}", key, f"duplicate id (first defined in {first.name})")
            else:
                seen[value] = file

    def section(self, file: Path, content: Mapping[str, Any], name: str, rules: Rules) -> list[dict[str, Any]]:
        items = content.get(name) or []
        if not isinstance(items, list):
            self.report(file, content, name, name, f"expected a list of records, found {_describe(items)}")
            return []
        checked = []
        for index, item in enumerate(items):
            label = f"{name}[{index}]"
            if isinstance(item, Mapping) and item.get("id"):
                label += f" (id {item['id']})"
            clean = self.record(file, label, item, rules)
            if clean is not None:
                clean["_label"] = label
                checked.append(clean)
        return checked


# The checks of one value, by the name `Input.check` gives: each takes the checker, the raw
# value (never empty), a function that reports a problem with it, and its rule, and returns
# the clean value, or None after reporting.


def _text(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        fail(f"expected text, found {_describe(raw)}")
        return None
    return str(raw)


def _id(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    if not isinstance(raw, str) or not ID_PATTERN.match(raw):
        fail(f"{_describe(raw)} is not a valid id (lowercase letters, digits, '_' and '-')")
        return None
    return raw


def _sha256(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    if not isinstance(raw, str) or not SHA256_PATTERN.match(raw):
        fail(f"{_describe(raw)} is not a sha256 hex digest")
        return None
    return raw


def _date(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    text = str(raw)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        fail(f"{_describe(raw)} is not an ISO date YYYY-MM-DD")
        return None
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{_describe(raw)} is not a real calendar date")
        return None
    return text


def _year(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1000 <= raw <= 2999:
        fail(f"{_describe(raw)} is not a four-digit year")
        return None
    return raw


def _bool(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> bool | None:
    if not isinstance(raw, bool):
        fail(f"expected true or false, found {_describe(raw)}")
        return None
    return raw


def _refs(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> list[str] | None:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        fail(f"expected a list of {rule.ref} ids, found {_describe(raw)}")
        return None
    assert rule.ref is not None
    if len(set(raw)) != len(raw):
        fail(f"lists an id twice: {_describe(raw)}")
        return None
    return raw if all(checker.is_known(item, rule.ref, fail) for item in raw) else None


def _aliases(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> list[str] | None:
    if not isinstance(raw, list) or not all(isinstance(item, str) and item.strip() for item in raw):
        fail(f"expected a list of non-empty alias strings, found {_describe(raw)}")
        return None
    return raw


def _countries(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> list[str] | None:
    if not isinstance(raw, list) or not all(geography.is_alpha3(item) for item in raw):
        fail(f"expected a list of ISO 3166-1 alpha-3 country codes (such as PAK), found {_describe(raw)}")
        return None
    if len(set(raw)) != len(raw):
        fail(f"lists a country twice: {_describe(raw)}")
        return None
    return raw


def _voice(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    if isinstance(raw, str) and (raw in vocabularies.VOICES or raw in checker.known["actor"]):
        return str(raw)
    fail(f"unknown voice {_describe(raw)} (expected {', '.join(vocabularies.VOICES)} or an actor id)")
    return None


def _target(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> str | None:
    if isinstance(raw, str) and (raw in checker.known["actor"] or raw in checker.known["proposition"]):
        return str(raw)
    fail(f"unknown target {_describe(raw)} (expected an actor id or a proposition id of the codebook)")
    return None


def _evidence(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> dict[str, list[str]] | None:
    if not isinstance(raw, Mapping) or not all(
        isinstance(ids, list) and all(isinstance(item, str) for item in ids) for key, ids in raw.items() if key != LINE_KEY
    ):
        fail(f"expected a mapping of source id to a list of claim ids, found {_describe(raw)}")
        return None
    return {str(key): list(ids) for key, ids in raw.items() if key != LINE_KEY}


def _says(checker: _Checker, raw: Any, fail: Callable[[str], None], rule: Input) -> dict[str, str] | None:
    if not isinstance(raw, Mapping):
        fail(f"expected a mapping of source id to summary, found {_describe(raw)}")
        return None
    return {key: str(value) for key, value in raw.items() if key != LINE_KEY}


CHECKS: dict[str, Callable[[_Checker, Any, Callable[[str], None], Input], Any]] = {
    "text": _text,
    "id": _id,
    "sha256": _sha256,
    "date": _date,
    "year": _year,
    "bool": _bool,
    "refs": _refs,
    "aliases": _aliases,
    "countries": _countries,
    "voice": _voice,
    "target": _target,
    "evidence": _evidence,
    "says": _says,
}


def _check_codebook(checker: _Checker, inputs: Inputs) -> dict[str, list[dict[str, Any]]]:
    file = inputs.codebook_path
    codebook: dict[str, list[dict[str, Any]]] = {}
    for name, rules in CODEBOOK_RULES.items():
        records = checker.section(file, inputs.codebook, name, rules)
        checker.unique(file, records, "id", {}, name[:-1])
        checker.known[name[:-1]] = {record["id"] for record in records if record["id"]}
        codebook[name] = records
    for rule in CODEBOOK_CHECKS:
        rule(checker, file, codebook)
    return codebook


def _check_phase_years(checker: _Checker, file: Path, codebook: Mapping[str, list[dict[str, Any]]]) -> None:
    for phase in codebook["phases"]:
        start, end = phase["start_year"], phase["end_year"]
        if start is not None and end is not None and end < start:
            checker.report(file, phase, phase["_label"], "end_year", f"end year {end} is before start year {start}")


def _check_proposition_ids(checker: _Checker, file: Path, codebook: Mapping[str, list[dict[str, Any]]]) -> None:
    for proposition in codebook["propositions"]:
        if proposition["id"] in checker.known["actor"] or proposition["id"] in vocabularies.VOICES:
            checker.report(
                file, proposition, proposition["_label"], "id", f"{proposition['id']!r} is already an actor id or a voice"
            )


def _check_owners(checker: _Checker, file: Path, codebook: Mapping[str, list[dict[str, Any]]]) -> None:
    """An alias, and a country, belongs to one actor only."""
    for name, show in (("aliases", lambda alias: f"alias {alias!r}"), ("countries", lambda country: f"country {country}")):
        owner: dict[str, str] = {}
        for actor in codebook["actors"]:
            for item in actor[name] or []:
                if owner.get(item, actor["id"]) != actor["id"]:
                    checker.report(file, actor, actor["_label"], name, f"{show(item)} also belongs to actor {owner[item]!r}")
                owner[item] = actor["id"]


#: The rules across the codebook's records, in the order they run.
CODEBOOK_CHECKS: tuple[Callable[[_Checker, Path, Mapping[str, list[dict[str, Any]]]], None], ...] = (
    _check_phase_years,
    _check_proposition_ids,
    _check_owners,
)


def _locate(
    checker: _Checker, source: Source, record: dict[str, Any], folded: quotes.Folded, whole_line: bool = False
) -> tuple[int, int] | None:
    quote = record.get("quote")
    if quote is None:
        return None
    label = record["_label"]
    try:
        return quotes.find(folded, quote, record.get("prefix"), record.get("suffix"), whole_line=whole_line)
    except quotes.QuoteNotFound as missing:
        checker.report(
            source.path,
            record,
            label,
            "quote",
            f"quote not found in {source.meta['raw_file']}: {_describe(quote)}; nearest passage: {missing.nearest!r}",
        )
    except quotes.QuoteAmbiguous as many:
        checker.report(
            source.path,
            record,
            label,
            "quote",
            f"quote occurs {len(many.offsets)} times (at offsets {many.offsets}); add a 'prefix' or 'suffix' to tell them apart",
        )
    return None


def _check_source(checker: _Checker, annotation: SourceAnnotation, raw_dir: Path) -> Source | None:
    file, content = annotation.path, annotation.content
    if not isinstance(content, Mapping):
        checker.report(file, None, "file", "*", "expected a mapping with 'source', 'layout' and record lists")
        return None
    for key in content:
        if key != LINE_KEY and key not in {"source", "layout", *SECTION_RULES}:
            checker.report(file, content, "file", key, f"unknown section (expected: source, layout, {', '.join(SECTION_RULES)})")
    meta = checker.record(file, "source", content.get("source"), SOURCE_RULES)
    if meta is None or meta["id"] is None:
        return None
    if meta["id"] != file.stem:
        checker.report(file, meta, "source", "id", f"id {meta['id']!r} does not match the file name {file.name!r}")
    text = _read_raw(checker, file, meta, raw_dir)
    if text is None:
        return None
    source = Source(meta=meta, text=text, path=file)
    folded = quotes.fold(text)
    _check_layout(checker, source, content.get("layout") or {}, folded)
    for name in SECTION_RULES:
        _check_section(checker, source, content, name, folded)
    for rule in SOURCE_CHECKS:
        rule(checker, source)
    return source


def _read_raw(checker: _Checker, file: Path, meta: dict[str, Any], raw_dir: Path) -> str | None:
    """The raw text the source's metadata names, checked against its hash; None when it cannot be read."""
    if meta["raw_file"] is None:
        return None
    name = meta["raw_file"]
    if "/" in name or "\\" in name or name in {".", ".."} or "\0" in name:
        checker.report(
            file, meta, "source", "raw_file", f"{name!r} must be a file name directly inside data/raw (no folders, no '..')"
        )
        return None
    raw_path = raw_dir / name
    if not raw_path.is_file():
        checker.report(file, meta, "source", "raw_file", f"no such raw text: {raw_path}")
        return None
    data = raw_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if meta["sha256"] is not None and digest != meta["sha256"]:
        checker.report(
            file,
            meta,
            "source",
            "sha256",
            f"raw text {raw_path.name} has sha256 {digest}, not the recorded {meta['sha256']}: the text changed",
        )
    try:
        return decode_raw(data)
    except UnicodeDecodeError as error:
        checker.report(file, meta, "source", "raw_file", f"{raw_path.name} is not UTF-8: {error}")
        return None


def _check_layout(checker: _Checker, source: Source, layout: Any, folded: quotes.Folded) -> None:
    """Find the body regions and headings the layout quotes."""
    file = source.path
    regions = layout.get("body") if isinstance(layout, Mapping) else None
    if not isinstance(regions, list) or not regions:
        checker.report(
            file,
            layout if isinstance(layout, Mapping) else None,
            "layout",
            "body",
            "required: a list of body regions, each with 'first' and 'last' quotes",
        )
    else:
        for index, region in enumerate(regions):
            label = f"layout.body[{index}]"
            clean = checker.record(file, label, region, LAYOUT_REGION_RULES)
            if clean is None:
                continue
            first = _locate(
                checker, source, {"quote": clean["first"], "_label": label + ".first", LINE_KEY: clean[LINE_KEY]}, folded
            )
            last = _locate(
                checker, source, {"quote": clean["last"], "_label": label + ".last", LINE_KEY: clean[LINE_KEY]}, folded
            )
            if first and last:
                if last[1] <= first[0]:
                    checker.report(file, clean, label, "last", "the body region ends before it starts")
                else:
                    source.body.append((first[0], last[1]))
    for index, heading in enumerate((layout.get("headings") if isinstance(layout, Mapping) else None) or []):
        record = {"quote": heading, "_label": f"layout.headings[{index}]", LINE_KEY: layout.get(LINE_KEY)}
        found = _locate(checker, source, record, folded, whole_line=True)
        if found:
            source.headings.append(found)


def _check_section(
    checker: _Checker, source: Source, content: Mapping[str, Any], name: str, folded: quotes.Folded
) -> list[dict[str, Any]]:
    """Check one record list of an annotation file and find each record's quote; keep it in `source.sections`."""
    records = checker.section(source.path, content, name, SECTION_RULES[name])
    for record in records:
        record["_span"] = _locate(checker, source, record, folded)
    source.sections[name] = records
    return records


def _check_event_dates(checker: _Checker, source: Source) -> None:
    for event in source.sections["events"]:
        start, end = event["date_start"], event["date_end"]
        if start and end and end < start:
            checker.report(source.path, event, event["_label"], "date_end", f"end date {end} is before start date {start}")


def _check_stances(checker: _Checker, source: Source) -> None:
    """Cross-field rules of claims and positions (CODING.md, sections 3 and 4)."""
    for claim in source.sections["claims"]:
        if (
            claim["stance"] in ("favor", "against")
            and claim["target"] is None
            and not checker.reported(source.path, claim["_label"], "target")
        ):
            checker.report(source.path, claim, claim["_label"], "target", f"a {claim['stance']!r} stance needs a target")
        recommended = claim["modality"] == "recommended"
        recommendation = claim["claim_type"] == "recommendation"
        if claim["modality"] is not None and claim["claim_type"] is not None and recommended != recommendation:
            checker.report(
                source.path,
                claim,
                claim["_label"],
                "modality",
                "modality 'recommended' goes with claim_type 'recommendation', and only with it",
            )
        if claim["voice"] == "reporter" and not source.meta["reporter"]:
            checker.report(source.path, claim, claim["_label"], "voice", "voice 'reporter' in a source that has no reporter")
    for position in source.sections["positions"]:
        if position["modality"] == "recommended":
            checker.report(
                source.path, position, position["_label"], "modality", "a position is held, not recommended: use a claim"
            )
        if position["voice"] == "reporter" and not source.meta["reporter"]:
            checker.report(
                source.path, position, position["_label"], "voice", "voice 'reporter' in a source that has no reporter"
            )


def _check_arguments(checker: _Checker, source: Source) -> None:
    """Argument links: each non-root claim bears on a claim of the same source, with no cycle."""
    claims = {claim["id"]: claim for claim in source.sections["claims"] if claim["id"]}
    for claim in claims.values():
        role, target = claim["role"], claim["bears_on"]
        if role is None:
            continue
        if role in vocabularies.ROOT_ROLES and target is not None:
            checker.report(source.path, claim, claim["_label"], "bears_on", f"a {role} bears on nothing: leave bears_on empty")
        elif role not in vocabularies.ROOT_ROLES and target is None:
            checker.report(source.path, claim, claim["_label"], "bears_on", f"a {role} must name the claim it bears on")
        elif target is not None and target not in claims:
            checker.report(
                source.path, claim, claim["_label"], "bears_on", f"no claim {target!r} in {source.meta['id']} to bear on"
            )
    reported: set[str] = set()
    for start in claims:
        path, current = [start], claims[start]["bears_on"]
        while current in claims and current not in path:
            path.append(current)
            current = claims[current]["bears_on"]
        if current in path and current not in reported:
            cycle = path[path.index(current) :]
            reported.update(cycle)
            claim = claims[current]
            checker.report(
                source.path,
                claim,
                claim["_label"],
                "bears_on",
                "argument links form a cycle: " + " -> ".join([*cycle, current]),
            )
    if claims and not any(claim["role"] == "thesis" for claim in claims.values()):
        checker.report(source.path, source.meta, "claims", "role", "no claim is coded as the text's thesis")


def _check_points(checker: _Checker, inputs: Inputs, sources: list[Source]) -> list[dict[str, Any]]:
    """Each point of comparison: two known sources, evidence from the side it is listed under, a relation it can bear."""
    file = inputs.comparisons_path
    records = checker.section(file, inputs.comparisons, "points", POINT_RULES)
    checker.unique(file, records, "id", {}, "point")
    by_source = {source.meta["id"]: source for source in sources}
    owner = {
        record["id"]: source_id
        for source_id, source in by_source.items()
        for section in ("claims", "positions")
        for record in source.sections[section]
    }
    for record in records:
        pair = record["sources"]
        if pair is None:
            continue
        if len(pair) != 2:
            checker.report(file, record, record["_label"], "sources", f"a point compares exactly two sources, found {len(pair)}")
            continue
        for name in ("says", "evidence"):
            for key_id in record[name] or {}:
                if key_id not in pair:
                    checker.report(file, record, record["_label"], name, f"{key_id!r} is not one of the compared sources {pair}")
        if record["evidence"] is None or record["says"] is None:
            continue
        cited: dict[str, list[dict[str, Any]]] = {}
        for source_id in pair:
            ids = record["evidence"].get(source_id) or []
            said = (record["says"].get(source_id) or "").strip()
            if said and not ids:
                checker.report(
                    file, record, record["_label"], "evidence", f"says what {source_id} says but cites none of its records"
                )
            if ids and not said:
                checker.report(file, record, record["_label"], "says", f"cites {source_id} but says nothing of what it says")
            records_of = {r["id"]: r for section in ("claims", "positions") for r in by_source[source_id].sections[section]}
            for record_id in ids:
                if record_id in records_of:
                    continue
                elsewhere = owner.get(record_id)
                message = (
                    f"{record_id!r} is a record of {elsewhere}, not of {source_id}"
                    if elsewhere
                    else f"no claim or position {record_id!r} in source {source_id}"
                )
                checker.report(file, record, record["_label"], "evidence", message)
            cited[source_id] = [records_of[i] for i in ids if i in records_of]
        problem = _relation_problem(record["relation"], [cited[source_id] for source_id in pair], pair, by_source)
        if problem:
            checker.report(file, record, record["_label"], "relation", problem)
    return records


def _stances(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The author's own non-neutral stances among the cited claims, by target (CODING.md, section 6)."""
    found: dict[str, set[str]] = {}
    for record in records:
        if record.get("voice") == "author" and record.get("target") is not None and record.get("stance") in ("favor", "against"):
            found.setdefault(record["target"], set()).add(record["stance"])
    return found


def _relation_problem(
    relation: str | None, cited: list[list[dict[str, Any]]], pair: list[str], sources: Mapping[str, Source]
) -> str | None:
    """Why the cited records cannot bear the relation (CODING.md, section 6), or None."""
    speaking = [source_id for source_id, side in zip(pair, cited, strict=True) if side]
    if relation == "only_one":
        return None if len(speaking) == 1 else f"'only_one' cites records of {len(speaking)} sources; cite one side only"
    if relation is None or len(speaking) < 2:
        return None if relation is None else f"{relation!r} needs evidence on both sides; a one-sided point is 'only_one'"
    side_a, side_b = _stances(cited[0]), _stances(cited[1])
    shared = sorted(set(side_a) & set(side_b))
    opposed = [target for target in shared if side_a[target] ^ side_b[target] == {"favor", "against"}]
    if relation in ("agree", "differ_in_emphasis") and opposed:
        return f"{relation!r} but the authors take opposite stances on {', '.join(opposed)}: that is 'disagree'"
    dates = {sources[source_id].meta.get("published") for source_id in pair}
    if relation == "changed_over_time" and len(dates) < 2:
        return "'changed_over_time' needs texts of different dates; these share one: that is 'disagree'"
    return None


def _check_thesis_proposition(checker: _Checker, source: Source) -> None:
    """A text's argument is compared with the others' through its thesis: one must take a stance on a proposition."""
    theses = [claim for claim in source.sections["claims"] if claim["role"] == "thesis"]
    if theses and not any(
        claim["target"] in checker.known["proposition"] and claim["stance"] in ("favor", "against") for claim in theses
    ):
        checker.report(
            source.path,
            theses[0],
            theses[0]["_label"],
            "target",
            "no thesis takes a stance on a proposition: give one thesis a proposition id of codebook.yaml as its "
            "target and the stance 'favor' or 'against' (CODING.md, section 4)",
        )


#: The rules across the claims and positions of a source or of a reliability coding, in the order they run.
CODING_CHECKS: tuple[Callable[[_Checker, Source], None], ...] = (_check_stances, _check_arguments)
#: The rules across the records of a source, in the order they run.
SOURCE_CHECKS: tuple[Callable[[_Checker, Source], None], ...] = (_check_event_dates, *CODING_CHECKS, _check_thesis_proposition)


def check(inputs: Inputs, strict: bool = True) -> Checked:
    """Check every input; return the clean records or, when `strict`, raise DatasetError.

    With `strict=False` the problems are returned with whatever passed, for progress reports.
    """
    checker = _Checker()
    codebook = _check_codebook(checker, inputs)
    sources = []
    seen_sources: dict[str, Path] = {}
    for annotation in inputs.sources:
        source = _check_source(checker, annotation, inputs.raw_dir)
        if source is None:
            continue
        checker.unique(source.path, [source.meta], "id", seen_sources, "source")
        sources.append(source)
    checker.known["source"] = {source.meta["id"] for source in sources}
    if not inputs.sources:
        checker.report(inputs.annotations_dir / "sources", None, "sources", "*", "no source annotation files (*.yaml)")
    for section in (name for name, rules in SECTION_RULES.items() if "id" in rules):
        seen: dict[str, Path] = {}
        for source in sources:
            checker.unique(source.path, source.sections[section], "id", seen, section[:-1])
    points = _check_points(checker, inputs, sources)
    if checker.problems and strict:
        raise DatasetError(checker.problems)
    return Checked(codebook=codebook, sources=sources, points=points, problems=checker.problems, known=checker.known)


#: The sections a reliability coding holds: the double-coded records only.
CODED_SECTIONS = ("claims", "positions")
#: Sections a reliability coding may hold too; compared only on a source both codings coded them for.
OPTIONAL_CODED_SECTIONS = ("events", "phase_evidence")


def check_coding(annotation: SourceAnnotation, source: Source, known: Mapping[str, set[str]]) -> tuple[Source, list[Problem]]:
    """Check one coder's records of a source: fields, verbatim quotes, stances and argument links.

    Claims and positions are always read (an absent section is an empty one); events and phase evidence only when
    the file has their section, so that `coding.sections` says which of them this coding coded.
    """
    checker = _Checker()
    checker.known = {name: set(ids) for name, ids in known.items()}
    file, content = annotation.path, annotation.content
    coding = Source(meta=source.meta, text=source.text, path=file)
    if not isinstance(content, Mapping):
        checker.report(file, None, "file", "*", "expected a mapping with 'source' and record lists")
        return coding, checker.problems
    for key in content:
        if key not in {LINE_KEY, "source", "layout", *CODED_SECTIONS, *OPTIONAL_CODED_SECTIONS}:
            expected = ", ".join(("source", "layout", *CODED_SECTIONS, *OPTIONAL_CODED_SECTIONS))
            checker.report(file, content, "file", key, f"unknown section (expected: {expected})")
    folded = quotes.fold(source.text)
    for name in (*CODED_SECTIONS, *(name for name in OPTIONAL_CODED_SECTIONS if name in content)):
        checker.unique(file, _check_section(checker, coding, content, name, folded), "id", {}, name[:-1])
    for rule in (*CODING_CHECKS, *((_check_event_dates,) if "events" in coding.sections else ())):
        rule(checker, coding)
    return coding, checker.problems
