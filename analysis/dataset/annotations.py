"""Reading the hand-coded YAML files, remembering where each record stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis import paths
from analysis.dataset.errors import DatasetError, Problem
from analysis.dataset.text import LINE_BREAK

LINE_KEY = "__line__"


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same results, much faster


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that records the line of every mapping under LINE_KEY."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: the validator parses them and reports malformed ones.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset (any line end counts as one)."""
    before = text[:offset]
    lines = LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def _syntax_problem(path: Path, text: str, error: yaml.YAMLError) -> Problem:
    """A YAML error as a Problem at its line and column (1-based)."""
    if isinstance(error, yaml.MarkedYAMLError) and (error.problem_mark or error.context_mark):
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({error.context} at line {error.context_mark.line + 1}, column {error.context_mark.column + 1})"
        return Problem(path, "YAML syntax error", "", message, mark.line + 1, mark.column + 1)
    if isinstance(error, yaml.reader.ReaderError):
        offset = error.position
        if _SafeLoader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 encoding, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        line, column = _position(text, offset)
        return Problem(path, "YAML syntax error", "", f"character {chr(error.character)!r} is not allowed", line, column)
    return Problem(path, "YAML syntax error", "", str(error).replace("\n", " "))


def read_yaml(path: Path) -> Any:
    """Load a YAML file; every mapping carries the line it starts on.

    Raises DatasetError, with the file, line and column, when the file is missing,
    is not UTF-8 or is not valid YAML.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DatasetError([Problem(path, "file", "", f"cannot read it: {error.strerror or error}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        line, column = _position(before, len(before))
        message = f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        raise DatasetError([Problem(path, "file", "", message, line, column)]) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        raise DatasetError([_syntax_problem(path, text, error)]) from None


@dataclass
class SourceAnnotation:
    """One source's annotation file, as read."""

    path: Path
    content: dict[str, Any]

    @property
    def source_id(self) -> str:
        return str((self.content.get("source") or {}).get("id", self.path.stem))


@dataclass
class Inputs:
    """Everything the build reads, before any check."""

    codebook_path: Path
    codebook: dict[str, Any]
    sources: list[SourceAnnotation]
    comparisons_path: Path
    comparisons: dict[str, Any]
    raw_dir: Path
    annotations_dir: Path = field(default=paths.ANNOTATIONS)

    @property
    def reliability_dir(self) -> Path:
        """The two independent codings and the adjudication (see analysis.dataset.reliability)."""
        return self.annotations_dir / "reliability"


def read_inputs(data_dir: Path = paths.DATA) -> Inputs:
    """Read the codebook, every source annotation file and the points of comparison.

    Raises DatasetError listing every file that cannot be read as YAML, each at its line and column.
    """
    annotations_dir = data_dir / "annotations"
    codebook_path = annotations_dir / "codebook.yaml"
    comparisons_path = annotations_dir / "comparisons.yaml"
    source_paths = sorted((annotations_dir / "sources").glob("*.yaml"))
    problems: list[Problem] = []

    def read(path: Path) -> Any:
        try:
            return read_yaml(path) or {}
        except DatasetError as error:
            problems.extend(error.problems)
            return {}

    inputs = Inputs(
        codebook_path=codebook_path,
        codebook=read(codebook_path),
        sources=[SourceAnnotation(path, read(path)) for path in source_paths],
        comparisons_path=comparisons_path,
        comparisons=read(comparisons_path) if comparisons_path.exists() else {},
        raw_dir=data_dir / "raw",
        annotations_dir=annotations_dir,
    )
    if problems:
        raise DatasetError(problems)
    return inputs
