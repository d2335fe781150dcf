"""Running a chapter's notebook outside the book's repository, from the files the book's site offers.

A chapter downloaded from the site starts with a cell that imports this module
from the book's wheel (`analysis-<version>-py3-none-any.whl`, beside the notebook),
installs the packages the book's code needs if they are missing, and calls
`use_data` on the data zip beside it: the zip is unpacked into a folder laid out
as the book's repository (`data/`, `book/findings.yaml`, `CITATION.cff`) and the
book's code is pointed at it (`BOOK_ROOT`). The chapter's own cells then run as
they do in the book.

This module uses the standard library only, and must run before any other part of
the package is imported: `analysis.paths` reads `BOOK_ROOT` once, on import.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import zipfile
from importlib import resources
from pathlib import Path

#: The modules the book's code imports (module name: the package that provides it).
REQUIRED = {
    "pandas": "pandas",
    "yaml": "pyyaml",
    "altair": "altair",
    "vl_convert": "vl-convert-python",
    "numpy": "numpy",
    "babel": "babel",
    "frictionless": "frictionless",
    "IPython": "ipython",
    "myst_nb": "myst-nb",
}

#: The book's files a chapter reads besides the data, shipped in the wheel under `analysis/_book/`.
BOOK_FILES = ("book/findings.yaml",)
#: The data zip's files that belong at the root of the project, not in data/ (the how-to-cite page reads them).
_ROOT_FILES = (Path("CITATION.cff"), Path("CHANGELOG.md"))

#: The folder, beside the notebook, that the data is unpacked into.
FOLDER = "pakistan-afghanistan-arguments-book"


def missing() -> list[str]:
    """The packages the book's code needs that this Python cannot import."""
    return [package for module, package in REQUIRED.items() if importlib.util.find_spec(module) is None]


def use_data(zip_file: str | Path, folder: str | Path = FOLDER) -> Path:
    """Unpack the data zip into `folder` (as the repository's `data/`), add the book's files, and use it.

    Returns the folder, which `BOOK_ROOT` now names. Raises FileNotFoundError, with
    what to download, when the zip is not there, and ValueError, before writing anything,
    when a member's path is absolute or climbs out of the folder (`..`).
    """
    if "analysis.paths" in sys.modules:
        raise RuntimeError("call use_data before importing anything else from the analysis package")
    importlib.invalidate_caches()  # packages `%pip install` has just added become importable
    zip_path, root = Path(zip_file).resolve(), Path(folder).resolve()
    if not zip_path.is_file():
        raise FileNotFoundError(
            f"{zip_path.name} is not in {zip_path.parent}: download it from the book's site (front page or data "
            "appendix) into the folder of this notebook"
        )
    with zipfile.ZipFile(zip_path) as archive:
        unsafe = [
            m.filename
            for m in archive.infolist()
            if m.filename.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", m.filename) or ":" in m.filename
        ]
        if unsafe:
            raise ValueError(
                f"{zip_path.name} is not the book's data zip: it holds paths outside its folder ({', '.join(unsafe)})"
            )
        for member in archive.infolist():
            inner = Path(*Path(member.filename).parts[1:])  # below the zip's top folder
            if member.is_dir() or not inner.parts:
                continue
            target = root / (inner if inner in _ROOT_FILES else Path("data") / inner)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(member))
    for name in BOOK_FILES:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((resources.files(__package__) / "_book" / name).read_bytes())
    os.environ["BOOK_ROOT"] = str(root)
    return root
