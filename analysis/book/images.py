"""A figure's SVG and PNG, drawn from its Vega-Lite spec in worker processes while Sphinx goes on writing pages.

Drawing every figure's images takes as long as the rest of the HTML build; `Images` draws
them on the machine's other cores. The worker imports nothing but vl-convert, so a spawned
process starts quickly. An image already drawn from the same spec (by the same vl-convert)
is taken from the build's image cache instead, so a change to the data redraws only the
figures it changes.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import vl_convert

#: Scale of the PNG against the chart's CSS pixels: sharp on high-density screens and in slides.
PNG_SCALE = 2
#: Seconds the build waits for the images of every figure, once its pages are written.
TIMEOUT_S = 600
#: Days an image stays in the cache without being asked for.
CACHE_DAYS = 30


_CLIP = re.compile(r"\bclip\d+\b")


def numbered_clips(svg: str) -> str:
    """The SVG with its clip paths numbered from 1 in order of appearance.

    Vega numbers them across every chart a process has drawn, so the same figure would
    come out with other ids depending on which worker drew it and after what.
    """
    numbers: dict[str, str] = {}
    return _CLIP.sub(lambda match: numbers.setdefault(match.group(0), f"clip{len(numbers) + 1}"), svg)


def cache_key(kind: str, spec: str) -> str:
    """The name of the `kind` image of `spec` (JSON) in the cache: what it is drawn from, and by what."""
    return hashlib.sha256(f"{vl_convert.__version__}\0{PNG_SCALE}\0{kind}\0{spec}".encode()).hexdigest() + f".{kind}"


#: The images drawn of every figure, in the order they are drawn: the PNG is rasterised from the SVG.
KINDS = ("svg", "png")


def _kept(cached: str | None) -> bytes | None:
    """The image in the cache file `cached`, its use recorded (so the prune keeps it), or None."""
    kept = Path(cached) if cached else None
    if kept is None or not kept.is_file():
        return None
    os.utime(kept)
    return kept.read_bytes()


def _keep(image: bytes, cached: str | None) -> None:
    """Store `image` in the cache file `cached` (if the build keeps a cache)."""
    if cached:
        Path(cached).parent.mkdir(parents=True, exist_ok=True)
        Path(cached).write_bytes(image)


def draw(spec: str, paths: dict[str, str], cached: dict[str, str] | None = None) -> list[str]:
    """Write the SVG and the PNG of the Vega-Lite `spec` (JSON) to `paths` (by kind), leaving a file that already
    holds its image untouched; take each from its `cached` file when there is one, else draw it and keep it there.

    The PNG is rasterised from the SVG: the same pixels as vl-convert's own PNG, without laying the chart out twice.
    """
    cached = cached or {}
    svg = _kept(cached.get("svg"))
    if svg is None:
        svg = numbered_clips(vl_convert.vegalite_to_svg(json.loads(spec))).encode("utf-8")
        _keep(svg, cached.get("svg"))
    png = _kept(cached.get("png"))
    if png is None:
        png = vl_convert.svg_to_png(svg.decode("utf-8"), scale=PNG_SCALE)
        _keep(png, cached.get("png"))
    for kind, image in (("svg", svg), ("png", png)):
        target = Path(paths[kind])
        if not target.exists() or target.read_bytes() != image:
            target.write_bytes(image)
    return [paths[kind] for kind in KINDS]


class Images:
    """The images a build has asked for: drawn in parallel, and all waited for by `finish`."""

    def __init__(self, workers: int | None = None, cache: Path | None = None) -> None:
        workers = workers or int(os.environ.get("BOOK_JOBS") or os.cpu_count() or 1)  # the Makefile's JOBS
        self._cache = cache
        # spawned, not forked: vl-convert's runtime threads do not survive a fork
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self._jobs: list[Future[str]] = []

    def draw(self, spec: dict, paths: dict[str, Path]) -> None:
        """Start drawing the SVG and PNG of `spec` into `paths` (by kind)."""
        text = json.dumps(spec)
        cached = {kind: str(self._cache / cache_key(kind, text)) for kind in KINDS} if self._cache else None
        self._jobs.append(self._pool.submit(draw, text, {kind: str(paths[kind]) for kind in KINDS}, cached))

    def finish(self, timeout: float = TIMEOUT_S) -> list[str]:
        """Wait for every image (raising the first failure); return the paths written or confirmed."""
        try:
            return [path for job in self._jobs for path in job.result(timeout=timeout)]
        finally:
            self._pool.shutdown(cancel_futures=True)
            if self._cache is not None and self._cache.is_dir():
                stale = time.time() - CACHE_DAYS * 86400
                for kept in self._cache.iterdir():
                    if kept.stat().st_mtime < stale:
                        kept.unlink()
