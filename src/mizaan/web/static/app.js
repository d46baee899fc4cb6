// Progressive enhancement only: the pages work without it.
(function () {
  "use strict";
  // Copy buttons beside tracked links.
  document.querySelectorAll("button.copy").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy || "").then(function () {
        var label = button.textContent;
        button.textContent = button.dataset.done || label;
        setTimeout(function () { button.textContent = label; }, 1500);
      }).catch(function () { /* clipboard refused: the link stays selectable */ });
    });
  });
  // One button to open every "why" section.
  var expand = document.querySelector("button.expand-all");
  var details = document.querySelectorAll("details.reasons");
  if (expand && details.length) {
    expand.hidden = false;
    expand.addEventListener("click", function () {
      details.forEach(function (d) { d.open = true; });
    });
  }
  // The comparison form: a field with values offers them as a choice (yes / no, by their labels), a
  // number is typed. Only the shown control is sent.
  var field = document.getElementById("compare-field");
  var choice = document.getElementById("compare-choice");
  var value = document.getElementById("compare-value");
  function offer() {
    if (!field || !choice || !value) { return; }
    var option = field.options[field.selectedIndex];
    var pairs = (option && option.dataset.options) ? option.dataset.options.split(";") : [];
    choice.textContent = "";
    pairs.forEach(function (pair) {
      var parts = pair.split("=");
      var o = document.createElement("option");
      o.value = parts[0];
      o.textContent = parts.slice(1).join("=");
      choice.appendChild(o);
    });
    var hasChoices = pairs.length > 0;
    choice.hidden = choice.disabled = !hasChoices;
    value.hidden = value.disabled = hasChoices;
    value.required = !hasChoices;
    if (hasChoices) { value.value = ""; }
  }
  if (field) { field.addEventListener("change", offer); offer(); }
})();
