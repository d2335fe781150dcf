"""Matching units of two readings by the passages they rest on."""

from __future__ import annotations

from analysis.dataset import overlap


def chars(**spans: list[tuple[int, int]]) -> overlap.Characters:
    return overlap.characters(spans)


def test_characters_are_counted_per_text() -> None:
    first, second = chars(a=[(0, 10)]), chars(b=[(0, 10)])
    assert overlap.jaccard(first, second) == 0.0  # the same offsets in two texts are different characters
    assert overlap.jaccard(chars(a=[(0, 10)], b=[(0, 10)]), chars(a=[(5, 10)], b=[(0, 10)])) == 15 / 20


def test_pairing_is_one_to_one_by_overlap_and_leaves_the_rest_unpaired() -> None:
    first = [("x", chars(a=[(0, 100)])), ("y", chars(a=[(200, 260)]))]
    second = [("p", chars(a=[(10, 100)])), ("q", chars(a=[(0, 40)])), ("r", chars(a=[(500, 560)]))]
    pairs = overlap.pair_greedily(first, second, minimum=0.5)
    assert pairs == [(None, "q", 0.0), (None, "r", 0.0), ("x", "p", 0.9), ("y", None, 0.0)]


def test_a_small_shared_passage_does_not_pair_two_units() -> None:
    first = [("x", chars(a=[(0, 100)]))]
    second = [("p", chars(a=[(90, 190)]))]
    assert overlap.pair_greedily(first, second, minimum=0.5) == [(None, "p", 0.0), ("x", None, 0.0)]
