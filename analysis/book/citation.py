"""How to cite the report: read from CITATION.cff, so the book and the file never disagree.

The file's `references` (the source texts) are written from the dataset by `update_references`
(`python -m analysis citation`, which `make data` runs); everything else in it is written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.dataset.load import Dataset
from analysis.report import bibliography

CITATION = paths.ROOT / "CITATION.cff"
CHANGELOG = paths.ROOT / "CHANGELOG.md"
#: A release's heading in the changelog: version, date, and the start of the tables' content hash.
_RELEASE = re.compile(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2}) — data ([0-9a-f]{12})$", re.MULTILINE)
_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Release:
    """One release of the changelog."""

    version: str
    date: str
    data_hash: str  # the first twelve characters of the tables' content_sha256


def releases(path: Path = CHANGELOG) -> list[Release]:
    """The releases the changelog lists, newest first."""
    return [Release(*match.groups()) for match in _RELEASE.finditer(path.read_text(encoding="utf-8"))]


def unreleased(path: Path = CHANGELOG) -> str:
    """The changelog's "Unreleased" section (empty when it has none)."""
    text = path.read_text(encoding="utf-8")
    headings = list(_SECTION.finditer(text))
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        if heading.group(1).strip() == "Unreleased":
            return text[heading.end() : following.start() if following else len(text)].strip()
    return ""


def release_problems(cff: dict[str, Any], content_sha256: str, path: Path = CHANGELOG) -> list[str]:
    """What the changelog fails to say about the version cited and the tables at hand (empty when nothing)."""
    found = releases(path)
    if not found:
        return [f"{path.name}: no release heading '## VERSION — YYYY-MM-DD — data HASH'"]
    latest, problems = found[0], []
    if latest.version != str(cff["version"]):
        problems.append(f"{path.name}: the latest release is {latest.version}, CITATION.cff says version {cff['version']}")
    if latest.date != str(cff["date-released"]):
        problems.append(
            f"{path.name}: {latest.version} is dated {latest.date}, CITATION.cff says released {cff['date-released']}"
        )
    if not content_sha256.startswith(latest.data_hash) and not re.search(r"^- ", unreleased(path), re.MULTILINE):
        problems.append(
            f"{path.name}: the tables changed since {latest.version} (data {latest.data_hash}, now {content_sha256[:12]}) "
            "and no item under '## Unreleased' says what changed"
        )
    return problems


def version_markdown(cff: dict[str, Any], build_label: str, content_sha256: str, path: Path = CHANGELOG) -> str:
    """Which version a reader cites, and whether the tables at hand are that release's, as MyST."""
    release = releases(path)[0]
    said = f"Cite version **{cff['version']}** (released {cff['date-released']}) and the build label **{build_label}**"
    if content_sha256.startswith(release.data_hash):
        return f"{said}; the tables of this edition are those of the release. The {{doc}}`changelog` lists every release and the rules its number follows."
    return (
        f"{said}: the tables of this edition have changed since that release, so the build label is what tells them apart. "
        "The {doc}`changelog` says what changed (under Unreleased), every release, and the rules a version number follows."
    )


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
