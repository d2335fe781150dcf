"""Every threshold is set once, says what it decides, and is the one the modules apply and the book shows."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths
from analysis.dataset import parameters, reliability, schema
from analysis.report import charts, frames, palette, summary, tables, wordstats


def test_every_threshold_has_a_value_its_printed_form_and_a_sentence() -> None:
    names = [parameter.name for parameter in parameters.PARAMETERS]
    assert len(names) == len(set(names))
    for parameter in parameters.PARAMETERS:
        assert getattr(parameters, parameter.name) == parameter.value, parameter.name
        assert parameter.shown and parameter.decides.endswith(".") and len(parameter.decides.split()) >= 8, parameter.name


def test_the_modules_apply_the_thresholds_set_here_and_define_none_of_their_own() -> None:
    for module in (schema, reliability, frames, palette, charts, tables, summary, wordstats):
        for parameter in parameters.PARAMETERS:
            if hasattr(module, parameter.name):
                assert getattr(module, parameter.name) is getattr(parameters, parameter.name), (module.__name__, parameter.name)
    names = "|".join(parameter.name for parameter in parameters.PARAMETERS)
    for path in sorted((paths.ROOT / "analysis").rglob("*.py")):
        if path.name != "parameters.py":
            assert not re.search(rf"^({names}) *[:=]", path.read_text(encoding="utf-8"), flags=re.M), path


def test_the_method_chapter_lists_every_threshold(built_book: Path) -> None:
    page = (built_book / "book" / "sources.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert 'id="tbl-parameters"' in page
    for parameter in parameters.PARAMETERS:
        assert f"<td><p>{parameter.name}</p></td>\n<td><p>{parameter.shown}</p></td>" in page, parameter.name
