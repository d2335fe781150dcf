"""Every export, by its path in the data zip (`exports/`), written from the tables of one data folder."""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.dataset.load import load
from analysis.exports import aif, argdown, refiqda, webannotation

FOLDER = "exports"


def files(data_dir: Path = paths.DATA) -> dict[str, bytes]:
    """The exports of the dataset in `data_dir`: W3C Web Annotations, the REFI-QDA project, the Argdown and AIF maps."""
    data = load(data_dir)
    found: dict[str, bytes] = {}
    for module in (webannotation, refiqda, argdown, aif):
        found.update(module.files(data))
    return {f"{FOLDER}/{name}": content for name, content in sorted(found.items())}


def write(folder: Path, data_dir: Path = paths.DATA) -> list[Path]:
    """Write the exports under `folder` (`folder/exports/...`); return the paths written."""
    written = []
    for name, content in files(data_dir).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
