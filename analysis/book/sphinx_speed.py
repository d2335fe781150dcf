"""Work the Sphinx build would otherwise repeat or waste: collecting garbage it keeps, and reloading page trees.

- Garbage collection. A build allocates millions of small objects: every page's nodes, and every page tree
  loaded again to number a figure or resolve a reference. At CPython's default threshold each burst of them
  sets off passes over the older generations, which hold everything imported and configured, and walking
  them cost the build about a fifth of its time (`make bench` times the build). Once the builder is set up,
  `collect_garbage_less` freezes what exists (moves it where the collector never looks) and collects the
  youngest generation less often. Cycles are still collected: a page's tree, whose nodes point to their
  parents, is freed as before.
- Numbered references. To write "Table 3" for a `{numref}`, Sphinx's standard domain loads the whole tree
  of the page that holds the table from its pickle, once per reference; the book's chapters hold dozens of
  them to a few large pages. `NumberingDomain` is that domain reading each page's tree once per build:
  the trees it keeps are only read, and Sphinx keeps the pickles they come from unchanged for as long.
"""

from __future__ import annotations

import gc
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain

#: Objects allocated between two passes of the garbage collector over the youngest ones during a build
#: (CPython's default, 700, suits a program that keeps few objects for long).
YOUNG_COLLECTION_THRESHOLD = 10_000


def collect_garbage_less(app: Sphinx) -> None:
    """Freeze every object the set-up builder holds, and collect the youngest generation less often."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


class _TreesKept:
    """A build environment whose `get_doctree` loads each page's tree once and hands out that one, to be read."""

    def __init__(self, env: Any, trees: dict[str, nodes.document]) -> None:
        self._env = env
        self._trees = trees

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)

    def get_doctree(self, docname: str) -> nodes.document:
        if docname not in self._trees:
            self._trees[docname] = self._env.get_doctree(docname)
        return self._trees[docname]


class NumberingDomain(StandardDomain):
    """Sphinx's standard domain, numbering references from each target page's tree loaded once per build."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self._trees: dict[str, nodes.document] = {}

    def _resolve_numref_xref(self, env: Any, *args: Any) -> Any:
        return super()._resolve_numref_xref(_TreesKept(env, self._trees), *args)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", collect_garbage_less)
    app.add_domain(NumberingDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
