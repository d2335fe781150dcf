"""Tools for the annotator: start a new source, and see how far its coding has got."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import paths
from analysis.dataset import text, vocabularies
from analysis.dataset.annotations import read_inputs
from analysis.dataset.build import tabulate
from analysis.dataset.errors import DatasetError, Problem
from analysis.dataset.schema import COVERAGE_FLOOR, COVERED_THRESHOLD
from analysis.dataset.validate import ID_PATTERN, Checked, check

SECTIONS = ("claims", "positions", "phase_evidence", "events", "notes")


@dataclass(frozen=True)
class NewSource:
    """What the annotator says about a new text."""

    source_id: str
    author: str
    title: str
    venue: str
    genre: str
    published: str
    published_precision: str = "day"
    reporter: str | None = None
    published_note: str | None = None
    summarised_work: str | None = None
    url: str | None = None
    retrieved: str | None = None


def scaffold(text_file: Path, meta: NewSource, data_dir: Path = paths.DATA) -> Path:
    """Copy a text into data/raw unchanged and write its annotation file, pre-filled with a checklist.

    Returns the path of the annotation file. Refuses to overwrite anything.
    """
    if not ID_PATTERN.match(meta.source_id):
        raise ValueError(f"source id {meta.source_id!r} must be lowercase letters, digits, '_' or '-'")
    if meta.genre not in vocabularies.GENRES:
        raise ValueError(f"genre {meta.genre!r} is not one of: {', '.join(vocabularies.GENRES)}")
    raw = data_dir / "raw" / f"{meta.source_id}.txt"
    annotation = data_dir / "annotations" / "sources" / f"{meta.source_id}.yaml"
    for existing in (raw, annotation):
        if existing.exists():
            raise FileExistsError(f"{existing} already exists")
    content = text_file.read_bytes()
    body_text = text.decode_raw(content)
    region = default_body(body_text)
    source = {
        "id": meta.source_id,
        "raw_file": raw.name,
        "original_file_name": text_file.name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "author": meta.author,
        "reporter": meta.reporter,
        "title": meta.title,
        "venue": meta.venue,
        "genre": meta.genre,
        "published": meta.published,
        "published_precision": meta.published_precision,
        "published_note": meta.published_note,
        "summarised_work": meta.summarised_work,
        "url": meta.url,
        "retrieved": meta.retrieved,
    }
    first = _bare(text.LINE_BREAK.split(body_text[region[0] :], maxsplit=1)[0]) if region else ""
    last = _bare(text.LINE_BREAK.split(body_text[: region[1]])[-1]) if region else ""
    layout = {"body": [{"first": first[:60], "last": last[-60:]}], "headings": []}
    header = (
        f"# Annotations of {meta.title!r}. Format: data/annotations/README.md.\n"
        "# 1. Check layout.body: it is set to the lines that read as prose; move its first and last quotes if the\n"
        "#    article starts or ends elsewhere, and list its headings.\n"
        "# 2. Code every body sentence below as claims, positions, phase evidence, events or notes.\n"
        f"# 3. Check with: .venv/bin/python -m analysis progress {meta.source_id} (it refreshes this list)\n"
    )
    body = yaml.safe_dump({"source": source, "layout": layout}, allow_unicode=True, sort_keys=False, width=100)
    sections = "".join(f"\n{name}: []\n" for name in SECTIONS)
    raw.parent.mkdir(parents=True, exist_ok=True)
    annotation.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text_file, raw)
    segments = text.segment(body_text, [region] if region else [], [])
    annotation.write_text(header + checklist(body_text, segments) + "\n" + body + sections, encoding="utf-8")
    _list_in_raw_readme(data_dir / "raw" / "README.md", meta, raw.name, text_file.name)
    return annotation


#: A line that reads as prose: at least this many words, ending as a sentence ends.
PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


def default_body(body_text: str) -> tuple[int, int] | None:
    """The article body a new source starts with: from the first line that reads as prose to the last one.

    Titles, bylines, dates and menus above and below it are page chrome until the annotator moves the body.
    """
    ends = [(m.start(), m.end()) for m in text.LINE_BREAK.finditer(body_text)] + [(len(body_text), len(body_text))]
    starts = [0] + [end for _, end in ends[:-1]]
    prose = [
        (start, end)
        for start, (end, _) in zip(starts, ends, strict=True)
        if len(_bare(body_text[start:end]).split()) >= PROSE_WORDS and _SENTENCE_END.search(_bare(body_text[start:end]))
    ]
    return (prose[0][0], prose[-1][1]) if prose else None


def checklist(body_text: str, segments: list[text.Segment], covered: Collection[int] = ()) -> str:
    """The annotation file's comment listing the body sentences to code (those whose start is not in `covered`),
    and the lines of page chrome apart, so that no chrome is glued to a sentence."""
    lines = ["# Sentences to code:"]
    lines += [
        f"#   [ ] {_comment_safe(body_text[s.start : s.end])[:110]}"
        for s in segments
        if s.kind == "body" and s.start not in covered
    ]
    chrome = [f"#   {_comment_safe(body_text[s.start : s.end])[:110]}" for s in segments if s.kind == "chrome"]
    if chrome:
        lines += ["# Page chrome (outside layout.body; not coded):", *chrome]
    return "\n".join(lines) + "\n"


def _list_in_raw_readme(readme: Path, meta: NewSource, raw_name: str, received: str) -> None:
    """Add the new text to the table of data/raw/README.md, after its last row."""
    if not readme.is_file():
        return
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line.startswith("| `")]
    if not rows:
        return
    who = f"{meta.reporter}, summary of {meta.author}'s" if meta.reporter else meta.author
    row = f'| `{raw_name}` | `{received}` | {who}, "{meta.title}", *{meta.venue}*, {meta.published} |\n'
    lines.insert(rows[-1] + 1, row)
    readme.write_text("".join(lines), encoding="utf-8")


def refresh_checklist(path: Path, listed: str) -> bool:
    """Replace the checklist comment of an annotation file by `listed` (`Progress.checklist`); return whether it changed."""
    content = path.read_text(encoding="utf-8")
    found = re.search(r"^# Sentences to code:\n(?:#.*\n)*", content, flags=re.M)
    if not found or not listed or found.group() == listed:
        return False
    path.write_text(content[: found.start()] + listed + content[found.end() :], encoding="utf-8")
    return True


def _bare(line: str) -> str:
    """A line without the white space and invisible marks (byte-order mark, zero-width space) at its edges."""
    return line.strip().strip(text.INVISIBLE).strip()


# What may not stand in a YAML comment: line ends (YAML also breaks lines at \x85, \u2028
# and \u2029) and the control characters YAML refuses.
_NOT_IN_A_COMMENT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]+")


def _comment_safe(passage: str) -> str:
    """A passage fit for one YAML comment line: line ends and control characters become spaces, BOMs go."""
    return _NOT_IN_A_COMMENT.sub(" ", passage.replace("\ufeff", ""))


@dataclass
class Progress:
    """How far the coding of one source has got."""

    source_id: str
    body_sentences: list[tuple[int, int, str, float]]  # start, end, text, covered share
    problems: list[Problem]
    uncoded_contrasts: list[tuple[str, str]] = field(default_factory=list)  # topic id, other source id
    uninterpreted: list[str] = field(default_factory=list)  # chapters whose commentary does not discuss the source
    elsewhere: list[Problem] = field(default_factory=list)  # what else stops `make data`: other files, the build's checks
    checklist: str = ""  # the annotation file's list of sentences left to code, for the body as it now stands

    @property
    def covered(self) -> int:
        return sum(share >= COVERED_THRESHOLD for *_, share in self.body_sentences)

    def lines(self) -> list[str]:
        total = len(self.body_sentences)
        share = self.covered / total if total else 0.0
        out = [f"{self.source_id}: {self.covered} of {total} body sentences covered ({share:.0%})"]
        uncovered = [(start, sentence) for start, _, sentence, cover in self.body_sentences if cover < COVERED_THRESHOLD]
        if uncovered:
            out.append("Not yet covered, in text order:")
            out += [f"  @{start:>6}  {sentence[:100]}{'...' if len(sentence) > 100 else ''}" for start, sentence in uncovered]
        if self.uncoded_contrasts:
            out.append("Topics both sources have claims on with no point of comparison yet in comparisons.yaml:")
            out += [f"  {topic}: {self.source_id} and {other}" for topic, other in self.uncoded_contrasts]
        if self.uninterpreted:
            out.append("Chapters whose interpretation does not yet discuss this source (book/findings.yaml):")
            out += [f"  {chapter}" for chapter in self.uninterpreted]
        if self.problems:
            out.append("Problems, in file order:")
            out += [f"  {problem}" for problem in self.problems]
        if self.elsewhere:
            out.append("Problems elsewhere that stop `make data`:")
            out += [f"  {problem}" for problem in self.elsewhere]
        if not (uncovered or self.uncoded_contrasts or self.uninterpreted or self.problems or self.elsewhere):
            out.append("Nothing left to do.")
        return out


def uncoded_contrasts(checked: Checked, source_id: str) -> list[tuple[str, str]]:
    """(topic, other source) for every topic both `source_id` and another source have claims on
    and that comparisons.yaml has no point of comparison on yet, sorted."""
    topics = {
        source.meta["id"]: {claim["topic"] for claim in source.sections.get("claims", []) if claim.get("topic")}
        for source in checked.sources
    }
    coded = {
        (record["topic"], frozenset(record["sources"])) for record in checked.points if record["topic"] and record["sources"]
    }
    mine = topics.get(source_id, set())
    return sorted(
        (topic, other)
        for other, theirs in topics.items()
        if other != source_id
        for topic in mine & theirs
        if (topic, frozenset((source_id, other))) not in coded
    )


def progress(
    source_id: str, data_dir: Path = paths.DATA, uninterpreted: Callable[[str, dict[str, set[str]]], list[str]] | None = None
) -> Progress:
    """Coverage and problems of one source's annotations, and whatever else would stop the build, writing nothing.

    `uninterpreted(source_id, source_of)` names the book's chapters whose commentary does not yet
    discuss the source (the book's findings know them; the command line passes `findings.uninterpreted`)."""
    inputs = read_inputs(data_dir)
    checked = check(inputs, strict=False)
    source = next((s for s in checked.sources if s.meta["id"] == source_id), None)
    file = data_dir / "annotations" / "sources" / f"{source_id}.yaml"
    problems = sorted((p for p in checked.problems if p.file.resolve() == file.resolve()), key=lambda p: (p.line or 0, p.record))
    elsewhere = [p for p in checked.problems if p.file.resolve() != file.resolve()]
    if not checked.problems:  # what the build checks past the annotations: coverage floor, reliability, the tables
        try:
            tabulate(check(inputs), inputs.reliability_dir, COVERAGE_FLOOR)
        except DatasetError as error:  # this source's shortfall in coverage is the list of uncovered sentences
            elsewhere = [p for p in error.problems if p.file.resolve() != file.resolve()]
    if source is None:
        if not file.exists():
            raise FileNotFoundError(f"no annotation file {file}")
        return Progress(source_id, [], problems, elsewhere=elsewhere)
    spans = [record["_span"] for name in SECTIONS for record in source.sections.get(name, []) if record.get("_span")]
    body = source.body or [(0, len(source.text))]
    segments = text.segment(source.text, body, source.headings)
    sentences = [
        (
            segment.start,
            segment.end,
            text.one_line(source.text[segment.start : segment.end]),
            text.covered_share(segment.start, segment.end, spans, source.text),
        )
        for segment in segments
        if segment.kind == "body"
    ]
    done = {start for start, _, _, share in sentences if share >= COVERED_THRESHOLD}
    source_of = {
        record["id"]: {s.meta["id"]}
        for s in checked.sources
        for name in ("claims", "positions", "events", "notes")
        for record in s.sections.get(name, [])
        if record.get("id")
    }
    pairs = itertools.combinations(sorted(s.meta["id"] for s in checked.sources), 2)
    source_of.update({f"{topic['id']}--{a}--{b}": {a, b} for a, b in pairs for topic in checked.codebook.get("topics", [])})
    return Progress(
        source_id,
        sentences,
        problems,
        uncoded_contrasts(checked, source_id),
        uninterpreted(source_id, source_of) if uninterpreted else [],
        elsewhere,
        checklist(source.text, segments, done),
    )
