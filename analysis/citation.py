"""How to cite the report: read from CITATION.cff, so the book and the file never disagree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import paths

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
