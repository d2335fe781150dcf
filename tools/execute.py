"""Execute every chapter on its own, outside the book: `python -m tools.execute [--out FOLDER] [CHAPTER...]`.

Each chapter (a MyST Markdown notebook in `book/`) runs in a fresh kernel from `book/`, as the
book build runs it; the executed notebook is written to FOLDER/<chapter>.ipynb.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from analysis import paths
from analysis.book import notebooks

TIMEOUT_S = 600  # per cell, as the book build allows (_config.yml: execute.timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.execute", description=__doc__)
    parser.add_argument("--out", type=Path, default=paths.ROOT / "_build" / "executed")
    parser.add_argument("chapters", nargs="*", type=Path, help="default: every chapter in book/")
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    for path in arguments.chapters or notebooks.chapters():
        notebook = notebooks.read(path)
        client = NotebookClient(
            notebook, timeout=TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute()
        nbformat.write(notebook, arguments.out / f"{path.stem}.ipynb")
        print(f"executed: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
