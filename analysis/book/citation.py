"""How to cite the report: read from CITATION.cff, so the book and the file never disagree.

The file's `references` (the source texts) are written from the dataset by `update_references`
(`python -m analysis citation`, which `make data` runs); everything else in it is written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.dataset.load import Dataset
from analysis.report import bibliography

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


def _key(cff: dict[str, Any]) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", cff["title"]) if w.lower() not in {"a", "an", "and", "of", "on", "the"}]
    return "".join(w.capitalize() for w in words[:3]) + str(cff["date-released"])[:4]


def _bibtex_authors(cff: dict[str, Any]) -> str:
    return " and ".join(f"{{{name}}}" if "," not in name else name for name in _authors(cff))


def _entry(key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name:<8} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


def bibtex(cff: dict[str, Any]) -> str:
    """A BibTeX entry; organisation names are braced so BibTeX keeps them whole."""
    fields = {
        "author": _bibtex_authors(cff),
        "title": cff["title"],
        "year": str(cff["date-released"])[:4],
        "version": cff["version"],
        "note": f"Licence: {cff['license']}",
    }
    return _entry(_key(cff), fields)


def figure(cff: dict[str, Any], label: str, number: str, caption: str, dataset_version: str) -> tuple[str, str]:
    """How to cite one figure of the report: a one-line reference and a BibTeX entry.

    Both give the figure's number and caption, the report's title, version and release
    date (from CITATION.cff) and the version of the dataset the figure was drawn from.
    """
    year = str(cff["date-released"])[:4]
    name = f"Figure {number}" if number else "Figure"
    caption = " ".join(caption.split()).rstrip(".")
    plain = (
        f"{'; '.join(_authors(cff))} ({year}). {name}: {caption}. In {cff['title']}, version {cff['version']} "
        f"(released {cff['date-released']}), dataset version {dataset_version}."
    )
    fields = {
        "author": _bibtex_authors(cff),
        "title": re.sub(r"[{}\\]", "", f"{name}: {caption}").replace("%", "\\%").replace("&", "\\&"),
        "howpublished": f"In {cff['title']}, version {cff['version']}",
        "year": year,
        "date": str(cff["date-released"]),
        "version": cff["version"],
        "note": f"Dataset version {dataset_version}. Licence: {cff['license']}",
    }
    return plain, _entry(f"{_key(cff)}:{label}", fields)


def update_references(data: Dataset, path: Path = CITATION) -> bool:
    """Set the `references` of the citation file to the dataset's sources; return whether the file changed."""
    cff = load(path)
    references = bibliography.cff_references(data)
    if cff.get("references") == references:
        return False
    cff["references"] = references
    path.write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return True
