"""Where the project keeps its files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
ANNOTATIONS = DATA / "annotations"
SOURCE_ANNOTATIONS = ANNOTATIONS / "sources"
CODEBOOK = ANNOTATIONS / "codebook.yaml"
CONTRASTS = ANNOTATIONS / "contrasts.yaml"
TABLES = DATA / "tables"
DATAPACKAGE = DATA / "datapackage.json"
