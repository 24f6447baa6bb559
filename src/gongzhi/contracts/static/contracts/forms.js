/* The 商约 forms: the meeting's unit picker (search, select all, clear, count) and selects that switch the
   community. Plain script from a static file (no inline handlers, so a strict Content-Security-Policy holds). */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-unit-picker]").forEach(function (picker) {
    var search = picker.querySelector("[data-unit-search]");
    var count = picker.querySelector("[data-unit-count]");
    var others = picker.querySelector("details");
    var boxes = function () { return Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]")); };
    var shown = function (box) {  /* not filtered out by the search, not inside the closed <details> */
      var details = box.closest("details");
      return !box.closest("li[hidden]") && (!details || details.open);
    };
    function update() {
      var n = boxes().filter(function (b) { return b.checked; }).length;
      count.textContent = count.dataset.template ? count.dataset.template.replace("N", n) : "";
    }
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      picker.querySelectorAll("li[data-key]").forEach(function (li) {
        li.hidden = q !== "" && li.dataset.key.toLowerCase().indexOf(q) === -1;
      });
      if (q && others && others.querySelector("li:not([hidden])")) others.open = true;
    });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    picker.querySelector("[data-unit-all]").addEventListener("click", function () {
      boxes().filter(shown).forEach(function (b) { b.checked = true; });
      update();
    });
    picker.querySelector("[data-unit-none]").addEventListener("click", function () {
      boxes().filter(shown).forEach(function (b) { b.checked = false; });
      update();
    });
    picker.addEventListener("change", update);
    update();
  });
})();
