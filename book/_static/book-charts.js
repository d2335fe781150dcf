/* The book's charts in the browser (see analysis/book/chart_html.py and analysis/report/figure.py).
 *
 * Each chart fragment calls window.bookChart(id); the chart's data is the JSON in
 * the fragment's <script type="application/json" id="<id>-figure">: its datasets
 * and its layouts ("variants"), narrowest first, each naming the datasets it draws
 * (datasetNames), packed (a dataset as its fields and rows of values, a layout as its
 * changes to the one before; chart_html.packed). This script:
 *  - picks the widest layout whose minWidth the chart's column reaches, fits it to
 *    the column (Vega-Lite's width "container", or, for panels, as many columns of
 *    at least minPanel pixels as fit, measured by drawing them off screen), and
 *    draws it again whenever the column's width changes;
 *  - shows the data of a mark (its tooltip: author, quote, ...) in the panel under
 *    the chart when the mark is clicked or tapped, or chosen with the arrow keys
 *    while the chart has focus (Enter or Space shows the current mark, Escape
 *    clears), so that nothing needs a hover; a mark whose data row has an `href`
 *    (a claim's passage) gets a link to it there;
 *  - reads the local files a chart names by URL (a map's boundaries) from the
 *    book's own site, or, on a page opened from disk (file://), where the browser
 *    does not fetch files, from the file's script twin (<name>.js next to
 *    <name>.json), which registers the file's text in window.bookData; the chart
 *    is drawn with the content in place of the URL.
 * window.bookCharts[id] holds each chart's vega-embed result once it is drawn.
 */
(function () {
  "use strict";

  const KEYS_NEXT = ["ArrowRight", "ArrowDown"];
  const KEYS_PREVIOUS = ["ArrowLeft", "ArrowUp"];

  // A script element's load, as a promise that settles either way.
  function addScript(src) {
    return new Promise((resolve) => {
      const script = Object.assign(document.createElement("script"), {src});
      script.onload = script.onerror = resolve;
      document.head.append(script);
    });
  }

  // The content of a local JSON file a chart names by URL, parsed, read once per page: fetched from the book's
  // site, or, on a page opened from disk, taken from the text its script twin registers.
  const files = {};
  function readFile(url) {
    files[url] = files[url] || (async () => {
      if (location.protocol === "file:") {
        const registry = (window.bookData = window.bookData || {});
        if (!(url in registry)) await addScript(url.replace(/\.json$/, ".js"));
        if (!(url in registry)) throw new Error(`${url} has no script twin to read it from`);
        return JSON.parse(registry[url]);
      }
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    })();
    return files[url];
  }

  // `node` (a spec) with every data source that names a .json file by URL holding the file's content instead.
  async function withFiles(node) {
    if (Array.isArray(node)) return Promise.all(node.map(withFiles));
    if (!node || typeof node !== "object") return node;
    if (typeof node.url === "string" && node.url.endsWith(".json")) {
      const {url, ...rest} = node;
      return {...rest, values: await readFile(new URL(url, document.baseURI).href)};
    }
    const entries = await Promise.all(Object.entries(node).map(async ([key, value]) => [key, await withFiles(value)]));
    return Object.fromEntries(entries);
  }

  function chooseVariant(variants, width) {
    let chosen = variants[0];
    for (const variant of variants) {
      if (width >= variant.minWidth) chosen = variant;
    }
    return chosen;
  }

  function facetLayout(variant, datasets, columns, panel) {
    return {...variant.spec, datasets, columns, spec: {...variant.spec.spec, width: panel}};
  }

  // The width a spec draws at, drawn out of sight.
  async function measure(spec) {
    const scratch = document.createElement("div");
    scratch.setAttribute("aria-hidden", "true");
    scratch.style.cssText = "position: absolute; left: -20000px; top: 0; visibility: hidden;";
    document.body.append(scratch);
    try {
      const result = await window.vegaEmbed(scratch, spec, {actions: false, renderer: "svg", defaultStyle: false, tooltip: false});
      const width = parseFloat(scratch.querySelector("svg").getAttribute("width"));
      result.finalize();
      return width;
    } finally {
      scratch.remove();
    }
  }

  // As many panels side by side as fit at minPanel pixels or more, then the panel width that fills `width`.
  async function fitPanels(variant, datasets, width) {
    const probe = variant.minPanel;
    let columns = variant.panels;
    let panel = probe;
    for (; columns >= 1; columns--) {
      const overhead = (await measure(facetLayout(variant, datasets, columns, probe))) - columns * probe;
      panel = Math.floor((width - overhead) / columns);
      if (panel >= variant.minPanel || columns === 1) break;
    }
    let spec = facetLayout(variant, datasets, columns, Math.max(panel, 20));
    for (let attempt = 0; attempt < 4; attempt++) {
      const excess = (await measure(spec)) - width;
      if (excess <= 0) break;
      panel -= Math.ceil(excess / columns);
      spec = facetLayout(variant, datasets, columns, Math.max(panel, 20));
    }
    return spec;
  }

  // How far the drawing (the SVG and every text in it) reaches past the chart's box on the left and on the right.
  function overflow(el) {
    const frame = el.getBoundingClientRect();
    const boxes = [...el.querySelectorAll("svg, svg text")].map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0);
    return {
      left: Math.max(0, frame.left - Math.min(...boxes.map((b) => b.left))),
      right: Math.max(0, Math.max(...boxes.map((b) => b.right)) - frame.right),
    };
  }

  // Every drawn item that has a tooltip, in reading order (top to bottom, then left to right).
  function marksOf(view) {
    const found = [];
    const visit = (node) => {
      if (!node) return;
      if (node.marktype !== undefined) {
        for (const item of node.items || []) {
          if (node.marktype !== "group" && item.tooltip != null && item._svg) found.push(item);
          visit(item);
        }
        return;
      }
      (node.items || []).forEach(visit);
    };
    visit(view.scenegraph().root);
    const placed = found
      .map((item) => ({item, box: item._svg.getBoundingClientRect()}))
      .filter(({box}) => box.width > 0 || box.height > 0);
    const row = (box) => Math.round((box.top + box.height / 2) / 6);
    placed.sort((a, b) => row(a.box) - row(b.box) || a.box.left - b.box.left);
    return placed.map(({item}) => item);
  }

  function entries(tooltip) {
    if (tooltip !== null && typeof tooltip === "object") return Object.entries(tooltip);
    return [["Value", tooltip]];
  }

  function clear(state) {
    state.index = -1;
    state.panel.replaceChildren();
    if (state.ring) state.ring.remove();
  }

  // `reveal`: "panel" to bring the panel into view (a click or tap), "mark" to keep the chosen mark in view (keys).
  function show(state, index, reveal) {
    const item = state.marks[index];
    if (!item) return;
    state.index = index;
    const count = document.createElement("p");
    count.className = "chart-detail-count";
    count.textContent = `Mark ${index + 1} of ${state.marks.length}`;
    const list = document.createElement("dl");
    for (const [title, value] of entries(item.tooltip)) {
      const term = document.createElement("dt");
      term.textContent = title;
      const detail = document.createElement("dd");
      detail.textContent = value === null || value === undefined ? "" : String(value);
      list.append(term, detail);
    }
    state.panel.replaceChildren(count, list);
    const href = item.datum && item.datum.href;
    if (href) {
      const link = Object.assign(document.createElement("a"), {href, textContent: "Open the passage in its text"});
      const line = document.createElement("p");
      line.append(link);
      state.panel.append(line);
    }
    // A ring around the chosen mark, over the chart.
    const box = item._svg.getBoundingClientRect();
    const frame = state.el.getBoundingClientRect();
    state.ring = state.ring || Object.assign(document.createElement("div"), {className: "chart-mark-ring"});
    Object.assign(state.ring.style, {
      left: `${box.left - frame.left + state.el.scrollLeft - 4}px`,
      top: `${box.top - frame.top - 4}px`,
      width: `${box.width + 8}px`,
      height: `${box.height + 8}px`,
    });
    state.ring.setAttribute("aria-hidden", "true");
    state.el.append(state.ring);
    // The panel is held in view at the window's bottom (book.css); a mark chosen by key is kept clear of it.
    const clearance = state.panel.offsetHeight + 24;
    state.ring.style.scrollMarginBottom = `${clearance}px`;
    const target = reveal === "panel" ? state.panel : state.ring;
    const where = target.getBoundingClientRect();
    const bottom = window.innerHeight - (reveal === "panel" ? 0 : clearance);
    if (where.top < 0 || where.bottom > bottom) target.scrollIntoView({block: "nearest"});
  }

  function onKey(state, event) {
    const count = state.marks.length;
    if (!count) return;
    let index = state.index;
    if (KEYS_NEXT.includes(event.key)) index = index < 0 ? 0 : (index + 1) % count;
    else if (KEYS_PREVIOUS.includes(event.key)) index = index < 0 ? count - 1 : (index - 1 + count) % count;
    else if (event.key === "Home") index = 0;
    else if (event.key === "End") index = count - 1;
    else if (event.key === "Enter" || event.key === " ") index = Math.max(index, 0);
    else if (event.key === "Escape") index = -2;
    else return;
    event.preventDefault();
    if (index === -2) clear(state);
    else show(state, index, "mark");
  }

  async function draw(state) {
    const width = Math.floor(state.box.getBoundingClientRect().width);
    if (width < 1 || width === state.width) return;
    state.width = width;
    const token = ++state.token;
    state.el.dataset.drawing = "true";
    try {
      const chosen = chooseVariant(state.figure.variants, width);
      const variant = {...chosen, spec: await withFiles(chosen.spec)};
      const target = Math.min(width, variant.maxWidth || width);
      // The datasets this layout draws: another layout's (the same marks laid out for another width) stay out.
      const datasets = Object.fromEntries(chosen.datasetNames.map((name) => [name, state.figure.datasets[name]]));
      let spec = variant.panels ? await fitPanels(variant, datasets, target) : {...variant.spec, datasets};
      if (token !== state.token) return; // a newer width took over
      state.el.style.maxWidth = variant.maxWidth ? `${variant.maxWidth}px` : "";
      if (state.result) state.result.finalize();
      clear(state);
      state.ring = null;
      const options = {actions: false, renderer: "svg", defaultStyle: false};
      state.result = await window.vegaEmbed(state.el, spec, options);
      // Vega fits a "container" chart's plot, axes and legends, but a label centred on the last column, or a
      // legend wider than the plot, can still reach past the edge: then the chart is drawn again with that
      // much more padding, so that the plot narrows to leave room.
      const over = overflow(state.el);
      if (!variant.panels && (over.left > 0.5 || over.right > 0.5)) {
        const pad = {top: 5, bottom: 5, left: 5 + Math.ceil(over.left), right: 5 + Math.ceil(over.right)};
        spec = {...spec, padding: pad};
        state.result.finalize();
        state.result = await window.vegaEmbed(state.el, spec, options);
      }
      state.marks = marksOf(state.result.view);
      // A click or tap on a mark shows it; on a label drawn over a mark (a cell's number), the mark beneath.
      state.result.view.addEventListener("click", (event, item) => {
        let index = state.marks.indexOf(item);
        if (index < 0) {
          index = state.marks.findIndex((mark) => {
            const box = mark._svg.getBoundingClientRect();
            return event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
          });
        }
        if (index >= 0) show(state, index, "panel");
      });
      state.el.dataset.variant = String(state.figure.variants.indexOf(chosen));
      (window.bookCharts = window.bookCharts || {})[state.id] = state.result;
    } catch (error) {
      console.error(error);
    } finally {
      if (token === state.token) delete state.el.dataset.drawing;
    }
  }

  // `base` with `changes` made (analysis/book/chart_html.py, diff): keys set to a value, patched in turn, deleted.
  function patched(base, changes) {
    const found = Array.isArray(base) ? base.slice() : {...base};
    for (const key of changes.del || []) delete found[key];
    Object.assign(found, changes.set || {});
    for (const [key, nested] of Object.entries(changes.sub || {})) found[key] = patched(base[key], nested);
    return found;
  }

  // The figure's data as the page packs it (chart_html.packed): rows as fields and values, layouts as changes.
  function unpacked(figure) {
    const datasets = Object.fromEntries(Object.entries(figure.datasets).map(([name, rows]) => [
      name,
      Array.isArray(rows) ? rows : rows.rows.map((values) => Object.fromEntries(rows.fields.map((field, i) => [field, values[i]]))),
    ]));
    const variants = [];
    for (const layout of figure.variants) variants.push(layout.changes ? patched(variants[variants.length - 1], layout.changes) : layout);
    return {datasets, variants};
  }

  window.bookChart = function (id) {
    const el = document.getElementById(id);
    const island = document.getElementById(`${id}-figure`);
    if (!el || !island) return;
    const figure = unpacked(JSON.parse(island.textContent));
    const state = {
      id, el, figure, box: el.parentElement, panel: document.getElementById(`${id}-detail`),
      width: 0, token: 0, index: -1, marks: [], result: null, ring: null,
    };
    el.addEventListener("keydown", (event) => onKey(state, event));
    let pending = null;
    new ResizeObserver(() => {
      clearTimeout(pending);
      pending = setTimeout(() => draw(state), state.result ? 150 : 0);
    }).observe(state.box);
    draw(state);
  };
})();
