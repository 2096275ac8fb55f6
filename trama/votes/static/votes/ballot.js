// Live counter of dots or points on the ballot (the server checks again; this only helps).
(function () {
  "use strict";
  function update(form) {
    var used = 0;
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (!isNaN(n) && n > 0) { used += n; }
    });
    var out = form.querySelector("[data-used]");
    if (out) { out.textContent = String(used); }
    var counter = form.querySelector("[data-counter]");
    var budget = parseInt(form.dataset.budget, 10);
    if (counter && !isNaN(budget)) {
      counter.classList.toggle("text-danger", form.dataset.kind === "points" ? used !== budget : used > budget);
    }
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.ballot");
    if (form) { update(form); }
  });
  function all() { document.querySelectorAll("form.ballot").forEach(update); }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:afterSwap", all);
})();
