"""One chart, every screen and paper: responsive layouts, a PDF face, and the data behind every mark.

A `Figure` holds one or more layouts (`Variant`s) of the same chart, each for
columns from its `min_width` up. In the HTML book, `book/_static/book-charts.js`
measures the chart's column, picks the widest layout that suits it and fits it:

- a single or layered view has `width: "container"`: Vega-Lite fits it, axis
  labels and legend included, to the width of its `<div>`, which is the column's;
- a faceted view (one panel per author) gets as many panels side by side as fit
  at `min_panel` pixels or more, and the panel width that fills the column,
  measured by drawing it.

It draws again whenever the column's width changes. For the PDF, the same choice
and fitting happen here, with vl-convert measuring, at the fixed `PDF_WIDTH`.

A figure leaves a notebook as data (`FIGURE_MIME`: `Figure.payload`) and as a PDF
(kept, when `PDF_CACHE_ENV` names a folder, under a digest of what draws it: vl-convert
draws a different file each time, with its fonts' subsets named at random, so a
chapter executed again would print other bytes for the same chart), with the layout
the PDF prints as the metadata of its data (`PDF_LAYOUT_KEY`: measured once, here);
the book turns the data into the HTML that draws it (`analysis.book.chart_html`),
with a panel for the data of a chosen mark and every mark's tooltip as a table
(`data_tables`), so that no quote needs a hover to be read.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert

#: The width, in CSS pixels, at which charts are drawn for the PDF. LaTeX scales a
#: figure to the text width (about 450 pt on A4), so 11 px labels print at about 9 pt.
PDF_WIDTH = 560

#: Line height, in pixels, of wrapped axis labels (11 px text).
LABEL_LINE_HEIGHT = 12

#: The mime type of a figure's notebook output: its datasets, layouts and description (`Figure.payload`), which
#: the book renders (`analysis.book.chart_html`).
FIGURE_MIME = "application/vnd.analysis.figure+json"

#: The key, in the metadata of a figure's notebook output (`FIGURE_MIME`), of its `Figure.pdf_layout`: the book's
#: take-away files print the figure as the PDF does without measuring it again.
PDF_LAYOUT_KEY = "pdf_layout"

#: The environment variable that names a folder where a figure's PDF is kept, by a digest of what draws it (`Figure.printed`).
PDF_CACHE_ENV = "ANALYSIS_PDF_CACHE"


def wrap_expr(chars: int, shorten_over: int | None = None) -> str:
    """A Vega expression that breaks `datum.label` into lines of at most about `chars` characters, at spaces.

    Words longer than `chars` stay whole. With `shorten_over`, a label longer than
    that loses its final parenthesis ("India's smaller neighbours (Sri Lanka, …)");
    the full text stays in the tooltip, the chart's table and its alt text.
    `wrap_lines` does the same in Python.
    """
    label = "datum.label"
    if shorten_over:
        label = f"(length({label}) > {shorten_over} ? replace({label}, regexp('\\\\s*\\\\([^()]*\\\\)$'), '') : {label})"
    return f"split(trim(replace({label}, regexp('(.{{1,{chars}}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')"


def wrapped_axis(chars: int, shorten_over: int | None = None, orient: str = "left", **options: Any) -> alt.Axis:
    """An axis whose labels wrap (`wrap_expr`), each label block centred on its tick (left, right) or kept off the plot (top).

    Vega places a multi-line label's first line where a one-line label would go;
    the others hang below it. They are moved up by the lines they add.
    """
    extra_lines = f"(length({wrap_expr(chars, shorten_over)}) - 1)"
    if orient in ("left", "right"):  # along the axis: up by half the extra lines
        options["labelOffset"] = {"expr": f"-{LABEL_LINE_HEIGHT / 2} * {extra_lines}"}
    elif orient == "top":  # away from the plot: up by all of them
        options["labelPadding"] = {"expr": f"{options.pop('labelPadding', 2)} + {LABEL_LINE_HEIGHT} * {extra_lines}"}
    return alt.Axis(orient=orient, labelExpr=wrap_expr(chars, shorten_over), labelLineHeight=LABEL_LINE_HEIGHT, **options)


def shorten(text: str, over: int | None) -> str:
    """`text` without its final parenthesis when it is longer than `over` characters (as `wrap_expr` does)."""
    return re.sub(r"\s*\([^()]*\)$", "", text) if over and len(text) > over else text


def wrap_lines(text: str, chars: int, shorten_over: int | None = None) -> list[str]:
    """The lines `wrap_expr(chars, shorten_over)` breaks `text` into."""
    return re.sub(rf"(.{{1,{chars}}})(\s+|$)", "\\1\n", shorten(str(text), shorten_over)).strip().split("\n")


def row_step(labels: list[str], chars: int, at_least: int, shorten_over: int | None = None) -> int:
    """A band step tall enough for the most lines any of `labels` wraps into."""
    lines = max((len(wrap_lines(label, chars, shorten_over)) for label in labels), default=1)
    return max(at_least, lines * LABEL_LINE_HEIGHT + 4)


@dataclass
class Variant:
    """One layout of a chart, for columns at least `min_width` pixels wide.

    `chart` has `width: "container"` (single or layered views), or is a facet whose
    `columns` and panel width are fitted: `panels` panels of at least `min_panel`
    pixels. `max_width` caps the chart's width on wide columns.
    """

    min_width: int
    chart: alt.TopLevelMixin | dict[str, Any]
    panels: int = 0
    min_panel: int = 120
    max_width: int | None = None

    def spec(self) -> dict[str, Any]:
        return self.chart if isinstance(self.chart, dict) else self.chart.to_dict()


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


@dataclass
class Figure:
    """A chart of the book in all its layouts, with its text description (the alt text).

    `config` (a Vega-Lite config, the book's theme) is applied under each
    layout's own, whichever Altair theme is enabled when the figure is made.
    `files` holds the content of the local files a layout loads by URL (a map's
    boundaries, in the book's static files): the HTML loads them from its own
    site, the PDF carries them inline.
    """

    variants: list[Variant]
    description: str
    config: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] = field(default_factory=dict)
    specs: list[dict[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.variants = sorted(self.variants, key=lambda v: v.min_width)
        self.specs = []
        for variant in self.variants:
            spec = variant.spec()
            spec = {**spec, "config": _merged(self.config, spec.get("config", {})), "description": self.description}
            if spec.get("width") == "container":
                spec["autosize"] = {"type": "fit-x", "contains": "padding"}
            self.specs.append(spec)

    def variant_for(self, width: float) -> int:
        """The index of the layout a column `width` pixels wide gets: the widest whose `min_width` it reaches."""
        return max([0, *(i for i, v in enumerate(self.variants) if width >= v.min_width)])

    def pdf_layout(self) -> dict[str, int]:
        """Which layout the PDF prints (`variant`, an index) and, for a faceted one, its fitted `columns` and `panel`
        width: what `pdf_spec` needs to lay the figure out again without measuring it.

        A faceted layout whose panels would wrap to a second row gives way to a narrower layout that keeps more of
        them on one row: a wrapped figure is tall, and LaTeX shrinks it, text and all, to fit the page.
        """
        index = self.variant_for(PDF_WIDTH)
        chosen = {"variant": index, **fit_facets(self.variants[index], inline(self.specs[index], self.files), PDF_WIDTH)}
        for other in range(index - 1, -1, -1):
            if not self.variants[index].panels or chosen.get("columns", 0) >= self.variants[index].panels:
                break
            if self.variants[other].panels:
                laid = {"variant": other, **fit_facets(self.variants[other], inline(self.specs[other], self.files), PDF_WIDTH)}
                chosen = laid if laid["columns"] > chosen["columns"] else chosen
        return chosen

    def pdf_spec(self, layout: dict[str, int] | None = None) -> dict[str, Any]:
        """The layout for the PDF, fitted to PDF_WIDTH, with the files it loads inline; `layout`, a `pdf_layout`
        already measured (the notebook's output carries it), saves measuring it again."""
        layout = layout or self.pdf_layout()
        variant, spec = self.variants[layout["variant"]], inline(self.specs[layout["variant"]], self.files)
        if variant.panels:
            return _facet_layout(spec, layout["columns"], layout["panel"])
        return fit(variant, spec, PDF_WIDTH)

    def printed(self) -> tuple[bytes, dict[str, int]]:
        """The figure drawn for the PDF, and its `pdf_layout`; taken from the folder `PDF_CACHE_ENV` names, when it
        holds this figure."""
        folder = os.environ.get(PDF_CACHE_ENV)
        if not folder:
            layout = self.pdf_layout()
            return vl_convert.vegalite_to_pdf(self.pdf_spec(layout)), layout
        drawn = json.dumps([vl_convert.__version__, PDF_WIDTH, self.payload(), self.files], sort_keys=True)
        kept = Path(folder) / (hashlib.sha256(drawn.encode("utf-8")).hexdigest() + ".pdf")
        kept_layout = kept.with_suffix(".json")
        if kept.is_file() and kept_layout.is_file():
            for path in (kept, kept_layout):
                os.utime(path)  # in use: not pruned
            return kept.read_bytes(), json.loads(kept_layout.read_text(encoding="utf-8"))
        layout = self.pdf_layout()
        pdf = vl_convert.vegalite_to_pdf(self.pdf_spec(layout))
        kept.parent.mkdir(parents=True, exist_ok=True)
        for path, content in ((kept_layout, json.dumps(layout).encode("utf-8")), (kept, pdf)):
            with tempfile.NamedTemporaryFile(dir=kept.parent, suffix=".part", delete=False) as part:
                part.write(content)  # then renamed: a chapter executed beside this one never reads half a file
            os.replace(part.name, path)
        return pdf, layout

    def payload(self) -> dict[str, Any]:
        """What draws the figure on a page: every dataset once, each layout's spec with the datasets it draws and
        the widths it is for, and the description."""
        datasets: dict[str, Any] = {}
        variants = []
        for variant, spec in zip(self.variants, self.specs, strict=True):
            spec = dict(spec)
            own = spec.pop("datasets", {})
            datasets.update(own)
            variants.append(
                {
                    "minWidth": variant.min_width,
                    "panels": variant.panels,
                    "minPanel": variant.min_panel,
                    "maxWidth": variant.max_width,
                    "datasetNames": list(own),  # the layout draws these only, not its siblings' (laid out apart)
                    "spec": spec,
                }
            )
        return {"datasets": datasets, "variants": variants, "description": self.description}

    @classmethod
    def from_payload(cls, payload: dict[str, Any], files: dict[str, Any] | None = None) -> Figure:
        """The figure whose `payload()` this is; `files`, the content of the files its layouts load by URL."""
        variants = [
            Variant(
                v["minWidth"],
                {**v["spec"], "datasets": {name: payload["datasets"][name] for name in v["datasetNames"]}},
                v["panels"],
                v["minPanel"],
                v["maxWidth"],
            )
            for v in payload["variants"]
        ]
        return cls(variants, payload["description"], files=files or {})

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """The figure's data, its PDF and its text; the data's metadata holds its `pdf_layout` (`PDF_LAYOUT_KEY`)."""
        pdf, layout = self.printed()
        data = {
            FIGURE_MIME: self.payload(),
            "application/pdf": base64.b64encode(pdf).decode("ascii"),
            "text/plain": f"<chart: {self.description}>",
        }
        return data, {FIGURE_MIME: {PDF_LAYOUT_KEY: layout}}


def inline(node: Any, files: dict[str, Any]) -> Any:
    """`node` with every data source that loads one of `files` by URL holding its content instead."""
    if isinstance(node, dict):
        if node.get("url") in files:
            return {**{k: v for k, v in node.items() if k != "url"}, "values": files[node["url"]]}
        return {key: inline(value, files) for key, value in node.items()}
    if isinstance(node, list):
        return [inline(item, files) for item in node]
    return node


# --- Fitting (the PDF's; book-charts.js does the same in the browser) --------------------------


def svg_width(spec: dict[str, Any]) -> float:
    """The width vl-convert draws `spec` at."""
    svg = vl_convert.vegalite_to_svg(spec)
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))


def _facet_layout(spec: dict[str, Any], columns: int, panel: int) -> dict[str, Any]:
    laid = copy.deepcopy(spec)
    laid["columns"] = columns
    laid["spec"]["width"] = panel
    return laid


def fit(variant: Variant, spec: dict[str, Any], width: int) -> dict[str, Any]:
    """`spec` laid out to be at most `width` pixels wide (fixed widths, as vl-convert needs)."""
    if variant.panels:
        return _facet_layout(spec, **fit_facets(variant, spec, width))
    width = min(width, variant.max_width or width)
    own = spec.get("width")
    if ("mark" not in spec and "layer" not in spec) or (isinstance(own, int | float) and own <= width):
        return spec  # a composition this module does not lay out, or a chart narrow enough: as its spec says
    return {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}


def fit_facets(variant: Variant, spec: dict[str, Any], width: int) -> dict[str, int]:
    """The `columns` and `panel` width that lay a faceted `spec` out at most `width` pixels wide, measured by drawing
    it with vl-convert (nothing for a layout without facets)."""
    if not variant.panels:
        return {}
    width = min(width, variant.max_width or width)
    probe = variant.min_panel
    for columns in range(variant.panels, 0, -1):
        overhead = svg_width(_facet_layout(spec, columns, probe)) - columns * probe
        panel = math.floor((width - overhead) / columns)
        if panel >= variant.min_panel:
            break
    for _ in range(4):
        laid = max(panel, 20)
        excess = svg_width(_facet_layout(spec, columns, laid)) - width
        if excess <= 0:
            break
        panel -= math.ceil(excess / columns)
    return {"columns": columns, "panel": laid}


# --- HTML ------------------------------------------------------------------------------------


def views(
    node: dict[str, Any], data: str | None = None, inherited: tuple[dict, ...] = ()
) -> list[tuple[str | None, dict, tuple]]:
    """Every unit view of a spec (a node with a mark): the dataset it draws, the node, and the transforms that apply."""
    data = (node.get("data") or {}).get("name") if "data" in node else data
    transforms = (*inherited, *node.get("transform", []))
    found = [(data, node, transforms)] if "mark" in node else []
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in node.get(key, []):
            found += views(child, data, transforms)
    if isinstance(node.get("spec"), dict):
        found += views(node["spec"], data, transforms)
    return found


def _looked_up(rows: list[dict], transforms: tuple, datasets: dict[str, list[dict]]) -> list[dict]:
    """`rows` with the fields their view's lookup transforms take from other datasets joined in."""
    for transform in transforms:
        source = (transform.get("from") or {}) if "lookup" in transform else {}
        name = (source.get("data") or {}).get("name")
        if name in datasets:
            index = {row.get(source["key"]): row for row in datasets[name]}
            fields = source.get("fields") or []
            rows = [{**row, **{f: index.get(row.get(transform["lookup"]), {}).get(f) for f in fields}} for row in rows]
    return rows


def drawn_rows(spec: dict[str, Any]) -> dict[str, list[dict]]:
    """The rows of each dataset a mark draws, with what its views look up from other datasets joined in.

    A dataset only looked up (an argument map's claim details, shared by its layouts) is not drawn, so not listed."""
    datasets = spec.get("datasets", {})
    drawn: dict[str, list[dict]] = {}
    for data, _, transforms in views(spec):
        if data in datasets:
            rows = _looked_up(datasets[data], transforms, datasets)
            drawn[data] = [{**a, **b} for a, b in zip(drawn[data], rows, strict=True)] if data in drawn else rows
    return drawn


def _cell(value: Any, fmt: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and fmt:
        return format(value, fmt)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def data_tables(spec: dict[str, Any]) -> list[tuple[list[str], list[list[str]]]]:
    """The tooltips of every mark of `spec` as tables: one per set of tooltip titles, each row once."""
    drawn = drawn_rows(spec)
    tables: dict[tuple[str, ...], list[list[str]]] = {}
    for data, node, _ in views(spec):
        tooltip = (node.get("encoding") or {}).get("tooltip")
        if not tooltip:
            continue
        tooltip = tooltip if isinstance(tooltip, list) else [tooltip]
        titles = tuple(str(t.get("title", t.get("field"))) for t in tooltip)
        rows = tables.setdefault(titles, [])
        for record in drawn.get(data or "", []):
            row = [_cell(record.get(t.get("field")), t.get("format")) for t in tooltip]
            if row not in rows:
                rows.append(row)
    return [(list(titles), rows) for titles, rows in tables.items() if rows]


def render(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Altair renderer for a chart made outside `analysis.report.charts`: one layout, as its spec says."""
    return Figure([Variant(0, spec)], str(spec.get("description", "chart")))._repr_mimebundle_()
