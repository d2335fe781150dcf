"""Static files the HTML book serves itself, so that it needs no network."""

from __future__ import annotations

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
    content = vega_bundle()
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
