"""Benchmark of the book's builds and of the dataset build's growth: `python -m analysis.bench`.

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

import nbformat
import yaml
from nbclient import NotebookClient

from . import paths
from .processes import BOOK_BUILD, run
from .workspace import make_in, project_copy

SIZES = (2, 20, 200, 2000)
QUICK_SIZES = (2, 20)
PAGE_LIMIT = 500_000

TARGETS = {
    "warm_over_cold": 0.15,
    "cold_over_floor": 1.5,
    "growth_10x": 12.0,
}


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


def _sentence(rng: random.Random, source: int, index: int) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(14, 24)))
    return f"{rng.choice(_ACTORS)} and {rng.choice(_ACTORS)} weigh {words} in passage {source}x{index}."


def synthetic_source(rng: random.Random, number: int, n_sentences: int = 40) -> tuple[str, dict]:
    """A text of realistic length (about 5,000 characters) and an annotation covering every sentence."""
    sentences = [_sentence(rng, number, i) for i in range(n_sentences)]
    paragraphs = ["\n".join(["top of page", f"Synthetic source {number}", ""])]
    paragraphs += [" ".join(sentences[i : i + 4]) for i in range(0, n_sentences, 4)]
    text = "\n\n".join(paragraphs) + "\n\nbottom of page\n"
    source_id = f"synthetic{number:05d}"
    topics = ["bilateral_relations", "cross_border_militancy", "china_role", "india_factor", "economic_connectivity"]
    annotation: dict[str, Any] = {
        "source": {
            "id": source_id,
            "raw_file": f"{source_id}.txt",
            "original_file_name": f"{source_id}.txt",
            "sha256": "",
            "author": f"Author {number}",
            "reporter": None,
            "title": f"Synthetic article {number}",
            "venue": "Benchmark",
            "genre": "opinion-analysis article",
            "published": f"{2000 + number % 25}-0{1 + number % 9}-15",
            "published_precision": "day",
            "published_note": None,
            "summarised_work": None,
        },
        "layout": {"body": [{"first": sentences[0], "last": sentences[-1]}], "headings": []},
        "claims": [
            {
                "id": f"{source_id}-c{i:03d}",
                "quote": s,
                "topic": topics[i % len(topics)],
                "voice": "author",
                "modality": "asserted",
                "claim_type": "assertion",
                "target": "pakistan",
                "stance": "neutral",
                "role": "thesis" if i == 0 else "reason",
                "bears_on": None if i == 0 else f"{source_id}-c000",
                "paraphrase": f"Synthetic claim {i}.",
            }
            for i, s in enumerate(sentences[:30])
        ],
        "positions": [
            {
                "id": f"{source_id}-p{i:03d}",
                "quote": s,
                "holder": "pakistan",
                "target": "taliban",
                "stance": "accuse",
                "polarity": "against",
                "voice": "author",
                "modality": "asserted",
                "note": None,
            }
            for i, s in enumerate(sentences[30:])
        ],
        "phase_evidence": [{"phase": "taliban_return", "quote": sentences[0], "role": "Synthetic role."}],
        "events": [
            {
                "id": f"{source_id}-e{i:03d}",
                "label": "Synthetic event",
                "quote": sentences[i],
                "date_start": "2021-08-15",
                "date_end": "2021-08-15",
                "date_precision": "day",
                "approximate": False,
                "date_basis": "inferred",
                "date_note": None,
                "phase": "taliban_return",
                "actors": ["pakistan", "taliban"],
            }
            for i in range(5)
        ],
        "notes": [{"id": f"{source_id}-n001", "quote": "top of page", "kind": "page_chrome", "explanation": "Chrome."}],
    }
    return text, annotation


def write_corpus(data_dir: Path, n_sources: int, seed: int = 0) -> None:
    """A data folder with the real codebook and `n_sources` synthetic sources."""
    import hashlib

    rng = random.Random(seed)
    (data_dir / "raw").mkdir(parents=True)
    (data_dir / "annotations" / "sources").mkdir(parents=True)
    shutil.copy(paths.CODEBOOK, data_dir / "annotations" / "codebook.yaml")
    for number in range(n_sources):
        text, annotation = synthetic_source(rng, number)
        raw = data_dir / "raw" / annotation["source"]["raw_file"]
        raw.write_text(text, encoding="utf-8")
        annotation["source"]["sha256"] = hashlib.sha256(raw.read_bytes()).hexdigest()
        path = data_dir / "annotations" / "sources" / f"{annotation['source']['id']}.yaml"
        path.write_text(yaml.safe_dump(annotation, allow_unicode=True, sort_keys=False), encoding="utf-8")


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
    return output.count("Executed notebook")


def notebook_times(root: Path) -> dict[str, float]:
    """Seconds to execute each notebook alone in a fresh kernel."""
    times = {}
    env_root = os.environ.get("BOOK_ROOT")
    os.environ["BOOK_ROOT"] = str(root)
    try:
        for notebook in sorted((root / "book").glob("*.ipynb")):
            content = nbformat.read(notebook, as_version=4)
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


def book_builds(root: Path, pdf: bool = True) -> dict[str, Any]:
    """Cold, warm, after-data-change and PDF build times in a project copy."""
    results: dict[str, Any] = {}
    cold, output = _timed(lambda: make_in(root, "html"))
    results["cold_html_s"] = round(cold, 3)
    results["cold_executed"] = _executed(output.stdout)
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
    results.update(html_sizes(root / "_build" / "html"))
    return results


# --- report -----------------------------------------------------------------------


def evaluate(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target: the measured ratio or value, the limit, and whether it is met."""
    builds, scaling = results["builds"], results["dataset_build_s"]
    floor = results["notebook_floor_s"] + results["sphinx_unexecuted_s"]
    checks = {
        "warm rebuild / cold build": (builds["warm_html_s"] / builds["cold_html_s"], TARGETS["warm_over_cold"]),
        "cold build / (notebook floor + unexecuted Sphinx)": (builds["cold_html_s"] / floor, TARGETS["cold_over_floor"]),
        "largest page's own size (bytes)": (builds["largest_page_bytes"], PAGE_LIMIT),
        "copies of Vega shipped": (builds["vega_copies"], 1),
    }
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
        results["builds"] = book_builds(root, pdf=True)
        results["notebook_s"] = notebook_times(root)
        results["notebook_floor_s"] = round(sum(results["notebook_s"].values()), 3)
        results["sphinx_unexecuted_s"] = sphinx_unexecuted(root)
    results["dataset_build_s"] = dataset_scaling(sizes)
    results["targets"] = evaluate(results)
    out = out or paths.ROOT / "_build" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    rows = [("measure", "value")]
    builds = results["builds"]
    rows += [
        ("cold HTML build (s)", f"{builds['cold_html_s']:.1f}  ({builds['cold_executed']} notebooks executed)"),
        ("warm rebuild, nothing changed (s)", f"{builds['warm_html_s']:.1f}  ({builds['warm_executed']} executed)"),
        (
            "rebuild after one data value changed (s)",
            f"{builds['data_change_html_s']:.1f}  ({builds['data_change_executed']} executed)",
        ),
        ("PDF build (s)", f"{builds.get('pdf_s', float('nan')):.1f}"),
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
        (f"target: {name}", f"{t['value']} <= {t['limit']}: {'met' if t['met'] else 'NOT MET'}")
        for name, t in results["targets"].items()
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"small corpora only ({', '.join(map(str, QUICK_SIZES))} sources)")
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
