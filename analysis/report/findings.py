"""The book's interpretive findings, each resting on dataset records it cites.

`book/findings.yaml` holds every interpretive statement of the overview and the
conclusions: a short title, the statement, and the ids of the claims, positions,
events or notes it rests on. Chapters render them with links to those records;
`check` fails when a cited record does not exist, and a chapter says so visibly
when the dataset holds a source that none of its findings interprets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis import paths
from analysis.dataset.load import Dataset
from analysis.report import frames, summary

FINDINGS = paths.ROOT / "book" / "findings.yaml"

#: The record tables a finding may cite, with their id column.
RECORD_TABLES = {
    "claims": "claim_id",
    "positions": "position_id",
    "events": "event_id",
    "notes": "note_id",
    "contrasts": "contrast_id",
    "points": "point_id",
}

#: Tables whose records belong to a pair of sources rather than to one.
PAIR_TABLES = ("contrasts", "points")

#: A count typed into prose: a number that is not a four-digit year or part of a date.
TYPED_NUMBER = re.compile(r"(?<![\w-])(?!(?:1[89]|20)\d\d\b)\d+(?![\w/-])")


@dataclass(frozen=True)
class Finding:
    """One interpretive statement and the records it rests on."""

    id: str
    chapter: str
    title: str
    text: str
    records: tuple[str, ...]
    front: bool = False
    #: Part of the short answer to the book's question, shown first on the front page and the overview.
    answer: bool = False


def read_prose(path: Path = FINDINGS) -> dict[str, list[str]]:
    """For each chapter with hand-written commentary on the sources, the source ids that commentary interprets."""
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(chapter): [str(s) for s in sources or []] for chapter, sources in (content.get("prose") or {}).items()}


def interpreted_by_chapter(
    findings: list[Finding], prose: dict[str, list[str]], source_of: dict[str, set[str]]
) -> dict[str, set[str]]:
    """Each chapter with interpretation and the sources it interprets: its findings' records' sources, or its declared prose."""
    chapters: dict[str, set[str]] = {chapter: set(sources) for chapter, sources in prose.items()}
    for finding in findings:
        covered = set().union(*(source_of.get(record, set()) for record in finding.records))
        chapters.setdefault(finding.chapter, set()).update(covered)
    return chapters


def uninterpreted(source_id: str, source_of: dict[str, set[str]], path: Path = FINDINGS) -> list[str]:
    """The chapters whose interpretation does not yet discuss `source_id`, in name order."""
    chapters = interpreted_by_chapter(read(path), read_prose(path), source_of)
    return sorted(chapter for chapter, sources in chapters.items() if source_id not in sources)


def prose_note(data: Dataset, chapter: str, path: Path = FINDINGS) -> Coverage:
    """The declaration under a chapter's hand-written commentary: which sources it interprets, and a warning for the rest."""
    declared = read_prose(path)
    if chapter not in declared:
        raise ValueError(f"chapter {chapter!r} declares no interpreted sources in {path.name} (prose:)")
    return coverage_note(data, set(declared[chapter]), "The commentary on this page", "interprets")


def read(path: Path = FINDINGS) -> list[Finding]:
    """Every finding of the book, in file order."""
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Finding(
            id=str(item["id"]),
            chapter=str(item["chapter"]),
            title=str(item["title"]).strip(),
            text=" ".join(str(item["text"]).split()),
            records=tuple(item.get("records") or ()),
            front=bool(item.get("front", False)),
            answer=bool(item.get("answer", False)),
        )
        for item in content.get("findings", [])
    ]


def record_sources(data: Dataset) -> dict[str, set[str]]:
    """Record id to the source(s) it comes from, for every citable record."""
    found: dict[str, set[str]] = {}
    for table, key in RECORD_TABLES.items():
        frame = data.tables[table]
        if table in PAIR_TABLES:
            for record_id, source_a, source_b in zip(frame[key], frame.source_a, frame.source_b, strict=True):
                found[record_id] = {source_a, source_b}
        else:
            for record_id, source_id in zip(frame[key], frame.source_id, strict=True):
                found[record_id] = {source_id}
    return found


def problems(findings: list[Finding], data: Dataset) -> list[str]:
    """What is wrong with the findings: unknown records, no records, duplicate ids, counts typed into prose."""
    known = record_sources(data)
    found = []
    seen: set[str] = set()
    for finding in findings:
        if finding.id in seen:
            found.append(f"finding {finding.id}: duplicate id")
        seen.add(finding.id)
        if not finding.records:
            found.append(f"finding {finding.id}: cites no record")
        found += [
            f"finding {finding.id}: no record {record!r} in the dataset" for record in finding.records if record not in known
        ]
        for typed in TYPED_NUMBER.findall(finding.text + " " + finding.title):
            found.append(f"finding {finding.id}: typed number {typed!r} (glue counts from the data instead)")
    return found


def sources_of(finding: Finding, data: Dataset) -> set[str]:
    """The sources a finding interprets: those of the records it cites."""
    known = record_sources(data)
    return set().union(*(known.get(record, set()) for record in finding.records))


@dataclass(frozen=True)
class Coverage:
    """Which sources an interpretation covers (`statement`) and, when the dataset holds others, what it leaves out
    (`warning`, which the book shows as a warning)."""

    statement: str
    warning: str = ""


@dataclass(frozen=True)
class Stated:
    """A chapter's findings where it states them in full, each with the records it rests on and under its `target`
    label, then the sources they interpret."""

    findings: tuple[Finding, ...]
    coverage: Coverage


@dataclass(frozen=True)
class ShortAnswer:
    """The findings that answer the book's question, each linked (by the book) to the records it rests on and to
    where its chapter states it in full; no finding, no box."""

    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Highlights:
    """The findings the front page lists, each linked (by the book) to where its chapter states it; `empty` says so
    when no finding has been written."""

    findings: tuple[Finding, ...]
    empty: str = ""


def _checked(data: Dataset, findings: list[Finding] | None) -> list[Finding]:
    """The findings (the book's, by default), once they are known to be right; a ValueError lists what is wrong."""
    findings = read() if findings is None else findings
    wrong = problems(findings, data)
    if wrong:
        raise ValueError("; ".join(wrong))
    return findings


def stated(data: Dataset, chapter: str, findings: list[Finding] | None = None) -> Stated:
    """A chapter's findings: a bold title, the statement and the records it rests on.

    Raises ValueError if a finding is wrong, so a chapter never shows an unsupported one. Its coverage warns when
    the dataset holds sources that no finding of the chapter interprets.
    """
    chosen = [finding for finding in _checked(data, findings) if finding.chapter == chapter]
    covered = set().union(*(sources_of(finding, data) for finding in chosen)) if chosen else set()
    return Stated(tuple(chosen), coverage_note(data, covered))


def target(finding: Finding) -> str:
    """The label of a finding where its chapter states it, for links from elsewhere (the front page)."""
    return f"finding-{finding.id}"


def short_answer(data: Dataset, findings: list[Finding] | None = None) -> ShortAnswer:
    """The short answer to the book's question: the findings marked `answer: true`.

    Raises ValueError if a finding is wrong, or if none is marked while findings exist.
    """
    findings = _checked(data, findings)
    chosen = tuple(finding for finding in findings if finding.answer)
    if findings and not chosen:
        raise ValueError("no finding is marked `answer: true` in findings.yaml")
    return ShortAnswer(chosen)


def highlights(data: Dataset, findings: list[Finding] | None = None) -> Highlights:
    """The findings marked `front: true`, for the front page.

    Raises ValueError if a finding is wrong, or if there are findings and none is marked.
    """
    findings = _checked(data, findings)
    if not findings:
        return Highlights((), "No finding has been written for this corpus yet: the chapters' figures and tables describe it.")
    chosen = tuple(finding for finding in findings if finding.front)
    if not chosen:
        raise ValueError("no finding is marked `front: true` in findings.yaml")
    return Highlights(chosen)


def coverage_note(data: Dataset, covered: set[str], subject: str = "These findings", verb: str = "interpret") -> Coverage:
    """Which sources an interpretation covers; a warning naming any source of the dataset it does not.

    `subject` and `verb` agree in number ("These findings interpret", "The commentary on this
    page interprets"). Past `summary.MAX_NAMED` sources, the sources are counted rather than named.
    """
    who = frames.authors(data)
    chosen = [row.label for row in who.itertuples() if row.source_id in covered]
    missing = [row for row in who.itertuples() if row.source_id not in covered]
    if len(chosen) > summary.MAX_NAMED:
        interpreted = f"{len(chosen)} of the sources"
    else:
        interpreted = summary.join_words(chosen) or "no source of this dataset"
    if not missing:
        return Coverage(f"{subject} {verb} {interpreted}.")
    if len(missing) > summary.MAX_NAMED:
        added = f"{len(missing)} further sources"
    else:
        precision = data.sources.set_index("source_id").published_precision
        added = summary.join_words(
            [f"{row.label} (published {summary.published_phrase(row.published, precision[row.source_id])})" for row in missing]
        )
    it = "it" if len(missing) == 1 else "them"
    return Coverage(
        f"{subject} {verb} {interpreted}.",
        f"The dataset also holds {added}, which {'it does' if verb.endswith('s') else 'they do'} not yet discuss: "
        f"the figures and tables include {it}, the prose does not.",
    )
