"""How to cite the report: read from CITATION.cff, so the book and the file never disagree.

The file's `references` (the source texts) are written from the dataset by `update_references`
(`python -m analysis citation`, which `make data` runs); everything else in it is written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import bibliography, paths
from .load import Dataset

CITATION = paths.ROOT / "CITATION.cff"


def load(path: Path = CITATION) -> dict[str, Any]:
    """The citation metadata."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _authors(cff: dict[str, Any]) -> list[str]:
    names = []
    for author in cff["authors"]:
        if "name" in author:
            names.append(author["name"])
        else:
            names.append(f"{author['family-names']}, {author['given-names']}")
    return names


def plain(cff: dict[str, Any]) -> str:
    """A one-line reference."""
    year = str(cff["date-released"])[:4]
    return f"{'; '.join(_authors(cff))} ({year}). {cff['title']}. Version {cff['version']}."


def bibtex(cff: dict[str, Any]) -> str:
    """A BibTeX entry; organisation names are braced so BibTeX keeps them whole."""
    year = str(cff["date-released"])[:4]
    authors = " and ".join(f"{{{name}}}" if "," not in name else name for name in _authors(cff))
    words = [w for w in re.findall(r"[A-Za-z]+", cff["title"]) if w.lower() not in {"a", "an", "and", "of", "on", "the"}]
    key = "".join(w.capitalize() for w in words[:3]) + year
    fields = {
        "author": authors,
        "title": cff["title"],
        "year": year,
        "version": cff["version"],
        "note": f"Licence: {cff['license']}",
    }
    body = ",\n".join(f"  {name:<8} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


def update_references(data: Dataset, path: Path = CITATION) -> bool:
    """Set the `references` of the citation file to the dataset's sources; return whether the file changed."""
    cff = load(path)
    references = bibliography.cff_references(data)
    if cff.get("references") == references:
        return False
    cff["references"] = references
    path.write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return True
