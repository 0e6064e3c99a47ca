// The search page: queries the Pagefind index built with the site (static, works offline).
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var pagefind = null;
  var latest = 0;

  function label(name, values) {
    return root.getAttribute(name).replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // Pagefind excerpts are escaped text with <mark> around matches: keep only text and <mark>.
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var paragraph = document.createElement("p");
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(root.getAttribute("data-bundle") + "pagefind.js").then(function (module) {
        return module.init().then(function () { return module; });
      });
    }
    return pagefind;
  }

  function run(query) {
    var mine = ++latest;
    query = query.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    load()
      .then(function (module) { return module.search(query); })
      .then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (result) { return result.data(); }));
      })
      .then(function (results) {
        if (mine !== latest) return;
        list.replaceChildren();
        results.forEach(function (data) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = data.url;
          link.textContent = (data.meta && data.meta.title) || data.url;
          item.appendChild(link);
          item.appendChild(excerpt(data.excerpt || ""));
          list.appendChild(item);
        });
        status.textContent = results.length
          ? label("data-results-label", { count: results.length, query: query })
          : label("data-empty-label", { query: query });
      })
      .catch(function () {
        status.textContent = root.getAttribute("data-error-label");
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 250);
  });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
