"""The sources' BibTeX entries, which the book writes to `GENERATED_BIB` (git-ignored, listed in `bibtex_bibfiles`)
before Sphinx reads its bibliography: one entry per source, keyed by its source id, and one for the work a summary
reports (key `summary.work_key`, dated "n.d."). Nothing is written by hand per source, so a new source is cited
once it is in the dataset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.report.bibliography import reported_work
from analysis.report.summary import work_key

#: Where the book's generated bibliography of the sources goes, relative to the project root.
GENERATED_BIB = "book/_generated/sources.bib"

_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bib(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in " ".join(str(text).split()))


def _bib_name(name: str) -> str:
    """'Masom Jan Masomy' -> 'Masomy, Masom Jan' (the last word is the family name)."""
    *given, family = name.split()
    return f"{family}, {' '.join(given)}" if given else family


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
                    "url": f"{{{source.url}}}" if pd.notna(source.url) else "",
                    "urldate": f"{{{source.retrieved:%Y-%m-%d}}}" if pd.notna(source.retrieved) else "",
                },
            )
        )
        if pd.notna(source.summarised_work):
            title, rest = reported_work(source)
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
