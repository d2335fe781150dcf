"""Argument maps laid out as outlines: each source's claims as trees, every claim under the claim it bears on.

A text's argument is a forest (`claims.role`, `claims.bears_on`): each thesis is
a root, and every reason, piece of evidence, concession or rebuttal hangs under
the claim it bears on. Context claims argue for nothing and are left out; a claim
that bears on a context claim starts a tree of its own.

The layout is an indented outline: each claim on rows of its own, its paraphrase
wrapped to the width, one indent step right of the claim it bears on and joined
to it by an elbow (down from the parent's marker, then across to the child's).
An outline only grows downward, so it reads on a phone as on paper, and no two
links cross. Positions are in pixels, computed here for a given width
(`Geometry`); the chart draws them as they are.

A source whose outline is taller than a printed page allows is cut into parts of
whole trees; a tree that alone is too tall is cut between the branches of its
root, the root drawn again, marked continued, at the head of the next part.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.report.figure import wrap_lines

#: Where a claim's text starts, right of its marker, from the claim's indent (pixels).
TEXT_OFFSET = 16
#: The marker's centre, from the claim's indent.
MARKER_OFFSET = 6
#: What a claim drawn again at the head of a part says after its paraphrase.
CONTINUED = " (continued)"


@dataclass(frozen=True)
class Geometry:
    """How an outline is drawn, in pixels: the width its text wraps to, and its spacing.

    `char_width` is a generous average advance of the 11 px font (DejaVu Sans), so that
    lines wrapped by character count stay inside the width; bold text (a thesis) is
    `bold_factor` times wider.
    """

    width: int
    line_height: int = 13
    indent: int = 18
    gap: int = 6
    char_width: float = 6.2
    bold_factor: float = 1.15

    def chars(self, depth: int, bold: bool = False) -> int:
        """How many characters a line of a claim at `depth` may hold."""
        advance = self.char_width * (self.bold_factor if bold else 1)
        return max(12, int((self.width - depth * self.indent - TEXT_OFFSET) / advance))

    def lines(self, text: str, depth: int, bold: bool = False) -> list[str]:
        """A claim's text wrapped to its width."""
        return wrap_lines(text, self.chars(depth, bold))


@dataclass(frozen=True)
class Piece:
    """A tree of one source as a part draws it: its root and the root's branches drawn there."""

    root: str
    branches: tuple[str, ...]
    continued: bool = False


@dataclass(frozen=True)
class Forest:
    """One source's argument: its roots in text order, each claim's children in text order, their paraphrases,
    and the claims drawn in bold (the theses)."""

    roots: list[str]
    children: dict[str, list[str]]
    text: dict[str, str]
    bold: frozenset[str]

    def lines(self, claim: str, depth: int, geometry: Geometry, continued: bool = False) -> list[str]:
        """A claim's paraphrase ("(continued)" after it when drawn again) wrapped to its width at `depth`."""
        return geometry.lines(self.text[claim] + (CONTINUED if continued else ""), depth, claim in self.bold)

    def head(self, claim: str, depth: int, geometry: Geometry, continued: bool = False) -> int:
        """The height of a claim's own rows, with the gap under them."""
        return len(self.lines(claim, depth, geometry, continued)) * geometry.line_height + geometry.gap

    def height(self, claim: str, depth: int, geometry: Geometry) -> int:
        """The height of `claim` and everything under it."""
        return self.head(claim, depth, geometry) + sum(self.height(child, depth + 1, geometry) for child in self.children[claim])


def forest(claims: pd.DataFrame) -> Forest:
    """The argument of one source's claims (with their span's `start`, for text order), context claims left out."""
    arguing = claims[claims.role != "context"].sort_values(["start", "claim_id"])
    ids = set(arguing.claim_id)
    children: dict[str, list[str]] = {claim: [] for claim in arguing.claim_id}
    roots = []
    for claim, target in zip(arguing.claim_id, arguing.bears_on, strict=True):
        if isinstance(target, str) and target in ids:
            children[target].append(claim)
        else:
            roots.append(claim)
    text = dict(zip(arguing.claim_id, arguing.paraphrase, strict=True))
    return Forest(roots, children, text, frozenset(arguing.claim_id[arguing.role == "thesis"]))


def pieces(argument: Forest, geometry: Geometry, budget: int) -> list[Piece]:
    """The trees of `argument`, each whole when it fits in `budget` pixels, else cut between its root's branches."""
    found = []
    for root in argument.roots:
        branches = argument.children[root]
        if argument.height(root, 0, geometry) <= budget:
            found.append(Piece(root, tuple(branches)))
            continue
        head = argument.head(root, 0, geometry, continued=True)
        run: list[str] = []
        filled = head
        for branch in branches:
            size = argument.height(branch, 1, geometry)
            if run and filled + size > budget:
                found.append(Piece(root, tuple(run), continued=found[-1].root == root if found else False))
                run, filled = [], head
            run.append(branch)
            filled += size
        found.append(Piece(root, tuple(run), continued=found[-1].root == root if found else False))
    return found


def piece_height(argument: Forest, piece: Piece, geometry: Geometry) -> int:
    """The height of a piece: its root's rows and its branches."""
    head = argument.head(piece.root, 0, geometry, piece.continued)
    return head + sum(argument.height(branch, 1, geometry) for branch in piece.branches)


def parts(argument: Forest, geometry: Geometry, budget: int) -> list[list[Piece]]:
    """The pieces of `argument`, in order, gathered into parts no taller than `budget` (a piece alone may be)."""
    grouped: list[list[Piece]] = []
    filled = 0
    for piece in pieces(argument, geometry, budget):
        size = piece_height(argument, piece, geometry)
        if grouped and filled + size <= budget:
            grouped[-1].append(piece)
            filled += size
        else:
            grouped.append([piece])
            filled = size
    return grouped


def layout(argument: Forest, part: list[Piece], geometry: Geometry) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Where each claim of a part and each link goes: nodes, edges, and the outline's height, in pixels.

    A node has its `claim_id`, `depth`, `continued`, its wrapped `lines` with their top-left (`x`, `y`), and its
    marker's centre (`marker_x`, `marker_y`). An edge is three points (`step` 0 to 2) from the parent's marker
    down and across to the child's (`claim_id` is the child's), so that the elbows of siblings never overlap:
    each runs down from the sibling above it.
    """
    nodes: list[dict] = []
    edges: list[dict] = []
    top = 0

    def place(claim: str, depth: int, branches: tuple[str, ...] | list[str], continued: bool = False) -> dict:
        nonlocal top
        lines = argument.lines(claim, depth, geometry, continued)
        x = depth * geometry.indent
        node = {
            "claim_id": claim,
            "depth": depth,
            "continued": continued,
            "lines": lines,
            "x": x + TEXT_OFFSET,
            "y": top,
            "marker_x": x + MARKER_OFFSET,
            "marker_y": top + geometry.line_height / 2,
        }
        nodes.append(node)
        top += len(lines) * geometry.line_height + geometry.gap
        above = node["marker_y"] + MARKER_OFFSET
        for branch in branches:
            child = place(branch, depth + 1, argument.children[branch])
            points = [
                (node["marker_x"], above),
                (node["marker_x"], child["marker_y"]),
                (child["marker_x"] - MARKER_OFFSET - 1, child["marker_y"]),
            ]
            edges.extend({"claim_id": branch, "step": step, "x": px, "y": py} for step, (px, py) in enumerate(points))
            above = child["marker_y"]
        return node

    for piece in part:
        place(piece.root, 0, piece.branches, piece.continued)
    return pd.DataFrame(nodes), pd.DataFrame(edges, columns=["claim_id", "step", "x", "y"]), top - geometry.gap
