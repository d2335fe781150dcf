"""The front page's account of what the report reads: its sources, who wrote them and when, from the sources table."""

from __future__ import annotations

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.report import frames, summary
from analysis.report.tables import markdown_escape


def published(date: pd.Timestamp, precision: str) -> str:
    """A publication date as precise as it is known: '28 May 2025', 'May 2025' or '2025'."""
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%B %Y}"
    return f"{date.day} {date:%B %Y}"


def sources_markdown(data: Dataset) -> str:
    """MyST: how many texts the report reads and between which dates, then each one: author (and reporter), title, venue, date."""
    who = frames.authors(data).merge(data.sources, on=["source_id", "author", "published", "attribution"])
    n = len(who)
    first, last = who.published.min(), who.published.max()
    span = (
        f"published in {first:%B %Y}" if f"{first:%Y-%m}" == f"{last:%Y-%m}" else f"published from {first:%B %Y} to {last:%B %Y}"
    )
    lines = [f"The report reads {summary.number_word(n)} text{'s' if n != 1 else ''} closely, {span}:", ""]
    for row in who.itertuples():
        by = f"**{markdown_escape(row.author)}**"
        if pd.notna(row.reporter):
            by += f", as reported by **{markdown_escape(row.reporter)}**"
        lines.append(
            f"- {by}: “{markdown_escape(row.title)}”, *{markdown_escape(row.venue)}*, "
            f"{published(row.published, row.published_precision)}."
        )
    return "\n".join(lines) + "\n"
