"""The contributor's path, followed literally: the guide's commands on a scratch copy end with a built book.

The copy is the session's grown book (`grown_book` in conftest): it runs the guide's shell commands as written
(`.venv/bin/python -m analysis new-source ...` with the fixture text, then `progress`), codes the source as the
fixture is coded, and builds with `make data` and `make html`.
"""

from __future__ import annotations

import re

from conftest import GUIDE, GrownBook, guide_commands

from analysis import paths

NEW = "khan2026"


def test_the_guide_and_the_readme_give_commands_that_work_on_a_fresh_clone() -> None:
    commands = guide_commands()
    assert commands[0] == "make setup", "a fresh clone has no .venv: the guide starts with make setup"
    assert any(" -m analysis new-source " in c for c in commands) and any(" -m analysis progress " in c for c in commands)
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")
    for text in (readme, guide):
        # every command line of the package is run with the project's interpreter, which `make setup` creates
        assert not re.search(r"(?<![/\w])python -m analysis", text), "a bare `python -m analysis` fails outside .venv"
    assert "`make data`" in guide and "`make book`" in guide and "make setup" in readme


def test_following_the_guide_ends_with_a_built_book_of_the_new_source(grown_book: GrownBook) -> None:
    root, logs = grown_book.root, grown_book.logs
    assert (
        logs["new-source"].startswith(f"wrote {root / 'data' / 'annotations' / 'sources' / NEW}.yaml")
        or "wrote" in logs["new-source"]
    )
    progress = logs["progress"]
    assert re.match(rf"{NEW}: (\d+) of \1 body sentences covered \(100%\)", progress), progress
    assert "Problems" not in progress and "Nothing left to do." not in progress  # the contrasts are still to code
    assert f"| `{NEW}.txt` |" in (root / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    annotation = (root / "data" / "annotations" / "sources" / f"{NEW}.yaml").read_text(encoding="utf-8")
    assert "# Sentences to code:\n# Page chrome" in annotation  # progress refreshed the list: nothing left uncovered
    page = root / "_build" / "html" / "book" / "texts" / f"{NEW}.html"
    assert page.is_file() and (root / "_build" / "html" / "index.html").is_file()
    assert f"{NEW}.txt" in (root / "data" / "datapackage.json").read_text(encoding="utf-8")
