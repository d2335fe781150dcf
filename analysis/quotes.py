"""Finding an annotator's quote in a raw text, tolerantly but never rewriting it.

A quote copied from a browser or typed by hand may differ from the raw text in
its quotation marks, dashes and white space. Both are folded the same way before
searching, and every folded character remembers its raw offset, so a match maps
back to exact code-point offsets of the untouched text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)

#: Characters of context kept on each side of a span (W3C TextQuoteSelector).
CONTEXT_CHARS = 32


class QuoteNotFound(ValueError):
    """The quote does not occur in the text; `nearest` is the closest passage."""

    def __init__(self, nearest: str) -> None:
        super().__init__(nearest)
        self.nearest = nearest


class QuoteAmbiguous(ValueError):
    """The quote occurs several times and prefix/suffix do not single one out."""

    def __init__(self, offsets: list[int]) -> None:
        super().__init__(offsets)
        self.offsets = offsets


@dataclass(frozen=True)
class Folded:
    """A text folded for matching, with the raw offset of every folded character."""

    text: str
    origin: tuple[int, ...]
    raw: str


_SPACE_RUN = re.compile(r"\s+")


def fold(raw: str) -> Folded:
    """Fold quotes and dashes to ASCII and white-space runs to one space."""
    translated = raw.translate(_FOLD)  # one character for one: offsets are unchanged
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    for run in _SPACE_RUN.finditer(translated):
        chars += [translated[cursor : run.start()], " "]
        origin.extend(range(cursor, run.start()))
        origin.append(run.start())
        cursor = run.end()
    chars.append(translated[cursor:])
    origin.extend(range(cursor, len(raw)))
    return Folded("".join(chars), tuple(origin), raw)


def fold_quote(quote: str) -> str:
    """Fold a quote the way `fold` folds a text, trimming outer white space."""
    return _SPACE_RUN.sub(" ", quote.strip().translate(_FOLD))


def find(
    text: Folded | str,
    quote: str,
    prefix: str | None = None,
    suffix: str | None = None,
    whole_line: bool = False,
) -> tuple[int, int]:
    """Return the raw (start, end) of the one occurrence of `quote` in `text`.

    `prefix` and `suffix`, when given, must stand just before and after the quote
    (white space between them and the quote is allowed). With `whole_line`, only
    an occurrence that fills a line of its own counts (a heading).
    """
    folded = fold(text) if isinstance(text, str) else text
    needle = fold_quote(quote)
    if not needle:
        raise QuoteNotFound("")
    before = fold_quote(prefix) if prefix else ""
    after = fold_quote(suffix) if suffix else ""
    hits: list[int] = []
    start = folded.text.find(needle)
    while start != -1:
        end = start + len(needle)
        left = folded.text[:start].rstrip()
        right = folded.text[end:].lstrip()
        if left.endswith(before) and right.startswith(after) and (not whole_line or _fills_line(folded, start, end)):
            hits.append(start)
        start = folded.text.find(needle, start + 1)
    if not hits:
        raise QuoteNotFound(nearest_passage(folded, needle))
    if len(hits) > 1:
        raise QuoteAmbiguous([folded.origin[hit] for hit in hits])
    hit = hits[0]
    return folded.origin[hit], folded.origin[hit + len(needle) - 1] + 1


def _fills_line(folded: Folded, start: int, end: int) -> bool:
    """Whether a folded match has only a line break (or the text's edge) on each side."""
    raw_start, raw_end = folded.origin[start], folded.origin[end - 1] + 1
    raw = folded.raw
    before = raw[:raw_start].rstrip(" \t\u00a0")
    after = raw[raw_end:].lstrip(" \t\u00a0")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def nearest_passage(folded: Folded, needle: str) -> str:
    """The passage of the text most similar to `needle`, for error messages."""
    width = len(needle)
    starts = [0] + [m.end() for m in re.finditer(r"\s", folded.text)]
    best_ratio, best = -1.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for start in starts:
        window = folded.text[start : start + width]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_ratio, best = ratio, window
    return best


def context(raw: str, start: int, end: int) -> tuple[str, str]:
    """The W3C prefix and suffix of a span: up to CONTEXT_CHARS on each side."""
    return raw[max(0, start - CONTEXT_CHARS) : start], raw[end : end + CONTEXT_CHARS]
