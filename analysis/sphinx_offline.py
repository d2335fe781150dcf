"""A Sphinx extension that keeps every page of the HTML book offline and quiet.

Jupyter Book 1 adds scripts the book does not use and that break offline reading:
MathJax from a CDN on every notebook page, and sphinx-thebe's configuration
script twice (a `const` declared twice, a console error on every page). The book
has no live code and no mathematics, so both are left out. A page that does
contain mathematics stops the build rather than silently losing it.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def _filename(script: Any) -> str:
    return str(getattr(script, "filename", None) or "")


def _body(script: Any) -> str:
    return str(getattr(script, "attributes", {}).get("body", ""))


def _is_unused(script: Any) -> bool:
    name, body = _filename(script), _body(script)
    return name.startswith(("http://", "https://", "//")) or "thebe" in name or "THEBE_JS_URL" in body


def strip_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop remote scripts and thebe's scripts from the page."""
    if "script_files" not in context:
        return
    if 'class="math' in context.get("body", ""):
        raise ExtensionError(f"{pagename}: the page contains mathematics, but MathJax is not served offline")
    context["script_files"] = [script for script in context["script_files"] if not _is_unused(script)]
    context["css_files"] = [css for css in context.get("css_files", []) if "thebe" not in _filename(css)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", strip_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
