// Inline in <head> (base.html: no request on the way to the first paint; allowed by its
// hash in the page's Content-Security-Policy), before the page is drawn: a page framed by
// another site (to trick a visitor into clicking on it) is hidden, with a link to open it
// in its own window.
// Framing by the site itself, and the pages made for frames (/embed/), are allowed.
// Hosts that send headers get the same rule as "Content-Security-Policy: frame-ancestors"
// (the _headers file); GitHub Pages sends none, hence this script. Without JavaScript, or
// when not framed, it does nothing.
(function () {
  "use strict";
  if (window.top === window.self) return;
  var foreign = false;
  try {
    // Reading another origin's location throws; the same origin's does not.
    foreign = window.top.location.origin !== window.location.origin;
  } catch (error) {
    foreign = true;
  }
  if (!foreign) return;
  var words = document.documentElement.getAttribute("data-frame-notice") || document.title;
  document.documentElement.className += " framed-elsewhere";
  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.createElement("p");
    var link = document.createElement("a");
    notice.className = "frame-notice";
    link.href = window.location.href;
    link.target = "_top";
    link.rel = "noopener";
    link.textContent = words;
    notice.appendChild(link);
    document.body.insertBefore(notice, document.body.firstChild);
  });
})();
