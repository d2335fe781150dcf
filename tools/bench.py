"""Benchmark of the book's builds, of the dataset build's growth and of the whole book on growing corpora: `python -m tools.bench`.

Everything runs in scratch copies of the project, so the working tree is never
touched. Results are printed as a table and written to `_build/bench.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from nbclient import NotebookClient

from analysis import paths
from analysis.book import notebooks
from analysis.processes import BOOK_BUILD, run
from tools.workspace import make_in, project_copy

SIZES = (2, 20, 200, 2000)
QUICK_SIZES = (2, 20)
#: Corpus sizes the whole HTML book is built at, and the quick variant's (the test suite's).
BOOK_SIZES = (2, 20, 200)
QUICK_BOOK_SIZES = (20,)
PAGE_LIMIT = 500_000
#: What a reader's first visit to a page may download (the page and every file it loads), by kind of page.
TEXT_PAGE_FIRST_VISIT = 1_000_000
CHART_PAGE_FIRST_VISIT = 2_000_000

TARGETS = {
    "warm_over_cold": 0.15,
    "warm_book_over_cold": 0.15,
    "cold_over_floor": 1.5,
    "parallel_over_serial": 0.7,  # issue #23: a cold build on every core
    "data_change_over_cold": 1.0,  # a one-value data change costs at most the cold build
    "growth_10x": 12.0,
}
#: Times each cold HTML build (chapters one after another, and on every core) is timed; the fastest is kept.
COLD_RUNS = 2


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


# --- synthetic corpora -------------------------------------------------------

_WORDS = [
    "border",
    "trade",
    "pressure",
    "security",
    "militancy",
    "talks",
    "mediation",
    "refugees",
    "corridor",
    "market",
    "province",
    "capital",
    "government",
    "officials",
    "agreement",
    "ceasefire",
    "crossing",
    "attacks",
    "region",
    "influence",
    "policy",
    "alliance",
    "rivalry",
    "economy",
    "sanctions",
    "diplomacy",
    "legitimacy",
    "engagement",
    "isolation",
    "history",
    "strategy",
    "interests",
    "neighbours",
]
_ACTORS = ["Pakistan", "Islamabad", "Kabul", "the Taliban", "China", "India", "Iran", "Russia", "the TTP", "the United States"]


_GIVEN = ["Ayesha", "Bilal", "Farid", "Hamid", "Laila", "Nadia", "Omar", "Sana", "Tariq", "Zainab", "Arif", "Mina"]
#: Few surnames on purpose: a corpus of any size has authors who share one, and labels must still tell them apart.
_SURNAMES = ["Khan", "Ahmadi", "Rahimi", "Shah", "Yusufzai", "Karimi", "Qureshi", "Haidari", "Malik", "Siddiqui"]
_TOPICS = [
    "bilateral_relations",
    "cross_border_militancy",
    "china_role",
    "india_factor",
    "economic_connectivity",
    "regional_engagement",
    "historical_role",
    "policy_recommendation",
]
_TARGETS = ["pakistan", "taliban", "china", "india", "ttp"]
_THESIS_PROPOSITION = "regime_change_afghanistan"
_MODALITIES = ["asserted", "asserted", "asserted", "asserted", "reported", "alleged", "speculated", "hedged", "recommended"]
_ROLES = ["reason", "reason", "evidence", "evidence", "concession", "rebuttal", "context"]
_STANCES = ["accuse", "engage", "mediate", "isolate", "support"]
_PHASES = ["soviet_war", "taliban_emirate_1990s", "war_on_terror", "taliban_return", "china_mediated_thaw", "open_confrontation"]
#: Events several texts mention (same label and dates), so that charts have something to merge.
_SHARED_EVENTS = [
    ("Soviet withdrawal", "1989-02-15", "soviet_war"),
    ("Fall of Kabul to the Taliban", "1996-09-27", "taliban_emirate_1990s"),
    ("Attacks of 11 September", "2001-09-11", "war_on_terror"),
    ("Taliban return to Kabul", "2021-08-15", "taliban_return"),
    ("Beijing trilateral talks", "2025-05-21", "china_mediated_thaw"),
    ("Border clashes", "2025-10-11", "open_confrontation"),
]


def _sentence(rng: random.Random, source: int, index: int) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(14, 24)))
    return f"{rng.choice(_ACTORS)} and {rng.choice(_ACTORS)} weigh {words} in passage {source}x{index}."


def _claims(rng: random.Random, source_id: str, sentences: list[str], reporter: bool) -> list[dict[str, Any]]:
    """Claims with every field the rules ask for: a thesis first, then claims that bear on earlier ones."""
    claims = []
    for i, sentence in enumerate(sentences):
        modality = "asserted" if i == 0 else rng.choice(_MODALITIES)
        role = "thesis" if i == 0 else rng.choice(_ROLES)
        stance = rng.choice(["favor", "against", "neutral"])
        target = rng.choice(_TARGETS)
        if i == 0:  # the thesis takes a stance on a proposition, as the build requires
            target, stance = _THESIS_PROPOSITION, "against" if stance == "against" else "favor"
        voice = "reporter" if reporter and i == len(sentences) - 1 else rng.choice(["author", "author", "author", "pakistan"])
        claims.append(
            {
                "id": f"{source_id}-c{i:03d}",
                "quote": sentence,
                "topic": _TOPICS[(i + rng.randrange(len(_TOPICS))) % len(_TOPICS)] if i else "policy_recommendation",
                "voice": voice,
                "modality": modality,
                "claim_type": "recommendation"
                if modality == "recommended"
                else rng.choice(["assertion", "evaluation", "explanation"]),
                "target": target,
                "stance": stance,
                "role": role,
                "bears_on": None if role in ("thesis", "context") else f"{source_id}-c{rng.randrange(i):03d}",
                "paraphrase": f"Synthetic claim {i} of {source_id}, {stance} its target.",
            }
        )
    return claims


def synthetic_source(rng: random.Random, number: int, n_sentences: int = 40) -> tuple[str, dict]:
    """A text of realistic length (about 5,000 characters) and an annotation covering every sentence.

    The annotation keeps the dataset's rules: claims with voice, modality, role and the claim
    they bear on, a thesis, positions, phase evidence, events (some shared with other texts)
    and a note. Every fifth source is a summary reporting another author's arguments.
    """
    sentences = [_sentence(rng, number, i) for i in range(n_sentences)]
    paragraphs = ["\n".join(["top of page", f"Synthetic source {number}", ""])]
    paragraphs += [" ".join(sentences[i : i + 4]) for i in range(0, n_sentences, 4)]
    text = "\n\n".join(paragraphs) + "\n\nbottom of page\n"
    source_id = f"synthetic{number:05d}"
    author = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}"
    reporter = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}" if number % 5 == 4 else None
    precision = "month" if number % 7 == 3 else "day"
    shared = rng.sample(_SHARED_EVENTS, 3)
    events = [(label, date, phase, "text") for label, date, phase in shared]
    events += [(f"Local incident {number}-{i}", f"20{10 + number % 15}-0{1 + i}-10", None, "inferred") for i in range(2)]
    annotation: dict[str, Any] = {
        "source": {
            "id": source_id,
            "raw_file": f"{source_id}.txt",
            "original_file_name": f"{source_id}.txt",
            "sha256": "",
            "author": author,
            "reporter": reporter,
            "title": f"Synthetic article {number}",
            "venue": "Benchmark Review",
            "genre": "summary of an article" if reporter else "opinion-analysis article",
            "published": f"{2015 + number % 11}-{1 + number % 12:02d}-{1 if precision == 'month' else 15:02d}",
            "published_precision": precision,
            "published_note": "Only the month is given." if precision == "month" else None,
            "summarised_work": f"{author}, 'Synthetic study {number}', Benchmark Quarterly" if reporter else None,
        },
        "layout": {"body": [{"first": sentences[0], "last": sentences[-1]}], "headings": []},
        "claims": _claims(rng, source_id, sentences[:30], reporter is not None),
        "positions": [
            {
                "id": f"{source_id}-p{i:03d}",
                "quote": s,
                "holder": (holder := rng.choice(_TARGETS)),
                "target": rng.choice([actor for actor in _TARGETS if actor != holder]),
                "stance": rng.choice(_STANCES),
                "polarity": rng.choice(["favor", "against", "neutral"]),
                "voice": "author",
                "modality": rng.choice(["asserted", "asserted", "reported", "alleged"]),
                "note": None,
            }
            for i, s in enumerate(sentences[30:])
        ],
        "phase_evidence": [
            {"phase": phase, "quote": sentences[i], "role": f"Synthetic role in {phase}."}
            for i, phase in enumerate(rng.sample(_PHASES, rng.randint(1, 3)))
        ],
        "events": [
            {
                "id": f"{source_id}-e{i:03d}",
                "label": label,
                "quote": sentences[i],
                "date_start": date,
                "date_end": date,
                "date_precision": "day",
                "approximate": basis == "inferred",
                "date_basis": basis,
                "date_note": None,
                "phase": phase,
                "actors": ["pakistan", "taliban"],
            }
            for i, (label, date, phase, basis) in enumerate(events)
        ],
        "notes": [{"id": f"{source_id}-n001", "quote": "top of page", "kind": "page_chrome", "explanation": "Chrome."}],
    }
    return text, annotation


def _stances_on(claims: list[dict[str, Any]], topic: str) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for claim in claims:
        if claim["topic"] == topic and claim["stance"] != "neutral":
            found.setdefault((claim["target"], claim["stance"]), []).append(claim["id"])
    return found


def synthetic_point(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any] | None:
    """A point of comparison between two synthetic sources on a topic both address, with evidence that bears the relation out.

    Disagree when, on the topic, the first takes a stance on a target that the second
    opposes; agree when the second takes the same one (citing only those claims, as
    CODING.md asks); else differ in emphasis. None when they share no topic.
    """
    ids = [first["source"]["id"], second["source"]["id"]]
    claims = [first["claims"], second["claims"]]
    topics = sorted({c["topic"] for c in claims[0]} & {c["topic"] for c in claims[1]})
    if not topics:
        return None
    for topic in topics:
        side_a, side_b = _stances_on(claims[0], topic), _stances_on(claims[1], topic)
        for (target, stance), cited in sorted(side_a.items()):
            opposite = "against" if stance == "favor" else "favor"
            for relation, other in (("disagree", opposite), ("agree", stance)):
                if (target, other) in side_b:
                    return {
                        "id": f"{ids[0]}-{ids[1]}-{topic}",
                        "topic": topic,
                        "matter": f"Synthetic: {target}",
                        "sources": ids,
                        "relation": relation,
                        "evidence": {ids[0]: cited[:2], ids[1]: side_b[(target, other)][:2]},
                        "reason": f"Synthetic: the first is {stance} {target}, the second {other}.",
                        "says": {ids[0]: f"Synthetic: {stance} {target}.", ids[1]: f"Synthetic: {other} {target}."},
                    }
    topic = topics[0]
    return {
        "id": f"{ids[0]}-{ids[1]}-{topic}",
        "topic": topic,
        "matter": f"Synthetic: {topic}",
        "sources": ids,
        "relation": "differ_in_emphasis",
        "evidence": {
            source_id: [c["id"] for c in side if c["topic"] == topic][:2] for source_id, side in zip(ids, claims, strict=True)
        },
        "reason": "Synthetic: both address the topic, compatibly.",
        "says": {ids[0]: "Synthetic: stresses one thing.", ids[1]: "Synthetic: stresses another."},
    }


def write_corpus(data_dir: Path, n_sources: int, seed: int = 0) -> None:
    """A data folder with the real codebook, `n_sources` synthetic sources and a point of comparison for every other neighbour pair.

    No reliability codings: those compare two codings of the real sources only.
    """
    import hashlib

    rng = random.Random(seed)
    (data_dir / "raw").mkdir(parents=True)
    (data_dir / "annotations" / "sources").mkdir(parents=True)
    shutil.copy(paths.CODEBOOK, data_dir / "annotations" / "codebook.yaml")
    annotations = []
    for number in range(n_sources):
        text, annotation = synthetic_source(rng, number)
        raw = data_dir / "raw" / annotation["source"]["raw_file"]
        raw.write_text(text, encoding="utf-8")
        annotation["source"]["sha256"] = hashlib.sha256(raw.read_bytes()).hexdigest()
        path = data_dir / "annotations" / "sources" / f"{annotation['source']['id']}.yaml"
        path.write_text(yaml.safe_dump(annotation, allow_unicode=True, sort_keys=False), encoding="utf-8")
        annotations.append(annotation)
    points = [
        point
        for first, second in zip(annotations[::2], annotations[1::2], strict=False)
        if (point := synthetic_point(first, second)) is not None
    ]
    (data_dir / "annotations" / "comparisons.yaml").write_text(
        yaml.safe_dump({"points": points}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def dataset_scaling(sizes: tuple[int, ...]) -> dict[str, float]:
    """Seconds to build and validate the dataset, per corpus size (in a subprocess each, for clean memory)."""
    results = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            data_dir = Path(scratch) / "data"
            write_corpus(data_dir, size)
            seconds, result = _timed(
                lambda d=data_dir: run(
                    [sys.executable, "-m", "analysis", "build", "--data-dir", str(d)],
                    capture_output=True,
                    text=True,
                    timeout=BOOK_BUILD,
                )
            )
            if result.returncode != 0:
                raise RuntimeError(f"synthetic build of {size} sources failed:\n{result.stderr[-3000:]}")
            results[str(size)] = round(seconds, 3)
    return results


# --- book builds ------------------------------------------------------------------


def _executed(output: str) -> int:
    """Chapters executed by a build: ahead of Sphinx, in parallel (`refresh-cache`), or by myst-nb itself."""
    return output.count("executed ahead of the build") + output.count("Executed notebook")


def notebook_times(root: Path) -> dict[str, float]:
    """Seconds to execute each notebook alone in a fresh kernel."""
    times = {}
    env_root = os.environ.get("BOOK_ROOT")
    os.environ["BOOK_ROOT"] = str(root)
    try:
        for notebook in notebooks.chapters(root / "book"):
            content = notebooks.read(notebook)
            client = NotebookClient(
                content, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(root / "book")}}
            )
            seconds, _ = _timed(client.execute)
            times[notebook.stem] = round(seconds, 3)
    finally:
        if env_root is None:
            os.environ.pop("BOOK_ROOT", None)
        else:
            os.environ["BOOK_ROOT"] = env_root
    return times


def sphinx_unexecuted(root: Path) -> float:
    """Seconds for Sphinx to build the same pages with notebook execution switched off."""
    config = (root / "_config.yml").read_text(encoding="utf-8").replace("execute_notebooks: cache", 'execute_notebooks: "off"')
    (root / "_config_unexecuted.yml").write_text(config, encoding="utf-8")
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root),
        "--toc",
        str(root / "book" / "_toc.yml"),
        "--config",
        str(root / "_config_unexecuted.yml"),
        "--path-output",
        str(root / "_build_unexecuted"),
        "--builder",
        "html",
    ]
    seconds, result = _timed(
        lambda: run(command, env={**os.environ, "BOOK_ROOT": str(root)}, capture_output=True, text=True, timeout=BOOK_BUILD)
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"the unexecuted Sphinx build failed (exit code {result.returncode}), so its time means nothing:\n"
            + result.stdout[-3000:]
            + result.stderr[-3000:]
        )
    return round(seconds, 3)


def html_sizes(html_dir: Path) -> dict[str, Any]:
    """Total size, the largest page's own size, and how many files ship Vega."""
    files = [path for path in html_dir.rglob("*") if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    vega_copies = [path for path in files if path.suffix == ".js" and "window.vegaEmbed=" in path.read_text(errors="ignore")]
    inlined = [path for path in pages if "window.vegaEmbed=" in path.read_text(errors="ignore")]
    return {
        "total_bytes": sum(path.stat().st_size for path in files),
        "largest_page": largest.relative_to(html_dir).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "vega_copies": len(vega_copies) + len(inlined),
    }


#: What the first visit to the search page searches for: a word of every text, so that it lists several results,
#: each with its snippet (the page's text, `analysis/book/sphinx_search.py`), as a reader's search would.
SEARCH_QUERY = "Taliban"

#: The search page's status line once it has listed every result.
_SEARCH_FINISHED = "(document.querySelector('#search-results .search-summary') || {}).textContent?.startsWith('Search finished')"


def first_visit_bytes(html_dir: Path) -> dict[str, dict[str, Any]]:
    """For every page of the book, and the search page with a search: the bytes a first visit downloads, the files,
    whether it draws a chart, and its limit.

    Each page is loaded in a fresh browser context (an empty cache) from a local HTTP server, as
    from a web host; the bytes are the sizes of the files it requested, itself included. The search
    page is measured once it has listed its results (`SEARCH_QUERY`): the search index and each
    result's text are part of that visit.
    """
    from tools.browser import check_pages, served

    search = html_dir / "search.html"

    def finished(page: Any, report: Any) -> None:
        if report.path == search:
            page.wait_for_function(_SEARCH_FINISHED, timeout=30_000)

    results: dict[str, dict[str, Any]] = {}
    with served(html_dir) as url:

        def address(page: Path) -> str:
            return url(page) + (f"?q={SEARCH_QUERY}" if page == search else "")

        pages = [*sorted((html_dir / "book").rglob("*.html")), search]
        for report in check_pages(pages, url=address, wait_ms=200, fresh=True, interact=finished):
            page = report.path
            files = {
                html_dir / unquote(urlsplit(request).path).lstrip("/")
                for request in report.requests
                if request.startswith("http")
            }
            chart = report.n_chart_divs > 0
            name = page.relative_to(html_dir).as_posix() + (f"?q={SEARCH_QUERY}" if page == search else "")
            results[name] = {
                "bytes": sum(path.stat().st_size for path in files if path.is_file()),
                "files": sorted(path.relative_to(html_dir).as_posix() for path in files if path.is_file()),
                "chart": chart,
                "limit": CHART_PAGE_FIRST_VISIT if chart else TEXT_PAGE_FIRST_VISIT,
            }
    return results


def book_builds(root: Path, pdf: bool = True, whole_book: bool = False) -> dict[str, Any]:
    """Cold, warm, after-data-change and PDF build times in a project copy, and `make book` with nothing changed.

    With `whole_book`, a cold `make book` (HTML and PDF, no build folder nor execution
    cache) is timed first, then `make book` again, and the build folder is removed
    before the rest. Without it (the quick mode), `make book` with nothing changed is
    timed after the PDF build, and the cold `make book` is taken as what it runs: the
    cold HTML build, which executes the notebooks, and the PDF build, from their cache.
    """
    results: dict[str, Any] = {}
    # The book's static files (Vega, the map) are not build outputs: written before any build is timed, so that
    # neither the serial build nor the parallel one below counts them.
    make_in(root, "assets")
    # The cold HTML build with the chapters executed one after another (JOBS=1) and with them executed on every
    # core, in this one run, on this machine: each timed COLD_RUNS times, in turn, and the fastest kept (another
    # program on the machine only ever adds time); every run's build but the last is removed.
    runs: dict[str, list[float]] = {"serial": [], "parallel": []}
    for turn in range(COLD_RUNS):
        for kind, variables in (("serial", ("JOBS=1",)), ("parallel", ())):
            seconds, output = _timed(lambda variables=variables: make_in(root, "html", variables=variables))
            runs[kind].append(round(seconds, 3))
            results[f"cold{'_serial' if kind == 'serial' else ''}_executed"] = _executed(output.stdout)
            if kind == "serial" or turn < COLD_RUNS - 1:
                shutil.rmtree(root / "_build")
    results.update(cold_html_serial_s=min(runs["serial"]), cold_html_s=min(runs["parallel"]), cold_runs_s=runs)
    if whole_book:
        shutil.rmtree(root / "_build")
        cold, _ = _timed(lambda: make_in(root, "book"))
        warm, output = _timed(lambda: make_in(root, "book"))
        results.update(cold_book_s=round(cold, 3), warm_book_s=round(warm, 3), cold_book_measured="directly")
        results["warm_book_executed"] = _executed(output.stdout)
        shutil.rmtree(root / "_build")
        make_in(root, "html")  # the rest starts from a cold HTML build (timed above), as the PDF's time assumes
    warm, output = _timed(lambda: make_in(root, "html"))
    results["warm_html_s"] = round(warm, 3)
    results["warm_executed"] = _executed(output.stdout)
    annotation = (
        root
        / "data"
        / "annotations"
        / "sources"
        / sorted(p.name for p in (root / "data" / "annotations" / "sources").glob("*.yaml"))[0]
    )
    content = annotation.read_text(encoding="utf-8")
    annotation.write_text(content.replace("paraphrase: ", "paraphrase: Edited. ", 1), encoding="utf-8")
    changed, output = _timed(lambda: make_in(root, "html"))
    results["data_change_html_s"] = round(changed, 3)
    results["data_change_executed"] = _executed(output.stdout)
    if pdf:
        seconds, _ = _timed(lambda: make_in(root, "pdf"))
        results["pdf_s"] = round(seconds, 3)
        if not whole_book:
            warm, output = _timed(lambda: make_in(root, "book"))
            results["warm_book_s"] = round(warm, 3)
            results["warm_book_executed"] = _executed(output.stdout)
            results["cold_book_s"] = round(results["cold_html_s"] + results["pdf_s"], 3)
            results["cold_book_measured"] = "as the cold HTML build plus the PDF build"
    results.update(html_sizes(root / "_build" / "html"))
    return results


def synthetic_project(target: Path, n_sources: int) -> Path:
    """A scratch copy of the project whose data is a synthetic corpus of `n_sources` sources.

    The copy keeps the real codebook and book, drops the real sources and their
    reliability codings (they compare two codings of the real texts only), and
    declares findings and commentary on none of its sources, as a new corpus
    whose interpretation is not yet written would: every chapter then says so.
    """
    root = project_copy(target)
    documents = {path.relative_to(root): path.read_bytes() for path in (root / "data").rglob("*.md")}  # CODING.md, READMEs
    shutil.rmtree(root / "data")
    write_corpus(root / "data", n_sources)
    for name, content in documents.items():
        if (root / name).parent.is_dir():
            (root / name).write_bytes(content)
    findings = root / "book" / "findings.yaml"
    declared = yaml.safe_load(findings.read_text(encoding="utf-8")).get("prose") or {}
    findings.write_text(yaml.safe_dump({"prose": {chapter: [] for chapter in declared}, "findings": []}), encoding="utf-8")
    return root


def book_scaling(sizes: tuple[int, ...]) -> dict[str, dict[str, Any]]:
    """Per corpus size: seconds for a cold HTML build of the whole book on a synthetic corpus, and its largest page.

    Raises RuntimeError (from `make_in`) when a build fails, and CommandTimedOut when one hangs.
    """
    results = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-book-{size}-") as scratch:
            root = synthetic_project(Path(scratch), size)
            seconds, _ = _timed(lambda r=root: make_in(r, "html"))
            sizes_found = html_sizes(root / "_build" / "html")
            results[str(size)] = {
                "html_s": round(seconds, 3),
                "largest_page": sizes_found["largest_page"],
                "largest_page_bytes": sizes_found["largest_page_bytes"],
                "pages": len(list((root / "_build" / "html").rglob("*.html"))),
            }
    return results


# --- report -----------------------------------------------------------------------


def evaluate(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target: the measured ratio or value, the limit, and whether it is met."""
    builds, scaling = results["builds"], results["dataset_build_s"]
    floor = results["notebook_floor_s"] + results["sphinx_unexecuted_s"]
    checks = {
        "warm rebuild / cold build": (builds["warm_html_s"] / builds["cold_html_s"], TARGETS["warm_over_cold"]),
        "cold build / (notebook floor + unexecuted Sphinx)": (builds["cold_html_s"] / floor, TARGETS["cold_over_floor"]),
        "cold build, chapters in parallel / one after another": (
            builds["cold_html_s"] / builds["cold_html_serial_s"],
            TARGETS["parallel_over_serial"],
        ),
        "rebuild after one data value changed / cold build": (
            builds["data_change_html_s"] / builds["cold_html_s"],
            TARGETS["data_change_over_cold"],
        ),
        "largest page's own size (bytes)": (builds["largest_page_bytes"], PAGE_LIMIT),
        "copies of Vega shipped": (builds["vega_copies"], 1),
    }
    if "warm_book_s" in builds:
        checks["warm make book / cold make book"] = (
            builds["warm_book_s"] / builds["cold_book_s"],
            TARGETS["warm_book_over_cold"],
        )
    for page, visit in results.get("first_visit", {}).items():
        checks[f"first visit to {page} ({'chart' if visit['chart'] else 'text'} page, bytes)"] = (visit["bytes"], visit["limit"])
    for size, book in results.get("book_build", {}).items():
        checks[f"largest page at {size} sources (bytes)"] = (book["largest_page_bytes"], PAGE_LIMIT)
    sizes = sorted(scaling, key=int)
    if len(sizes) >= 2:
        big, small = sizes[-1], sizes[-2]
        checks[f"dataset build at {big} / at {small} sources"] = (scaling[big] / scaling[small], TARGETS["growth_10x"])
    return {name: {"value": round(value, 4), "limit": limit, "met": value <= limit} for name, (value, limit) in checks.items()}


def measure(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    """Measure everything; write the JSON report and return it.

    Raises RuntimeError when any build it times fails or hangs.
    """
    sizes = QUICK_SIZES if quick else SIZES
    results: dict[str, Any] = {"quick": quick, "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        root = project_copy(Path(scratch))
        results["builds"] = book_builds(root, pdf=True, whole_book=not quick)
        results["notebook_s"] = notebook_times(root)
        results["notebook_floor_s"] = round(sum(results["notebook_s"].values()), 3)
        results["sphinx_unexecuted_s"] = sphinx_unexecuted(root)
        results["first_visit"] = first_visit_bytes(root / "_build" / "html")
    results["dataset_build_s"] = dataset_scaling(sizes)
    results["book_build"] = book_scaling(QUICK_BOOK_SIZES if quick else BOOK_SIZES)
    results["targets"] = evaluate(results)
    out = out or paths.ROOT / "_build" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def _listed(seconds: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in seconds)


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    rows = [("measure", "value")]
    builds = results["builds"]
    rows += [
        (
            "cold HTML build, chapters one after another (s)",
            f"{builds['cold_html_serial_s']:.1f}  ({builds['cold_serial_executed']} notebooks executed; "
            f"fastest of {_listed(builds['cold_runs_s']['serial'])})",
        ),
        (
            f"cold HTML build, chapters on every one of {results['machine']['cpus']} cores (s)",
            f"{builds['cold_html_s']:.1f}  ({builds['cold_executed']} notebooks executed; "
            f"fastest of {_listed(builds['cold_runs_s']['parallel'])})",
        ),
        ("warm rebuild, nothing changed (s)", f"{builds['warm_html_s']:.1f}  ({builds['warm_executed']} executed)"),
        (
            "rebuild after one data value changed (s)",
            f"{builds['data_change_html_s']:.1f}  ({builds['data_change_executed']} executed)",
        ),
        ("PDF build (s)", f"{builds.get('pdf_s', float('nan')):.1f}"),
    ]
    if "warm_book_s" in builds:
        rows += [
            (f"cold make book (s), measured {builds['cold_book_measured']}", f"{builds['cold_book_s']:.1f}"),
            ("make book again, nothing changed (s)", f"{builds['warm_book_s']:.2f}  ({builds['warm_book_executed']} executed)"),
        ]
    rows += [(f"  notebook {name} alone (s)", f"{seconds:.1f}") for name, seconds in results["notebook_s"].items()]
    rows += [
        ("notebook execution floor (s)", f"{results['notebook_floor_s']:.1f}"),
        ("Sphinx, same pages unexecuted (s)", f"{results['sphinx_unexecuted_s']:.1f}"),
        ("HTML total (bytes)", f"{builds['total_bytes']:,}"),
        ("largest page, own size (bytes)", f"{builds['largest_page_bytes']:,}  ({builds['largest_page']})"),
        ("copies of Vega shipped", str(builds["vega_copies"])),
    ]
    rows += [(f"dataset build, {size} sources (s)", f"{seconds:.2f}") for size, seconds in results["dataset_build_s"].items()]
    rows += [
        (
            f"book build, {size} sources (s)",
            f"{book['html_s']:.1f}  (largest page {book['largest_page_bytes']:,} bytes: {book['largest_page']})",
        )
        for size, book in results.get("book_build", {}).items()
    ]
    rows += [
        (f"target: {name}", f"{t['value']} <= {t['limit']}: {'met' if t['met'] else 'NOT MET'}")
        for name, t in results["targets"].items()
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small corpora only ({', '.join(map(str, QUICK_SIZES))} sources; the book at {', '.join(map(str, QUICK_BOOK_SIZES))})",
    )
    parser.add_argument("--out", type=Path, default=None, help="where to write the JSON (default: _build/bench.json)")
    arguments = parser.parse_args(argv)
    try:
        results = measure(arguments.quick, arguments.out)
    except RuntimeError as error:  # a build failed or hung: its time would mean nothing
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 2
    print(table(results))
    return 0 if all(t["met"] for t in results["targets"].values()) or arguments.quick else 1


if __name__ == "__main__":
    sys.exit(main())
