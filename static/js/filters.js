// The claim filters start folded (for a phone); a screen wide enough shows them open.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 48rem)").matches) return;
  document.querySelectorAll("details.filters-fold").forEach(function (fold) {
    fold.open = true;
  });
})();
