// A calendar for the date fields (core/dates.py DateTextInput): <input data-date-picker='{...}'> gets a button
// that opens a month grid in the page's month names and era (Buddhist era on Thai pages). Without JavaScript the
// field stays a text field that the server parses in the same forms.
// Keyboard: Alt+ArrowDown in the field or the button opens it; in the grid the arrows move a day or a week,
// PageUp/PageDown a month (with Shift a year), Home/End the start/end of the week, Enter or Space chooses,
// Escape closes and returns to the field.
(function () {
  "use strict";
  var counter = 0;

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  function fromIso(text) {
    var match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text || "");
    return match ? new Date(+match[1], +match[2] - 1, +match[3]) : null;
  }

  function toArabic(text) {
    return text.replace(/[\u0e50-\u0e59]/g, function (digit) { return String(digit.charCodeAt(0) - 0x0e50); });
  }

  function parse(text, config) {
    var cleaned = toArabic(text || "").trim().replace(/\s+/g, " ");
    var iso = fromIso(cleaned);
    if (iso) { return iso; }
    var match = /^(\d{1,2}) ?[\/.\-] ?(\d{1,2}) ?[\/.\-] ?(\d{2,4})$/.exec(cleaned);
    var day, month, year;
    if (match) {
      day = +match[1]; month = +match[2] - 1; year = match[3];
    } else {
      match = /^(\d{1,2}) ?([^\d ]+?) ?(?:พ\.?ศ\.? ?)?(\d{2,4})$/.exec(cleaned);
      if (!match) { return null; }
      var name = match[2].replace(/\./g, "").toLowerCase();
      month = -1;
      for (var i = 0; i < 12; i++) {
        if (config.months[i].toLowerCase() === name || config.monthsAbbr[i].replace(/\./g, "").toLowerCase() === name) { month = i; }
      }
      if (month < 0) { return null; }
      day = +match[1]; year = match[3];
    }
    year = +year;
    if (config.thai) {
      if (year < 100) { year += 2500; }
      year -= 543;
    }
    var date = new Date(year, month, day);
    return date.getMonth() === month ? date : null;
  }

  function format(date, config) {
    if (config.thai) { return date.getDate() + "/" + (date.getMonth() + 1) + "/" + (date.getFullYear() + 543); }
    return date.getDate() + " " + config.monthsAbbr[date.getMonth()] + " " + date.getFullYear();
  }

  function monthTitle(date, config) {
    return config.months[date.getMonth()] + " " + (date.getFullYear() + (config.thai ? 543 : 0));
  }

  function enhance(input) {
    var config = JSON.parse(input.getAttribute("data-date-picker"));
    var min = fromIso(config.min), max = fromIso(config.max);
    var id = "date-picker-" + (++counter);
    var wrapper = document.createElement("div");
    wrapper.className = "date-picker input-group";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "btn btn-outline-secondary date-picker-toggle";
    toggle.setAttribute("aria-label", config.open);
    toggle.setAttribute("title", config.open);
    toggle.setAttribute("aria-haspopup", "dialog");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    toggle.textContent = "\u{1F4C5}";
    wrapper.appendChild(toggle);

    var dialog = document.createElement("div");
    dialog.id = id;
    dialog.className = "date-picker-dialog card shadow";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "false");
    dialog.hidden = true;
    var header = document.createElement("div");
    header.className = "d-flex align-items-center gap-1 mb-1";
    var previous = document.createElement("button");
    previous.type = "button";
    previous.className = "btn btn-sm btn-outline-secondary date-picker-previous";
    previous.setAttribute("aria-label", config.previous);
    previous.textContent = "\u2039";
    var title = document.createElement("div");
    title.className = "flex-grow-1 text-center fw-semibold date-picker-title";
    title.id = id + "-title";
    title.setAttribute("aria-live", "polite");
    var next = document.createElement("button");
    next.type = "button";
    next.className = "btn btn-sm btn-outline-secondary date-picker-next";
    next.setAttribute("aria-label", config.next);
    next.textContent = "\u203a";
    header.appendChild(previous); header.appendChild(title); header.appendChild(next);
    var grid = document.createElement("table");
    grid.className = "date-picker-grid";
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-labelledby", title.id);
    dialog.setAttribute("aria-labelledby", title.id);
    dialog.appendChild(header);
    dialog.appendChild(grid);
    wrapper.appendChild(dialog);

    var focused = null;

    function allowed(date) {
      return (!min || date >= min) && (!max || date <= max);
    }

    function render() {
      var chosen = parse(input.value, config);
      title.textContent = monthTitle(focused, config);
      grid.textContent = "";
      var head = grid.createTHead().insertRow();
      config.weekdays.forEach(function (name) {
        var cell = document.createElement("th");
        cell.scope = "col";
        cell.textContent = name;
        head.appendChild(cell);
      });
      var body = grid.createTBody();
      var first = new Date(focused.getFullYear(), focused.getMonth(), 1);
      var day = new Date(first.getFullYear(), first.getMonth(), 1 - first.getDay());
      for (var week = 0; week < 6; week++) {
        var row = body.insertRow();
        for (var weekday = 0; weekday < 7; weekday++) {
          var cell = row.insertCell();
          if (day.getMonth() === focused.getMonth()) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-sm date-picker-day" + (sameDay(day, chosen) ? " btn-primary" : " btn-light");
            button.textContent = String(day.getDate());
            button.setAttribute("data-day", String(day.getDate()));
            button.setAttribute("aria-label", day.getDate() + " " + monthTitle(day, config));
            button.tabIndex = sameDay(day, focused) ? 0 : -1;
            if (sameDay(day, chosen)) { button.setAttribute("aria-pressed", "true"); }
            if (!allowed(day)) { button.disabled = true; }
            cell.appendChild(button);
          }
          day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
        }
      }
    }

    function focusDay() {
      var button = grid.querySelector('[data-day="' + focused.getDate() + '"]');
      if (button) { button.focus(); }
    }

    function open() {
      focused = parse(input.value, config) || new Date();
      render();
      dialog.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      focusDay();
    }

    function close(returnFocus) {
      dialog.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      if (returnFocus) { input.focus(); }
    }

    function move(days, months) {
      var target = new Date(focused.getFullYear(), focused.getMonth() + months, 1);
      var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
      focused = new Date(target.getFullYear(), target.getMonth(), Math.min(focused.getDate(), last) + days);
      render();
      focusDay();
    }

    function choose(date) {
      input.value = format(date, config);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(true);
    }

    toggle.addEventListener("click", function () { if (dialog.hidden) { open(); } else { close(true); } });
    previous.addEventListener("click", function () { move(0, -1); });
    next.addEventListener("click", function () { move(0, 1); });
    grid.addEventListener("click", function (event) {
      var button = event.target.closest("[data-day]");
      if (button && !button.disabled) {
        choose(new Date(focused.getFullYear(), focused.getMonth(), +button.getAttribute("data-day")));
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") { event.preventDefault(); open(); }
    });
    dialog.addEventListener("keydown", function (event) {
      var inGrid = event.target.hasAttribute && event.target.hasAttribute("data-day");
      var steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      if (event.key === "Escape") { event.preventDefault(); close(true); return; }
      if (!inGrid) { return; }
      if (event.key in steps) { event.preventDefault(); move(steps[event.key], 0); }
      else if (event.key === "PageUp") { event.preventDefault(); move(0, event.shiftKey ? -12 : -1); }
      else if (event.key === "PageDown") { event.preventDefault(); move(0, event.shiftKey ? 12 : 1); }
      else if (event.key === "Home") { event.preventDefault(); move(-focused.getDay(), 0); }
      else if (event.key === "End") { event.preventDefault(); move(6 - focused.getDay(), 0); }
    });
    document.addEventListener("click", function (event) {
      if (!dialog.hidden && !wrapper.contains(event.target)) { close(false); }
    });
  }

  function enhanceAll(root) {
    var inputs = (root || document).querySelectorAll("input[data-date-picker]:not([data-date-picker-ready])");
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("data-date-picker-ready", "");
      enhance(input);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
