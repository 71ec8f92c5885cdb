// Interactions of the browse pages: noise toggle, label and entity filters, alignment partners.
(function () {
  "use strict";
  var body = document.body;
  var noise = document.getElementById("toggle-noise");
  if (noise) noise.addEventListener("change", function () { body.classList.toggle("hide-noise", !noise.checked); });
  var sentences = document.getElementById("toggle-sentences");
  if (sentences) sentences.addEventListener("change", function () { body.classList.toggle("show-sentences", sentences.checked); });

  function applyFilters() {
    var shown = {};
    document.querySelectorAll(".label-filter").forEach(function (box) { shown[box.value] = box.checked; });
    var key = document.getElementById("key-filter");
    var wanted = key ? key.value : "";
    document.querySelectorAll("#text .ent").forEach(function (el) {
      var label = el.getAttribute("data-label");
      el.classList.toggle("off", shown[label] === false);
      el.classList.toggle("dim", wanted !== "" && el.getAttribute("data-key") !== wanted);
    });
  }
  document.querySelectorAll(".label-filter").forEach(function (box) { box.addEventListener("change", applyFilters); });
  var keyFilter = document.getElementById("key-filter");
  if (keyFilter) keyFilter.addEventListener("change", applyFilters);

  function partnersOf(el) {
    return (el.getAttribute("data-partners") || "").split(" ").filter(Boolean)
      .map(function (id) { return document.getElementById(id); }).filter(Boolean);
  }
  function highlight(el, on) {
    el.classList.toggle("active", on);
    partnersOf(el).forEach(function (p) { p.classList.toggle("partner", on); });
  }
  document.querySelectorAll(".aligned-sent").forEach(function (el) {
    el.addEventListener("mouseenter", function () { highlight(el, true); });
    el.addEventListener("mouseleave", function () { if (!el.classList.contains("selected")) highlight(el, false); });
    el.addEventListener("click", function (event) {
      if (event.target.classList.contains("align-link")) return;
      var selected = !el.classList.contains("selected");
      document.querySelectorAll(".aligned-sent.selected").forEach(function (other) { other.classList.remove("selected"); highlight(other, false); });
      el.classList.toggle("selected", selected);
      highlight(el, selected);
    });
  });
})();
