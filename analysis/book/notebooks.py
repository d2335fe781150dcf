"""The chapters as notebooks: MyST Markdown text files in `book/`, read as myst-nb reads them.

A chapter is stored as text (`book/<name>.md` with jupytext front matter), so that a change
to it is a readable diff and it never holds outputs. Readers download it as an `.ipynb`
notebook, written from the same text at build time (`to_ipynb`).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

from analysis import paths


def is_chapter(path: Path) -> bool:
    """Whether `path` is a MyST Markdown notebook (rather than a plain MyST page)."""
    return path.suffix == ".md" and is_myst_markdown_notebook(path.read_text(encoding="utf-8"))


def chapters(folder: Path = paths.ROOT / "book") -> list[Path]:
    """The chapter notebooks of `folder`, sorted by name."""
    return [path for path in sorted(folder.glob("*.md")) if is_chapter(path)]


def read(path: Path) -> nbformat.NotebookNode:
    """The chapter `path` as a notebook with no outputs, cell for cell as the book executes it."""
    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"), path=str(path))
    notebook.metadata.pop("jupytext", None)  # the text format's own header, meaningless in an .ipynb
    return notebook


def to_ipynb(path: Path) -> str:
    """The chapter `path` as `.ipynb` JSON: stable bytes (cell ids from their position), for the download button."""
    notebook = read(path)
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number:02d}"
    return nbformat.writes(notebook, version=4) + "\n"
