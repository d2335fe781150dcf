"""Where the project keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

#: The project folder; BOOK_ROOT points the package at another copy (used to build a book in a scratch copy).
ROOT = Path(os.environ.get("BOOK_ROOT") or Path(__file__).resolve().parent.parent).resolve()
DATA = ROOT / "data"
RAW = DATA / "raw"
ANNOTATIONS = DATA / "annotations"
SOURCE_ANNOTATIONS = ANNOTATIONS / "sources"
CODEBOOK = ANNOTATIONS / "codebook.yaml"
COMPARISONS = ANNOTATIONS / "comparisons.yaml"
TABLES = DATA / "tables"
DATAPACKAGE = DATA / "datapackage.json"
