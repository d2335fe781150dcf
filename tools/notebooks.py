"""Keeping notebooks in git without outputs: `python -m tools.notebooks [--check] FILE...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat


def strip(notebook: nbformat.NotebookNode) -> bool:
    """Remove outputs and execution counts in place; return whether anything changed."""
    changed = False
    for cell in notebook.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
        if cell.metadata.pop("execution", None) is not None:
            changed = True
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.notebooks", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report notebooks that hold outputs")
    parser.add_argument("files", nargs="*", type=Path)
    arguments = parser.parse_args(argv)
    dirty = []
    for path in arguments.files or sorted(Path("book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        if strip(notebook):
            dirty.append(path)
            if not arguments.check:
                nbformat.write(notebook, path)
    for path in dirty:
        print(f"{'holds outputs' if arguments.check else 'stripped'}: {path}")
    return 1 if dirty and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
