"""Keeping Jupyter Book's execution cache honest.

The cache re-executes a notebook only when its code cells change. Every chapter
reads the dataset and the `analysis` package (some also `CITATION.cff` and
`book/findings.yaml`), so a change to any of them must re-execute them all: the
digest of those inputs is stored beside the cache, and a different digest empties it. A change to prose (Markdown pages or cells)
leaves the digest, and the cache, alone.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from analysis import paths

DIGEST_FILE = "inputs.sha256"


def input_files(root: Path = paths.ROOT) -> list[Path]:
    """The files whose content the notebooks' outputs depend on."""
    patterns = [
        "analysis/**/*.py",
        "data/tables/*.csv",
        "data/datapackage.json",
        "data/raw/*",
        "requirements.lock",
        "CITATION.cff",  # the how-to-cite page
        "CHANGELOG.md",  # the how-to-cite page names the release
        "book/findings.yaml",  # the findings and the prose declarations of the overview, conclusions and chapters
        "package-lock.json",  # the map's boundaries come from an npm package
    ]
    return sorted({path for pattern in patterns for path in root.glob(pattern) if path.is_file()})


def inputs_digest(root: Path = paths.ROOT) -> str:
    """SHA-256 over the names and contents of the input files."""
    digest = hashlib.sha256()
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def refresh(cache_dir: Path, root: Path = paths.ROOT) -> bool:
    """Empty `cache_dir` if the inputs changed since it was filled; return whether it was emptied."""
    stamp = cache_dir.parent / DIGEST_FILE
    current = inputs_digest(root)
    if stamp.exists() and stamp.read_text().strip() == current:
        return False
    shutil.rmtree(cache_dir, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return True
