"""The map's geography: countries by ISO code, and the boundaries of the region the map shows.

The codebook gives each state actor the countries it stands for, as ISO 3166-1
alpha-3 codes (`countries: [KAZ, KGZ, TJK, TKM, UZB]` for the Central Asian
states). The boundaries are Natural Earth's (public domain) at 1:110 million, as
the npm package `world-atlas` (ISC licence) ships them in TopoJSON, its countries
keyed by ISO 3166-1 numeric code; `npm ci` installs it with the test tools
(`package.json`). `python -m analysis assets` keeps the countries of the region
(`REGION`) and only the arcs they use (`region_text`); the book writes them into
its static files: `region-110m.json`, which the HTML book's map loads from its own
site, and a script twin, `region-110m.js`, that hands the same text to a page
opened from disk (`file://`), where browsers do not fetch files. The PDF's map carries the
same topology inline. Nothing is fetched from elsewhere, at build or at reading time.

Alpha-3 and numeric codes meet through their alpha-2 code, from the Unicode CLDR
territory aliases that Babel (a dependency of Sphinx) ships.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from analysis import paths

#: The Natural Earth countries at 1:110 million, as world-atlas ships them (installed by `npm ci`): as fine as a map of
#: the region a column wide can show, the region's file a seventh of the 1:50 million one's.
ATLAS = paths.ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
#: The region's topology in the book's static files, and its script twin for pages opened from disk.
REGION_FILE = "region-110m.json"
REGION_SCRIPT = "region-110m.js"
STATIC = paths.ROOT / "book" / "_static"
#: The TopoJSON object that holds the countries.
OBJECT = "countries"

#: The map's extent, in degrees: west, south, east, north. South and Central Asia with Iran, the Gulf and western China.
REGION = (40.0, 4.0, 102.0, 56.0)

ATTRIBUTION = "Boundaries: Natural Earth (public domain), 1:110m, via world-atlas 2.0.2 (ISC licence)."


@functools.cache
def _territory_aliases() -> dict[str, list[str]]:
    from babel.core import get_global

    return get_global("territory_aliases")


def alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of an alpha-3 or numeric code, or None for a code that names no single country."""
    found = _territory_aliases().get(str(code))
    return found[0] if found and len(found) == 1 else None


def is_alpha3(code: object) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-3 code of one country ("PAK")."""
    return isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper() and alpha2(code) is not None


def _arc_indices(arcs: Any) -> list[int]:
    """Every arc index a TopoJSON geometry's (nested) `arcs` use; a reversed arc ~i counts as i."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [index for part in arcs for index in _arc_indices(part)]


def _renumbered(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumbered(part, new) for part in arcs]


def _decoded(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc's points in degrees (TopoJSON quantizes them and stores each point as a step from the last)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def region_topology(atlas: dict[str, Any], box: tuple[float, float, float, float] = REGION) -> dict[str, Any]:
    """The countries of a world-atlas topology that have a boundary point inside `box`, with only the arcs they use.

    Geometries and their properties are kept as they are; the arcs are renumbered.
    """
    west, south, east, north = box
    points = _decoded(atlas)
    inside = [any(west <= x <= east and south <= y <= north for x, y in arc) for arc in points]
    kept = [
        geometry
        for geometry in atlas["objects"][OBJECT]["geometries"]
        if "arcs" in geometry and any(inside[i] for i in _arc_indices(geometry["arcs"]))
    ]
    used = sorted({i for geometry in kept for i in _arc_indices(geometry["arcs"])})
    new = {old: index for index, old in enumerate(used)}
    return {
        "type": "Topology",
        "transform": atlas["transform"],
        "arcs": [atlas["arcs"][i] for i in used],
        "objects": {
            OBJECT: {
                "type": "GeometryCollection",
                "geometries": [{**geometry, "arcs": _renumbered(geometry["arcs"], new)} for geometry in kept],
            }
        },
    }


def countries(topology: dict[str, Any]) -> list[dict[str, str | None]]:
    """The countries of a topology: Natural Earth's name, and the alpha-2 code of its ISO numeric id (None without one)."""
    return [
        {"name": geometry["properties"]["name"], "alpha2": alpha2(geometry["id"]) if "id" in geometry else None}
        for geometry in topology["objects"][OBJECT]["geometries"]
    ]


def frame(box: tuple[float, float, float, float] = REGION, step: float = 2.0) -> dict[str, Any]:
    """Points along the edges of `box`, as a GeoJSON feature: a map projection fitted to it shows the whole region."""
    west, south, east, north = box
    across = [west + i * step for i in range(int((east - west) / step) + 1)] + [east]
    down = [south + i * step for i in range(int((north - south) / step) + 1)] + [north]
    points = [[x, y] for x in across for y in (south, north)] + [[x, y] for y in down for x in (west, east)]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": points}}


def region_text(atlas_path: Path = ATLAS) -> str:
    """The region's topology as compact JSON text, from the installed world-atlas."""
    if not atlas_path.is_file():
        raise FileNotFoundError(f"{atlas_path} is missing: run `npm ci` (or `make assets`) to install world-atlas")
    return json.dumps(region_topology(json.loads(atlas_path.read_text(encoding="utf-8"))), separators=(",", ":"))


def region(static: Path = STATIC) -> dict[str, Any]:
    """The region's topology as the book's static files hold it (`analysis.book.assets.write_region`)."""
    path = static / REGION_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make assets`")
    return json.loads(path.read_text(encoding="utf-8"))
