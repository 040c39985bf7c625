// The desk's claim rows, as the editor types: a question typed in one row is offered in every
// other row, and a source's "new source" mark follows what its field says. Without this
// script the page works the same, and the marks are right after each round trip.
(function () {
  "use strict";
  var questions = document.getElementById("known-questions");
  var sources = document.getElementById("known-sources");
  if (!questions || !sources) {
    return;
  }

  function plain(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function listed(datalist, value) {
    return Array.prototype.some.call(datalist.options, function (option) {
      return plain(option.value) === plain(value);
    });
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.getAttribute("list") !== "known-questions" || !field.value.trim()) {
      return;
    }
    if (!listed(questions, field.value)) {
      var option = document.createElement("option");
      option.value = field.value.trim();
      questions.appendChild(option);
    }
  });

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.getAttribute("list") !== "known-sources") {
      return;
    }
    var mark = field.parentElement.querySelector(".desk-new");
    if (mark) {
      mark.hidden = !field.value.trim() || listed(sources, field.value);
    }
  });
})();
