/* Chapterhouse events widget: no dependency, nothing but this file.
 *
 * For a partner's page, loaded from the Chapterhouse site:
 *   <script src="https://SITE/theme/js/events-widget.js" defer></script>
 *
 * 1. <iframe data-chapterhouse-embed src="https://SITE/chapters/SLUG/embed/">: the frame
 *    takes the height of the list it shows (the embed page reports it).
 * 2. <div data-chapterhouse-events="https://SITE/events.json" data-chapter="SLUG"
 *    data-limit="5" data-lang="fr"><a href="https://SITE/chapters/SLUG/">…</a></div>:
 *    for pages that refuse frames, the next events drawn from the site's events.json
 *    (data-chapter and data-limit are optional; data-lang defaults to the page's
 *    language). What the element holds is left as it is until the list is ready and
 *    whenever it cannot be made (no JavaScript, no network): write a link there.
 *
 * Everything from events.json is written as text, never as HTML, and only http(s)
 * links are followed: the partner's page runs no code from the data.
 */
(function () {
  "use strict";

  function webLink(value) {
    return typeof value === "string" && /^https?:\/\//i.test(value) ? value : "";
  }

  function fitFrames() {
    window.addEventListener("message", function (message) {
      var data = message.data;
      if (!data || data.chapterhouse !== "embed-height" || typeof data.height !== "number") return;
      var frames = document.querySelectorAll("iframe[data-chapterhouse-embed]");
      for (var i = 0; i < frames.length; i++) {
        if (frames[i].contentWindow === message.source) {
          frames[i].style.height = Math.max(80, Math.min(4000, Math.round(data.height))) + "px";
        }
      }
    });
  }

  function upcoming(document_, chapter, now) {
    var items = [];
    var events = (document_ && Array.isArray(document_.events)) ? document_.events : [];
    events.forEach(function (event) {
      if (!event || event.status !== "scheduled") return;
      if (chapter && !(event.chapter && event.chapter.slug === chapter)) return;
      // A series lists its dates in "occurrences"; a single event's date is its start and end.
      var dates = (event.occurrences && event.occurrences.length)
        ? event.occurrences : [{ start: event.start, end: event.end }];
      dates.forEach(function (occurrence) {
        if (!occurrence || typeof occurrence.start !== "string") return;
        var start = new Date(occurrence.start);
        var end = new Date(occurrence.end);
        if (isNaN(start.getTime()) || isNaN(end.getTime())) return;
        if (event.all_day) end = new Date(end.getTime() + 86400000);
        if (end.getTime() <= now) return;
        items.push({ event: event, start: start, startText: occurrence.start });
      });
    });
    items.sort(function (a, b) { return a.start - b.start || (a.event.title < b.event.title ? -1 : 1); });
    return items;
  }

  function when(item, lang) {
    var event = item.event;
    if (event.all_day) {
      // A date alone: the day as written, whatever the reader's zone.
      var day = new Date(item.startText.slice(0, 10) + "T12:00:00Z");
      return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeZone: "UTC" }).format(day);
    }
    // The event's own wall time, its zone named (a partner's reader may live elsewhere).
    var options = {
      weekday: "long", day: "numeric", month: "long", year: "numeric",
      hour: "numeric", minute: "2-digit", timeZoneName: "short"
    };
    try {
      options.timeZone = event.timezone;
      return new Intl.DateTimeFormat(lang, options).format(item.start);
    } catch (error) {  // a zone this browser does not know: the reader's own
      delete options.timeZone;
      return new Intl.DateTimeFormat(lang, options).format(item.start);
    }
  }

  function draw(holder, items, lang, showChapter) {
    var list = document.createElement("ul");
    list.className = "chapterhouse-events";
    items.forEach(function (item) {
      var event = item.event;
      var entry = document.createElement("li");
      var time = document.createElement("time");
      time.dateTime = item.startText;
      time.textContent = when(item, lang);
      entry.appendChild(time);
      entry.appendChild(document.createTextNode(" "));
      var url = webLink(event.url);
      var title = document.createElement(url ? "a" : "span");
      if (url) title.href = url;
      title.textContent = String(event.title || "");
      if (event.lang) title.lang = String(event.lang);
      entry.appendChild(title);
      var place = event.venue && event.venue.name ? String(event.venue.name) : "";
      var details = [showChapter && event.chapter ? String(event.chapter.title || "") : "", place]
        .filter(Boolean).join(" · ");
      if (details) entry.appendChild(document.createTextNode(" · " + details));
      list.appendChild(entry);
    });
    if (!items.length) return;  // nothing to come: the holder's own content stays
    var more = holder.querySelector("a[href]");
    holder.textContent = "";
    holder.appendChild(list);
    if (more) holder.appendChild(more);
  }

  function fill(holder) {
    var source = webLink(holder.getAttribute("data-chapterhouse-events"));
    if (!source || !window.fetch) return;
    var chapter = holder.getAttribute("data-chapter") || "";
    var limit = parseInt(holder.getAttribute("data-limit") || "5", 10);
    if (!(limit > 0)) limit = 5;
    var lang = holder.getAttribute("data-lang") || document.documentElement.lang || undefined;
    fetch(source, { credentials: "omit", mode: "cors" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        draw(holder, upcoming(data, chapter, Date.now()).slice(0, limit), lang, !chapter);
        holder.setAttribute("data-chapterhouse-ready", "");
      })
      .catch(function () { holder.setAttribute("data-chapterhouse-failed", ""); });
  }

  fitFrames();
  function start() {
    var holders = document.querySelectorAll("[data-chapterhouse-events]");
    for (var i = 0; i < holders.length; i++) fill(holders[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
