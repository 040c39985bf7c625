// On the page that embeds a Claim tracker comparison: fit each embed's frame to the height
// its content reports. Only messages from the frame's own window and origin are believed.
(function () {
  "use strict";
  if (window.claimtrackerEmbedHost) {
    return;
  }
  window.claimtrackerEmbedHost = true;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.claimtracker !== "height" || typeof data.height !== "number") {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-claimtracker-embed]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow === event.source && new URL(frame.src).origin === event.origin) {
        frame.style.height = Math.max(100, Math.min(data.height, 20000)) + "px";
      }
    }
  });
})();
