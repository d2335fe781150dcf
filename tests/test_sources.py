"""Evidence in context: every source has an annotated page, and every record link opens its passage there."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis import paths
from analysis.book import chart_html, myst, sphinx_sources
from analysis.dataset.load import Dataset, load
from analysis.processes import QUICK, run
from analysis.report import findings, frames, palette, passages, tables
from tools.browser import follow_link

#: The record tables whose rows rest on a passage, with their id column.
RECORDS = {"claims": "claim_id", "positions": "position_id", "events": "event_id", "notes": "note_id"}
HIGHLIGHT = "rgb(253, 224, 71)"  # --target in book.css
ARABIC = re.compile(f"[{sphinx_sources.ARABIC_LETTERS}]")


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.TABLES / f"{name}.csv", dtype=str, keep_default_na=False)


def passage_text(page: BeautifulSoup, span_id: str) -> str:
    """The text of a span on its page: every piece of text the span covers, in order (labels are not pieces)."""
    return "".join(p.get_text() for p in page.select(".annotated-source [data-spans]") if span_id in p["data-spans"].split())


def reading_text(page: BeautifulSoup, selector: str) -> str:
    """The text of the blocks `selector` finds, without the records' labels."""
    blocks = BeautifulSoup("".join(str(block) for block in page.select(selector)), "html.parser")
    for labels in blocks.select(".span-start"):
        labels.decompose()
    return blocks.get_text()


@pytest.fixture(scope="module")
def site(built_book: Path) -> dict[Path, BeautifulSoup]:
    """Every page of the built book, parsed."""
    return {page.resolve(): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in built_book.rglob("*.html")}


def text_page(built_book: Path, source_id: str) -> Path:
    return (built_book / sphinx_sources.TEXTS_DIR / f"{source_id}.html").resolve()


def test_every_source_has_an_annotated_page(built_book: Path, site: dict[Path, BeautifulSoup]) -> None:
    assert f"glob: {sphinx_sources.TEXTS_DIR}/*" in (paths.ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    sentences, spans = table("sentences"), table("spans")
    labels = frames.authors(load()).set_index("source_id").label_year
    for source_id in table("sources").source_id:
        page = site[text_page(built_book, source_id)]
        assert labels[source_id] in page.h1.get_text(), source_id
        assert page.select_one(".annotated-source .source-body .source-text"), source_id
        ids = {element["id"] for element in page.select("[id]")}
        assert set(spans[spans.source_id == source_id].span_id) <= ids, f"{source_id}: a span has no anchor"
        # the text as received: every sentence is on the page, chrome set apart from the body
        raw = load().text(source_id)
        chrome, body = reading_text(page, ".source-chrome .source-text"), reading_text(page, ".source-body .source-text")
        for sentence in sentences[sentences.source_id == source_id].itertuples():
            shown = raw[int(sentence.start) : int(sentence.end)]
            assert shown in (chrome if sentence.kind == "chrome" else body), sentence.sentence_id
        # right-to-left runs are isolated as such
        for arabic_run in page.select_one(".annotated-source").find_all(string=ARABIC):
            assert arabic_run.find_parent(attrs={"dir": "rtl"}) is not None, (
                f"{source_id}: {arabic_run!r} is not set right to left"
            )


def test_every_record_has_one_anchor_on_its_passage(built_book: Path, site: dict[Path, BeautifulSoup]) -> None:
    spans = table("spans").set_index("span_id")
    anchors = Counter(element["id"] for page in site.values() for element in page.select("[id]"))
    for name, key in RECORDS.items():
        for row in table(name).itertuples():
            record_id = getattr(row, key)
            label = passages.record_label(record_id)
            assert anchors[label] == 1, f"{label}: {anchors[label]} anchors"
            page = site[text_page(built_book, row.source_id)]
            anchor = page.find(id=label)
            assert anchor is not None, f"{label} is not on the page of {row.source_id}"
            assert anchor["data-span"] == row.span_id
            assert passage_text(page, row.span_id) == spans.loc[row.span_id, "exact"], record_id


def test_every_link_to_a_record_or_span_opens_its_passage(site: dict[Path, BeautifulSoup]) -> None:
    spans = table("spans").set_index("span_id").exact
    ids = {path: {element["id"]: element for element in page.select("[id]")} for path, page in site.items()}
    checked = 0
    for path, page in site.items():
        for link in page.select("a[href]"):
            parsed = urlparse(link["href"])
            fragment = unquote(parsed.fragment)
            if parsed.scheme or not (fragment.startswith("record-") or fragment in spans.index):
                continue
            target = (path.parent / parsed.path).resolve() if parsed.path else path
            anchor = ids[target].get(fragment)
            assert anchor is not None, f"{path.name}: {link['href']} does not resolve"
            span_id = anchor.get("data-span")
            if span_id:  # a record with a passage (a contrast's anchor is its row)
                assert passage_text(site[target], span_id) == spans[span_id], f"{path.name}: {link['href']}"
            checked += 1
    assert checked > sum(len(table(name)) for name in RECORDS)


def _linked(page: BeautifulSoup) -> set[str]:
    return {unquote(urlparse(link["href"]).fragment) for link in page.select("a.reference.internal[href]")}


def test_every_table_row_and_quote_links_to_its_passage(built_book: Path, site: dict[Path, BeautifulSoup]) -> None:
    book = built_book / "book"
    claims_page, positions_page = (
        _linked(site[(book / "claims.html").resolve()]),
        _linked(site[(book / "positions.html").resolve()]),
    )
    for record_id in table("claims").claim_id:
        assert passages.record_label(record_id) in claims_page, record_id
    for record_id in table("notes").note_id:
        assert passages.record_label(record_id) in claims_page, record_id
    for record_id in table("positions").position_id:
        assert passages.record_label(record_id) in positions_page, record_id
    for ids in pd.concat([table("contrasts").claims_a, table("contrasts").claims_b]):
        for record_id in ids.split():
            assert passages.record_label(record_id) in claims_page, record_id
    known = findings.record_sources(load())
    # coding a's ids are the published ones and link to their passages; coding b's ids are its own, shown as text
    adjudicated = {r for r in table("adjudications").record_a if r in known}
    assert {passages.record_label(r) for r in adjudicated} <= claims_page
    assert set(table("phase_evidence").span_id) <= _linked(site[(book / "phases.html").resolve()])
    # each point of comparison links every record it cites (up to a cell's limit) to its passage
    arguments = _linked(site[(book / "arguments.html").resolve()])
    for point in table("points").itertuples():
        for ids in (point.evidence_a, point.evidence_b):
            for record_id in ids.split()[: tables.CELL_RECORDS]:
                assert passages.record_label(record_id) in arguments, (point.point_id, record_id)
    for source_id in table("sources").source_id:
        assert any(
            link["href"].endswith(f"texts/{source_id}.html#text-{source_id}")
            for link in site[(book / "sources.html").resolve()].select("a[href]")
        )


def test_uncovered_body_sentences_are_marked(built_book: Path, site: dict[Path, BeautifulSoup]) -> None:
    sentences = table("sentences")
    for source_id in table("sources").source_id:
        mine = sentences[(sentences.source_id == source_id) & (sentences.kind == "body")]
        uncovered = int((mine.covered_share.astype(float) == 0).sum())
        assert len(site[text_page(built_book, source_id)].select(".uncovered-tag")) == uncovered, source_id


def test_a_sentence_no_record_covers_is_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Take every span off one body sentence, build its source's page alone, and find the sentence marked."""
    from sphinx.application import Sphinx

    data = load()
    sentences, spans = data.sentences, data.spans
    body = sentences[(sentences.kind == "body") & (sentences.covered_share > 0)]
    chosen = body.iloc[len(body) // 2]
    touching = (spans.source_id == chosen.source_id) & (spans.start < chosen.end) & (spans.end > chosen.start)
    changed = {
        **data.tables,
        "spans": spans[~touching],
        "sentences": sentences.assign(
            covered_share=sentences.covered_share.mask(sentences.sentence_id == chosen.sentence_id, 0.0)
        ),
    }
    monkeypatch.setattr(sphinx_sources, "dataset", lambda: Dataset(changed, data.descriptor))
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "analysis.book.sphinx_sources"]\n', encoding="utf-8")
    (source / "index.md").write_text(f"# Texts\n\n```{{toctree}}\n:glob:\n{sphinx_sources.TEXTS_DIR}/*\n```\n", encoding="utf-8")
    app = Sphinx(
        str(source), str(source), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None, warning=io.StringIO()
    )
    app.build()
    html = (tmp_path / "out" / sphinx_sources.TEXTS_DIR / f"{chosen.source_id}.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select(".uncovered-tag")) == 1
    marked = "".join(piece.get_text() for piece in page.select(".source-text .seg.uncovered"))
    assert marked == data.text(chosen.source_id)[chosen.start : chosen.end]


def test_a_finding_link_opens_its_passage_scrolled_into_view_and_highlighted(built_book: Path) -> None:
    probe = """() => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = document.getElementById(id);
      const span = target.dataset.span;
      const pieces = [...document.querySelectorAll("[data-spans]")].filter((p) => p.dataset.spans.split(" ").includes(span));
      const box = pieces[0].getBoundingClientRect();
      return {path: location.pathname, id, n: pieces.length, top: box.top, bottom: box.bottom, height: innerHeight,
              backgrounds: pieces.map((p) => getComputedStyle(p).backgroundColor),
              label: getComputedStyle(target).backgroundColor};
    }"""
    report = follow_link(built_book / "book" / "overview.html", 'a.reference.internal[href*="#record-"]', probe)
    assert report.console_errors == [] and report.failed_requests == []
    found = report.probe
    record_id = found["id"].removeprefix("record-")
    assert record_id in {r for f in findings.read() if f.chapter == "overview" for r in f.records}
    source_id = load().tables["claims"].set_index("claim_id").source_id.get(record_id)
    assert found["path"].endswith(f"/{sphinx_sources.TEXTS_DIR}/{source_id}.html")
    assert found["n"] >= 1 and found["top"] >= 0 and found["bottom"] <= found["height"], found
    assert set(found["backgrounds"]) == {HIGHLIGHT} and found["label"] == HIGHLIGHT, found


def pdf_text(pdf: Path) -> str:
    return run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=QUICK).stdout


def test_the_pdf_holds_the_annotated_texts_with_their_record_ids(built_pdf: Path) -> None:
    text = pdf_text(built_pdf)
    start = text.upper().rfind("ANNOTATED SOURCE TEXTS")
    assert start > 0, "no annotated texts appendix in the PDF"
    appendix = text[start:]
    data = load()
    labels = frames.authors(data).set_index("source_id").label_year
    latex = paths.ROOT / "_build" / "latex"
    aux = (latex / "book.aux").read_text(encoding="utf-8", errors="replace")
    tex = (latex / "book.tex").read_text(encoding="utf-8")
    source_of = data.spans.set_index("span_id").source_id
    for source_id in data.sources.source_id:
        assert labels[source_id] in appendix, source_id
    for record in passages.records(data):
        label = re.compile(rf"(?<![\w-]){re.escape(record.label)}(?![\w-])")
        assert label.search(appendix), f"{record.label} ({source_of[record.span_id]}) is not labelled in the PDF"
    # every record's label is a LaTeX target on its source's page, and the claims table links to it
    for row in data.claims.itertuples():
        name = f"book/texts/{row.source_id}:{passages.record_label(row.claim_id)}"
        assert f"\\newlabel{{{name}}}" in aux, name
        assert f"\\hyperref[\\detokenize{{{name}}}]" in tex, name
    log = (latex / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Hyper reference" not in log, "a PDF link has no target"


def test_mark_colours_are_the_palettes_and_readable() -> None:
    css = (paths.ROOT / "book" / "_static" / "book.css").read_text(encoding="utf-8")
    for kind, colour in palette.PASSAGE_MARKS.items():
        assert f"--k-{kind}: {colour};" in css, kind
        for background in (palette.BACKGROUND, "#f4f4f5"):  # the page, and page chrome
            assert palette.contrast_ratio(colour, background) >= 4.5, f"{kind} labels on {background}"


def test_record_tables_link_rows_to_passages_and_anchor_only_contrasts() -> None:
    data = load()
    made = {"claims": tables.claims_table(data), "positions": tables.positions_table(data), "notes": tables.notes_table(data)}
    for name, shown in made.items():
        markdown = myst.table(shown)
        assert "{record-target}" not in markdown
        assert all(f"{{record}}`{record_id}`" in markdown for record_id in data.tables[name][RECORDS[name]])
    assert "{record-target}" in myst.table(tables.contrasts_table(data))
    assert "{quote}`" in myst.table(tables.phase_quotes_table(data))


def test_every_chart_quote_links_to_its_passage(built_book: Path) -> None:
    """Every quote a chart shows comes with a link (opened from the mark's panel) to that very passage."""
    data = load()
    passage = data.spans.set_index("span_id").exact.to_dict()
    for table, key in (("claims", "claim_id"), ("positions", "position_id"), ("events", "event_id"), ("notes", "note_id")):
        frame = data.tables[table]
        passage.update({f"record-{r}": passage[s] for r, s in zip(frame[key], frame.span_id, strict=True)})
    checked = 0
    for page in sorted((built_book / "book").glob("*.html")):
        source = page.read_text(encoding="utf-8")
        for figure in chart_html.payloads(source):
            for rows in figure["datasets"].values():
                for row in rows:
                    if not row.get("quote"):
                        continue
                    href = row.get("href")
                    assert href, f"{page.name}: a quote with no link: {row['quote'][:60]!r}"
                    target, anchor = href.split("#")
                    ids = set(re.findall(r'id="([^"]+)"', (page.parent / target).read_text(encoding="utf-8")))
                    assert anchor in ids, f"{page.name}: {href} does not resolve"
                    assert passage[anchor] == row["quote"], f"{page.name}: {href} is not the quoted passage"
                    checked += 1
    assert checked > 50


def test_a_cell_of_text_and_links_keeps_the_spaces_between_them() -> None:
    """Links in a cell are parted by ", " and follow their text after a space: on the page and in the PDF, where a
    line may break there (without, a row of record ids runs off the page)."""
    assert myst.cell(tables.record_links("a b c", 2)) == "{record}`a`\\, {record}`b` and 1 more"
    says = myst.cell(tables.Cell(("It says so.", " (", tables.record_link("x"), ")")))
    assert says == "It says so\\. \\({record}`x`\\)"
