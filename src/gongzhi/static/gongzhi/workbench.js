/* The workbench's mobile menu: on a phone the side navigation is a drawer that the top bar's 菜单 button opens.
   No framework; a static file so that a Content-Security-Policy without inline scripts still allows it. */
(function () {
  "use strict";
  var toggle = document.querySelector("[data-nav-toggle]");
  if (!toggle) return;
  function setOpen(open) {
    document.body.classList.toggle("nav-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { setOpen(!document.body.classList.contains("nav-open")); });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-nav-close]")) setOpen(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) { setOpen(false); toggle.focus(); }
  });
  window.addEventListener("pageshow", function () { setOpen(false); });  /* back button: the drawer is closed */
})();
