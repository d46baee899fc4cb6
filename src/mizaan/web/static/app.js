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
  // The comparison form suggests the values of the chosen field.
  var field = document.getElementById("compare-field");
  var list = document.getElementById("compare-values");
  var value = document.getElementById("compare-value");
  function suggest() {
    if (!field || !list) { return; }
    list.textContent = "";
    var option = field.options[field.selectedIndex];
    var pairs = (option && option.dataset.options) ? option.dataset.options.split(";") : [];
    pairs.forEach(function (pair) {
      var parts = pair.split("=");
      var o = document.createElement("option");
      o.value = parts[0];
      o.label = parts.slice(1).join("=");
      list.appendChild(o);
    });
    if (value) { value.value = pairs.length ? pairs[0].split("=")[0] : ""; }
  }
  if (field) { field.addEventListener("change", suggest); suggest(); }
})();
