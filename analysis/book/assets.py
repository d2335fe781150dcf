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


#: The theme's Font Awesome (every icon, as a 1.5 MB script); the book serves only the icons its pages use.
FONTAWESOME_JS = Path("scripts") / "fontawesome.js"
#: The style sheet of the icons the book's pages use, each an SVG mask drawn in the text's colour.
ICONS_CSS = "book-icons.css"
#: Where, in the theme's Font Awesome, the solid icons are defined: `var p={...}` ... `d("fas",p)`.
_SOLID_PACK = re.compile(r'var p=(\{(?:(?!var p=\{).)*?\})[,;]\s*.{0,400}?d\("fas",p\)', re.S)
_ICON = re.compile(r'(?<=[{,])"?([\w-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]')
#: An icon's class in a page: fa-<name> (not the style classes fa-solid, fa-fw, ...).
ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)\b")
_STYLE_CLASSES = {"solid", "regular", "brands", "fw", "lg", "sm", "xs", "2x", "3x"}


def solid_icons(fontawesome_js: str) -> dict[str, tuple[int, int, str]]:
    """Every solid icon of the theme's Font Awesome script: name -> (width, height, SVG path)."""
    packs = _SOLID_PACK.findall(fontawesome_js)
    if not packs:
        raise ValueError('the theme\'s fontawesome.js no longer defines its solid icons as `var p={...}` ... d("fas",p)')
    return {name: (int(width), int(height), path) for name, width, height, path in _ICON.findall(packs[-1])}


def icons_used(texts: list[str]) -> list[str]:
    """The icon names (fa-<name>) the given pages and scripts use, sorted."""
    return sorted({name for text in texts for name in ICON_CLASS.findall(text)} - _STYLE_CLASSES)


def icons_css(icons: dict[str, tuple[int, int, str]], names: list[str]) -> str:
    """A style sheet drawing each named icon as an SVG mask; raises KeyError naming an icon the theme does not have."""
    missing = [name for name in names if name not in icons]
    if missing:
        raise KeyError(f"no solid Font Awesome icon named {', '.join(missing)}")
    rules = [
        "/* The Font Awesome icons (CC BY 4.0, fontawesome.com) the book's pages use, from the theme's copy:\n"
        "   each an SVG mask in the text's colour, so no icon script is loaded. */",
        ".fa-solid, .fas { display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em;"
        " background-color: currentColor; -webkit-mask: var(--book-icon) no-repeat center / contain;"
        " mask: var(--book-icon) no-repeat center / contain; }",
    ]
    for name in names:
        width, height, path = icons[name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        rules.append(f'.fa-{name} {{ --book-icon: url("data:image/svg+xml,{svg.replace("#", "%23")}"); }}')
    return "\n".join(rules) + "\n"
