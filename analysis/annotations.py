"""Reading the hand-coded YAML files, remembering where each record stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import paths

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


def read_yaml(path: Path) -> Any:
    """Load a YAML file; every mapping carries the line it starts on."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LineLoader)


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
    contrasts_path: Path
    contrasts: dict[str, Any]
    raw_dir: Path
    annotations_dir: Path = field(default=paths.ANNOTATIONS)

    @property
    def reliability_dir(self) -> Path:
        """The two independent codings and the adjudication (see analysis.reliability)."""
        return self.annotations_dir / "reliability"


def read_inputs(data_dir: Path = paths.DATA) -> Inputs:
    """Read the codebook, every source annotation file and the contrasts."""
    annotations_dir = data_dir / "annotations"
    codebook_path = annotations_dir / "codebook.yaml"
    contrasts_path = annotations_dir / "contrasts.yaml"
    source_paths = sorted((annotations_dir / "sources").glob("*.yaml"))
    return Inputs(
        codebook_path=codebook_path,
        codebook=read_yaml(codebook_path) or {},
        sources=[SourceAnnotation(path, read_yaml(path) or {}) for path in source_paths],
        contrasts_path=contrasts_path,
        contrasts=(read_yaml(contrasts_path) or {}) if contrasts_path.exists() else {},
        raw_dir=data_dir / "raw",
        annotations_dir=annotations_dir,
    )
