"""Keeping Jupyter Book's execution cache honest.

The cache re-executes a notebook only when its code cells change. Every chapter
reads the dataset and the `analysis` package (some also `CITATION.cff` and
`book/findings.yaml`), so a change to any of them must re-execute them all: the
digest of those inputs is stored beside the cache, and a different digest empties it. A change to prose (Markdown pages or cells)
leaves the digest, and the cache, alone.

Before Sphinx reads the chapters, `execute` runs every chapter the cache lacks in parallel
(one kernel per chapter, `jobs` at a time: the Makefile asks for one more than the machine has cores) and stores the results
where myst-nb looks for them, so the build itself only reads the cache.

Beside the cache, `stamp_outputs` keeps a digest of each chapter's outputs, rewritten only when
they change. A chapter's page depends on its digest, not on the data: after a change to the
data, Sphinx re-reads the chapters whose outputs the change reached, not all of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

from analysis import paths
from analysis.book import notebooks
from analysis.report.figure import PDF_CACHE_ENV

DIGEST_FILE = "inputs.sha256"
#: The folder, beside the execution cache, of each chapter's outputs digest (`stamp_outputs`).
OUTPUTS_FOLDER = "chapter-outputs"
#: The folder, beside the execution cache, of the figures' PDFs the chapters printed (`figure.PDF_CACHE_ENV`).
PDFS_FOLDER = "figure-pdfs"
#: Days a figure's PDF stays there without being printed again.
PDF_DAYS = 30


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


def code_inputs(root: Path = paths.ROOT) -> list[Path]:
    """The input files that reach a chapter's page other than through its outputs: all but the data, whose
    effect on a chapter is its outputs (`output_stamp`) and the passages its text quotes."""
    data = root / "data"
    return [path for path in input_files(root) if not path.is_relative_to(data)]


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


@dataclass(frozen=True)
class Run:
    """One chapter executed ahead of the book build: its file, its seconds, and its error (None if it ran)."""

    chapter: Path
    seconds: float
    error: str | None


def _execute(chapter: Path, timeout: int, pdfs: Path) -> tuple[nbformat.NotebookNode, Run]:
    """Execute `chapter` in a fresh kernel (in a worker process), from an empty scratch folder rather than the
    chapter's own: a chapter that reads a file by a relative path fails the build, as it would fail a reader who
    runs it elsewhere. Its figures' PDFs are kept in `pdfs`, so a figure the data left as it was prints the
    same bytes, undrawn."""
    os.environ[PDF_CACHE_ENV] = str(pdfs)  # the kernel inherits it
    notebook = notebooks.read(chapter)
    with tempfile.TemporaryDirectory(prefix=f"chapter-{chapter.stem}-") as scratch:
        result = single_nb_execution(notebook, cwd=scratch, timeout=timeout, allow_errors=False)
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return notebook, Run(chapter, round(result.time, 3), error)


def output_stamp(cache_dir: Path, chapter: Path) -> Path:
    """The file that holds the digest of `chapter`'s outputs in the execution cache at `cache_dir`."""
    return cache_dir.parent / OUTPUTS_FOLDER / f"{chapter.stem}.sha256"


def stamp_outputs(cache_dir: Path, chapters: list[Path]) -> list[Path]:
    """Write the digest of each cached chapter's outputs to its `output_stamp`, leaving a stamp whose digest is
    unchanged untouched (its time is what Sphinx compares); return the chapters whose stamp was written."""
    cache = get_cache(str(cache_dir))
    written = []
    for chapter in chapters:
        try:
            record = cache.match_cache_notebook(notebooks.read(chapter))
        except KeyError:
            continue  # not executed: the build executes it, and its stamp is written after the next execution
        cells = cache.get_cache_bundle(record.pk).nb.cells
        outputs = json.dumps([cell.get("outputs", []) for cell in cells], sort_keys=True)
        if write_stamp(output_stamp(cache_dir, chapter), outputs):
            written.append(chapter)
    return written


def write_stamp(stamp: Path, content: str) -> bool:
    """Write the SHA-256 of `content` to `stamp` unless it already holds it (its time is what Sphinx compares);
    return whether it was written."""
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest() + "\n"
    if stamp.is_file() and stamp.read_text() == digest:
        return False
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return True


def uncached(cache_dir: Path, chapters: list[Path]) -> list[Path]:
    """The chapters whose code the execution cache holds no outputs for."""
    cache = get_cache(str(cache_dir))
    missing = []
    for chapter in chapters:
        try:
            cache.match_cache_notebook(notebooks.read(chapter))
        except KeyError:
            missing.append(chapter)
    return missing


def execute(cache_dir: Path, chapters: list[Path], jobs: int, timeout: int) -> list[Run]:
    """Execute the chapters the cache lacks, `jobs` at a time, and store each success in the cache.

    The book build then finds every chapter in the cache ("Using cached notebook"), so a cold
    build runs its chapters on every core instead of one after another; each chapter runs in
    its own kernel, so the order changes no output. The figures' PDFs are kept beside the
    cache (`PDFS_FOLDER`), and those not printed for `PDF_DAYS` are removed.
    """
    todo = uncached(cache_dir, chapters)
    if not todo:
        return []
    cache = get_cache(str(cache_dir))
    pdfs = cache_dir.parent / PDFS_FOLDER
    runs = []
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
        futures = {pool.submit(_execute, chapter, timeout, pdfs): chapter for chapter in todo}
        for future in as_completed(futures):
            notebook, run = future.result()  # a worker's own time limit is the kernel's per-cell `timeout`
            runs.append(run)
            if run.error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, str(run.chapter), data={"execution_seconds": run.seconds}),
                    check_validity=False,
                    overwrite=True,
                )
    stale = time.time() - PDF_DAYS * 86400
    for kept in [*pdfs.glob("*.pdf"), *pdfs.glob("*.json")] if pdfs.is_dir() else []:  # a PDF and its layout
        if kept.stat().st_mtime < stale:
            kept.unlink()
    return sorted(runs, key=lambda run: run.chapter)
