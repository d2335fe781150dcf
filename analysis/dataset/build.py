"""Building the dataset tables from the annotations and the raw texts."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import paths
from analysis.dataset import quotes, reliability, schema, text, validity
from analysis.dataset.annotations import read_inputs
from analysis.dataset.errors import DatasetError, Problem
from analysis.dataset.parameters import ALL_PAIRS_LIMIT
from analysis.dataset.schema import COVERAGE_FLOOR, COVERED_THRESHOLD
from analysis.dataset.validate import Checked, Source, check
from analysis.dataset.vocabularies import CODED_RELATIONS, POINT_RELATIONS


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and how completely each source is coded."""

    tables: dict[str, int]
    coverage: dict[str, float]

    def lines(self) -> list[str]:
        rows = [f"  {name:<16} {count:>6} rows" for name, count in self.tables.items()]
        cover = [f"  {source:<16} {share:>6.1%} of body sentences covered" for source, share in self.coverage.items()]
        return ["Tables:", *rows, "Coverage:", *cover]


def _span_id(source_id: str, start: int, end: int) -> str:
    return f"{source_id}-{start:06d}-{end:06d}"


def _attribution(meta: dict[str, Any]) -> str:
    if meta["reporter"]:
        return f"{meta['author']}, as reported by {meta['reporter']}"
    return meta["author"]


def _segments(source: Source) -> list[text.Segment]:
    return text.segment(source.text, source.body, source.headings)


class _Tables:
    """Accumulates rows per table while walking the checked records."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in schema.TABLES}
        self.coverage: dict[str, float] = {}
        self.spans_of: dict[str, dict[str, tuple[int, int]]] = {}

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)

    def span(self, source: Source, record: dict[str, Any]) -> str:
        start, end = record["_span"]
        span_id = _span_id(source.meta["id"], start, end)
        known = self.spans_of.setdefault(source.meta["id"], {})
        if span_id not in known:
            known[span_id] = (start, end)
            prefix, suffix = quotes.context(source.text, start, end)
            self.add(
                "spans",
                span_id=span_id,
                source_id=source.meta["id"],
                start=start,
                end=end,
                exact=source.text[start:end],
                prefix=prefix,
                suffix=suffix,
            )
        return span_id

    def frames(self) -> dict[str, pd.DataFrame]:
        frames = {}
        for table in schema.TABLES:
            frame = pd.DataFrame(self.rows[table.name], columns=table.columns)
            frames[table.name] = frame.sort_values(list(table.primary_key), kind="stable").reset_index(drop=True)
        return frames


def _cell(column: schema.Field, record: dict[str, Any]) -> Any:
    """A column's value, as the annotation field it is read from holds it."""
    value = record[column.inputs[0].key]
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "array":
        return json.dumps(value or [], ensure_ascii=False)
    return value


def _add_records(
    tables: _Tables, table: schema.Table, records: list[dict[str, Any]], derived: dict[str, Callable[[dict[str, Any]], Any]]
) -> None:
    """One row of `table` per record: the columns `derived` computes, the others read from the record as the schema says."""
    for record in records:
        tables.add(
            table.name,
            **{
                column.name: derived[column.name](record) if column.name in derived else _cell(column, record)
                for column in table.fields
            },
        )


def _codebook_rows(tables: _Tables, checked: Checked) -> None:
    for name in schema.CODEBOOK_SECTIONS:
        _add_records(tables, schema.TABLES_BY_NAME[name], checked.codebook[name], {})
    for vocabulary, values in schema.VOCABULARIES.items():
        for value, definition in values.items():
            tables.add("vocabularies", vocabulary=vocabulary, value=value, definition=definition)


def _targets(target: str | None, actor_names: dict[str, str]) -> dict[str, str | None]:
    """Split a target id into the columns of an actor or a proposition target."""
    if target is None:
        return {"target_kind": None, "target_actor_id": None, "target_proposition_id": None}
    if target in actor_names:
        return {"target_kind": "actor", "target_actor_id": target, "target_proposition_id": None}
    return {"target_kind": "proposition", "target_actor_id": None, "target_proposition_id": target}


def speaker(voice: str, meta: dict[str, Any], actor_names: dict[str, str]) -> str:
    """The name behind a voice: the author, the reporter, or the actor quoted."""
    if voice == "author":
        return str(meta["author"])
    if voice == "reporter":
        return str(meta["reporter"])
    return actor_names[voice]


def _record_rows(tables: _Tables, source: Source, actor_names: dict[str, str]) -> None:
    meta = source.meta
    derived: dict[str, Callable[[dict[str, Any]], Any]] = {
        "source_id": lambda record: meta["id"],
        "author": lambda record: meta["author"],
        "reported_by": lambda record: meta["reporter"],
        "speaker": lambda record: speaker(record["voice"], meta, actor_names),
        **{
            column: lambda record, column=column: _targets(record["target"], actor_names)[column]
            for column in ("target_kind", "target_actor_id", "target_proposition_id")
        },
        "span_id": lambda record: tables.span(source, record),
    }
    for name in schema.SOURCE_SECTIONS:
        _add_records(tables, schema.TABLES_BY_NAME[name], source.sections[name], derived)
    for event in source.sections["events"]:
        for actor_id in event["actors"]:
            tables.add("event_actors", event_id=event["id"], actor_id=actor_id)


def default_label(author: str, reporter: str | None) -> str:
    """A source's label when its annotation gives none: the author's surname, with the reporter's for a summary."""
    return author.split()[-1] + (f" (via {reporter.split()[-1]})" if reporter else "")


def _source_row(tables: _Tables, source: Source, n_body: int) -> None:
    """The source's row: its metadata as the schema reads it, and what the build measured of its text."""
    measured: dict[str, Callable[[dict[str, Any]], Any]] = {
        "attribution": _attribution,
        "label": lambda meta: meta.get("label") or default_label(meta["author"], meta.get("reporter")),
        "n_chars": lambda meta: len(source.text),
        "n_body_sentences": lambda meta: n_body,
        "body_coverage": lambda meta: round(tables.coverage[meta["id"]], 4),
    }
    _add_records(tables, schema.TABLES_BY_NAME["sources"], [source.meta], measured)


def _text_rows(tables: _Tables, source: Source, alias_pattern: Any, actor_of: dict[str, str]) -> int:
    """Add the source's sentences and mentions; return its number of body sentences."""
    source_id = source.meta["id"]
    segments = _segments(source)
    spans = list(tables.spans_of.get(source_id, {}).values())
    starts = [segment.start for segment in segments]
    body_total = body_covered = 0
    for index, segment in enumerate(segments, start=1):
        share = text.covered_share(segment.start, segment.end, spans, source.text)
        tables.add(
            "sentences",
            sentence_id=f"{source_id}-s{index:04d}",
            source_id=source_id,
            start=segment.start,
            end=segment.end,
            kind=segment.kind,
            text=source.text[segment.start : segment.end],
            covered_share=round(share, 4),
        )
        if segment.kind == "body":
            body_total += 1
            body_covered += share >= COVERED_THRESHOLD
    tables.coverage[source_id] = body_covered / body_total if body_total else 0.0
    for start, end, alias in text.find_mentions(source.text, alias_pattern):
        position = bisect.bisect_right(starts, start) - 1
        if position < 0 or segments[position].end < end:
            raise RuntimeError(f"{source_id}: mention {alias!r} at {start} straddles two sentences")
        tables.add(
            "mentions",
            mention_id=f"{source_id}-m{start:06d}",
            source_id=source_id,
            actor_id=actor_of[alias.replace("\u2019", "'")],
            alias=alias,
            start=start,
            end=end,
            sentence_id=f"{source_id}-s{position + 1:04d}",
        )
    return body_total


def compared_pairs(source_ids: list[str], coded_pairs: set[frozenset[str]]) -> list[tuple[str, str]]:
    """The pairs of sources the contrasts table covers, each in id order.

    Up to ALL_PAIRS_LIMIT sources, every pair (the book's matrix); beyond, only the
    pairs a coder compared in comparisons.yaml, since all pairs grow with the square of
    the corpus and stop being readable long before they stop being computable.
    """
    if len(source_ids) <= ALL_PAIRS_LIMIT:
        return list(itertools.combinations(sorted(source_ids), 2))
    return sorted(tuple(sorted(pair)) for pair in coded_pairs if len(pair) == 2)


def _point_rows(tables: _Tables, checked: Checked) -> None:
    for record in sorted(checked.points, key=lambda r: r["id"]):
        source_a, source_b = sorted(record["sources"])
        tables.add(
            "points",
            point_id=record["id"],
            topic_id=record["topic"],
            matter=record["matter"],
            source_a=source_a,
            source_b=source_b,
            relation=record["relation"],
            reason=record["reason"],
            says_a=(record["says"].get(source_a) or "").strip() or None,
            says_b=(record["says"].get(source_b) or "").strip() or None,
            evidence_a=" ".join(record["evidence"].get(source_a) or []) or None,
            evidence_b=" ".join(record["evidence"].get(source_b) or []) or None,
        )


def summary_relation(relations: list[str]) -> str:
    """A topic's relation for a pair, from its points' relations (CODING.md, section 6).

    The relation most two-sided points carry, ties broken in the order of `CODED_RELATIONS`;
    `only_one` when every point is one-sided.
    """
    counts = Counter(relation for relation in relations if relation in CODED_RELATIONS)
    if not counts:
        return "only_one"
    return max(CODED_RELATIONS, key=lambda relation: (counts[relation], -CODED_RELATIONS.index(relation)))


def _contrast_rows(tables: _Tables, checked: Checked) -> None:
    """One row per topic and compared pair: the relation derived from its points, else what its claims show."""
    points_of: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for point in tables.rows["points"]:
        points_of.setdefault((point["topic_id"], point["source_a"], point["source_b"]), []).append(point)
    by_side: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for claim in sorted(tables.rows["claims"], key=lambda c: c["claim_id"]):
        by_side.setdefault((claim["source_id"], claim["topic_id"]), []).append(claim)
    coded_pairs = {frozenset((point["source_a"], point["source_b"])) for point in tables.rows["points"]}
    pairs = compared_pairs([source.meta["id"] for source in checked.sources], coded_pairs)
    for topic in checked.codebook["topics"]:
        topic_id = topic["id"]
        for source_a, source_b in pairs:
            points = points_of.get((topic_id, source_a, source_b), [])
            counts = Counter(point["relation"] for point in points)
            if points:
                relation = summary_relation([point["relation"] for point in points])
                reason = "; ".join(f"{counts[name]} {name}" for name in POINT_RELATIONS if counts[name])
                says = [" ".join(f"{p['matter']}: {p[side]}" for p in points if p[side]) for side in ("says_a", "says_b")]
                cited = [sorted({i for p in points for i in (p[side] or "").split()}) for side in ("evidence_a", "evidence_b")]
            else:
                sides = [by_side.get((source_a, topic_id), []), by_side.get((source_b, topic_id), [])]
                speaking = sum(bool(side) for side in sides)
                relation, reason = {0: "neither", 1: "only_one"}.get(speaking, "uncoded"), None
                says = [" ".join(c["paraphrase"] for c in side) for side in sides]
                cited = [[c["claim_id"] for c in side] for side in sides]
            tables.add(
                "contrasts",
                contrast_id=f"{topic_id}--{source_a}--{source_b}",
                topic_id=topic_id,
                source_a=source_a,
                source_b=source_b,
                relation=relation,
                reason=reason,
                **{f"n_{name}": counts[name] for name in POINT_RELATIONS},
                points=" ".join(sorted(point["point_id"] for point in points)) or None,
                says_a=says[0] or None,
                says_b=says[1] or None,
                claims_a=" ".join(cited[0]) or None,
                claims_b=" ".join(cited[1]) or None,
            )


def _reliability_rows(tables: _Tables, checked: Checked, folder: Path) -> None:
    """The two codings, their paired records, agreement per field and the adjudication; raise if they do not hold."""
    if not folder.is_dir():
        return
    pairs = compared_pairs([source.meta["id"] for source in checked.sources], set())
    codings, comparison = reliability.measure(checked, folder, pairs)
    adjudications, problems = reliability.read_adjudication(folder)
    problems += reliability.check_adjudication(adjudications, comparison, checked, folder)
    if problems:
        raise DatasetError(problems)
    for coding in codings:
        for row in reliability.coding_rows(coding):
            tables.add("codings", **row)
    for pair in comparison.pairs:
        record_a = reliability.record_id(pair.a) if pair.a else None
        record_b = reliability.record_id(pair.b) if pair.b else None
        tables.add(
            "unit_pairs",
            pair_id=f"{pair.kind}:{pair.source_id}:{record_a or '-'}:{record_b or '-'}",
            kind=pair.kind,
            source_id=pair.source_id,
            record_a=record_a,
            record_b=record_b,
            overlap=pair.overlap,
        )
    for row in comparison.agreement:
        tables.add("agreement", **row)
    _add_records(
        tables,
        schema.TABLES_BY_NAME["adjudications"],
        adjudications,
        {
            "adjudication_id": lambda item: (
                f"{item['kind']}:{item['source']}:{item['a'] or '-'}:{item['b'] or '-'}:{item['field']}"
            )
        },
    )


def _validity_rows(tables: _Tables, checked: Checked, folder: Path) -> None:
    """The independent reading aligned with the published points (analysis.dataset.validity); raise on its problems."""
    record_spans = {
        record["id"]: record["_span"]
        for source in checked.sources
        for section in ("claims", "positions")
        for record in source.sections[section]
        if record.get("_span")
    }
    found, problems = validity.rows(folder, checked.sources, tables.rows["points"], record_spans)
    if problems:
        raise DatasetError(problems)
    for row in found:
        tables.add("validity", **row)


def tabulate(
    checked: Checked, reliability_dir: Path | None = None, coverage_floor: float | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Turn checked annotations (and, when given, the reliability codings) into the tables and coverage shares.

    With a `coverage_floor`, a source whose body is covered less than that stops the build before the
    reliability codings are compared.
    """
    tables = _Tables()
    _codebook_rows(tables, checked)
    actor_names = {actor["id"]: actor["name"] for actor in checked.codebook["actors"]}
    actor_of = {
        alias.replace("\u2019", "'"): actor["id"] for actor in checked.codebook["actors"] for alias in actor["aliases"] or []
    }
    pattern = text.alias_pattern(actor_of)
    for source in sorted(checked.sources, key=lambda s: s.meta["id"]):
        _record_rows(tables, source, actor_names)
        n_body = _text_rows(tables, source, pattern, actor_of)
        _source_row(tables, source, n_body)
    _point_rows(tables, checked)
    _contrast_rows(tables, checked)
    if coverage_floor is not None:
        _check_coverage(checked, tables.coverage, coverage_floor)
    if reliability_dir is not None:
        _reliability_rows(tables, checked, reliability_dir)
        _validity_rows(tables, checked, reliability_dir.parent / validity.FOLDER)
    return tables.frames(), tables.coverage


def _check_coverage(checked: Checked, coverage: dict[str, float], floor: float) -> None:
    problems = [
        Problem(
            source.path,
            f"source {source.meta['id']}",
            "claims",
            f"only {coverage[source.meta['id']]:.1%} of body sentences are covered by a span; at least {floor:.0%} is required "
            "(run `python -m analysis progress " + source.meta["id"] + "` to list the uncovered ones)",
        )
        for source in checked.sources
        if coverage[source.meta["id"]] < floor
    ]
    if problems:
        raise DatasetError(problems)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with Unix line ends, byte-stable across runs.

    Rows end in \\n, but a field holding a carriage return (a passage of a text saved
    with \\r\\n or \\r line ends) is quoted and kept whole: the CSV is written with
    \\r\\n row ends, which makes the writer quote such fields, and those row ends,
    the ones outside quotes, are then turned into \\n.
    """
    parts = frame.to_csv(index=False, lineterminator="\r\n").split('"')
    parts[::2] = [outside.replace("\r\n", "\n") for outside in parts[::2]]
    path.write_bytes('"'.join(parts).encode("utf-8"))


def datapackage(checked: Checked, tables_dir: Path) -> dict[str, Any]:
    """The Data Package descriptor: tables, raw texts with their hashes, and a content hash."""
    digest = hashlib.sha256()
    for table in schema.TABLES:
        digest.update((tables_dir / f"{table.name}.csv").read_bytes())
    info = asdict(schema.PackageInfo())
    resources = [table.descriptor() for table in schema.TABLES]
    for source in sorted(checked.sources, key=lambda s: s.meta["id"]):
        meta = source.meta
        resources.append(
            {
                "name": f"raw-{meta['id']}".replace("_", "-"),
                "type": "file",
                "path": f"raw/{meta['raw_file']}",
                "scheme": "file",
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "title": f"Raw text: {meta['title']}",
                "description": f"{_attribution(meta)}; received as {meta['original_file_name']}. Third-party text kept unchanged for analysis and quotation; not relicensed.",
                "hash": f"sha256:{meta['sha256']}",
                "bytes": len(source.text.encode("utf-8")),
            }
        )
    return {**info, "content_sha256": digest.hexdigest(), "resources": resources}


def _validate_package(descriptor_path: Path) -> None:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(descriptor_path)).validate()
    if not report.valid:
        errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
        raise RuntimeError("the built data package is not valid:\n  " + "\n  ".join(errors[:20]))


def _same_files(staging: Path, data_dir: Path) -> bool:
    """Whether the tables and the descriptor built in `staging` are, name for name and byte for byte, those
    `data_dir` already publishes."""

    def published(root: Path) -> dict[str, bytes]:
        files = [root / "datapackage.json", *sorted((root / "tables").glob("*"))]
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in files if path.is_file()}

    return published(staging) == published(data_dir)


def build(data_dir: Path = paths.DATA, coverage_floor: float = COVERAGE_FLOOR, validate: bool = True) -> BuildReport:
    """Check the inputs, build every table and publish them together, or nothing.

    The tables and `datapackage.json` are written to a temporary folder, checked
    with Frictionless, and only then moved into `data_dir`.
    """
    inputs = read_inputs(data_dir)
    checked = check(inputs)
    frames, coverage = tabulate(checked, inputs.reliability_dir, coverage_floor)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=data_dir) as staging_name:
        staging = Path(staging_name)
        (staging / "tables").mkdir()
        for name, frame in frames.items():
            write_csv(frame, staging / "tables" / f"{name}.csv")
        os.symlink(data_dir.resolve() / "raw", staging / "raw")
        descriptor = datapackage(checked, staging / "tables")
        descriptor_path = staging / "datapackage.json"
        descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if validate:
            _validate_package(descriptor_path)
        if not _same_files(staging, data_dir):  # else left as they are: a reader of the tables never sees them move
            old = data_dir / ".tables-old"
            if (data_dir / "tables").exists():
                shutil.rmtree(old, ignore_errors=True)
                (data_dir / "tables").rename(old)
            (staging / "tables").rename(data_dir / "tables")
            os.replace(descriptor_path, data_dir / "datapackage.json")
            shutil.rmtree(old, ignore_errors=True)
    return BuildReport(tables={name: len(frame) for name, frame in frames.items()}, coverage=coverage)
