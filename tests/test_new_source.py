"""A third article is data only: it flows through the dataset, every chart and the prose with no code change.

The book is built from a copy of the working tree with the fixture source added
(`third_source_book` in conftest). Nothing here assumes how many sources the
project holds: the expected counts come from the grown copy's own tables.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from conftest import assert_overview_counts

from analysis import paths
from analysis.book import chart_html
from analysis.dataset.load import load
from analysis.processes import QUICK, run
from analysis.report import frames, summary
from tools.browser import check_pages

NEW = "khan2026"


def page_text(path: Path) -> str:
    """A page's readable text: its main part without scripts, chart tables or tags."""
    main = path.read_text(encoding="utf-8").split("<main", 1)[-1]
    text = re.sub(r"<script.*?</script>|<details class=\"chart-data\".*?</details>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def figures_of(page: Path) -> list[dict[str, Any]]:
    """The charts embedded in a built page: each its datasets and its layouts' Vega-Lite specs."""
    return chart_html.payloads(page.read_text(encoding="utf-8"))


def values(figure: dict[str, Any], field: str) -> set:
    return {row[field] for rows in figure["datasets"].values() for row in rows if field in row}


def encodings(node: Any) -> list[dict[str, Any]]:
    """Every encoding of a spec, however deeply layered, faceted or concatenated."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("encoding"), dict):
            found.append(node["encoding"])
        for key, child in node.items():
            if key not in ("datasets", "encoding"):
                found += encodings(child)
    elif isinstance(node, list):
        for child in node:
            found += encodings(child)
    return found


def table(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def grown(third_source_book: Path) -> dict[str, Any]:
    """The grown copy: its root, its pages, and its sources' labels in publication order."""
    who = frames.authors(load(third_source_book / "data"))
    return {
        "root": third_source_book,
        "pages": third_source_book / "_build" / "html" / "book",
        "labels": list(who.label),
        "label_of": dict(zip(who.source_id, who.label, strict=True)),
        "n": len(who),
    }


def test_the_new_source_is_one_more_than_the_project_holds(grown: dict[str, Any]) -> None:
    assert grown["n"] == len(table(paths.ROOT, "sources")) + 1
    assert NEW in grown["label_of"] and len(set(grown["labels"])) == grown["n"]


def test_every_chart_names_every_source_in_its_data_and_scales(grown: dict[str, Any]) -> None:
    """Each chart that tells authors apart holds every source, and its colour, shape and dash scales list them in order."""
    labels = grown["labels"]
    pages = sorted(grown["pages"].glob("*.html"))
    figures = [(page.name, figure) for page in pages for figure in figures_of(page)]
    assert len(figures) == sum(page.read_text(encoding="utf-8").count('class="vega-chart"') for page in pages)
    by_author = [(name, figure) for name, figure in figures if values(figure, "author_label")]
    assert len(by_author) >= 6, [name for name, _ in by_author]
    for name, figure in by_author:
        assert values(figure, "author_label") == set(labels), name
        for variant in figure["variants"]:
            for encoding in encodings(variant["spec"]):
                for channel in ("color", "shape", "strokeDash"):
                    scale = (encoding.get(channel) or {}).get("scale") or {}
                    if (encoding.get(channel) or {}).get("field") == "author_label" and "domain" in scale:
                        assert scale["domain"] == labels, (name, channel)
                        assert len({json.dumps(v) for v in scale["range"]}) == len(labels), (name, channel)
    contrasts = [figure for _, figure in figures if values(figure, "relation_label")]
    assert len(contrasts) == 1
    pairs = values(contrasts[0], "pair")
    n = grown["n"]
    assert len(pairs) == n * (n - 1) // 2
    assert sum(grown["label_of"][NEW] in pair.split(" × ") for pair in pairs) == n - 1


def test_the_generated_sentences_count_three_sources(grown: dict[str, Any]) -> None:
    root, pages, n = grown["root"], grown["pages"], grown["n"]
    word = summary.number_word(n)
    claims = table(root, "claims")
    overview = page_text(pages / "overview.html")
    assert f"This report takes {word} analyses of the question" in overview
    # the claims per author add up to the total, and every author is counted
    listed = re.search(rf"{len(claims)} claims \((.*?)\), \d+ actor positions", overview).group(1).strip()
    counts = dict((label, int(k)) for k, label in re.findall(r"(\d+) by (.+?)(?:, | and (?=\d)|$)", listed))
    assert sum(counts.values()) == len(claims) and set(counts) == set(grown["labels"]), listed
    first = overview.split("This report takes", 1)[1].split("Every claim", 1)[0]
    assert "two" not in first.split(), first
    sources = page_text(pages / "sources.html")
    assert f"The corpus is {word} texts of" in sources
    assert "The corpus is two texts" not in sources
    new = table(root, "sources").set_index("source_id").loc[NEW]
    paragraph = sources.split(grown["label_of"][NEW] + " [", 1)[1][:600]
    for field in ("title", "venue", "genre"):
        assert new[field] in paragraph, field
    assert "1 February 2026" in paragraph
    assert f"{word.capitalize()} texts are not a survey of opinion" in page_text(pages / "conclusions.html")
    reliability = page_text(pages / "reliability.html")
    assert f"{grown['label_of'][NEW]} was coded once only" in reliability
    # a source coded once is not given the others' agreement or adjudication
    others = summary.join_words([label for source_id, label in grown["label_of"].items() if source_id != NEW])
    arguments = page_text(pages / "arguments.html")
    assert f"{grown['label_of'][NEW]}'s argument, as coded" in arguments
    assert "Argument links are coded once in this text, so their agreement is not measured for it" in arguments
    assert f"between the two codings of {others}:" in arguments and "between the two codings:" not in arguments
    assert f"the adjudication settled on for {others} and a single coding gave for {grown['label_of'][NEW]}" in arguments
    # a summary's reporter is set apart from the list of sources to cite
    assert "(as summarised by" in page_text(pages / "citing.html")
    # no sentence of the book still speaks of two sources where there are three
    for page in sorted(pages.glob("*.html")):
        text = page_text(page)
        for phrase in (
            "two analyses",
            "two texts",
            "two short",
            "Both texts",
            "both authors",
            "the earlier text",
            "the later text",
            "both coders",
        ):
            assert phrase not in text, f"{page.name}: {phrase!r}"


def test_the_prose_says_what_it_does_not_yet_interpret(grown: dict[str, Any]) -> None:
    label = grown["label_of"][NEW]
    for chapter in ("overview", "conclusions", "sources", "phases", "positions"):
        text = page_text(grown["pages"] / f"{chapter}.html")
        assert f"The dataset also holds {label} (published 1 February 2026)" in text, chapter


def test_the_new_source_is_cited_and_listed_for_citation(grown: dict[str, Any]) -> None:
    root, pages = grown["root"], grown["pages"]
    title = table(root, "sources").set_index("source_id").loc[NEW, "title"]
    assert title in page_text(pages / "references.html")
    request = page_text(pages / "citing.html").split("Please cite the source texts too", 1)[1].split(" 2. ", 1)[0]
    assert all(label.split(" (via ")[0] in request for label in grown["labels"]), request
    bib = (root / "book" / "_generated" / "sources.bib").read_text(encoding="utf-8")
    assert f"@misc{{{NEW}," in bib
    references = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))["references"]
    assert any(reference["title"] == title for reference in references)


def test_the_original_sources_results_are_unchanged(third_source_book: Path) -> None:
    for name in ("claims", "positions", "events", "spans", "sentences", "mentions", "notes", "phase_evidence"):
        before = table(paths.ROOT, name)
        after = table(third_source_book, name)
        after = after[after.source_id != NEW].reset_index(drop=True)
        pd.testing.assert_frame_equal(before, after, obj=name)
    contrasts = table(third_source_book, "contrasts")
    topics = set(table(paths.ROOT, "topics").topic_id)  # the new source also brings a topic of its own to the codebook
    kept = contrasts[(contrasts.source_a != NEW) & (contrasts.source_b != NEW) & contrasts.topic_id.isin(topics)]
    kept = kept.reset_index(drop=True)
    pd.testing.assert_frame_equal(table(paths.ROOT, "contrasts"), kept)


def test_markup_in_a_quote_is_shown_as_text(third_source_book: Path) -> None:
    page = third_source_book / "_build" / "html" / "book" / "claims.html"
    source = page.read_text(encoding="utf-8")
    assert '<script>alert("closed")' not in source and "<b>nothing else</b>" not in source
    report = check_pages([page], probe="document.body.innerText")[0]
    assert report.console_errors == [] and report.failed_requests == []
    assert '<script>alert("closed")</script> & <b>nothing else</b>' in report.probe
    assert all(chart["drawn"] == chart["expected"] for chart in report.charts)


def test_the_grown_overview_states_its_datasets_counts(third_source_book: Path) -> None:
    assert_overview_counts(third_source_book, third_source_book / "_build" / "html")


def test_every_page_of_the_grown_book_works(third_source_book: Path) -> None:
    pages = sorted((third_source_book / "_build" / "html" / "book").glob("*.html"))
    for report in check_pages(pages):
        assert report.console_errors == [] and report.failed_requests == [], report.path.name
        assert len(report.charts) == report.n_chart_divs
        assert all(chart["drawn"] == chart["expected"] > 0 for chart in report.charts), report.path.name


def test_the_new_source_has_its_annotated_text(third_source_book: Path) -> None:
    page = third_source_book / "_build" / "html" / "book" / "texts" / f"{NEW}.html"
    source = page.read_text(encoding="utf-8")
    claims = table(third_source_book, "claims")
    for claim_id in claims[claims.source_id == NEW].claim_id:
        assert f'id="record-{claim_id}"' in source, claim_id
    assert 'dir="rtl" lang="fa">زخم</span>' in source  # the Persian word, right to left and declared Persian
    assert '<script>alert("closed")' not in source and "&lt;script&gt;alert" in source


def test_the_grown_pdf_holds_the_new_source_s_sentences(grown: dict[str, Any], third_source_pdf: Path) -> None:
    raw = run(["pdftotext", "-raw", str(third_source_pdf), "-"], capture_output=True, text=True, check=True, timeout=QUICK)
    text = " ".join(re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", raw.stdout).split())
    label, word = grown["label_of"][NEW], summary.number_word(grown["n"])
    title = table(grown["root"], "sources").set_index("source_id").loc[NEW, "title"]
    for sentence in (
        f"This report takes {word} analyses of the question",
        f"The dataset also holds {label} (published 1 February 2026)",
        f"{label} was coded once only",
        title,
    ):
        assert sentence in text, sentence
