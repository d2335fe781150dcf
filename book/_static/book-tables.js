/* Filterable tables (see BookTable.facets in analysis/tables.py).
 *
 * A long table of the book is followed by a <script type="application/json"
 * class="book-table-facets"> naming the table and giving, for each filter
 * (Author, Topic, Actor, Stance, Modality, Voice...), every row's values in the
 * table's order. This script adds to that table, as Sphinx wrote it (links and
 * all), a search box, a menu per filter, sorting by any column (a button in each
 * column's header), and a count of the rows shown that screen readers announce.
 * Rows that match are shown, in the chosen order; nothing is paged, so every
 * matching row stays on the page and every anchor in it keeps working. It needs
 * no library (DataTables, with jQuery, weighed 0.7 MB for this). Without script,
 * the static table stays as it is. book-reader.js shows the rows as cards on a phone.
 */
(function () {
  "use strict";

  // The values of one filter, most frequent first, each with the number of rows that have it.
  function choices(rows) {
    const counts = new Map();
    rows.forEach((values) => values.forEach((value) => counts.set(value, (counts.get(value) || 0) + 1)));
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  function element(tag, properties, children) {
    const node = Object.assign(document.createElement(tag), properties || {});
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  // A cell's value for sorting: a number when it reads as one, else its text.
  function sortKey(cell) {
    const text = cell.textContent.trim();
    const number = Number(text.replace(/[+\u2212]/g, (c) => (c === "+" ? "" : "-")));
    return text !== "" && Number.isFinite(number) ? number : text.toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === "number" ? -1 : 1;
  }

  function enhance(script) {
    const spec = JSON.parse(script.textContent);
    const table = document.getElementById(spec.table);
    if (!table || table.classList.contains("book-filterable") || !table.tHead || !table.tBodies.length) return;
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const total = rows.length;
    const texts = rows.map((row) => row.textContent.toLowerCase());
    const caption = table.caption ? table.caption.querySelector(".caption-number") : null;
    const what = caption ? caption.textContent.trim() : "this table";

    const chosen = {};
    const search = element("input", {type: "search", id: `${spec.table}-search`, className: "table-search", autocomplete: "off"});
    const controls = [element("label", {className: "table-filter"}, [element("span", {textContent: "Search"}), search])];
    const menus = [];
    for (const [name, values] of Object.entries(spec.facets)) {
      const counted = choices(values);
      if (counted.every(([, count]) => count === total)) continue;  // a filter that keeps every row is left out
      const menu = element("select", {id: `${spec.table}-filter-${name.toLowerCase()}`, className: "table-facet"});
      menu.dataset.facet = name;
      menu.append(element("option", {value: "", textContent: `All (${counted.length})`}));
      counted.forEach(([value, count]) => menu.append(element("option", {value, textContent: `${value} (${count})`})));
      menus.push(menu);
      controls.push(element("label", {className: "table-filter"}, [element("span", {textContent: name}), menu]));
    }
    const reset = element("button", {type: "button", className: "table-reset", textContent: "Show all rows"});
    const status = element("p", {className: "table-status", id: `${spec.table}-status`});
    status.setAttribute("aria-live", "polite");
    const bar = element("div", {className: "table-filters"}, [...controls, reset]);
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", `Filter ${what}`);
    const anchor = table.closest(".pst-scrollable-table-container") || table;
    anchor.before(bar, status);
    table.classList.add("book-filterable");
    table.setAttribute("aria-describedby", status.id);

    // Sorting: each header's button cycles ascending, descending, the table's own order.
    let order = rows.map((row, index) => index);
    const headers = [...table.tHead.rows[0].cells];
    headers.forEach((header, column) => {
      const name = header.textContent.trim();
      const button = element("button", {type: "button", className: "table-sort", textContent: name});
      button.setAttribute("aria-label", `${name}: sort`);
      header.replaceChildren(button);
      button.addEventListener("click", () => {
        const next = {none: "ascending", ascending: "descending", descending: "none"}[header.getAttribute("aria-sort") || "none"];
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        order = rows.map((row, index) => index);
        if (next !== "none") {
          header.setAttribute("aria-sort", next);
          const keys = rows.map((row) => sortKey(row.cells[column]));
          order.sort((a, b) => compare(keys[a], keys[b]) * (next === "ascending" ? 1 : -1) || a - b);
        }
        update();
      });
    });

    function update() {
      menus.forEach((menu) => { chosen[menu.dataset.facet] = menu.value; });
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      const shown = order.filter((index) =>
        words.every((word) => texts[index].includes(word)) &&
        Object.entries(chosen).every(([name, value]) => !value || spec.facets[name][index].includes(value)));
      body.replaceChildren(...shown.map((index) => rows[index]));
      status.textContent = shown.length === total ? `All ${total} rows shown.`
        : shown.length === 0 ? `No row matches these filters (0 of ${total} rows shown).`
        : `${shown.length} of ${total} rows shown.`;
      reset.disabled = shown.length === total && !search.value && menus.every((menu) => !menu.value);
    }

    search.addEventListener("input", update);
    menus.forEach((menu) => menu.addEventListener("change", update));
    reset.addEventListener("click", () => {
      search.value = "";
      menus.forEach((menu) => { menu.value = ""; });
      update();
    });
    update();
  }

  function enhanceAll() {
    document.querySelectorAll("script.book-table-facets").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
