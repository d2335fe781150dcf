"""The layout shows the architecture: each package imports only what its `__init__` says it may."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

from analysis import paths, standalone
from analysis.dataset.load import load
from analysis.report import chapter_charts, charts

PACKAGE = paths.ROOT / "analysis"

#: What the modules of each part may import from the project (the part itself is always allowed).
ALLOWED = {
    "analysis.dataset": {"analysis", "analysis.paths", "analysis.processes"},
    "analysis.report": {"analysis", "analysis.paths", "analysis.processes", "analysis.dataset"},
    "analysis.exports": {"analysis", "analysis.paths", "analysis.dataset"},
    "analysis.book": {
        "analysis",
        "analysis.paths",
        "analysis.processes",
        "analysis.standalone",
        "analysis.dataset",
        "analysis.report",
        "analysis.exports",
    },
}
#: Third-party packages only the book's machinery may use (myst_nb's `glue` is the chapters' API, not Sphinx's).
SPHINX = {"sphinx", "docutils", "myst_parser", "sphinx_book_theme", "pydata_sphinx_theme"}
#: Developer packages a reader's install never needs.
DEVELOPER = {"playwright", "pytest", "nbclient", "tools"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a file, relative imports resolved against its package."""
    module = ".".join(path.relative_to(paths.ROOT).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])])
            names = [f"{base}.{alias.name}" for alias in node.names] if base in {"analysis", *ALLOWED} else [base]
            found += [(node.lineno, name) for name in names]
    return found


def _part(name: str) -> str | None:
    return next((part for part in ALLOWED if name == part or name.startswith(part + ".")), None)


def _allowed(importer: str, imported: str) -> bool:
    if not imported.startswith("analysis.") or imported.startswith("analysis.__"):
        return True  # third-party, or the package's own metadata (`__version__`)
    target = _part(imported) or imported
    return target == importer or target in ALLOWED[importer]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_each_part_imports_only_what_it_may() -> None:
    offences = [
        f"{path.relative_to(paths.ROOT)}:{line}: {part} imports {name}"
        for path in _modules()
        if (part := _part(".".join(path.relative_to(paths.ROOT).with_suffix("").parts)))
        for line, name in _imports(path)
        if not _allowed(part, name)
    ]
    assert offences == []


def test_only_the_book_package_touches_sphinx_and_nothing_in_analysis_needs_developer_tools() -> None:
    offences = []
    for path in _modules():
        inside_book = path.parent == PACKAGE / "book"
        for line, name in _imports(path):
            top = name.split(".")[0]
            if (top in SPHINX and not inside_book) or top in DEVELOPER:
                offences.append(f"{path.relative_to(paths.ROOT)}:{line}: imports {name}")
    assert offences == []


def test_the_readers_install_holds_analysis_and_not_the_tools() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["packages"]["find"]["include"] == ["analysis*"]
    required = " ".join(project["project"]["dependencies"]).lower()
    assert "playwright" not in required and "pytest" not in required
    assert (paths.ROOT / "tools" / "bench.py").is_file() and not (PACKAGE / "bench.py").exists()


@pytest.mark.parametrize("folder", ["dataset", "report", "exports", "book"])
def test_each_part_says_what_lives_there_and_what_it_may_import(folder: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "import" in doc.lower() and len(doc.splitlines()) >= 3, doc


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """A dataset module importing the report would be found (the rule can fail)."""
    assert not _allowed("analysis.dataset", "analysis.report.frames")
    assert not _allowed("analysis.report", "analysis.book.citation")
    assert not _allowed("analysis.exports", "analysis.report.frames") and not _allowed("analysis.dataset", "analysis.exports")
    assert _allowed("analysis.book", "analysis.report.frames")


def test_the_architecture_page_is_linked_and_names_every_module() -> None:
    page = (paths.ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in (paths.ROOT / "README.md").read_text(encoding="utf-8")
    unnamed = [
        path.relative_to(paths.ROOT).as_posix()
        for path in _modules()
        if path.name != "__init__.py" and f"`{path.stem}`" not in page
    ]
    assert unnamed == [], "modules ARCHITECTURE.md does not place"


def _distribution(requirement: str) -> str:
    """The normalised distribution name of a requirement ("vl-convert-python>=1.6" -> "vl-convert-python")."""
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]).lower()


def _third_party(paths_: list[Path]) -> dict[str, str]:
    """Each third-party top-level module these files import, with one place that imports it."""
    local = {"analysis", *sys.stdlib_module_names, "__future__"}
    found = {}
    for path in paths_:
        for line, name in _imports(path):
            top = name.split(".")[0]
            if top and top not in local:
                found.setdefault(top, f"{path.relative_to(paths.ROOT)}:{line}")
    return found


def test_every_module_the_package_imports_is_declared() -> None:
    """A module imported only through another package's dependencies (babel, via sphinx) breaks a reader's install."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {_distribution(r) for r in project["dependencies"]}
    extras = {name: {_distribution(r) for r in group} for name, group in project["optional-dependencies"].items()}
    providers = importlib.metadata.packages_distributions()
    # the reader's code (all but the Sphinx machinery) needs only the dependencies and the notebook extra
    readers = [path for path in _modules() if path.parent != PACKAGE / "book"]
    undeclared = {
        module: where
        for module, where in _third_party(readers).items()
        if not {_distribution(d) for d in providers.get(module, [module])} & (required | extras["notebook"])
    }
    assert undeclared == {}, "imported but not declared in pyproject.toml's dependencies"
    book = {
        module: where
        for module, where in _third_party(_modules()).items()
        if not {_distribution(d) for d in providers.get(module, [module])} & (required | extras["notebook"] | extras["book"])
    }
    assert book == {}, "imported but not declared in pyproject.toml"
    # a downloaded chapter installs what the reader's code imports (analysis/standalone.py)
    assert set(_third_party(readers)) <= set(standalone.REQUIRED), "analysis.standalone.REQUIRED misses a module"


def test_the_chapters_glue_the_charts_the_tests_check() -> None:
    """Each chart a chapter shows comes from `chapter_charts`, the wiring the tests draw (`every_chart`), not from a
    chart function called in the chapter."""
    drawing = {
        name
        for name, value in vars(charts).items()
        if callable(value) and getattr(value, "__module__", "").startswith(charts.__name__)
    }
    data = load()
    for chapter, draw in chapter_charts.CHAPTERS.items():
        text = (paths.ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
        assert f"chapter_charts.{draw.__name__}(data" in text, chapter
        called = set(re.findall(r"\bcharts\.(\w+)\(", text)) & drawing
        assert called <= {"states_on_the_map"}, f"{chapter} draws {called} itself"
        shown = set(re.findall(r"```\{glue:figure\} (\S+)", text))
        assert shown <= set(draw(data)), f"{chapter} shows {shown - set(draw(data))}, which chapter_charts does not draw"
    maps = {m.name for m in chapter_charts.argument_maps(data)}
    assert maps and maps <= set(chapter_charts.every_chart(data))


#: The book's markup, as it stands in a string of the code: a MyST role, directive or label, a page address, a LaTeX
#: command, the book's JavaScript. The report's sentences refer to tables, records and works by `prose.Link`s; the book writes them.
BOOK_MARKUP = {
    "a MyST role": re.compile(r"\{[a-z][a-z:-]*\}`"),
    "a MyST directive or label": re.compile(r"(?:```|:::)\{[a-z]|\)=\n"),
    "a page address": re.compile(r"\.html\b"),
    "a LaTeX command": re.compile(r"\\[a-zA-Z]{2,}\{"),  # not a regular expression's \d{4}
    "the book's JavaScript": re.compile(r"\b(?:window|document)\.[a-zA-Z]"),
}


def _markup_in(path: Path) -> set[str]:
    """What of the book's markup a module's strings hold (docstrings, which may name a role, aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    return {what for what, pattern in BOOK_MARKUP.items() if any(pattern.search(s) for s in strings)}


def test_only_the_book_writes_the_books_markup() -> None:
    """Tables, charts and the dataset are data; `analysis/book` renders them (roles, addresses, LaTeX)."""
    found = {}
    for folder in ("report", "dataset"):
        for path in sorted((paths.ROOT / "analysis" / folder).rglob("*.py")):
            if markup := _markup_in(path):
                found[path.relative_to(paths.ROOT).as_posix()] = markup
    assert found == {}


def test_the_markup_check_sees_a_role_a_label_an_address_latex_and_a_script(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        '"""Docs may name {numref}`x`."""\nA = f"{{record}}`{1}`"\nB = "texts/a.html#b"\nC = "\\\\textbf{x}"\n'
        'D = f"({1})=\\n**x**"\n'
        'E = "(window.bookData = {})"\n'
    )
    assert _markup_in(module) == set(BOOK_MARKUP)
    module.write_text('"""Docs may name {numref}`x`."""\nA = f"`{1}`"\n')
    assert _markup_in(module) == set()
