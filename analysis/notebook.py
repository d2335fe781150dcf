"""The shared preamble of every chapter: its hidden first cell is

    from analysis.notebook import *

which enables the book's chart theme and renderer, has tables shown as the book's MyST, and loads the dataset. A chapter's
other hidden cell names what its text glues: `glue_all({...}, figures)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from IPython.display import Markdown, display
from myst_nb import glue

from analysis.book import myst
from analysis.dataset.load import Dataset, load
from analysis.report import bibliography, chapter_charts, charts, findings, frames, summary, tables, wordstats

charts.enable()
myst.register()  # the report's tables shown as the book's MyST
pd.set_option("display.max_colwidth", None)

data: Dataset = load()
figures: dict = summary.key_figures(data)


def glue_all(*values: Mapping[str, Any]) -> None:
    """Glue every name and value of the mappings for the chapter's text (`{glue:text}`, `{glue:figure}`), without
    showing them; where two mappings hold the same name, the later one's value is glued."""
    for name, value in {name: value for mapping in values for name, value in mapping.items()}.items():
        glue(name, value, display=False)


__all__ = [
    "Markdown",
    "bibliography",
    "chapter_charts",
    "charts",
    "data",
    "display",
    "figures",
    "findings",
    "frames",
    "glue",
    "glue_all",
    "pd",
    "summary",
    "tables",
    "wordstats",
]
