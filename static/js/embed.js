// Inside an embedded comparison: tell the page around it how tall this content is (its
// embed-host.js fits the frame to it), and reload when the comparison's data has changed.
(function () {
  "use strict";
  var CHECK_EVERY_MS = 60000;

  function tellHeight() {
    if (window.parent === window) {
      return;
    }
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ claimtracker: "height", height: height, href: location.href }, "*");
  }

  function etagOf(response) {
    return response.headers.get("ETag");
  }

  function watchForChanges() {
    var first = null;
    function check() {
      fetch(location.href, { method: "HEAD", cache: "no-store", credentials: "omit" })
        .then(function (response) {
          var etag = etagOf(response);
          if (first === null) {
            first = etag;
          } else if (etag && etag !== first) {
            location.reload();
            return;
          }
          window.setTimeout(check, CHECK_EVERY_MS);
        })
        .catch(function () {
          window.setTimeout(check, CHECK_EVERY_MS);
        });
    }
    check();
  }

  tellHeight();
  if ("ResizeObserver" in window) {
    new ResizeObserver(tellHeight).observe(document.documentElement);
  } else {
    window.addEventListener("resize", tellHeight);
  }
  window.addEventListener("load", tellHeight);
  watchForChanges();
})();
