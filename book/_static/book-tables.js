/* Filterable tables (see BookTable.facets in analysis/tables.py).
 *
 * A long table of the book is followed by a <script type="application/json"
 * class="book-table-facets"> naming the table and giving, for each filter
 * (Author, Topic, Actor, Stance, Modality, Voice...), every row's values in the
 * table's order. This script turns that table, as Sphinx wrote it (links and all),
 * into a DataTables table (the book's local copy, datatables.js): a search box, a
 * menu per filter, sorting by any column, and a count of the rows shown that screen
 * readers announce. Nothing is paged, so every row stays on the page and every
 * anchor in it keeps working. Without script, the static table stays as it is.
 * Under 600 px, book-tables.css shows each row as a card, every cell labelled
 * with its column (the data-label set here).
 */
(function () {
  "use strict";

  function labelCells(table) {
    const headers = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
    for (const row of table.tBodies[0].rows) {
      [...row.cells].forEach((cell, i) => cell.setAttribute("data-label", headers[i] || ""));
    }
  }

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

  function enhance(script) {
    const spec = JSON.parse(script.textContent);
    const table = document.getElementById(spec.table);
    if (!table || !window.DataTable || table.classList.contains("dataTable") || !table.tHead || !table.tBodies.length) return;
    const total = table.tBodies[0].rows.length;
    const caption = table.caption ? table.caption.querySelector(".caption-number") : null;
    const what = caption ? caption.textContent.trim() : "this table";
    labelCells(table);

    const chosen = {};
    const search = element("input", {type: "search", id: `${spec.table}-search`, className: "table-search", autocomplete: "off"});
    const controls = [element("label", {className: "table-filter"}, [element("span", {textContent: "Search"}), search])];
    const menus = [];
    for (const [name, rows] of Object.entries(spec.facets)) {
      const values = choices(rows);
      if (values.every(([, count]) => count === total)) continue;  // a filter that keeps every row is left out
      const menu = element("select", {id: `${spec.table}-filter-${name.toLowerCase()}`, className: "table-facet"});
      menu.dataset.facet = name;
      menu.append(element("option", {value: "", textContent: `All (${values.length})`}));
      values.forEach(([value, count]) => menu.append(element("option", {value, textContent: `${value} (${count})`})));
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

    const api = new window.DataTable(table, {
      paging: false,
      info: false,
      order: [],
      autoWidth: false,
      layout: {topStart: null, topEnd: null, bottomStart: null, bottomEnd: null},
      language: {zeroRecords: "No row matches these filters."},
    });
    window.DataTable.ext.search.push((settings, searchData, index) => {
      if (settings.nTable !== table) return true;
      return Object.entries(chosen).every(([name, value]) => !value || spec.facets[name][index].includes(value));
    });

    const update = () => {
      menus.forEach((menu) => { chosen[menu.dataset.facet] = menu.value; });
      api.search(search.value).draw();
      const shown = api.rows({search: "applied"}).count();
      status.textContent = shown === total ? `All ${total} rows shown.` : `${shown} of ${total} rows shown.`;
      reset.disabled = shown === total && !search.value && menus.every((menu) => !menu.value);
    };
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
