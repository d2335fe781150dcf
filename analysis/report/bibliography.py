"""The sources as references, from the sources table alone: CFF references and one paragraph each.

Nothing here is written by hand per source, so a new source is listed in
`CITATION.cff` and described in the sources chapter once it is in the dataset
(and cited: the book writes its BibTeX, `analysis.book.bibtex`):

- `reported_work` splits the description of the work a summary reports into title and rest;
- `cff_references` gives the same as `references` of `CITATION.cff`, which
  `python -m analysis citation` (run by `make data`) keeps up to date;
- `source_paragraphs` gives the sources chapter one paragraph per source: who,
  what, where, when and how precisely, and, for a summary, whose arguments it reports.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.report import frames
from analysis.report.prose import Link, Prose
from analysis.report.summary import published_phrase, work_key
from analysis.report.tables import markdown_escape

#: The CFF reference type of each genre of source.
CFF_TYPES = {"opinion-analysis article": "article", "summary of an article": "generic"}

#: A title in quotes inside a free-text work description, "Author, 'Title', Venue": the closing quote is the one
#: followed by punctuation or the end, so that an apostrophe inside the title does not end it.
_QUOTED_TITLE = re.compile(r"['‘\"“](?P<title>.+?)['’\"”](?=\s*(?:[,.;:)]|$))")


def reported_work(source: Any) -> tuple[str, str]:
    """The title of the work a summary reports and the rest of its description (the quoted part, if any, is the title)."""
    text = " ".join(str(source.summarised_work).split())
    match = _QUOTED_TITLE.search(text)
    if not match:
        return text, ""
    rest = (text[: match.start()] + text[match.end() :]).strip(" ,;")
    rest = rest.replace(source.author, "").strip(" ,;")
    return match.group("title").strip(), rest


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
        if pd.notna(source.url):
            reference["url"] = source.url
        if pd.notna(source.retrieved):
            reference["date-accessed"] = f"{source.retrieved:%Y-%m-%d}"
        references.append(reference)
        if pd.notna(source.summarised_work):
            title, rest = reported_work(source)
            work: dict[str, Any] = {"type": "article", "title": title, "authors": [_cff_person(source.author)]}
            if rest:
                work["publisher"] = {"name": rest}
            work["notes"] = f"Known here only through the summary by {writer}."
            works.append(work)
    return references + works


def _captured(source: Any) -> str:
    """Where and when the text was captured from the web, as far as the data record it."""
    if pd.isna(source.url):
        return "The text was received without the web address it was captured from."
    when = f" on {source.retrieved.day} {source.retrieved:%B %Y}" if pd.notna(source.retrieved) else " (the date is not recorded)"
    return f"The text was captured from <{source.url}>{when}."


def source_paragraphs(data: Dataset) -> Prose:
    """One paragraph per source, in publication order: label and citation, title, kind, writer, venue, date, notes.

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
        text = Prose(
            f"**{markdown_escape(source.label)}** ",
            Link("work", source.source_id),
            f": *{markdown_escape(source.title)}*, "
            f"{'an' if source.genre[0] in 'aeiou' else 'a'} {markdown_escape(source.genre)} by {markdown_escape(writer)} "
            f"in {markdown_escape(source.venue)}, published {date}{precision}.",
        )
        if pd.notna(source.summarised_work):
            author = markdown_escape(source.author)
            text += Prose(
                f" It reports the arguments of {author}'s work: {markdown_escape(source.summarised_work)} ",
                Link("work", work_key(source.source_id)),
                f", known here only through this summary: every claim from it is attributed to {author} as reported by "
                f"{markdown_escape(writer)}.",
            )
        if pd.notna(source.published_note):
            text += f" {markdown_escape(source.published_note)}"
        text += " " + _captured(source)
        paragraphs.append(text)
    return Prose.join("\n\n", paragraphs) + "\n"
