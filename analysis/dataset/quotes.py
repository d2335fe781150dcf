"""Finding an annotator's quote in a raw text, tolerantly but never rewriting it.

A quote copied from a browser, typed by hand or saved by another editor may
differ from the raw text in ways a reader cannot see. Both are folded the same
way before searching, and every folded character remembers its raw offset, so a
match maps back to exact code-point offsets of the untouched text. Folding:

- quotation marks, apostrophes and dashes to their ASCII forms;
- runs of white space, line ends of any kind (\\n, \\r\\n, \\r) included, to one space;
- canonical decomposition (NFD), so that precomposed and decomposed letters match;
- Arabic letter variants to the Persian ones (ك to ک, ي and ى to ی) and Arabic-Indic
  digits to Persian ones;
- invisible format characters dropped: zero-width non-joiner and joiner, soft
  hyphen, byte-order mark, zero-width space, word joiner, and the kashida (tatweel).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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
        "\u0643": "\u06a9",  # Arabic kaf -> keheh (Persian kaf)
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
        "\u0649": "\u06cc",  # alef maksura -> Farsi yeh
        **{chr(0x0660 + digit): chr(0x06F0 + digit) for digit in range(10)},  # Arabic-Indic -> Persian digits
    }
)

#: Dropped before matching: ZWNJ, ZWJ, soft hyphen, BOM, zero-width space, word joiner, kashida.
IGNORABLE = "\u200c\u200d\u00ad\ufeff\u200b\u2060\u0640"

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


# A run of white space and invisible characters: one space if it holds white space, else nothing.
_GAP = re.compile(f"[\\s{IGNORABLE}]+")


def _decomposed(translated: str, start: int, end: int, chars: list[str], origin: list[int]) -> None:
    """Append the NFD form of translated[start:end], each piece remembering the offset it came from."""
    stretch = translated[start:end]
    if stretch.isascii() or unicodedata.is_normalized("NFD", stretch):
        chars.append(stretch)
        origin.extend(range(start, end))
        return
    pieces = [
        (piece, offset)
        for offset in range(start, end)
        for piece in unicodedata.normalize("NFD", translated[offset]).translate(_FOLD)
    ]
    # Canonical ordering: combining marks in a row are sorted by combining class, as NFD does.
    index = 0
    while index < len(pieces):
        if unicodedata.combining(pieces[index][0]) == 0:
            index += 1
            continue
        run_end = index
        while run_end < len(pieces) and unicodedata.combining(pieces[run_end][0]) != 0:
            run_end += 1
        pieces[index:run_end] = sorted(pieces[index:run_end], key=lambda item: unicodedata.combining(item[0]))
        index = run_end
    chars.extend(piece for piece, _ in pieces)
    origin.extend(offset for _, offset in pieces)


def fold(raw: str) -> Folded:
    """Fold a text for matching (see the module's docstring), remembering every folded character's raw offset."""
    translated = raw.translate(_FOLD)  # one character for one: offsets are unchanged
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    for gap in _GAP.finditer(translated):
        _decomposed(translated, cursor, gap.start(), chars, origin)
        spaces = [offset for offset in range(gap.start(), gap.end()) if translated[offset].isspace()]
        if spaces:
            chars.append(" ")
            origin.append(spaces[0])
        cursor = gap.end()
    _decomposed(translated, cursor, len(raw), chars, origin)
    return Folded("".join(chars), tuple(origin), raw)


def fold_quote(quote: str) -> str:
    """Fold a quote the way `fold` folds a text, trimming outer white space."""
    return fold(quote).text.strip()


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
        if (
            left.endswith(before)
            and right.startswith(after)
            and _whole_characters(folded.text, start, end)
            and (not whole_line or _fills_line(folded, start, end))
        ):
            hits.append(start)
        start = folded.text.find(needle, start + 1)
    if not hits:
        raise QuoteNotFound(nearest_passage(folded, needle))
    if len(hits) > 1:
        raise QuoteAmbiguous([folded.origin[hit] for hit in hits])
    hit = hits[0]
    return folded.origin[hit], folded.origin[hit + len(needle) - 1] + 1


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _whole_characters(folded: str, start: int, end: int) -> bool:
    """Whether a match takes whole characters: it neither starts on a combining mark nor ends before one.

    So "cafe" does not match the "cafe" of "café" (folded to an e and an acute accent),
    nor a Devanagari consonant the same consonant carrying a vowel sign.
    """
    return not _is_mark(folded[start]) and (end == len(folded) or not _is_mark(folded[end]))


#: Characters that may pad a heading's line, and those that end a line (\\n, \\r\\n and \\r among them).
_LINE_PADDING = " \t\u00a0" + IGNORABLE
_LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _fills_line(folded: Folded, start: int, end: int) -> bool:
    """Whether a folded match has only a line end (of any kind) or the text's edge on each side."""
    raw_start, raw_end = folded.origin[start], folded.origin[end - 1] + 1
    raw = folded.raw
    before = raw[:raw_start].rstrip(_LINE_PADDING)
    after = raw[raw_end:].lstrip(_LINE_PADDING)
    return (not before or before[-1] in _LINE_ENDS) and (not after or after[0] in _LINE_ENDS)


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
