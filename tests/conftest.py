"""Shared fixtures: a throw-away copy of the project's data to break and rebuild."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from filelock import FileLock

from analysis import paths
from analysis.processes import BOOK_BUILD, QUICK, run
from analysis.report import summary
from tools.workspace import make_in, project_copy

__all__ = [
    "CITATION_EDITS",
    "FIXTURES",
    "PROSE_EDIT",
    "STYLE_EDIT",
    "GrownBook",
    "add_fixture_codebook",
    "add_fixture_source",
    "assert_overview_counts",
    "copy_data",
    "edit_yaml",
    "make",
    "make_in",
    "page_text",
    "project_copy",
]

FIXTURES = Path(__file__).parent / "fixtures"


def copy_data(target: Path) -> Path:
    """Copy the raw texts and annotations (not the built tables) under `target`."""
    data_dir = target / "data"
    shutil.copytree(paths.RAW, data_dir / "raw")
    shutil.copytree(paths.ANNOTATIONS, data_dir / "annotations")
    return data_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project's data folder, safe to edit."""
    return copy_data(tmp_path)


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a YAML file, let `change` mutate it, and write it back."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_fixture_source(data_dir: Path, name: str = "khan2026") -> None:
    """Add the small third article written for the tests, with its annotations and what it adds to the codebook."""
    shutil.copy(FIXTURES / f"{name}.txt", data_dir / "raw" / f"{name}.txt")
    shutil.copy(FIXTURES / f"{name}.yaml", data_dir / "annotations" / "sources" / f"{name}.yaml")
    add_fixture_codebook(data_dir, name)


def add_fixture_codebook(data_dir: Path, name: str = "khan2026") -> None:
    """Append to the codebook what the fixture source needs (its topic of its own), as a contributor would."""
    additions = yaml.safe_load((FIXTURES / f"{name}-codebook.yaml").read_text(encoding="utf-8"))
    edit_yaml(
        data_dir / "annotations" / "codebook.yaml",
        lambda codebook: [codebook[section].extend(records) for section, records in additions.items()],
    )


#: Held while a make target runs in the working tree: the test processes (`make test` runs one per core, each test
#: file on one) build the book once between them, the others wait and find it built.
MAKE_LOCK = paths.ROOT / "_build" / ".make.lock"


def make(target: str) -> None:
    """Run a Makefile target of the project, as the README says; fail the test with its output.

    A target already made is not waited for while another process makes another (the PDF, say): `make -q` says so.
    """
    if run(["make", "-q", target], cwd=paths.ROOT, capture_output=True, timeout=QUICK).returncode == 0:
        return
    MAKE_LOCK.parent.mkdir(exist_ok=True)
    with FileLock(MAKE_LOCK):
        result = run(["make", target], cwd=paths.ROOT, capture_output=True, text=True, timeout=BOOK_BUILD)
    assert result.returncode == 0, f"make {target} failed:\n" + result.stdout[-4000:] + result.stderr[-4000:]


#: Session fixtures that take a minute to build (once, under a lock, for every test process): the PDF, and the
#: copy of the book grown by a third source.
SLOW_FIXTURES = {"built_pdf", "grown_book", "third_source_book", "third_source_pdf"}
#: Session fixtures that need the HTML book built.
BOOK_FIXTURES = {"built_book", *SLOW_FIXTURES}
#: Session fixtures that need the book grown by a third source.
GROWN_FIXTURES = {"grown_book", "third_source_book", "third_source_pdf"}


def _fixtures(item: pytest.Item) -> set[str]:
    """The fixtures a test needs, by name or as the parameter it asks for (`request.getfixturevalue`)."""
    callspec = getattr(item, "callspec", None)
    asked = {value for value in callspec.params.values() if isinstance(value, str)} if callspec else set()
    return set(getattr(item, "fixturenames", ())) | asked


def _file_order(items: list[pytest.Item]) -> dict[Path, tuple[int, int]]:
    """Each test file's place in a run on several processes, which take a file at a time in this order (`make test`
    runs pytest with `--dist loadfile --no-loadscope-reorder`): first the file with the most tests that read the
    book, whose process builds it; then the files that need no build, biggest first, which keep the other
    processes busy meanwhile; then the smallest file that needs the book grown by a third source, whose process grows it;
    then the others that read the book, biggest first, which keep the other processes busy meanwhile; last the
    other files that need the grown book, which by then is grown. No process waits for another's build."""
    tests: dict[Path, list[pytest.Item]] = {}
    for item in items:
        tests.setdefault(item.path, []).append(item)
    on_book = {path: sum(bool(BOOK_FIXTURES & _fixtures(item)) for item in found) for path, found in tests.items()}
    builder = max(tests, key=lambda path: (on_book[path], str(path)))
    on_grown = sorted(path for path, found in tests.items() if any(GROWN_FIXTURES & _fixtures(item) for item in found))
    grower = min(on_grown, key=lambda path: (len(tests[path]), str(path)), default=None)

    def rank(path: Path) -> int:
        if path == builder:
            return 0
        if not on_book[path]:
            return 1
        if path == grower:
            return 2
        return 4 if path in on_grown else 3

    return {path: (rank(path), 0 if rank(path) in (0, 2) else -len(tests[path])) for path in tests}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files in the order of `_file_order`, each in the order collected but for the tests that wait for a slow build,
    which run last, so that a test process does the file's other tests while another builds (each file runs in one
    process, `--dist loadfile`)."""
    order = _file_order(items)
    files = {item.path: index for index, item in reversed(list(enumerate(items)))}
    items.sort(key=lambda item: (order[item.path], files[item.path], bool(SLOW_FIXTURES & _fixtures(item))))


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML book, built with the README's make target (strict: warnings fail it)."""
    make("html")
    return paths.ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_pdf() -> Path:
    """The PDF book, built with the README's make target."""
    make("pdf")
    return paths.ROOT / "_build" / "book.pdf"


#: What the grown book's copy changes in CITATION.cff, so that the how-to-cite page can be seen to follow it.
CITATION_EDITS = {"title": "A Test Edition of the Report", "version": "9.8.7"}

#: What the grown book's copy adds, after the third source, to a page and to the book's style sheet: edits that
#: must reach the book without executing a notebook.
PROSE_EDIT = ("book/glossary.md", "\nA sentence added by the rebuild test.\n")
STYLE_EDIT = ("book/_static/book.css", "\n/* added by the rebuild test */\n")

#: What the main build leaves that a copy may start from: the HTML (so make sees it built), the execution cache
#: and the digest of the inputs it was filled from.
BUILT = ("html", ".jupyter_cache", "inputs.sha256", "chapter-outputs", "figure-pdfs")


@dataclass(frozen=True)
class GrownBook:
    """A copy of the project, started from the main book as built, then grown by the third source and rebuilt.

    `logs` holds the output of each `make html` in order: `grown` after the third source and the CITATION.cff
    edits, `edits` after `PROSE_EDIT` and `STYLE_EDIT` (one build: neither is an input of the chapters, so if
    the two together execute nothing, neither alone does).
    """

    root: Path
    logs: dict[str, str]


#: The contributor's guide, which the grown copy follows.
GUIDE = paths.ROOT / "book" / "adding-a-source.md"


def guide_commands() -> list[str]:
    """The shell commands of the guide's code blocks, one a command (continued lines joined)."""
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [
        " ".join(command.split()) for block in blocks for command in re.sub(r"\\\n", " ", block).splitlines() if command.strip()
    ]


def code_as_the_fixture(annotation: Path, name: str = "khan2026") -> None:
    """Steps 2 and 3 of the guide: the layout and the records of the fixture, under the scaffold's comments and source."""
    scaffolded = annotation.read_text(encoding="utf-8")
    coded = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    coded["source"] = yaml.safe_load(scaffolded)["source"]
    comments = scaffolded.split("\nsource:", 1)[0]
    annotation.write_text(comments + "\n" + yaml.safe_dump(coded, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="session")
def grown_book(built_book: Path, tmp_path_factory: pytest.TempPathFactory) -> GrownBook:
    """The one book built from a copy in the session. The copy starts from the main build's outputs and execution
    cache and follows the contributor's guide literally: its commands add the fixture third source (its text, then
    its coding, and the topic it adds to the codebook), `make data` and `make html` build it. Then CITATION.cff is
    edited, and a prose edit and a style edit are followed by one `make html`.

    The chapters are executed once here, by the data change; the tests of the guide, of the rebuild
    (tests/test_rebuild.py) and of the third source (tests/test_new_source.py, ...) share it, in whichever test
    process they run: the first grows it, under a lock, and the others find it grown.
    """
    shared = shared_folder(tmp_path_factory)
    with FileLock(shared / "grown.lock"):
        made = shared / "grown" / "logs.json"
        if made.is_file():  # another test process grew it
            return GrownBook(made.parent / "project", json.loads(made.read_text(encoding="utf-8")))
        grown = _grow(built_book, made.parent)
        made.write_text(json.dumps(grown.logs), encoding="utf-8")
        return grown


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test processes of a session share what they make once: the folder of their own temporary folders
    (with `pytest -n`), or this process's."""
    own = tmp_path_factory.getbasetemp()
    return own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own


def _grow(built_book: Path, folder: Path) -> GrownBook:
    """`grown_book`'s copy, made in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    root = project_copy(folder)
    for name in BUILT:
        built = built_book.parent / name
        if built.is_dir():
            shutil.copytree(built, root / "_build" / name)
        elif built.is_file():
            shutil.copy2(built, root / "_build" / name)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)  # lent, as make_in lends it: `make setup` installs nothing
    env = {key: value for key, value in os.environ.items() if key != "BOOK_ROOT"}
    logs = {}
    for command in guide_commands():
        if command.startswith("make "):
            logs[command] = make_in(root, command.split()[1]).stdout
            continue
        command = command.replace("path/to/article.txt", str(FIXTURES / "khan2026.txt"))
        done = run(["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=QUICK)
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        logs[command.split(" -m analysis ", 1)[-1].split()[0]] = done.stdout
        if " new-source " in command:
            code_as_the_fixture(root / "data" / "annotations" / "sources" / "khan2026.yaml")
            add_fixture_codebook(root / "data")
    edit_yaml(root / "CITATION.cff", lambda cff: cff.update(CITATION_EDITS))
    logs["data"] = make_in(root, "data").stdout  # the guide's last step: `make data`, then the book
    logs["grown"] = make_in(root, "html").stdout
    for path, addition in (PROSE_EDIT, STYLE_EDIT):
        edited = root / path
        edited.write_text(edited.read_text(encoding="utf-8") + addition, encoding="utf-8")
    logs["edits"] = make_in(root, "html").stdout
    return GrownBook(root, logs)


@pytest.fixture(scope="session")
def third_source_book(grown_book: GrownBook) -> Path:
    """A copy of the working tree grown by the fixture third source, with CITATION.cff edited, built to HTML."""
    return grown_book.root


@pytest.fixture(scope="session")
def third_source_pdf(grown_book: GrownBook) -> Path:
    """The grown copy's PDF (its chapters come from the execution cache the HTML build filled: nothing re-executes)."""
    with FileLock(grown_book.root.parent / "pdf.lock"):
        make_in(grown_book.root, "pdf")
    return grown_book.root / "_build" / "book.pdf"


def page_text(path: Path) -> str:
    """A built page's text: its main part without scripts or tags."""
    main = path.read_text(encoding="utf-8").split("<main", 1)[-1]
    text = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def assert_overview_counts(root: Path, html_root: Path) -> None:
    """The overview of the book built from the project at `root` (its HTML under `html_root`) states its dataset's
    counts, and one sentence per pair of sources compared."""

    def table(name: str) -> pd.DataFrame:
        return pd.read_csv(root / "data" / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)

    text = page_text(html_root / "book" / "overview.html")
    claims, points, mentions = table("claims"), table("points"), table("mentions")
    words = {n: summary.number_word(n) for n in range(100)}

    def matters(n: int) -> str:
        return f"{words[n]} matter" + ("" if n == 1 else "s")

    expected = [
        f"{len(claims)} claims",
        f"{len(table('positions'))} actor positions",
        f"{len(table('events'))} dated events",
        f"{len(table('phases'))} historical phases",
        f"{len(table('notes'))} notes",
        f"{len(table('spans'))} evidence spans",
        # of the actors the texts name, those given a stance (a holder no alias names, as unnamed officials, is not one)
        f"name {mentions.actor_id.nunique()} actors, "
        f"{len(set(table('positions').holder_actor_id) & set(mentions.actor_id))} of whom are given a stance",
    ]
    for _, pair in points.groupby(["source_a", "source_b"]):  # one sentence per pair of sources compared
        both = pair[pair.relation != "only_one"]
        only = len(pair) - len(both)
        expected += [
            f"Of the {matters(len(both))} both",
            f"{matters(only)} {'is' if only == 1 else 'are'} raised by only one of them"
            if only
            else "every matter one of them raises, the other speaks to",
        ]
        for relation, phrase in summary.RELATION_PHRASES.items():
            if count := int((both.relation == relation).sum()):
                expected.append(phrase.format(matters(count)))
    expected += [f"{count} by" for count in claims.source_id.value_counts()]
    for phrase in expected:
        assert phrase in text, f"{phrase!r} not in the overview"
