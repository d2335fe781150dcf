"""Shared fixtures: a throw-away copy of the project's data to break and rebuild."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis import paths
from analysis.processes import BOOK_BUILD, run
from tools.workspace import make_in, project_copy

__all__ = [
    "CITATION_EDITS",
    "FIXTURES",
    "add_fixture_source",
    "copy_data",
    "edit_yaml",
    "make",
    "make_in",
    "project_copy",
]

FIXTURES = Path(__file__).parent / "fixtures"


def copy_data(target: Path) -> Path:
    """Copy the raw texts and annotations (not the built tables) under `target`."""
    data_dir = target / "data"
    shutil.copytree(paths.RAW, data_dir / "raw")
    shutil.copytree(paths.ANNOTATIONS, data_dir / "annotations")
    return data_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project's data folder, safe to edit."""
    return copy_data(tmp_path)


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a YAML file, let `change` mutate it, and write it back."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_fixture_source(data_dir: Path, name: str = "khan2026") -> None:
    """Add the small third article written for the tests, with its annotations."""
    shutil.copy(FIXTURES / f"{name}.txt", data_dir / "raw" / f"{name}.txt")
    shutil.copy(FIXTURES / f"{name}.yaml", data_dir / "annotations" / "sources" / f"{name}.yaml")


def make(target: str) -> None:
    """Run a Makefile target of the project, as the README says; fail the test with its output."""
    result = run(["make", target], cwd=paths.ROOT, capture_output=True, text=True, timeout=BOOK_BUILD)
    assert result.returncode == 0, f"make {target} failed:\n" + result.stdout[-4000:] + result.stderr[-4000:]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML book, built with the README's make target (strict: warnings fail it)."""
    make("html")
    return paths.ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_pdf() -> Path:
    """The PDF book, built with the README's make target."""
    make("pdf")
    return paths.ROOT / "_build" / "book.pdf"


#: What the grown book's copy changes in CITATION.cff, so that the how-to-cite page can be seen to follow it.
CITATION_EDITS = {"title": "A Test Edition of the Report", "version": "9.8.7"}


@pytest.fixture(scope="session")
def third_source_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working tree grown by the fixture third source, with CITATION.cff edited, built to HTML."""
    root = project_copy(tmp_path_factory.mktemp("third"))
    add_fixture_source(root / "data")
    edit_yaml(root / "CITATION.cff", lambda cff: cff.update(CITATION_EDITS))
    make_in(root, "html")
    return root
