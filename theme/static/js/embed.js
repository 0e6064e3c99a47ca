// In a page made for other sites' frames (/embed/): tell the page holding the frame how
// tall the list is, so that theirs can fit it (theme/js/events-widget.js does so).
// The message carries a number and this page's address, nothing else.
(function () {
  "use strict";
  if (window.parent === window.self) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ chapterhouse: "embed-height", height: height, href: window.location.href }, "*");
  }
  report();
  window.addEventListener("load", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
})();
