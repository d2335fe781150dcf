"""Tables the book shows: escaped HTML for the web, wrapping longtables for the PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from . import frames
from .load import Dataset

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_escape(value: object) -> str:
    """Text that MyST shows literally: every ASCII punctuation mark backslash-escaped, on one line."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


@dataclass
class BookTable:
    """A DataFrame shown as a numbered, captioned table in both the HTML and the PDF book.

    It renders as a MyST `list-table`, so Sphinx typesets it natively: a captioned
    table in HTML, a wrapping (long)table in LaTeX. `widths` are relative column
    widths; `name` is the label for cross-references.
    """

    frame: pd.DataFrame
    widths: list[float] = field(default_factory=list)
    caption: str = ""
    name: str = ""

    def _repr_markdown_(self) -> str:
        widths = self.widths or [1] * len(self.frame.columns)
        options = [":header-rows: 1", ":widths: " + " ".join(str(max(1, round(100 * w))) for w in widths)]
        if self.name:
            options.append(f":name: {self.name}")
        options.append(":class: longtable")  # tables may run over pages in the PDF
        rows = [list(self.frame.columns), *self.frame.itertuples(index=False)]
        body = "\n".join(
            "\n".join(("* - " if i == 0 else "  - ") + (markdown_escape(cell) or "\\-") for i, cell in enumerate(row))
            for row in rows
        )
        return f"````{{list-table}} {markdown_escape(self.caption)}\n" + "\n".join(options) + "\n\n" + body + "\n````\n"

    def titled(self, caption: str, name: str) -> BookTable:
        """The same table with a caption and a cross-reference label."""
        return replace(self, caption=caption, name=name)

    def __len__(self) -> int:
        return len(self.frame)


def positions_table(data: Dataset) -> BookTable:
    """Every position: who, toward whom or what, the stance, the author and the quote."""
    positions = frames.with_evidence(data, "positions").sort_values(["holder_actor_id", "source_id", "start"])
    names, topics = frames.actor_names(data), frames.topic_labels(data)
    target = positions.target_actor_id.map(names).fillna(positions.target_topic_id.map(topics))
    frame = pd.DataFrame(
        {
            "Actor": positions.holder_actor_id.map(names),
            "Toward": target,
            "Stance": positions.stance + " (" + positions.polarity + ")",
            "Author": positions.author_label,
            "Quote": positions.quote,
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.16, 0.16, 0.13, 0.13, 0.42])


def phase_quotes_table(data: Dataset) -> BookTable:
    """For each phase, each author's account of Pakistan's role, with the quote."""
    evidence = frames.with_evidence(data, "phase_evidence")
    phases = frames.phase_rows(data)[["phase_id", "row", "start_year"]]
    evidence = evidence.merge(phases, on="phase_id").sort_values(["start_year", "phase_id", "source_id", "start"])
    frame = pd.DataFrame(
        {
            "Phase": evidence.row,
            "Author": evidence.author_label,
            "Pakistan's role, as told": evidence.role,
            "Quote": evidence.quote,
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.18, 0.12, 0.30, 0.40])


def claims_table(data: Dataset) -> BookTable:
    """Every claim: id, author, topic, type, stance, paraphrase and quote."""
    claims = frames.with_evidence(data, "claims").sort_values(["source_id", "start"])
    frame = pd.DataFrame(
        {
            "Claim": claims.claim_id,
            "Author": claims.author_label,
            "Topic": claims.topic_id.map(frames.topic_labels(data)),
            "Type / stance": claims.claim_type + " / " + claims.stance,
            "Paraphrase": claims.paraphrase,
            "Quote": claims.quote,
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.15, 0.12, 0.13, 0.10, 0.21, 0.29])


def notes_table(data: Dataset) -> BookTable:
    """Text-quality notes with the passage they concern."""
    notes = frames.with_evidence(data, "notes").sort_values(["source_id", "start"])
    frame = pd.DataFrame(
        {
            "Note": notes.note_id,
            "Kind": notes.kind.str.replace("_", " "),
            "Passage": notes.quote,
            "Explanation": notes.explanation,
        }
    )
    return BookTable(frame.reset_index(drop=True), [0.18, 0.12, 0.28, 0.42])


def side_by_side(data: Dataset, topic_id: str) -> BookTable:
    """For one topic, each pair's relation and what each author says, with the first quote of each side."""
    grid = frames.contrast_grid(data)
    grid = grid[grid.topic_id == topic_id]
    claims = frames.with_evidence(data, "claims").set_index("claim_id")
    rows = []
    for row in grid.itertuples():
        for label, says, ids in ((row.label_a, row.says_a, row.claims_a), (row.label_b, row.says_b, row.claims_b)):
            first = str(ids).split()[0] if isinstance(ids, str) and ids.strip() else None
            rows.append(
                {
                    "Relation": row.relation_label,
                    "Author": label,
                    "Says": says,
                    "Quote": claims.loc[first, "quote"] if first else "(silent)",
                }
            )
    return BookTable(pd.DataFrame(rows), [0.14, 0.14, 0.36, 0.36])


def sources_table(data: Dataset) -> BookTable:
    """Who wrote what, when and where."""
    who = frames.authors(data).merge(data.sources, on=["source_id", "author", "published", "attribution"])
    frame = pd.DataFrame(
        {
            "Source": who.source_id,
            "Arguments of": who.author,
            "Written by": who.reporter.fillna(who.author),
            "Title": who.title,
            "Venue": who.venue,
            "Published": who.published.dt.strftime("%d %B %Y") + " (" + who.published_precision + ")",
            "Body coverage": (100 * who.body_coverage).round(0).astype(int).astype(str) + "%",
        }
    )
    return BookTable(frame, [0.15, 0.12, 0.12, 0.21, 0.16, 0.14, 0.10])


def fields_table(descriptor: dict, resource: str) -> BookTable:
    """The data dictionary of one table of `datapackage.json`: fields, types, rules and meaning."""
    table = next(r for r in descriptor["resources"] if r["name"] == resource)
    rows = []
    for column in table["schema"]["fields"]:
        constraints = column.get("constraints", {})
        rules = ["required" if constraints.get("required") else "optional"]
        if constraints.get("unique") or [column["name"]] == table["schema"]["primaryKey"]:
            rules.append("unique")
        if "enum" in constraints:
            rules.append("one of: " + ", ".join(constraints["enum"]))
        rows.append(
            {"Field": column["name"], "Type": column["type"], "Rules": "; ".join(rules), "Meaning": column["description"]}
        )
    return BookTable(pd.DataFrame(rows), [0.18, 0.10, 0.30, 0.42])


def vocabularies_table(data: Dataset) -> BookTable:
    """Every value of every closed vocabulary, with its definition."""
    frame = data.vocabularies.rename(columns={"vocabulary": "Vocabulary", "value": "Value", "definition": "Definition"})
    return BookTable(frame, [0.22, 0.20, 0.58])


def actors_table(data: Dataset) -> BookTable:
    """The actors of the codebook with their type and every alias matched in the texts."""
    frame = pd.DataFrame(
        {
            "Actor": data.actors.actor_id,
            "Name": data.actors.name,
            "Type": data.actors.type,
            "Aliases": data.actors.aliases.map(", ".join),
        }
    )
    return BookTable(frame, [0.16, 0.28, 0.16, 0.40])


def topics_table(data: Dataset) -> BookTable:
    """The topics of the claims codebook with their definitions."""
    frame = data.topics.rename(columns={"topic_id": "Topic", "label": "Label", "definition": "Definition"})
    return BookTable(frame, [0.18, 0.24, 0.58])


def phases_table(data: Dataset) -> BookTable:
    """The historical phases with their years and Pakistan's role."""
    phases = frames.phase_rows(data)
    frame = pd.DataFrame(
        {
            "Phase": phases.phase_id,
            "Label": phases.label,
            "Years": phases.start_year.astype(str) + "–" + phases.end_year.astype(str),
            "Pakistan's role": phases.pakistan_role,
        }
    )
    return BookTable(frame, [0.18, 0.22, 0.12, 0.48])


def download_list(data: Dataset, prefix: str = "../data/") -> str:
    """A MyST list of download links to the data package, its tables and its raw texts."""
    lines = [f"- {{download}}`datapackage.json <{prefix}datapackage.json>`: the descriptor"]
    for resource in data.descriptor["resources"]:
        lines.append(f"- {{download}}`{resource['path'].split('/')[-1]} <{prefix}{resource['path']}>`: {resource['title']}")
    return "\n".join(lines)
