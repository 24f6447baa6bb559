/* Small page behaviours that used to be inline event handlers (the Content-Security-Policy refuses those):
 *   <select data-autosubmit>                     submits its form when changed
 *   <select data-autosubmit data-clear="from to"> first empties the named fields of its form
 *   <form data-confirm="问题？">                  asks before submitting
 *   <button data-action="case-locate">           fills #id_lat/#id_long from the device's location */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches || !el.matches("[data-autosubmit]") || !el.form) { return; }
    (el.getAttribute("data-clear") || "").split(/\s+/).forEach(function (name) {
      if (name && el.form.elements[name]) { el.form.elements[name].value = ""; }
    });
    el.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-action=case-locate]");
    if (!button) { return; }
    var status = document.getElementById("locate-status");
    if (!navigator.geolocation) { status.textContent = button.dataset.unavailable; return; }
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("id_lat").value = p.coords.latitude.toFixed(6);
      document.getElementById("id_long").value = p.coords.longitude.toFixed(6);
      status.textContent = button.dataset.located;
    }, function () { status.textContent = button.dataset.failed; }, {timeout: 8000});
  });
})();
