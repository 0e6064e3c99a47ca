// Progressive enhancements; every page works without them.
// - Online and hybrid events: also show the time in the visitor's own zone.
// - Calendar addresses and code to embed: a "Copy" button next to the field.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;

  function offsetMinutes(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) return 0;
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  function showLocalTimes() {
    var holders = document.querySelectorAll("[data-local-start]");
    for (var i = 0; i < holders.length; i++) {
      var holder = holders[i];
      var start = new Date(holder.getAttribute("data-local-start"));
      var end = new Date(holder.getAttribute("data-local-end"));
      if (isNaN(start.getTime()) || isNaN(end.getTime())) continue;
      // Same UTC offset as the event's zone at that instant: the page's time is already right.
      if (-start.getTimezoneOffset() === offsetMinutes(holder.getAttribute("data-local-start"))) continue;
      var range = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short" }).formatRange(start, end);
      var zone = new Intl.DateTimeFormat(lang, { timeZoneName: "long" })
        .formatToParts(start)
        .filter(function (part) { return part.type === "timeZoneName"; })
        .map(function (part) { return part.value; })
        .join("");
      holder.textContent = holder.getAttribute("data-label") + " " + range + (zone ? " (" + zone + ")" : "");
      holder.hidden = false;
    }
  }

  function addCopyButtons() {
    var inputs = document.querySelectorAll("input[data-copy], textarea[data-copy]");
    for (var i = 0; i < inputs.length; i++) {
      (function (input) {
        var button = document.createElement("button");
        var status = document.createElement("span");
        button.type = "button";
        button.className = "button button-secondary copy-button";
        button.textContent = input.getAttribute("data-copy");
        status.className = "copy-status";
        status.setAttribute("role", "status");
        button.addEventListener("click", function () {
          input.select();
          var done = function () { status.textContent = input.getAttribute("data-copied"); };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(input.value).then(done, function () {});
          }
        });
        input.insertAdjacentElement("afterend", status);
        input.insertAdjacentElement("afterend", button);
      })(inputs[i]);
    }
  }

  showLocalTimes();
  addCopyButtons();
})();
