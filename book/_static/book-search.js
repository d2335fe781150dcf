/* Search snippets on the search page, also when the book is opened from disk.
 *
 * Sphinx's search cuts each result's snippet from the result's page, which it fetches;
 * a browser refuses that fetch to a page opened from disk (file://). Here the search's
 * fetch of one of the book's pages is answered with that page's text, which the build
 * writes as a script (_static/search-texts/<page>.js, analysis/book/sphinx_search.py)
 * and which is loaded by a <script> element, as a page opened from disk may. The text
 * comes gzip-compressed in base64, and is unpacked here. Any other fetch goes through
 * as it was.
 */
(function () {
  "use strict";

  const fetchPage = window.fetch.bind(window);
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  const loading = {};

  function load(docname) {
    if (!loading[docname]) {
      loading[docname] = new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = new URL(`_static/search-texts/${docname}.js`, root).href;
        script.onload = script.onerror = () => resolve();
        document.head.appendChild(script);
      });
    }
    return loading[docname];
  }

  window.fetch = function (resource, options) {
    const url = new URL(String(resource instanceof Request ? resource.url : resource), window.location.href);
    const page = url.href.split(/[?#]/)[0];
    if (!page.startsWith(root.href) || !page.endsWith(".html")) return fetchPage(resource, options);
    const docname = decodeURIComponent(page.slice(root.href.length, -".html".length));
    return load(docname).then(() => {
      const packed = (window.bookSearchTexts || {})[docname];
      if (packed === undefined) return fetchPage(resource, options);
      const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
      const text = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(text, {headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  };
})();
