/* The reader's page at every width: menus that give focus back, tables that show every column.
 *
 * Menus. On a phone or tablet the navigation and "On this page" buttons open the
 * theme's dialogs (pydata-sphinx-theme). The book theme takes focus off a button
 * as it is pressed, so on closing the dialog focus fell back to the page's start;
 * here it goes back to the button that opened the menu, as for any dialog.
 *
 * Tables (book.css draws the cards). Each cell of a table with a header row is
 * labelled with its column's name (data-label). A table is marked `book-cards`,
 * each row then shown as a card, each cell under its column's name, on a phone
 * (under 600 px; a chart's data table has a phone layout of its own, once labelled) and at any
 * width when its columns, even wrapped, are wider than its column (a chart's
 * twelve-column data table beside the page's contents, say). This is checked again
 * when the box a table sits in changes width or a table is shown (a <details> opened). So no
 * column is ever out of view; without script a table keeps its sideways scroll.
 */
(function () {
  "use strict";

  const PHONE = window.matchMedia("(max-width: 600px)");

  function labelled(table) {
    return table.tHead && table.tHead.rows.length && table.tBodies.length;
  }

  function label(table) {
    const headers = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        [...row.cells].forEach((cell, i) => {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[i] || "");
        });
      }
    }
    table.classList.add("book-labelled");
  }

  // Cards on a phone, or for a table too wide for its column (measured as a table); a hidden table is left as it is.
  function fit(table) {
    if (!table.getClientRects().length) return;
    table.classList.remove("book-cards");
    const phone = PHONE.matches && !table.classList.contains("chart-data-table");
    if (phone || table.offsetWidth > table.parentElement.clientWidth + 1) table.classList.add("book-cards");
  }

  function tables() {
    return [...document.querySelectorAll("article.bd-article table")].filter(labelled);
  }

  function returnFocus(toggle, dialogId) {
    const button = document.querySelector(`.bd-header-article ${toggle}`);
    const dialog = document.getElementById(dialogId);
    if (!button || !dialog) return;
    dialog.addEventListener("close", () => button.focus({preventScroll: true}));
  }

  function ready() {
    returnFocus(".primary-toggle", "pst-primary-sidebar-modal");
    returnFocus(".secondary-toggle", "pst-secondary-sidebar-modal");
    tables().forEach(label);
    tables().forEach(fit);
    // Fitted again whenever the box a table sits in changes width: the window's resize comes before the page's
    // sidebars and scrollbars have settled, so a table measured then could end up wider than its box.
    const boxes = new ResizeObserver((entries) => {
      const resized = new Set(entries.map((entry) => entry.target));
      tables().filter((table) => resized.has(table.parentElement)).forEach(fit);
    });
    tables().forEach((table) => boxes.observe(table.parentElement));
    document.addEventListener("toggle", (event) => {
      if (event.target.tagName === "DETAILS" && event.target.open) tables().filter((t) => event.target.contains(t)).forEach(fit);
    }, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
