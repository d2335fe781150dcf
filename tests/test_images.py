"""A figure's images are drawn in worker processes, and come out the same whoever draws them, in whatever order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.book.images import Images, numbered_clips


def _spec(title: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": [{"x": "a", "y": 1}, {"x": "b", "y": 2}]},
        "mark": {"type": "bar", "clip": True},
        "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
    }


def test_clip_paths_are_numbered_from_one_in_each_file() -> None:
    svg = '<clipPath id="clip9"/><g clip-path="url(#clip9)"/><clipPath id="clip12"/><use href="#clip12"/> clipboard'
    assert (
        numbered_clips(svg)
        == '<clipPath id="clip1"/><g clip-path="url(#clip1)"/><clipPath id="clip2"/><use href="#clip2"/> clipboard'
    )


def test_images_are_the_same_bytes_whichever_worker_draws_them_after_what(tmp_path: Path) -> None:
    drawn = {}
    for order in (["one", "two"], ["two", "one"]):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        images = Images(workers=1)  # one worker: the second figure is drawn after the first, in the same process
        for name in order:
            for kind in ("svg", "png"):
                images.draw(kind, _spec(name), folder / f"{name}.{kind}")
        assert len(images.finish()) == 4
        drawn[tuple(order)] = {path.name: path.read_bytes() for path in folder.iterdir()}
    first, second = drawn.values()
    assert first == second and b"clip1" in first["two.svg"]


def test_an_image_that_cannot_be_drawn_fails_the_wait(tmp_path: Path) -> None:
    images = Images(workers=1)
    images.draw("svg", {"mark": "no-such-mark"}, tmp_path / "bad.svg")
    with pytest.raises(Exception, match="conversion failed"):
        images.finish(timeout=120)


def test_an_image_drawn_before_from_the_same_spec_comes_from_the_cache(tmp_path: Path) -> None:
    """A data change redraws only the figures it changes: an image whose spec was drawn before is the cached one."""
    from analysis.book.images import cache_key, draw

    cache, out = tmp_path / "cache", tmp_path / "out"
    out.mkdir()
    images = Images(workers=1, cache=cache)
    images.draw("svg", _spec("one"), out / "one.svg")
    images.finish()
    spec = json.dumps(_spec("one"))
    kept = cache / cache_key("svg", spec)
    assert kept.read_bytes() == (out / "one.svg").read_bytes()
    kept.write_bytes(b"<svg>from the cache</svg>")  # what a second build finds is what it writes, undrawn
    draw("svg", spec, str(out / "again.svg"), str(kept))
    assert (out / "again.svg").read_bytes() == b"<svg>from the cache</svg>"
    assert cache_key("svg", json.dumps(_spec("two"))) != kept.name and cache_key("png", spec) != kept.name
