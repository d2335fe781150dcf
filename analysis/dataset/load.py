"""Reading the built tables for analysis."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.dataset import schema
from analysis.dataset.text import read_raw

_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string", "array": "string"}


def version(descriptor: dict) -> str:
    """The data package's version and the start of its content hash, as the book prints it."""
    return f"{descriptor['version']}+{descriptor['content_sha256'][:10]}"


@dataclass(frozen=True)
class Dataset:
    """Every built table as a DataFrame, plus the package descriptor."""

    tables: dict[str, pd.DataFrame]
    descriptor: dict

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def version(self) -> str:
        return version(self.descriptor)

    def text(self, source_id: str) -> str:
        """The raw text of a source, as the offsets count it (decoded bytes, no newline translation)."""
        raw_file = self.tables["sources"].set_index("source_id").loc[source_id, "raw_file"]
        return read_raw(self.data_dir / "raw" / raw_file)

    @property
    def data_dir(self) -> Path:
        return Path(self.descriptor["_data_dir"])


def _read(table: schema.Table, data_dir: Path) -> pd.DataFrame:
    dtypes = {f.name: _PANDAS_TYPES.get(f.type, "string") for f in table.fields}
    frame = pd.read_csv(data_dir / "tables" / f"{table.name}.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    for field in table.fields:
        if field.type == "date":
            frame[field.name] = pd.to_datetime(frame[field.name], format="%Y-%m-%d")
        elif field.type == "array":
            frame[field.name] = frame[field.name].map(json.loads)
    return frame


def load(data_dir: Path = paths.DATA) -> Dataset:
    """Load every table of the data package in `data_dir`."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["_data_dir"] = str(data_dir)
    return Dataset({table.name: _read(table, data_dir) for table in schema.TABLES}, descriptor)
