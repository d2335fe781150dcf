"""Quote matching copes with what the texts contain and never rewrites them."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.dataset import quotes
from analysis.dataset.text import read_raw

PIETRZAK = read_raw(paths.RAW / "pietrzak2026.txt")
BATAUT = read_raw(paths.RAW / "bataut2025.txt")


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


PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم, with a zero-width non-joiner


@pytest.mark.parametrize(
    ("text", "typed", "exact"),
    [
        ("the caf\u00e9 in Kabul", "cafe\u0301 in", "caf\u00e9 in"),  # NFD quote, NFC text
        ("the cafe\u0301 in Kabul", "caf\u00e9 in", "cafe\u0301 in"),  # NFC quote, NFD text
        ("\u0622\u0632\u0627\u062f", "\u0627\u0653\u0632\u0627\u062f", "\u0622\u0632\u0627\u062f"),  # آزاد, alef with madda
        (
            "\u0634\u0647\u0631 \u0643\u0627\u0628\u0644",
            "\u06a9\u0627\u0628\u0644",
            "\u0643\u0627\u0628\u0644",
        ),  # Arabic kaf in the text
        ("\u06a9\u0627\u0628\u0644", "\u0643\u0627\u0628\u0644", "\u06a9\u0627\u0628\u0644"),  # Arabic kaf in the quote
        ("\u0627\u064a\u0631\u0627\u0646", "\u0627\u06cc\u0631\u0627\u0646", "\u0627\u064a\u0631\u0627\u0646"),  # Arabic yeh
        ("\u0639\u0644\u0649", "\u0639\u0644\u06cc", "\u0639\u0644\u0649"),  # alef maksura
        (
            f"\u0645\u0627 {PERSIAN} \u0635\u0644\u062d",
            "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645",
            PERSIAN,
        ),  # ZWNJ in the text only
        (
            "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645 \u0635\u0644\u062d",
            PERSIAN,
            "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645",
        ),  # ZWNJ in the quote only
        ("the Paki\u00adstan border", "Pakistan border", "Paki\u00adstan border"),  # soft hyphen
        ("\ufeffTitle\r\nBody text", "Title Body", "Title\r\nBody"),  # BOM and a Windows line end
        ("a\u200c b", "a b", "a\u200c b"),
    ],
)
def test_folding_tolerates_what_a_reader_cannot_see(text: str, typed: str, exact: str) -> None:
    start, end = quotes.find(text, typed)
    assert text[start:end] == exact


def test_folding_does_not_match_part_of_a_character() -> None:
    with pytest.raises(quotes.QuoteNotFound):
        quotes.find("the caf\u00e9 in Kabul", "the cafe")
    with pytest.raises(quotes.QuoteNotFound):
        quotes.find("\u0915\u093e\u092e", "\u0915")  # क of का


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_headings_match_whole_lines_with_any_line_end(line_end: str) -> None:
    text = line_end.join(["\ufeffChina's Role", "China's Role is growing.", "In China's Role", " Trade \t", "end"])
    assert quotes.find(text, "China's Role", whole_line=True) == (1, 13)
    start, end = quotes.find(text, "Trade", whole_line=True)
    assert text[start:end] == "Trade" and text[end:].startswith(" \t" + line_end + "end")
