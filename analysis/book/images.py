"""A figure's SVG and PNG, drawn from its Vega-Lite spec in worker processes while Sphinx goes on writing pages.

Drawing every figure's images takes as long as the rest of the HTML build; `Images` draws
them on the machine's other cores. The worker imports nothing but vl-convert, so a spawned
process starts quickly.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import vl_convert

#: Scale of the PNG against the chart's CSS pixels: sharp on high-density screens and in slides.
PNG_SCALE = 2
#: Seconds the build waits for the images of every figure, once its pages are written.
TIMEOUT_S = 600


_CLIP = re.compile(r"\bclip\d+\b")


def numbered_clips(svg: str) -> str:
    """The SVG with its clip paths numbered from 1 in order of appearance.

    Vega numbers them across every chart a process has drawn, so the same figure would
    come out with other ids depending on which worker drew it and after what.
    """
    numbers: dict[str, str] = {}
    return _CLIP.sub(lambda match: numbers.setdefault(match.group(0), f"clip{len(numbers) + 1}"), svg)


def draw(kind: str, spec: str, path: str) -> str:
    """Write the `kind` ("svg" or "png") image of the Vega-Lite `spec` (JSON) to `path`, unless it already holds it."""
    parsed = json.loads(spec)
    if kind == "svg":
        image = numbered_clips(vl_convert.vegalite_to_svg(parsed)).encode("utf-8")
    else:
        image = vl_convert.vegalite_to_png(parsed, scale=PNG_SCALE)
    target = Path(path)
    if not target.exists() or target.read_bytes() != image:
        target.write_bytes(image)
    return path


class Images:
    """The images a build has asked for: drawn in parallel, and all waited for by `finish`."""

    def __init__(self, workers: int | None = None) -> None:
        workers = workers or int(os.environ.get("BOOK_JOBS") or os.cpu_count() or 1)  # the Makefile's JOBS
        # spawned, not forked: vl-convert's runtime threads do not survive a fork
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self._jobs: list[Future[str]] = []

    def draw(self, kind: str, spec: dict, path: Path) -> None:
        """Start drawing the `kind` image of `spec` into `path`."""
        self._jobs.append(self._pool.submit(draw, kind, json.dumps(spec), str(path)))

    def finish(self, timeout: float = TIMEOUT_S) -> list[str]:
        """Wait for every image (raising the first failure); return the paths written or confirmed."""
        try:
            return [job.result(timeout=timeout) for job in self._jobs]
        finally:
            self._pool.shutdown(cancel_futures=True)
