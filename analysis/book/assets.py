"""Static files the HTML book serves itself, so that it needs no network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import vl_convert

from analysis.dataset import geography


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


def write_region(static: Path = geography.STATIC, atlas_path: Path = geography.ATLAS) -> None:
    """Write the map's region (`geography.REGION_FILE`) and its script twin (`REGION_SCRIPT`) into `static`,
    unless they already hold exactly that: the twin hands the same text to a page opened from disk (file://)."""
    text = geography.region_text(atlas_path)
    script = (
        f"/* {geography.ATTRIBUTION} The text of {geography.REGION_FILE}, for pages opened from disk "
        "(see analysis/book/assets.py). */\n"
        "(window.bookData = window.bookData || {})"
        f'[new URL("{geography.REGION_FILE}", document.currentScript.src).href] = {json.dumps(text)};\n'
    )
    for name, content in ((geography.REGION_FILE, text), (geography.REGION_SCRIPT, script)):
        _write_if_changed(static / name, content)


def _write_if_changed(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


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
#: Icons the theme's style sheet draws before an element as a web-font glyph (its download links'),
#: drawn here as masks instead, so that no page loads the 150 KB font.
PSEUDO_ICONS = {"a.reference.download::before": "download"}


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
    """A style sheet drawing each named icon, and the theme's glyph icons, as SVG masks.

    Raises KeyError naming an icon the theme's Font Awesome does not have.
    """
    wanted = sorted(set(names) | set(PSEUDO_ICONS.values()))
    missing = [name for name in wanted if name not in icons]
    if missing:
        raise KeyError(f"no solid Font Awesome icon named {', '.join(missing)}")

    def mask(name: str) -> str:
        width, height, path = icons[name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        return f'--book-icon: url("data:image/svg+xml,{svg.replace("#", "%23")}");'

    # (the text's own font: a box in the icon font would load that font for its line height)
    drawn = (
        "font-family: inherit !important; background-color: currentColor;"
        " -webkit-mask: var(--book-icon) no-repeat center / contain; mask: var(--book-icon) no-repeat center / contain;"
    )
    rules = [
        "/* The Font Awesome icons (CC BY 4.0, fontawesome.com) the book's pages use, from the theme's copy:\n"
        "   each an SVG mask in the text's colour, so no icon script or web font is loaded. */",
        f".fa-solid, .fas {{ display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em; {drawn} }}",
        ".fa-solid::before, .fas::before { content: none !important; }",
    ]
    rules += [f".fa-{name} {{ {mask(name)} }}" for name in sorted(set(names))]
    rules += [
        f"{selector} {{ content: '' !important; display: inline-block; width: 0.8em; height: 0.8em; margin: 0 0.25em;"
        f" {mask(name)} {drawn} }}"
        for selector, name in PSEUDO_ICONS.items()
    ]
    return "\n".join(rules) + "\n"
