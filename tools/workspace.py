"""Scratch copies of the project, for tests and benchmarks that must not touch the real one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis import paths
from analysis.processes import BOOK_BUILD, QUICK, run

#: What a project folder holds that is not part of the project: outputs, environments, caches.
NOT_PROJECT = {".git", ".venv", "_build", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints"}


def project_files(root: Path = paths.ROOT) -> list[str]:
    """The project's files as they stand in the working tree, relative to `root`.

    In a git work tree: the tracked files and the new ones git does not ignore, so a
    file not yet added is built and tested too (a deleted one is not). Elsewhere (a
    scratch copy): every file outside build outputs, environments and caches.
    """
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    if listed.returncode == 0:
        return sorted(set(filter(None, listed.stdout.split("\0"))))
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not NOT_PROJECT & set(path.relative_to(root).parts)
    )


def project_copy(target: Path, root: Path = paths.ROOT) -> Path:
    """Copy the project as it stands in the working tree (`project_files`) into `target`/project, keeping mtimes.

    The installed JavaScript packages (`node_modules`, when present) are copied too, as `make_in` lends the copy
    this interpreter's virtual environment: a build in the copy installs nothing and needs no network.
    """
    copy = target / "project"
    for name in project_files(root):
        source = root / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    if (root / "node_modules").is_dir():
        shutil.copytree(root / "node_modules", copy / "node_modules", symlinks=True)
    return copy


def make_in(
    root: Path, target: str, check: bool = True, timeout: float = BOOK_BUILD, variables: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Run a make target in a project copy with this interpreter's virtual environment and BOOK_ROOT set.

    Raises RuntimeError when the target fails (with `check`) and CommandTimedOut when it
    runs past `timeout` seconds.
    """
    venv = Path(sys.executable).parent.parent
    result = run(
        ["make", "-C", str(root), target, f"VENV={venv}", "STAMP=", *variables],
        env={**os.environ, "BOOK_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"make {target} failed in {root}:\n{result.stdout[-4000:]}{result.stderr[-4000:]}")
    return result
