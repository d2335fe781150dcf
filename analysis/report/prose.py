"""Sentences as data: Markdown text with references in it (`Link`s to a record, a numbered table or figure, a
section, a page, a work in the bibliography) and the figures it places, in reading order.

The report writes what a sentence says and what it refers to by id or label; the book alone turns a reference into
its markup (a role, an address): `analysis.book.myst.prose`. A `Prose` adds and joins like a string, so a sentence
is built as one is:

    Prose("The events are listed in ", Link("number", "tbl-events"), ".") + " More follow."

`plain` gives the text a reader sees without the book's markup (a link shows its text, or its target).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Link:
    """What a sentence or a table cell refers to.

    - `record`: a record's passage, shown as the record's id (or as `text`, a number in a list of evidence);
    - `quote`: the passage of a record or a span, shown as its quote;
    - `anchor`: the place of a record that has no passage (a comparison's point), shown as its id;
    - `source`: a source's annotated text, shown as the source's label (`target` is the source id);
    - `number`: a numbered table or figure by its label, shown as "Table 3" or "Fig. 4.1";
    - `section`: a section by its label, shown as `text` (or its title);
    - `page`: a page of the book by its name, shown as `text` (or its title);
    - `work`: a work in the bibliography by its key, shown as its citation, "[Masomy, n.d.]";
    - `author`: the same, cited by its author in the sentence, "Masomy [n.d.]".
    """

    kind: Literal["record", "quote", "anchor", "source", "number", "section", "page", "work", "author"]
    target: str
    text: str = ""

    def plain(self) -> str:
        """What the reader sees of the link, short of the book's numbering: its text, or its target."""
        return self.text or self.target


@dataclass(frozen=True)
class Placement:
    """A figure placed in the text under its label (glued by the chapter), with its caption and its description for
    readers who cannot see it; `in_place` keeps it where it stands on paper (`figure.IN_PLACE`)."""

    name: str
    caption: str
    description: str
    in_place: bool = True

    def plain(self) -> str:
        return self.caption


Part = str | Link | Placement


class Prose:
    """Markdown text, `Link`s and `Placement`s in reading order; `+` and `Prose.join` combine it with text."""

    __slots__ = ("parts",)

    parts: tuple[Part, ...]

    def __init__(self, *parts: Part | Prose) -> None:
        merged: list[Part] = []
        for part in parts:
            for piece in part.parts if isinstance(part, Prose) else (part,):
                if isinstance(piece, str) and merged and isinstance(merged[-1], str):
                    merged[-1] += piece
                elif piece != "":
                    merged.append(piece)
        object.__setattr__(self, "parts", tuple(merged))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Prose is immutable")

    def __add__(self, other: Part | Prose) -> Prose:
        return Prose(self, other)

    def __radd__(self, other: Part) -> Prose:
        return Prose(other, self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prose) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"Prose{self.parts!r}"

    def __str__(self) -> str:
        raise TypeError("a Prose holds references: render it with analysis.book.myst.prose, or read .plain()")

    def __format__(self, spec: str) -> str:
        raise TypeError("an f-string would lose a Prose's references: add it (+) to text instead")

    def plain(self) -> str:
        """The text without the book's markup: each link as its text (or target), each figure as its caption."""
        return "".join(part if isinstance(part, str) else part.plain() for part in self.parts)

    @property
    def links(self) -> list[Link]:
        return [part for part in self.parts if isinstance(part, Link)]

    @staticmethod
    def join(separator: str, items: Iterable[str | Prose]) -> Prose:
        """`items` with `separator` between them, as `str.join` does."""
        parts: list[Part | Prose] = []
        for i, item in enumerate(items):
            parts += [separator, item] if i else [item]
        return Prose(*parts)
