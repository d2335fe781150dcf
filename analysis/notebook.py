"""The shared preamble of every chapter: its hidden first cell is

    from analysis.notebook import *

which enables the book's chart theme and renderer and loads the dataset.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display
from myst_nb import glue

from analysis.dataset.load import Dataset, load
from analysis.report import bibliography, charts, findings, frames, summary, tables, wordstats

charts.enable()
pd.set_option("display.max_colwidth", None)

data: Dataset = load()
figures: dict = summary.key_figures(data)

__all__ = [
    "Markdown",
    "bibliography",
    "charts",
    "data",
    "display",
    "figures",
    "findings",
    "frames",
    "glue",
    "pd",
    "summary",
    "tables",
    "wordstats",
]
