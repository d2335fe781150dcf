"""Raw texts as saved, and tables derived from them alone: sentences and actor mentions.

Offsets everywhere are code-point offsets into `decode_raw(bytes)`: the raw file
decoded as UTF-8 with no newline translation, so a Windows line end counts two
code points and a byte-order mark, when there is one, is code point 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Any line end a saved text may use: \n, \r\n, \r, and the other breaks str.splitlines knows.
LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Invisible characters that may stand at the edge of a line: byte-order mark, zero-width space, word joiner.
INVISIBLE = "\ufeff\u200b\u2060"

# Sentence terminals: Latin . ! ?, the ellipsis, the Arabic and Urdu question mark and full stop (؟ ۔),
# the Devanagari danda and double danda (। ॥), and their kin in other scripts (Unicode Sentence_Terminal).
_TERMINALS = (
    ".!?\u2026\u061f\u06d4\u0964\u0965\u037e\u0589\u0700-\u0702\u104a\u104b\u1362\u1367\u1368"
    "\u203c\u203d\u2047-\u2049\u2e2e\u3002\ufe52\ufe56\ufe57\uff01\uff0e\uff1f\uff61"
)
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)\\]\u300d\u300f"
_SENTENCE_END = re.compile(f"[{_TERMINALS}][{_CLOSERS}]*(?=\\s)")
# A full stop after these does not end a sentence ("S. Jaishankar", "U.S. troops").
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Prof|vs|etc|e\.g|i\.e|U\.S|U\.N))\.$")


def decode_raw(data: bytes) -> str:
    """The text offsets count in: UTF-8 decoded, line ends and any byte-order mark kept as they are."""
    return data.decode("utf-8")


def read_raw(path: Path) -> str:
    """Read a raw text file as `decode_raw` decodes it (never with newline translation)."""
    return decode_raw(path.read_bytes())


def one_line(value: str) -> str:
    """A passage on one line: every line end (\\n, \\r\\n, \\r, ...) a space, invisible marks dropped."""
    return LINE_BREAK.sub(" ", value).translate({ord(mark): None for mark in INVISIBLE})


@dataclass(frozen=True)
class Segment:
    """A stretch of a raw text, end excluded, and what kind of text it is."""

    start: int
    end: int
    kind: str


def _blank(char: str) -> bool:
    return char.isspace() or char in INVISIBLE


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return start, end


def _sentences_in(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _NOT_AN_END.search(text, cursor, match.start() + 1):
            continue
        following = text[match.end() : end].lstrip()
        if following and following[0].islower():
            continue
        yield _trimmed(text, cursor, match.end())
        cursor = match.end()
    yield _trimmed(text, cursor, end)


def _lines_in(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    cursor = start
    for line_end in LINE_BREAK.finditer(text, start, end):
        yield _trimmed(text, cursor, line_end.start())
        cursor = line_end.end()
    yield _trimmed(text, cursor, end)


def segment(
    text: str,
    body: Sequence[tuple[int, int]],
    headings: Sequence[tuple[int, int]],
) -> list[Segment]:
    """Split a text into body sentences, headings and lines of page chrome.

    `body` holds the (start, end) regions of the article body and `headings` the
    heading spans inside them; everything outside the body is chrome, one segment
    a line. Body sentences may run across line breaks.
    """
    cuts: list[tuple[int, int, str]] = []
    cursor = 0
    for body_start, body_end in sorted(body):
        cuts.append((cursor, body_start, "chrome"))
        inner = body_start
        for head_start, head_end in sorted(h for h in headings if body_start <= h[0] < body_end):
            cuts.append((inner, head_start, "body"))
            cuts.append((head_start, head_end, "heading"))
            inner = head_end
        cuts.append((inner, body_end, "body"))
        cursor = body_end
    cuts.append((cursor, len(text), "chrome"))

    segments: list[Segment] = []
    for start, end, kind in cuts:
        pieces = (
            _sentences_in(text, start, end)
            if kind == "body"
            else _lines_in(text, start, end)
            if kind == "chrome"
            else [_trimmed(text, start, end)]
        )
        segments += [Segment(s, e, kind) for s, e in pieces if e > s]
    return segments


def alias_pattern(aliases: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any alias on word boundaries, longest alias first.

    Apostrophes in an alias match both the straight and the curly form.
    """
    ordered = sorted(set(aliases), key=lambda alias: (-len(alias), alias))
    parts = [re.escape(alias).replace("'", "['\u2019]") for alias in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?![\w])")


def find_mentions(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """Every non-overlapping alias occurrence as (start, end, matched text)."""
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def covered_share(start: int, end: int, spans: Sequence[tuple[int, int]], text: str) -> float:
    """Share of the non-space characters of [start, end) inside at least one span."""
    inside = [False] * (end - start)
    for span_start, span_end in spans:
        for index in range(max(start, span_start), min(end, span_end)):
            inside[index - start] = True
    counted = [flag for offset, flag in enumerate(inside) if not text[start + offset].isspace()]
    return sum(counted) / len(counted) if counted else 0.0
