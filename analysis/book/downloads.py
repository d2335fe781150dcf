"""The files the book's site offers for download, besides the PDF: the data zip, the code's wheel, runnable notebooks.

- `pakistan-afghanistan-arguments-data.zip`: the data package as one folder whose paths resolve once
  unzipped (`datapackage.json`, `tables/`, `raw/`, `annotations/` with the
  reliability codings), `exports/` (the records as Web Annotations, a REFI-QDA project, Argdown and AIF,
  from `analysis.exports`), the licences, `CITATION.cff`, `CHANGELOG.md` and a short README;
  `frictionless validate datapackage.json` passes in it.
- `analysis-<version>-py3-none-any.whl`: the book's Python package, with the book's
  findings file (`analysis/_book/book/findings.yaml`) that chapters read.
- Each chapter's notebook, as the chapter's download button serves it, starts with a
  cell that loads the package from the wheel and the data from the zip, both beside
  it (see `analysis/standalone.py`), instead of `from analysis.notebook import *`.

Every file is written byte for byte the same from the same inputs: entries sorted,
fixed timestamps.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tomllib
from pathlib import Path

import analysis
from analysis import __version__, paths, standalone
from analysis.exports import bundle
from analysis.exports.archive import zip_bytes as _zip_bytes

DATA_ZIP = "pakistan-afghanistan-arguments-data.zip"
#: The folder the zip unpacks into.
DATA_FOLDER = "pakistan-afghanistan-arguments-data"
#: The first cell of every chapter in the repository.
PREAMBLE = "from analysis.notebook import *"

_README = """# {title}

Version {version}. The data package of the report "Arguments on Pakistan and Afghanistan".

- `datapackage.json`: the Frictionless descriptor: every table with its schema, every raw text with its SHA-256 hash.
- `tables/`: the tables (CSV, UTF-8).
- `raw/`: the source texts, byte for byte as received (not relicensed: see `raw/README.md`).
- `annotations/`: the hand-coded annotations the tables are built from, with both independent
  codings and their adjudication (`annotations/reliability/`); the format is in `annotations/README.md`.
- `exports/`: the coded records in the formats other tools open, written from the tables: W3C Web
  Annotations (`annotations.jsonld`, with its extension context `annotations-context.jsonld`), a REFI-QDA
  project for QDA software (`project.qdpx`) and each author's argument in Argdown (`arguments.argdown`)
  and in the Argument Interchange Format (`arguments.aif.json`);
  the book's chapter "How to cite and reuse" says what each holds and what it leaves out.
- `LICENSE-DATA.md` (CC BY 4.0 for the annotations and tables), `LICENSE` (MIT, for the code), `CITATION.cff`;
  `CHANGELOG.md`: what changed in each version, and the rules a version number follows.

Check it with `frictionless validate datapackage.json` in this folder.
"""


def _write_if_changed(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but hidden ones, by its path relative to `folder`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


def data_zip_files(root: Path = paths.ROOT) -> dict[str, bytes]:
    """What the data zip holds, by its path inside the zip."""
    data = root / "data"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    files = {"datapackage.json": (data / "datapackage.json").read_bytes()}
    for folder in ("tables", "raw", "annotations"):
        files.update({f"{folder}/{name}": content for name, content in _tree(data / folder).items()})
    for name in ("LICENSE", "LICENSE-DATA.md", "CITATION.cff", "CHANGELOG.md"):
        files[name] = (root / name).read_bytes()
    files.update(bundle.files(data))
    files["README.md"] = _README.format(title=descriptor["title"], version=descriptor["version"]).encode("utf-8")
    return {f"{DATA_FOLDER}/{name}": content for name, content in files.items()}


def write_data_zip(folder: Path, root: Path = paths.ROOT) -> Path:
    """Write the data zip into `folder`; return its path."""
    return _write_if_changed(folder / DATA_ZIP, _zip_bytes(data_zip_files(root)))


def _project(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name() -> str:
    """The file name of the book's wheel (the package's own name and version, which pyproject.toml repeats)."""
    return f"{analysis.__name__}-{__version__}-py3-none-any.whl"


def _metadata(project: dict) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {__version__}",
        f"Summary: {project['description']}",
        f"License: {project['license']}",
        f"Requires-Python: {project['requires-python']}",
        *(f"Requires-Dist: {requirement}" for requirement in project["dependencies"]),
    ]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {requirement}; extra == "{extra}"' for requirement in requirements]
    return "\n".join(lines) + "\n"


def wheel_files(root: Path = paths.ROOT) -> dict[str, bytes]:
    """What the wheel holds: the package's modules, the book's files it reads, and its metadata."""
    project = _project(root)
    if project["name"] != analysis.__name__:
        raise ValueError(f"pyproject.toml names {project['name']}, the package is {analysis.__name__}")
    files = {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / "analysis").rglob("*.py"))}
    files.update({f"analysis/_book/{name}": (root / name).read_bytes() for name in standalone.BOOK_FILES})
    info = f"{project['name']}-{__version__}.dist-info"
    files[f"{info}/METADATA"] = _metadata(project).encode("utf-8")
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: analysis.book.downloads\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/LICENSE"] = (root / "LICENSE").read_bytes()
    record = [
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b'=').decode()},{len(content)}"
        for name, content in sorted(files.items())
    ]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode("utf-8")
    return files


def write_wheel(folder: Path, root: Path = paths.ROOT) -> Path:
    """Write the book's wheel into `folder`; return its path."""
    return _write_if_changed(folder / wheel_name(), _zip_bytes(wheel_files(root)))


def standalone_cell(wheel: str) -> str:
    """The first cell of a chapter downloaded from the site: the book's code from the wheel, the data from the zip."""
    return f"""\
# This chapter of "Arguments on Pakistan and Afghanistan", set up to run outside the book's repository.
# Keep it in a folder with two files from the book's site (front page or data appendix):
#   {DATA_ZIP}  the dataset
#   {wheel}  the book's code
# (In the book, this cell is `{PREAMBLE}`.)
import sys
from pathlib import Path

sys.path.insert(0, str(Path("{wheel}").resolve()))  # the book's code, from the wheel
from analysis import standalone

if standalone.missing():  # the first time on this computer: install the packages the book's code needs
    %pip install --quiet "{wheel}[notebook]"
standalone.use_data("{DATA_ZIP}")  # unpacks the dataset beside this notebook and points the book's code at it
{PREAMBLE}"""


def make_standalone(notebook: dict, wheel: str) -> dict:
    """A chapter notebook (nbformat JSON) whose first cell is the repository's preamble, with the standalone cell instead."""
    cells = notebook.get("cells", [])
    if not cells or "".join(cells[0].get("source", "")).strip() != PREAMBLE:
        raise ValueError(f"the notebook does not start with `{PREAMBLE}`")
    first = {**cells[0], "source": standalone_cell(wheel).splitlines(keepends=True)}
    return {**notebook, "cells": [first, *cells[1:]]}


def rewrite_notebooks(folder: Path, wheel: str) -> list[Path]:
    """Make every chapter notebook under `folder` (the site's copies) run on its own; return those rewritten."""
    rewritten = []
    for path in sorted(folder.rglob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        first = "".join(notebook.get("cells", [{}])[0].get("source", "")) if notebook.get("cells") else ""
        if first.strip() != PREAMBLE:
            continue  # already rewritten, or not a chapter
        path.write_text(json.dumps(make_standalone(notebook, wheel), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        rewritten.append(path)
    return rewritten


def markdown(prefix: str = "../_downloads/") -> str:
    """MyST for the data appendix and the front page: links to the zip and the wheel on the web, their names on paper."""
    wheel = wheel_name()
    return f"""\
```{{raw}} html
<ul class="data-downloads">
<li><a href="{prefix}{DATA_ZIP}" download><strong>The data package</strong> ({DATA_ZIP})</a>: every table, the raw
texts, the annotations with both codings, the same records in other tools' formats (<code>exports/</code>),
<code>datapackage.json</code> and the licences, in one folder; run
<code>frictionless validate datapackage.json</code> in it to check it.</li>
<li><a href="{prefix}{wheel}" download>The book's Python package</a> ({wheel}): to run a chapter's
notebook on your computer, download it with the chapter's download button (.ipynb) into a folder with this file
and the data zip, and run it: its first cell installs what the code needs and loads the data.</li>
</ul>
```

```{{only}} latex
The web edition offers the whole data package as one file, `{DATA_ZIP}` (every table, the raw texts, the
annotations with both codings, the same records in other tools' formats, `datapackage.json` and the licences),
the book's Python package as `{wheel}`,
and each chapter as a notebook that runs with those two files beside it.
```
"""


def data_files(descriptor: dict, prefix: str = "../data/") -> str:
    """MyST download links to the data package's descriptor, each of its tables and its raw texts (`descriptor`)."""
    lines = [f"- {{download}}`datapackage.json <{prefix}datapackage.json>`: the descriptor"]
    for resource in descriptor["resources"]:
        lines.append(f"- {{download}}`{resource['path'].split('/')[-1]} <{prefix}{resource['path']}>`: {resource['title']}")
    return "\n".join(lines)
