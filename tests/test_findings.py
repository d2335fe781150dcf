"""Findings: every interpretive statement cites records that exist, and links to them in the built book."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.book import myst
from analysis.dataset.load import load
from analysis.report import findings


@pytest.fixture(scope="module")
def data():
    return load()


def test_every_finding_cites_records_that_exist(data) -> None:
    book_findings = findings.read()
    assert {f.chapter for f in book_findings} == {"overview", "conclusions"}
    assert findings.problems(book_findings, data) == []


def test_a_missing_record_or_a_typed_count_is_refused(data) -> None:
    bad = [
        findings.Finding("x", "overview", "Title", "Thirty-one claims, or 31, in October 2025.", ("no-such-record",)),
        findings.Finding("y", "overview", "Title", "Nothing cited.", ()),
    ]
    problems = findings.problems(bad, data)
    assert "finding x: no record 'no-such-record' in the dataset" in problems
    assert "finding x: typed number '31' (glue counts from the data instead)" in problems
    assert not any("'2025'" in p for p in problems)
    assert "finding y: cites no record" in problems
    with pytest.raises(ValueError, match="no-such-record"):
        findings.stated(data, "overview", bad)


def test_a_source_no_finding_interprets_is_named(data) -> None:
    first = data.sources.source_id.iloc[0]
    claim = data.claims[data.claims.source_id == first].claim_id.iloc[0]
    text = myst.stated(findings.stated(data, "overview", [findings.Finding("z", "overview", "T.", "A reading.", (claim,))]))
    others = data.sources[data.sources.source_id != first]
    assert ":::{warning}" in text
    for author in others.author:
        assert author.split()[-1] in text
    assert "(finding-z)=\n**T.** A reading. (Records: {record}`" in text
    full = myst.stated(findings.stated(data, "overview"))
    assert ":::{warning}" not in full, "the book's own findings should interpret every source"


def _anchors(page: Path) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("chapter", ["overview", "conclusions"])
def test_finding_links_open_their_records(built_book: Path, chapter: str, data) -> None:
    page = built_book / "book" / f"{chapter}.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a class="reference internal" href="([^"]*#record-[^"]+)"', html)
    cited = {r for f in findings.read() if f.chapter == chapter for r in f.records}
    assert {unquote(urlparse(link).fragment).removeprefix("record-") for link in links} >= cited
    for link in links:
        parsed = urlparse(link)
        target = (page.parent / parsed.path).resolve() if parsed.path else page
        assert unquote(parsed.fragment) in _anchors(target), f"{link} does not resolve"


def test_hand_written_commentary_declares_its_sources_and_warns_about_the_rest(data) -> None:
    prose = findings.read_prose()
    assert prose, "no chapter declares the sources its commentary interprets"
    for chapter, sources in prose.items():
        assert set(sources) <= set(data.sources.source_id), chapter
        note = myst.coverage(findings.prose_note(data, chapter))
        missing = set(data.sources.source_id) - set(sources)
        assert (":::{warning}" in note) == bool(missing), chapter
    for chapter in prose:
        notebook = Path(findings.FINDINGS).parent / f"{chapter}.md"
        assert f"findings.prose_note(data, '{chapter}')" in notebook.read_text(encoding="utf-8"), (
            f"{notebook.name} does not show its declaration"
        )


def test_progress_lists_the_chapters_a_new_source_still_needs(data) -> None:
    source_of = findings.record_sources(data)
    assert findings.uninterpreted("khan2026", source_of) == sorted({*findings.read_prose(), "overview", "conclusions"})
    for source_id in data.sources.source_id:
        assert findings.uninterpreted(source_id, source_of) == []
