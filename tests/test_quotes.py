"""Quote matching copes with what the texts contain and never rewrites them."""

from __future__ import annotations

import pytest

from analysis import paths, quotes

PIETRZAK = (paths.RAW / "pietrzak2026.txt").read_text(encoding="utf-8")
BATAUT = (paths.RAW / "bataut2025.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "typed", "exact"),
    [
        (PIETRZAK, "The Taliban's return to power in 2021", "The Taliban\u2019s return to power in 2021"),
        (PIETRZAK, "Afghanistan - from supporting", None),
        (PIETRZAK, "Afghanistan\u2014from supporting Mujahideen", "Afghanistan\u2014from supporting Mujahideen"),
        (PIETRZAK, "favor dialogue over armed संघर्ष.", "favor dialogue over armed संघर्ष."),
        (BATAUT, "چو کشور نپاشد تن من مباد", "چو کشور نپاشد تن من مباد"),
        (BATAUT, 'Foreign Minister, "Afghanistan and Pakistan', "Foreign Minister, \u201cAfghanistan and Pakistan"),
        (BATAUT, "agreed to upgrade their bilateral ties.", "agreed to upgrade their\n\nbilateral ties."),
        ("a\u00a0b  c", "a b c", "a\u00a0b  c"),
    ],
)
def test_tolerant_match_returns_raw_offsets(text: str, typed: str, exact: str | None) -> None:
    if exact is None:
        with pytest.raises(quotes.QuoteNotFound):
            quotes.find(text, typed)
        return
    start, end = quotes.find(text, typed)
    assert text[start:end] == exact


def test_prefix_and_suffix_single_out_a_repeated_quote() -> None:
    text = "Amazon\nYouTube\nAmazon\nend"
    with pytest.raises(quotes.QuoteAmbiguous) as raised:
        quotes.find(text, "Amazon")
    assert raised.value.offsets == [0, 15]
    assert quotes.find(text, "Amazon", prefix="YouTube") == (15, 21)
    assert quotes.find(text, "Amazon", suffix="YouTube") == (0, 6)


def test_not_found_reports_the_nearest_passage() -> None:
    with pytest.raises(quotes.QuoteNotFound) as raised:
        quotes.find(PIETRZAK, "Pakistan faces deep internal challenges, including political instabillity")
    assert raised.value.nearest.startswith("Pakistan itself faces deep internal challenges, including political")
