// The scoring screen: y/n (or 1/0) answers an element and moves on; Ctrl+Enter saves and opens the next item.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(form.querySelectorAll(".score-element"));
  if (rows.length) { rows[0].focus(); }
  rows.forEach(function (row, index) {
    row.addEventListener("keydown", function (event) {
      var key = event.key.toLowerCase();
      var value = (key === "y" || key === "1") ? "1" : (key === "n" || key === "0") ? "0" : null;
      if (value === null || event.ctrlKey || event.metaKey || event.altKey) { return; }
      event.preventDefault();
      row.querySelector("input[value='" + value + "']").checked = true;
      var next = rows[index + 1] || document.getElementById("observation");
      next.focus();
    });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      document.getElementById("save-next").click();
    }
  });
})();
