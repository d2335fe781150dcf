/* The reader's page at every width: menus that give focus back, tables that show every column.
 *
 * Menus. On a phone or tablet the navigation and "On this page" buttons open the
 * theme's dialogs (pydata-sphinx-theme). The book theme takes focus off a button
 * as it is pressed, so on closing the dialog focus fell back to the page's start;
 * here it goes back to the button that opened the menu, as for any dialog.
 *
 * Tables (book.css draws the cards).
 * Each cell of a table with a header row is labelled with its column's name
 * (data-label) and the table is marked `book-cards`: under 600 px every row is
 * then shown as a card, each cell under its column's name, so no column is ever
 * off-screen on a phone. Without script a table keeps its sideways scroll.
 */
(function () {
  "use strict";

  function cardTable(table) {
    if (table.classList.contains("chart-data-table") || !table.tHead || !table.tHead.rows.length || !table.tBodies.length) return;
    const headers = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        [...row.cells].forEach((cell, i) => {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[i] || "");
        });
      }
    }
    table.classList.add("book-cards");
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
    document.querySelectorAll("article.bd-article table").forEach(cardTable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
