(function () {
  "use strict";
  var box = document.getElementById("search");
  var count = document.getElementById("search-count");
  var clauses = Array.prototype.slice.call(document.querySelectorAll(".clause"));
  var provisions = Array.prototype.slice.call(document.querySelectorAll(".provision"));
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  var texts = clauses.map(function (c) {
    var parts = c.querySelectorAll(".clause-text, .derived");
    return norm(Array.prototype.map.call(parts, function (t) { return t.textContent; }).join(" "));
  });
  function run() {
    var q = norm(box.value).trim();
    var shown = 0;
    clauses.forEach(function (c, i) {
      var hit = q === "" || texts[i].indexOf(q) !== -1;
      c.hidden = !hit;
      if (hit) { shown += 1; }
    });
    provisions.forEach(function (p) {
      p.hidden = q !== "" && p.querySelector(".clause:not([hidden])") === null;
    });
    count.textContent = q === "" ? "" : shown + " clause(s) match";
  }
  box.addEventListener("input", run);
  run();
})();
