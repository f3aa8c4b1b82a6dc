// The period form: show only the inputs of the chosen kind (all stay visible without JS).
(function () {
  "use strict";
  var form = document.querySelector(".period-form");
  if (!form) return;
  function update() {
    var chosen = form.querySelector('input[name="period"]:checked');
    var kind = chosen ? chosen.value : "year";
    form.querySelectorAll("[data-period]").forEach(function (field) {
      var show = field.getAttribute("data-period").split(" ").indexOf(kind) !== -1;
      field.hidden = !show;
      field.querySelectorAll("input, select").forEach(function (input) { input.disabled = !show; });
    });
  }
  form.addEventListener("change", update);
  update();
})();
