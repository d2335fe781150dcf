"""Matching readings of the same texts by the passages they rest on.

A reading's unit (a point of comparison, a validity reader's matter) rests on passages of one or
more texts. Two units match as far as the characters of those passages coincide, text by text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

#: The characters a unit rests on: (source id, code-point offset) pairs.
Characters = frozenset[tuple[str, int]]


def characters(spans: Mapping[str, Iterable[tuple[int, int]]]) -> Characters:
    """Every character of the passages, per source: {source id: [(start, end), ...]} as (source id, offset) pairs."""
    return frozenset(
        (source_id, offset) for source_id, found in spans.items() for start, end in found for offset in range(start, end)
    )


def jaccard(first: Characters, second: Characters) -> float:
    """The characters both rest on, over those either rests on (0 when neither rests on any)."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def share_of_smaller(first: Characters, second: Characters) -> float:
    """The characters both rest on, over those of the unit that rests on fewer."""
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def pair_greedily(
    first: Sequence[tuple[str, Characters]], second: Sequence[tuple[str, Characters]], minimum: float
) -> list[tuple[str | None, str | None, float]]:
    """Pair two readings' units one to one: candidates share at least `minimum` of the smaller unit's characters,
    and are taken by Jaccard, then by id; the units left over are paired with None. Sorted by ids."""
    candidates = sorted(
        (-jaccard(chars_a, chars_b), id_a, id_b)
        for id_a, chars_a in first
        for id_b, chars_b in second
        if share_of_smaller(chars_a, chars_b) >= minimum
    )
    used_a: set[str] = set()
    used_b: set[str] = set()
    pairs: list[tuple[str | None, str | None, float]] = []
    for score, id_a, id_b in candidates:
        if id_a in used_a or id_b in used_b:
            continue
        used_a.add(id_a)
        used_b.add(id_b)
        pairs.append((id_a, id_b, round(-score, 4)))
    pairs += [(id_a, None, 0.0) for id_a, _ in first if id_a not in used_a]
    pairs += [(None, id_b, 0.0) for id_b, _ in second if id_b not in used_b]
    return sorted(pairs, key=lambda pair: (pair[0] or "", pair[1] or ""))
