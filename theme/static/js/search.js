// The search page: loads the site's search index and queries it with MiniSearch (vendored).
// Static and offline: nothing leaves the site.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root || typeof MiniSearch === "undefined") return;
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var index = null;

  function label(name, values) {
    return root.getAttribute(name).replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // The page gives the message in each plural form of its language ("data-results-one",
  // "data-results-few", "data-results-other"…); the browser says which a count takes.
  var lang = document.documentElement.lang || "en";
  var plurals = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function resultsLabel(count) {
    var name = "data-results-" + (plurals ? plurals.select(count) : "other");
    return root.hasAttribute(name) ? name : "data-results-other";
  }

  function fold(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!index) {
      index = fetch(root.getAttribute("data-index"))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (documents) {
          var search = new MiniSearch({
            fields: ["t", "c", "p", "s", "x", "sp", "b"],
            storeFields: ["k", "t", "u", "d", "c", "p", "st", "l", "r"],
            processTerm: fold,
            searchOptions: {
              boost: { t: 3, x: 2, c: 2, sp: 1.5, p: 1.2 },
              prefix: true,
              fuzzy: 0.15,
              combineWith: "AND",
              boostDocument: function (id, term, stored) { return stored && stored.w ? stored.w : 1; },
            },
          });
          search.addAll(documents);
          return search;
        });
    }
    return index;
  }

  function render(hits, query) {
    list.replaceChildren();
    hits.slice(0, 30).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.u;
      link.textContent = hit.t;
      if (hit.l && hit.l !== lang) {
        link.lang = hit.l; // a result in another language than the page's
        link.dir = hit.r ? "rtl" : "ltr";
      }
      item.appendChild(link);
      var details = [root.getAttribute("data-kind-" + hit.k)];
      if (hit.st) details.push(root.getAttribute("data-status-" + hit.st));
      [hit.d, hit.c, hit.p].forEach(function (part) { if (part) details.push(part); });
      var meta = document.createElement("p");
      meta.textContent = details.join(" · ");
      if (link.lang) { meta.lang = link.lang; meta.dir = link.dir; }
      item.appendChild(meta);
      list.appendChild(item);
    });
    status.textContent = hits.length
      ? label(resultsLabel(hits.length), { count: hits.length.toLocaleString(lang), query: query })
      : label("data-empty-label", { query: query });
  }

  function run(query) {
    query = query.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    load()
      .then(function (search) { render(search.search(query), query); })
      .catch(function () { status.textContent = root.getAttribute("data-error-label"); });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 200);
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
