"""Errors that name the file, the record and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.paths import ROOT


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as possible."""

    file: Path
    record: str
    field: str  # empty when the problem is not one field's, as with a YAML syntax error
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        try:
            where = str(self.file.resolve().relative_to(ROOT))
        except ValueError:
            where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if not self.field:
            return f"{where}: {self.record}: {self.message}"
        return f"{where}: {self.record}: field '{self.field}': {self.message}"


class DatasetError(Exception):
    """The annotations or raw texts are invalid; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in the dataset input; nothing was written:"]
        lines += [f"  - {problem}" for problem in problems]
        super().__init__("\n".join(lines))
