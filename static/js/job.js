// A background job's page: every two seconds, fetch where the job stands and show it in the
// status region; once the job has moved to another state, reload to show its result. (A page
// reloading itself on a timer would lose a screen reader's place; this one changes only the
// region, which announces itself politely.)
(function () {
  "use strict";
  var region = document.querySelector("[data-job-status-url]");
  if (!region) {
    return;
  }
  var url = region.getAttribute("data-job-status-url");
  var state = region.getAttribute("data-job-state");

  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
        if (fresh.getAttribute("data-job-state") !== state) {
          window.location.reload();
          return;
        }
        region.replaceChildren.apply(region, Array.from(fresh.childNodes));
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 2000);
})();
