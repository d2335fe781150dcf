"""The annotator's tools: scaffolding a new source and reporting its progress."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml
from conftest import FIXTURES, add_fixture_source, edit_yaml

from analysis.dataset.scaffold import NewSource, progress, scaffold
from analysis.dataset.text import read_raw
from analysis.processes import QUICK, run
from analysis.report import findings

TEXT = FIXTURES / "khan2026.txt"
META = NewSource(
    source_id="khan2026",
    author="Ayesha Khan",
    title="Border Trade and the Limits of Pressure",
    venue="Test fixture",
    genre="opinion-analysis article",
    published="2026-02-01",
)


def test_fixture_text_has_the_hard_characters() -> None:
    text = read_raw(TEXT)
    assert "\u00a0" in text and "\u201c" in text and "\u2019" in text and "زخم" in text


def test_scaffold_copies_the_text_unchanged_and_prefills_a_checklist(data_copy: Path) -> None:
    path = scaffold(TEXT, META, data_copy)
    raw = data_copy / "raw" / "khan2026.txt"
    assert raw.read_bytes() == TEXT.read_bytes()
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert content["source"]["sha256"] == hashlib.sha256(TEXT.read_bytes()).hexdigest()
    assert content["source"]["original_file_name"] == "khan2026.txt"
    assert all(content[name] == [] for name in ("claims", "positions", "phase_evidence", "events", "notes"))
    annotation = path.read_text(encoding="utf-8")
    assert "[ ] Regime change is not a realistic aim for Pakistan" in annotation
    assert "زخم" in annotation


def test_scaffold_refuses_to_overwrite(data_copy: Path) -> None:
    scaffold(TEXT, META, data_copy)
    try:
        scaffold(TEXT, META, data_copy)
    except FileExistsError as error:
        assert "khan2026" in str(error)
    else:
        raise AssertionError("a second scaffold overwrote the first")


def test_progress_of_a_fresh_scaffold_lists_every_sentence_in_order(data_copy: Path) -> None:
    scaffold(TEXT, META, data_copy)
    report = progress("khan2026", data_copy)
    assert report.covered == 0
    lines = report.lines()
    assert lines[0].startswith("khan2026: 0 of ")
    offsets = [int(line.split("@")[1].split()[0]) for line in lines if line.startswith("  @")]
    assert offsets == sorted(offsets) and len(offsets) == len(report.body_sentences)


def test_progress_of_a_finished_source(data_copy: Path) -> None:
    report = progress("bataut2025", data_copy)
    assert report.problems == [] and report.uncoded_contrasts == []
    assert report.covered == len(report.body_sentences) > 0
    assert report.lines()[-1] == "Nothing left to do."


def test_progress_lists_the_contrasts_a_new_source_leaves_uncoded(data_copy: Path) -> None:
    add_fixture_source(data_copy)
    report = progress("khan2026", data_copy)
    assert report.problems == [] and report.covered == len(report.body_sentences) > 0
    claims = yaml.safe_load((FIXTURES / "khan2026.yaml").read_text(encoding="utf-8"))["claims"]
    pietrzak = yaml.safe_load((data_copy / "annotations" / "sources" / "pietrzak2026.yaml").read_text(encoding="utf-8"))
    shared = sorted({c["topic"] for c in claims} & {c["topic"] for c in pietrzak["claims"]})
    assert shared and ("regime_change", "pietrzak2026") in report.uncoded_contrasts
    assert {(topic, "pietrzak2026") for topic in shared} <= set(report.uncoded_contrasts)
    lines = report.lines()
    assert "Nothing left to do." not in lines
    assert "  regime_change: khan2026 and pietrzak2026" in lines

    def first_claim(source_id: str, topic: str) -> str:
        path = data_copy / "annotations" / "sources" / f"{source_id}.yaml"
        return next(c["id"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"] if c["topic"] == topic)

    def code_them(content: dict) -> None:
        content["points"] += [
            {
                "id": f"khan2026-{other}-{topic}",
                "topic": topic,
                "matter": f"The matter of {topic}",
                "sources": ["khan2026", other],
                "relation": "differ_in_emphasis",
                "evidence": {"khan2026": [first_claim("khan2026", topic)], other: [first_claim(other, topic)]},
                "reason": "Both address the topic about different targets.",
                "says": {"khan2026": "x", other: "y"},
            }
            for topic, other in report.uncoded_contrasts
        ]

    edit_yaml(data_copy / "annotations" / "comparisons.yaml", code_them)
    done = progress("khan2026", data_copy, findings.uninterpreted)
    assert done.uncoded_contrasts == [] and done.problems == []
    # What is left is interpretation: every chapter of commentary still discusses only the original sources.
    assert done.uninterpreted and "overview" in done.uninterpreted
    assert (
        done.lines()[-1 - len(done.uninterpreted)]
        == "Chapters whose interpretation does not yet discuss this source (book/findings.yaml):"
    )


def test_progress_names_bad_quotes_and_undefined_ids(data_copy: Path) -> None:
    add_fixture_source(data_copy)
    path = data_copy / "annotations" / "sources" / "khan2026.yaml"

    def break_it(content: dict) -> None:
        content["claims"][0]["quote"] = "Pakistan's decision to shut the Torkham crossing"
        content["positions"][0]["holder"] = "atlantis"

    edit_yaml(path, break_it)
    report = progress("khan2026", data_copy)
    text = "\n".join(report.lines())
    assert "quote not found" in text and "nearest passage: \"Pakistan's decision to close the Torkham" in text
    assert "unknown actor id 'atlantis'" in text


def test_command_line_round_trip(data_copy: Path) -> None:
    cli = [sys.executable, "-m", "analysis"]
    created = run(
        [
            *cli,
            "new-source",
            str(TEXT),
            "--id",
            "khan2026",
            "--author",
            "Ayesha Khan",
            "--title",
            "T",
            "--venue",
            "V",
            "--published",
            "2026-02-01",
            "--data-dir",
            str(data_copy),
        ],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert created.returncode == 0, created.stderr
    report = run([*cli, "progress", "khan2026", "--data-dir", str(data_copy)], capture_output=True, text=True, timeout=QUICK)
    assert report.returncode == 0 and "khan2026: 0 of" in report.stdout


def test_progress_names_what_else_stops_the_build_and_never_says_nothing_is_left(data_copy: Path) -> None:
    """A problem in another file (comparisons.yaml citing a claim that is gone) stops `make data`: progress says so."""
    contrasts = (data_copy / "annotations" / "comparisons.yaml").read_text(encoding="utf-8")
    pietrzak = data_copy / "annotations" / "sources" / "pietrzak2026.yaml"
    cited = next(c["id"] for c in yaml.safe_load(pietrzak.read_text(encoding="utf-8"))["claims"] if c["id"] in contrasts)
    pietrzak.write_text(
        pietrzak.read_text(encoding="utf-8").replace(f"id: {cited}\n", f"id: {cited}-renamed\n"), encoding="utf-8"
    )
    report = progress("bataut2025", data_copy)
    assert report.problems == [] and report.covered == len(report.body_sentences)
    assert any(problem.file.name == "comparisons.yaml" and cited in str(problem) for problem in report.elsewhere), (
        report.elsewhere
    )
    lines = report.lines()
    assert "Nothing left to do." not in lines and "Problems elsewhere that stop `make data`:" in lines
    result = run(
        [sys.executable, "-m", "analysis", "progress", "bataut2025", "--data-dir", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 1 and "comparisons.yaml" in result.stdout


def test_new_source_lists_the_text_in_the_raw_folder_s_readme(data_copy: Path) -> None:
    scaffold(TEXT, META, data_copy)
    readme = (data_copy / "raw" / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    assert rows[-1].startswith(f'| `khan2026.txt` | `{TEXT.name}` | {META.author}, "{META.title}"')
    assert len(rows) == len(list((data_copy / "raw").glob("*.txt")))


def test_progress_refreshes_the_checklist_once_the_body_is_narrowed(data_copy: Path) -> None:
    path = scaffold(TEXT, META, data_copy)
    start = path.read_text(encoding="utf-8")
    assert "#   [ ] Pakistan’s decision to close the Torkham crossing" in start
    assert "#   [ ] Test fixture" not in start and "#   Test fixture: not a real article" in start  # chrome apart
    edit_yaml(path, lambda content: content["layout"]["body"][0].update(first="China remains the only outsider"))
    path.write_text(start.split("source:", 1)[0] + path.read_text(encoding="utf-8"), encoding="utf-8")  # keep the comments
    result = run(
        [sys.executable, "-m", "analysis", "progress", "khan2026", "--data-dir", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 0 and "refreshed the list of sentences to code" in result.stdout, result.stdout + result.stderr
    listed = path.read_text(encoding="utf-8").split("# Page chrome", 1)
    assert "#   [ ] China remains the only outsider with leverage over both capitals." in listed[0]
    assert "Torkham" not in listed[0] and "Torkham" in listed[1]
    yaml.safe_load(path.read_text(encoding="utf-8"))  # still valid YAML
