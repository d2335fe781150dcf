"""The sources as references, from the sources table alone: BibTeX entries, CFF references, and one paragraph each.

Nothing here is written by hand per source, so a new source is cited, listed in
`CITATION.cff` and described in the sources chapter once it is in the dataset:

- `bibtex` gives one entry per source, keyed by its source id, and one for the work
  a summary reports (key `<source id>-work`, dated "n.d."); the book writes them to
  `book/_generated/sources.bib` (git-ignored) before Sphinx reads the bibliography;
- `cff_references` gives the same as `references` of `CITATION.cff`, which
  `python -m analysis citation` (run by `make data`) keeps up to date;
- `source_paragraphs` gives the sources chapter one paragraph per source: who,
  what, where, when and how precisely, and, for a summary, whose arguments it reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.report import frames
from analysis.report.summary import published_phrase, work_key
from analysis.report.tables import markdown_escape

#: Where the book's generated bibliography of the sources goes, relative to the project root (listed in `bibtex_bibfiles`).
GENERATED_BIB = "book/_generated/sources.bib"

#: The CFF reference type of each genre of source.
CFF_TYPES = {"opinion-analysis article": "article", "summary of an article": "generic"}

_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A title in quotes inside a free-text work description, "Author, 'Title', Venue": the closing quote is the one
#: followed by punctuation or the end, so that an apostrophe inside the title does not end it.
_QUOTED_TITLE = re.compile(r"['‘\"“](?P<title>.+?)['’\"”](?=\s*(?:[,.;:)]|$))")


def _bib(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in " ".join(str(text).split()))


def _bib_name(name: str) -> str:
    """'Masom Jan Masomy' -> 'Masomy, Masom Jan' (the last word is the family name)."""
    *given, family = name.split()
    return f"{family}, {' '.join(given)}" if given else family


def _work(source: Any) -> tuple[str, str]:
    """The title of the work a summary reports and the rest of its description (the quoted part, if any, is the title)."""
    text = " ".join(str(source.summarised_work).split())
    match = _QUOTED_TITLE.search(text)
    if not match:
        return text, ""
    rest = (text[: match.start()] + text[match.end() :]).strip(" ,;")
    rest = rest.replace(source.author, "").strip(" ,;")
    return match.group("title").strip(), rest


def _entry(key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields.items() if value)
    return f"@misc{{{key},\n{body},\n}}\n"


def bibtex(data: Dataset) -> str:
    """BibTeX entries for every source (keyed by its id), and for every work a summary reports, in source id order."""
    entries = []
    for source in data.sources.sort_values("source_id").itertuples():
        writer = source.reporter if pd.notna(source.reporter) else source.author
        year = source.published.year if source.published_precision != "decade" else f"{source.published.year // 10 * 10}s"
        notes = [str(source.published_note)] if pd.notna(source.published_note) else []
        if pd.notna(source.summarised_work):
            notes.insert(0, f"A summary of {source.summarised_work}")
        entries.append(
            _entry(
                source.source_id,
                {
                    "author": f"{{{_bib(_bib_name(writer))}}}",
                    "title": f"{{{{{_bib(source.title)}}}}}",
                    "howpublished": f"{{{_bib(source.venue)}}}",
                    "year": f"{{{year}}}",
                    "month": _MONTHS[source.published.month - 1] if source.published_precision in ("day", "month") else "",
                    "note": f"{{{_bib('. '.join(note.rstrip('.') for note in notes) + '.')}}}" if notes else "",
                },
            )
        )
        if pd.notna(source.summarised_work):
            title, rest = _work(source)
            entries.append(
                _entry(
                    work_key(source.source_id),
                    {
                        "author": f"{{{_bib(_bib_name(source.author))}}}",
                        "title": f"{{{{{_bib(title)}}}}}",
                        "howpublished": f"{{{_bib(rest)}}}" if rest else "",
                        "year": "{n.d.}",
                        "note": f"{{{_bib(f'Known here only through the summary by {writer}, which gives no date for it.')}}}",
                    },
                )
            )
    return "\n".join(entries)


def write_bib(data: Dataset, path: Path) -> bool:
    """Write the sources' BibTeX to `path` when it differs from what is there; return whether it was written."""
    content = bibtex(data)
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


def _cff_person(name: str) -> dict[str, str]:
    *given, family = name.split()
    return {"family-names": family, **({"given-names": " ".join(given)} if given else {})}


def cff_references(data: Dataset) -> list[dict[str, Any]]:
    """The `references` of CITATION.cff: every source, then every work a summary reports, in source id order."""
    references = []
    works = []
    for source in data.sources.sort_values("source_id").itertuples():
        writer = source.reporter if pd.notna(source.reporter) else source.author
        reference: dict[str, Any] = {
            "type": CFF_TYPES.get(source.genre, "generic"),
            "title": " ".join(source.title.split()),
            "authors": [_cff_person(writer)],
            "year": int(source.published.year),
            "publisher": {"name": " ".join(source.venue.split())},
        }
        if source.published_precision in ("day", "month"):
            reference["month"] = int(source.published.month)
        references.append(reference)
        if pd.notna(source.summarised_work):
            title, rest = _work(source)
            work: dict[str, Any] = {"type": "article", "title": title, "authors": [_cff_person(source.author)]}
            if rest:
                work["publisher"] = {"name": rest}
            work["notes"] = f"Known here only through the summary by {writer}."
            works.append(work)
    return references + works


def source_paragraphs(data: Dataset) -> str:
    """One MyST paragraph per source, in publication order: label and citation, title, kind, writer, venue, date, notes.

    A summary's paragraph names the work it reports, with its own citation, and says
    whose arguments the dataset attributes to whom.
    """
    who = frames.authors(data).set_index("source_id")
    paragraphs = []
    for source in (
        data.sources.drop(columns="label")
        .merge(who[["label"]], left_on="source_id", right_index=True)
        .sort_values(["published", "source_id"])
        .itertuples()
    ):
        writer = source.reporter if pd.notna(source.reporter) else source.author
        date = published_phrase(source.published, source.published_precision)
        precision = "" if source.published_precision == "day" else f" (only the {source.published_precision} is known)"
        text = (
            f"**{markdown_escape(source.label)}** {{cite}}`{source.source_id}`: *{markdown_escape(source.title)}*, "
            f"{'an' if source.genre[0] in 'aeiou' else 'a'} {markdown_escape(source.genre)} by {markdown_escape(writer)} "
            f"in {markdown_escape(source.venue)}, published {date}{precision}."
        )
        if pd.notna(source.summarised_work):
            author = markdown_escape(source.author)
            text += (
                f" It reports the arguments of {author}'s work: {markdown_escape(source.summarised_work)} "
                f"{{cite}}`{work_key(source.source_id)}`, known here only through this summary: every claim from it "
                f"is attributed to {author} as reported by {markdown_escape(writer)}."
            )
        if pd.notna(source.published_note):
            text += f" {markdown_escape(source.published_note)}"
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"
