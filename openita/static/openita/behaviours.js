// Small behaviours declared in the HTML, so that no page needs inline script (the content security policy
// allows scripts from this site only):
//   data-confirm="Question?"  on a button or a form: ask before submitting
//   data-autosubmit           on a select: submit its form when it changes
//   data-print                on a button: print the page
//   data-select-all="name"    on a checkbox: tick or untick every checkbox called "name"
//   data-js-only              on an element hidden without JavaScript: shown when this script runs
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm]:not(form), [data-print]") : null;
    if (!target) { return; }
    if (target.hasAttribute("data-print")) { event.preventDefault(); window.print(); return; }
    if (!window.confirm(target.getAttribute("data-confirm"))) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute("data-autosubmit") && target.form) { target.form.submit(); }
    if (target.hasAttribute && target.hasAttribute("data-select-all")) {
      var boxes = document.querySelectorAll('input[type="checkbox"][name="' + target.getAttribute("data-select-all") + '"]');
      Array.prototype.forEach.call(boxes, function (box) { if (!box.disabled) { box.checked = target.checked; } });
    }
  });
  function showScripted() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-js-only]"), function (element) { element.hidden = false; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", showScripted); } else { showScripted(); }
})();
