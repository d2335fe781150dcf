// Annotated source texts: mark every piece of the passage a link opened (the URL's #fragment) and of the
// passage whose label has keyboard focus. A passage cut by overlapping ones is several pieces, each listing
// the span ids covering it in data-spans; a label or a span anchor names its passage in data-span.
(() => {
  const mark = (name, span) => {
    document.querySelectorAll(`.${name}`).forEach((piece) => piece.classList.remove(name));
    if (!span) return;
    document.querySelectorAll(".annotated-source [data-spans]").forEach((piece) => {
      if (piece.dataset.spans.split(" ").includes(span)) piece.classList.add(name);
    });
  };
  const spanOf = (element) => (element && element.closest("[data-span]") ? element.closest("[data-span]").dataset.span : "");
  const opened = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    mark("span-target", id ? spanOf(document.getElementById(id)) : "");
  };
  window.addEventListener("hashchange", opened);
  document.addEventListener("DOMContentLoaded", opened);
  document.addEventListener("focusin", (event) => mark("span-focus", event.target.closest ? spanOf(event.target.closest(".rec")) : ""));
  document.addEventListener("focusout", () => mark("span-focus", ""));
})();
