"""A figure's images are drawn in worker processes, and come out the same whoever draws them, in whatever order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vl_convert

from analysis.book.images import KINDS, PNG_SCALE, Images, cache_key, draw, numbered_clips


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
            images.draw(_spec(name), {kind: folder / f"{name}.{kind}" for kind in KINDS})
        assert len(images.finish()) == 4
        drawn[tuple(order)] = {path.name: path.read_bytes() for path in folder.iterdir()}
    first, second = drawn.values()
    assert first == second and b"clip1" in first["two.svg"]


def test_an_image_that_cannot_be_drawn_fails_the_wait(tmp_path: Path) -> None:
    images = Images(workers=1)
    images.draw({"mark": "no-such-mark"}, {kind: tmp_path / f"bad.{kind}" for kind in KINDS})
    with pytest.raises(Exception, match="conversion failed"):
        images.finish(timeout=120)


def test_an_image_drawn_before_from_the_same_spec_comes_from_the_cache(tmp_path: Path) -> None:
    """A data change redraws only the figures it changes: an image whose spec was drawn before is the cached one."""
    cache, out = tmp_path / "cache", tmp_path / "out"
    out.mkdir()
    images = Images(workers=1, cache=cache)
    images.draw(_spec("one"), {kind: out / f"one.{kind}" for kind in KINDS})
    images.finish()
    spec = json.dumps(_spec("one"))
    kept = {kind: cache / cache_key(kind, spec) for kind in KINDS}
    assert all(kept[kind].read_bytes() == (out / f"one.{kind}").read_bytes() for kind in KINDS)
    kept["svg"].write_bytes(b"<svg>from the cache</svg>")  # what a second build finds is what it writes, undrawn
    kept["png"].write_bytes(b"PNG from the cache")
    draw(spec, {kind: str(out / f"again.{kind}") for kind in KINDS}, {kind: str(kept[kind]) for kind in KINDS})
    assert (out / "again.svg").read_bytes() == b"<svg>from the cache</svg>"
    assert (out / "again.png").read_bytes() == b"PNG from the cache"
    assert cache_key("svg", json.dumps(_spec("two"))) != kept["svg"].name and kept["png"].name != kept["svg"].name


def test_the_png_is_the_png_vl_convert_draws_from_the_spec(tmp_path: Path) -> None:
    """The PNG is rasterised from the figure's SVG (clip paths renumbered), pixel for pixel vl-convert's own."""
    spec = _spec("one")
    paths = {kind: str(tmp_path / f"one.{kind}") for kind in KINDS}
    draw(json.dumps(spec), paths)
    assert Path(paths["png"]).read_bytes() == vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
    assert Path(paths["svg"]).read_bytes() == numbered_clips(vl_convert.vegalite_to_svg(spec)).encode("utf-8")
