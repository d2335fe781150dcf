"""Scratch copies of the project, for tests and benchmarks that must not touch the real one."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _requirements(metadata: importlib.metadata.PackageMetadata, extras: tuple[str, ...]) -> set[str]:
    """The names of the distributions `metadata` requires, with those of its `extras`, on this Python."""
    names = set()
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras)):
            names.add(canonicalize_name(requirement.name))
    return names


def installed_closure(metadata: importlib.metadata.PackageMetadata, extras: tuple[str, ...] = ()) -> list[str]:
    """Every distribution installed here that `metadata` (with its `extras`) requires, directly or not, by name.

    Raises LookupError naming a required distribution this environment does not have.
    """
    wanted, seen = sorted(_requirements(metadata, extras)), set()
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            wanted += sorted(_requirements(importlib.metadata.metadata(name), ()) - seen)
        except importlib.metadata.PackageNotFoundError:
            raise LookupError(f"{name} is required but not installed in {sys.prefix}") from None
    return sorted(seen)


def clean_environment(target: Path, distributions: list[str]) -> Path:
    """A new virtual environment in `target` holding only `distributions`, linked from this one; its Python.

    Nothing else of this environment is visible in it: not the project's own code (installed here in
    development mode), not the developer tools, not what a dependency happens to pull in unless listed.
    """
    run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True, timeout=QUICK)
    python = target / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
            timeout=QUICK,
        ).stdout.strip()
    )
    for name in distributions:
        distribution = importlib.metadata.distribution(name)
        root = Path(distribution.locate_file("")).resolve()
        for file in distribution.files or []:
            path = Path(distribution.locate_file(file)).resolve()
            if not path.is_relative_to(root):
                continue  # a script in bin/, not an importable file
            top = path.relative_to(root).parts[0]
            if not (site / top).exists():
                (site / top).symlink_to(root / top)
    return python
