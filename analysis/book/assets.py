"""Static files the HTML book serves itself, so that it needs no network."""

from __future__ import annotations

import importlib.metadata
import re
from importlib import resources
from pathlib import Path

import vl_convert


#: The Vega-Lite version of the specs Altair writes, e.g. "6.4" for "v6.4.1".
def vega_lite_version() -> str:
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script that defines only window.vega*.

    vl-convert's bundle declares top-level names (`_` among them) that would
    overwrite Sphinx's own globals, so it is wrapped in a function scope.
    """
    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    return "/* Vega, Vega-Lite and Vega-Embed, bundled by vl-convert. */\n(function () {\n" + bundle + "\n})();\n"


def write_vega_bundle(path: Path) -> None:
    """Write the bundle to `path` unless it already holds exactly that."""
    _write_if_changed(path, vega_bundle())


#: The DataTables files the book serves: the classic-script bundle and its style sheet.
DATATABLES_JS = "datatables.js"
DATATABLES_CSS = "datatables.css"

_ESM_EXPORT = re.compile(r"export\s*\{([^}]*)\};?\n(?=/\*[^*]*\*+(?:[^/*][^*]*\*+)*/\s*$|\s*$)")


def datatables_bundle() -> tuple[str, str]:
    """DataTables (with jQuery), as itables bundles it, rewritten to load as a classic script; and its CSS.

    itables ships DataTables as an ES module, and a browser does not load a module
    from a `file://` page. The bundle has no imports and ends with a single `export`
    statement: it is wrapped in a function scope (its top-level names stay private)
    and the export becomes `window.DataTable` (the licence comment after it is kept).
    """
    folder = resources.files("itables") / "html"
    source = (folder / "dt_bundle.js").read_text(encoding="utf-8")
    found = _ESM_EXPORT.search(source)
    if found is None or re.search(r"^\s*import[\s{*]", source, re.M):
        raise RuntimeError("itables' dt_bundle.js is not the single-export ES module this book expects")
    names = dict(reversed(item.split(" as ")) for item in (part.strip() for part in found.group(1).split(",")) if " as " in item)
    script = (
        f"/* DataTables {importlib.metadata.version('itables')} bundle of itables, as a classic script. */\n(function () {{\n"
        + source[: found.start()]
        + f"\nwindow.DataTable = {names['default']};\n}})();\n"
        + source[found.end() :]
    )
    return script, (folder / "dt_bundle.css").read_text(encoding="utf-8")


def _write_if_changed(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def write_datatables(folder: Path) -> None:
    """Write DataTables' script and style sheet into `folder` unless they already hold exactly that."""
    script, css = datatables_bundle()
    _write_if_changed(folder / DATATABLES_JS, script)
    _write_if_changed(folder / DATATABLES_CSS, css)
