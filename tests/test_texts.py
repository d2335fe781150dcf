"""Texts as people save them: Windows and old Mac line ends, a byte-order mark, scripts other than Latin.

The raw bytes stay untouched, and every offset counts code points of the text
decoded from those bytes with no newline translation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES, add_fixture_codebook

from analysis import paths
from analysis.book.sphinx_sources import language_of
from analysis.dataset import text
from analysis.dataset.build import write_csv
from analysis.dataset.load import load
from analysis.processes import QUICK, run
from analysis.report import wordstats

HEADING = "Border Trade and the Limits of Pressure"
BYLINE = "By Ayesha Khan (fictional author written for the test suite)"
CLI = [sys.executable, "-m", "analysis"]


def analysis_cli(*arguments: str) -> tuple[int, str, str]:
    """Run `python -m analysis` and return its exit code, stdout and stderr."""
    result = run([*CLI, *arguments], capture_output=True, text=True, timeout=QUICK)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_a_text_saved_with_a_bom_and_other_line_ends_goes_through_new_source_progress_and_build(
    tmp_path: Path, data_copy: Path, line_end: str
) -> None:
    saved = tmp_path / "khan_saved.txt"
    fixture = (FIXTURES / "khan2026.txt").read_bytes().decode("utf-8")
    saved.write_bytes(b"\xef\xbb\xbf" + fixture.replace("\n", line_end).encode("utf-8"))
    meta = ["--id", "khan2026", "--author", "Ayesha Khan", "--title", HEADING, "--venue", "V", "--published", "2026-02-01"]

    code, _, stderr = analysis_cli("new-source", str(saved), *meta, "--data-dir", str(data_copy))
    assert code == 0, stderr
    path = data_copy / "annotations" / "sources" / "khan2026.yaml"
    written = path.read_bytes().decode("utf-8")
    assert "\r" not in written and "\ufeff" not in written
    scaffolded = yaml.safe_load(written)  # valid YAML
    # the body starts at the first line that reads as prose: the fixture's marker, title and byline are page chrome
    assert scaffolded["layout"]["body"][0]["first"] == "Pakistan’s decision to close the Torkham crossing in October"
    assert "# Page chrome (outside layout.body; not coded):\n#   Test fixture: not a real article\n" in written
    assert "#   [ ] China remains the only outsider with leverage over both capitals." in written

    code, stdout, stderr = analysis_cli("progress", "khan2026", "--data-dir", str(data_copy))
    assert code == 0 and stdout.startswith("khan2026: 0 of ") and "Traceback" not in stderr, stderr

    # Code it as the fixture is coded, with the title and the byline as headings (whole lines).
    coded = yaml.safe_load((FIXTURES / "khan2026.yaml").read_text(encoding="utf-8"))
    coded["source"] = scaffolded["source"]
    coded["layout"] = {"body": [{"first": HEADING, "last": "and was shared widely."}], "headings": [HEADING, BYLINE]}
    add_fixture_codebook(data_copy)
    path.write_text(yaml.safe_dump(coded, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, stdout, stderr = analysis_cli("progress", "khan2026", "--data-dir", str(data_copy))
    assert code == 0 and stdout.startswith("khan2026: 8 of 8 body sentences covered"), stdout + stderr

    code, stdout, stderr = analysis_cli("build", "--data-dir", str(data_copy))
    assert code == 0, stderr
    raw = data_copy / "raw" / "khan2026.txt"
    assert raw.read_bytes() == saved.read_bytes()
    decoded = raw.read_bytes().decode("utf-8")
    data = load(data_copy)
    assert data.text("khan2026") == decoded
    spans = data.spans[data.spans.source_id == "khan2026"]
    assert len(spans) >= len(coded["claims"])
    for span in spans.itertuples():
        start, end = int(span.start), int(span.end)
        assert decoded[start:end] == span.exact, span.span_id
        assert decoded[max(0, start - 32) : start] == span.prefix and decoded[end : end + 32] == span.suffix
    sentences = data.sentences[data.sentences.source_id == "khan2026"]
    for sentence in sentences.itertuples():
        assert decoded[int(sentence.start) : int(sentence.end)] == sentence.text
    assert sentences[sentences.kind == "heading"].text.tolist() == [HEADING, BYLINE]
    assert "\ufeff" not in "".join(sentences.text)
    mentions = data.mentions[data.mentions.source_id == "khan2026"]
    assert len(mentions) and all(decoded[int(m.start) : int(m.end)] == m.alias for m in mentions.itertuples())


def test_raw_texts_are_read_without_newline_translation(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_bytes("\ufeffone\r\ntwo\rthree\n".encode())
    assert text.read_raw(path) == "\ufeffone\r\ntwo\rthree\n"
    assert text.one_line("one\r\ntwo\rthree\u2028four\ufeff") == "one two three four"


def test_page_chrome_is_split_into_lines_at_any_line_end() -> None:
    raw = "\ufefftop\r\nmiddle\rbottom\nend"
    lines = [raw[s.start : s.end] for s in text.segment(raw, [], [])]
    assert lines == ["top", "middle", "bottom", "end"]


@pytest.mark.parametrize(
    ("passage", "sentences"),
    [
        ("پاکستان ایک ملک ہے۔ افغانستان پڑوسی ہے۔", ["پاکستان ایک ملک ہے۔", "افغانستان پڑوسی ہے۔"]),
        ("यह पहला वाक्य है। यह दूसरा है॥ और तीसरा।", ["यह पहला वाक्य है।", "यह दूसरा है॥", "और तीसरा।"]),
        ("آیا صلح ممکن است؟ شاید.", ["آیا صلح ممکن است؟", "شاید."]),
        ("The talks stalled… Then Beijing stepped in.", ["The talks stalled…", "Then Beijing stepped in."]),
        ("It was… a pause, not an end.", ["It was… a pause, not an end."]),
    ],
    ids=["urdu-full-stop", "danda", "arabic-question-mark", "ellipsis", "ellipsis-mid-sentence"],
)
def test_sentence_ends_in_every_script(passage: str, sentences: list[str]) -> None:
    segments = text.segment(passage, [(0, len(passage))], [])
    assert [passage[s.start : s.end] for s in segments] == sentences


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("বাংলাদেশ ও ভারতের সীমান্ত", ["বাংলাদেশ", "ভারতের", "সীমান্ত"]),
        ("ਪੰਜਾਬ ਦੀ ਸਰਹੱਦ", ["ਪੰਜਾਬ", "ਦੀ", "ਸਰਹੱਦ"]),
        ("सीमा पर संघर्ष और क़ानून", ["सीमा", "पर", "संघर्ष", "और", "क़ानून"]),
        ("مردم می\u200cخواهند صلح", ["مردم", "می\u200cخواهند", "صلح"]),
        ("Pakistan's cross-border policy in 2021", ["pakistan", "cross-border", "policy"]),
    ],
    ids=["bengali", "gurmukhi", "devanagari", "persian-zwnj", "latin"],
)
def test_word_tokens_keep_whole_words_in_every_script(passage: str, expected: list[str]) -> None:
    assert wordstats.tokens(passage) == expected


def test_a_table_field_holding_a_carriage_return_stays_one_field(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["one\rtwo", "three\r\nfour", 'say "hi"', "plain"], "n": [1, 2, 3, 4]})
    path = tmp_path / "table.csv"
    write_csv(frame, path)
    assert path.read_bytes().endswith(b"plain,4\n") and b"\r\n" not in path.read_bytes().replace(b"three\r\nfour", b"")
    back = pd.read_csv(path, dtype={"text": str}, keep_default_na=False)
    pd.testing.assert_frame_equal(back, frame)


@pytest.mark.parametrize(
    ("run", "language"),
    [("افغانستان آزاد", "fa"), ("پاکستان میں ہے", "ur"), ("د پښتو ژبه", "ps"), ("संघर्ष", "hi"), ("Taliban", None)],
)
def test_each_script_run_is_given_its_language(run: str, language: str | None) -> None:
    assert language_of(run) == language


def test_every_passage_in_another_language_declares_it_on_the_source_page(built_book: Path) -> None:
    """WCAG 3.1.2: a screen reader switches voice only where the page says the language changes."""
    data = load()
    for source in data.sources.itertuples():
        raw = (paths.DATA / "raw" / source.raw_file).read_text(encoding="utf-8")
        page = (built_book / "book" / "texts" / f"{source.source_id}.html").read_text(encoding="utf-8")
        for word in sorted(set(re.findall(r"[\u0900-\u097f]+|[\u0600-\u06ff]+", raw))):
            tagged = re.findall(r'<span[^>]*\blang="([a-z]{2})"[^>]*>([^<]*)</span>', page)
            assert any(word in passage for _, passage in tagged), f"{source.source_id}: {word!r} carries no lang"
        for language, passage in re.findall(r'<span[^>]*\blang="([a-z]{2})"[^>]*>([^<]*)</span>', page):
            assert language_of(passage) == language, passage


def test_every_run_in_another_language_declares_it_on_every_chapter_page(built_book: Path) -> None:
    """WCAG 3.1.2 beyond the source pages: a Persian or Hindi word quoted in a table or a sentence of a chapter sits
    in a span that says its language (and, for Arabic script, its direction)."""
    pages = sorted((built_book / "book").glob("*.html"))
    declared = 0
    for page in pages:
        body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        for direction, language, passage in re.findall(r'<span( dir="rtl")? lang="([a-z]{2})">([^<]*)</span>', body):
            assert language_of(passage) == language and bool(direction) == (language != "hi"), (page.name, passage)
            declared += 1
        text = re.sub(r"<[^>]+>", " ", re.sub(r'<span( dir="rtl")? lang="[a-z]{2}">[^<]*</span>', " ", body))
        assert not re.findall(r"[\u0900-\u097f]+|[\u0600-\u06ff]+", text), page.name
    assert declared  # the claims appendix quotes Persian and Hindi
