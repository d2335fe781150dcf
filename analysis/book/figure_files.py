"""Each figure's take-away files: its data as CSV, the chart as SVG and PNG, its Vega-Lite spec, how to cite it.

They are made from the figure itself: the data of its notebook output (`Figure.payload`, which
`chart_html.FigureRenderer` keeps on the page's node), the same datasets and layouts the browser draws. The images and the spec are the
layout the PDF prints, fitted at `figure.PDF_WIDTH` by the same code (as the notebook
measured it, `figure.PDF_LAYOUT_KEY`), and drawn
by vl-convert, offline. Files are named after the figure's label
(`fig-timeline.csv`, `fig-timeline.svg`, ...), so their addresses stay stable.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.book import citation
from analysis.book.images import Images
from analysis.dataset import geography
from analysis.report.figure import Figure, drawn_rows, views

#: A URL by which a chapter page loads one of the book's static files (the map's boundaries).
_STATIC_URL = re.compile(r"(?:\.\./)*_static/([^/]+\.json)")


def _urls(node: Any) -> set[str]:
    """Every URL a spec loads data from."""
    if isinstance(node, dict):
        own = {node["url"]} if isinstance(node.get("url"), str) else set()
        return own.union(*(_urls(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_urls(item) for item in node))
    return set()


def static_files(payload: dict[str, Any], static: Path = geography.STATIC) -> dict[str, Any]:
    """The content of the book's static files the payload's layouts load by URL, read from `static`, by URL.

    The page loads them from the site; the files under the figure, like the PDF, must carry them inline.
    """
    found = {}
    for url in sorted(set().union(*(_urls(v["spec"]) for v in payload["variants"]))):
        local = _STATIC_URL.fullmatch(url)
        if local is None:
            raise ValueError(f"a chart loads {url!r}, which is not one of the book's static files")
        found[url] = json.loads((static / local.group(1)).read_text(encoding="utf-8"))
    return found


def figure_from_payload(payload: dict[str, Any], static: Path = geography.STATIC) -> Figure:
    """The `Figure` whose `payload()` this is, with the static files it loads by URL read from `static`, the book's."""
    return Figure.from_payload(payload, files=static_files(payload, static))


def standalone_spec(figure: Figure, layout: dict[str, int] | None = None) -> dict[str, Any]:
    """The figure's PDF layout as a Vega-Lite spec that draws on its own, with only the datasets it uses (`layout`,
    the figure's `pdf_layout` when already measured)."""
    spec = dict(figure.pdf_spec(layout))
    datasets = spec.pop("datasets", {})
    body = json.dumps(spec)
    used = {name: rows for name, rows in datasets.items() if json.dumps(name) in body}
    return {**spec, "datasets": used}


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def marks(spec: dict[str, Any]) -> dict[str, set[str]]:
    """The marks (`line`, `point`, `text`, ...) that draw each named dataset of a spec."""
    found: dict[str, set[str]] = {}
    for data, node, _ in views(spec):
        if data is not None:
            mark = node["mark"]
            found.setdefault(data, set()).add(mark["type"] if isinstance(mark, dict) else mark)
    return found


#: Columns that only place a mark on the drawing (an argument map's outline), not data a reader takes away.
LAYOUT = frozenset({"x", "y", "step", "marker_x", "marker_y", "lines"})


def _within(frame: pd.DataFrame, other: pd.DataFrame) -> bool:
    """Whether every row of `frame` is a row of `other` on `frame`'s columns (all of which `other` has)."""
    columns = list(frame.columns)
    if not set(columns) <= set(other.columns):
        return False
    rows = set(frame.astype(str).itertuples(index=False, name=None))
    return rows <= set(other[columns].astype(str).itertuples(index=False, name=None))


def data_frame(spec: dict[str, Any]) -> pd.DataFrame:
    """The data a chart shows, tidy: one row per datum of each dataset a mark of `spec` draws, with the fields its
    marks look up from other datasets joined in, and no drawing coordinates.

    A dataset that only repeats another's rows is left out: an argument map draws each claim as a point and as a
    label, and its links as segments that name the claims they join; its data is one row per claim, with its link
    (`bears_on`) and its passage. With several datasets left, first columns name each row's dataset and marks.
    """
    drawn = marks(spec)
    tables = {}
    for name, rows in drawn_rows(spec).items():
        frame = pd.DataFrame.from_records([{key: _cell(value) for key, value in row.items()} for row in rows])
        tables[name] = frame.drop(columns=[column for column in frame.columns if column in LAYOUT])
    names = list(tables)
    kept = [
        name
        for index, name in enumerate(names)
        if not any(
            _within(tables[name], tables[other]) and (not _within(tables[other], tables[name]) or names.index(other) < index)
            for other in names
            if other != name
        )
    ]
    frames = []
    for name in kept:
        frame = tables[name]
        if len(kept) > 1:
            frame.insert(0, "dataset", name)
            frame.insert(1, "drawn_as", " and ".join(sorted(drawn.get(name, set()))))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True).convert_dtypes() if frames else pd.DataFrame()


def spec_text(spec: dict[str, Any]) -> str:
    """A spec as a reader opens it: the chart indented, each dataset one row to a line, inline data (a map's
    boundaries) on one line, so the structure reads easily and the file stays small."""
    held: dict[str, str] = {}

    def hold(text: str) -> str:
        token = f"@@{len(held)}@@"
        held[json.dumps(token)] = text
        return token

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            return [strip(item) for item in node]
        if not isinstance(node, dict):
            return node
        return {
            key: hold(compact(value)) if key == "values" and isinstance(value, list | dict) else strip(value)
            for key, value in node.items()
        }

    datasets = {
        name: hold("[\n" + ",\n".join(f"      {compact(row)}" for row in rows) + "\n    ]")
        for name, rows in spec.get("datasets", {}).items()
    }
    text = json.dumps({**strip(spec), **({"datasets": datasets} if datasets else {})}, indent=2, ensure_ascii=False)
    for token, value in held.items():
        text = text.replace(token, value, 1)
    return text + "\n"


@dataclass(frozen=True)
class FigureFiles:
    """The take-away files of one figure, by kind, as names in the figures folder, and what the block shows."""

    label: str
    number: str
    caption: str
    n_rows: int
    plain: str
    bibtex: str

    @property
    def names(self) -> dict[str, str]:
        """Each file's name, by kind."""
        return {
            "csv": f"{self.label}.csv",
            "svg": f"{self.label}.svg",
            "png": f"{self.label}.png",
            "spec": f"{self.label}.vl.json",
            "citation": f"{self.label}-citation.txt",
            "bibtex": f"{self.label}.bib",
        }

    def html(self, folder_uri: str) -> str:
        """The block under the figure: a link to each file, and the citation to copy (`folder_uri` ends with '/')."""

        def link(kind: str, text: str) -> str:
            return f'<a href="{html.escape(folder_uri + self.names[kind])}" download>{text}</a>'

        title = f"Figure {html.escape(self.number)}" if self.number else "This figure"
        return (
            f'<div class="figure-takeaway" id="{html.escape(self.label)}-takeaway">\n'
            f'<p class="figure-downloads"><span class="figure-downloads-title">{title}, to take away:</span> '
            + " · ".join(
                [
                    link("csv", f"its data (CSV, {self.n_rows} rows)"),
                    link("svg", "SVG image"),
                    link("png", "PNG image"),
                    link("spec", "Vega-Lite spec (JSON)"),
                ]
            )
            + "</p>\n"
            f'<details class="figure-cite"><summary>Cite this figure</summary>\n'
            f'<p class="figure-cite-text">{html.escape(self.plain)}</p>\n'
            f"<pre><code>{html.escape(self.bibtex)}</code></pre>\n"
            f"<p>{link('citation', 'Citation as text')} · {link('bibtex', 'BibTeX')}</p>\n"
            "</details>\n</div>\n"
        )


#: Characters per line of the caption drawn above a figure's images (about the width of the PDF layout).
CAPTION_CHARS = 95


def first_sentence(text: str) -> str:
    """The first sentence of a caption (up to its first full stop followed by a space), whitespace tidied."""
    text = " ".join(text.split())
    found = re.search(r"(?<=[a-z0-9)\]])\.\s", text)
    return text[: found.start() + 1] if found else text


def captioned(spec: dict[str, Any], number: str, caption: str, source: str) -> dict[str, Any]:
    """The spec with the figure's number, its caption's first sentence and its source drawn above the chart: an
    SVG or PNG that travels without the page still says what it shows and where it comes from."""
    title = f"Figure {number}" if number else "Figure"
    lines = textwrap.wrap(first_sentence(caption), CAPTION_CHARS) if caption else []
    block = {
        "text": title,
        "subtitle": [*lines, *textwrap.wrap(source, CAPTION_CHARS)],
        "anchor": "start",
        "fontSize": 13,
        "subtitleFontSize": 10,
        "subtitleColor": "#374151",
        "offset": 10,
    }
    return {**spec, "title": block}


def source_line(cff: dict[str, Any], dataset_version: str) -> str:
    """Where a figure comes from, in one line: the report, its version and the dataset's."""
    return f"Source: {cff['title']}, version {cff['version']}, dataset version {dataset_version}."


def write(
    payload: dict[str, Any],
    label: str,
    number: str,
    caption: str,
    dataset_version: str,
    folder: Path,
    images: Images,
    layout: dict[str, int] | None = None,
) -> FigureFiles:
    """Write the take-away files of the chart in `payload` into `folder`, its images through `images`; return what
    they are. `layout`, the figure's `pdf_layout` as its notebook measured it, saves measuring it again."""
    spec = standalone_spec(figure_from_payload(payload), layout)
    frame = data_frame(spec)
    cff = citation.load()
    plain, bibtex = citation.figure(cff, label, number, caption, dataset_version)
    files = FigureFiles(label, number, caption, len(frame), plain, bibtex)
    folder.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str | bytes] = {
        "csv": frame.to_csv(index=False, lineterminator="\n"),
        "spec": spec_text(spec),
        "citation": plain + "\n",
        "bibtex": bibtex + "\n",
    }
    image_spec = captioned(spec, number, caption, source_line(cff, dataset_version))
    images.draw(image_spec, {kind: folder / files.names[kind] for kind in ("svg", "png")})
    for kind, content in contents.items():
        path = folder / files.names[kind]
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return files
