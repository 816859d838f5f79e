/* /review: evidence highlighting, keyboard shortcuts and the unit and model pickers.
   Served as a file (no inline script), so the page works under a Content-Security-Policy without
   'unsafe-inline'; without JavaScript every action still works through its plain form. */
(function () {
  "use strict";
  var head = document.querySelector("header.review-doc");
  if (!head) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("li.cand"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.ev"));

  function marksOf(id) {
    return marks.filter(function (m) { return m.dataset.c.split(" ").indexOf(id) >= 0; });
  }

  function light(id) {
    marks.forEach(function (m) { m.classList.remove("on"); });
    items.forEach(function (li) { li.classList.toggle("current", li.dataset.c === id); });
    var mine = marksOf(id);
    mine.forEach(function (m) { m.classList.add("on"); });
    if (mine.length) { mine[0].scrollIntoView({ block: "nearest" }); }
  }

  items.forEach(function (li) {
    li.addEventListener("focus", function () { light(li.dataset.c); });
    li.addEventListener("mouseenter", function () { light(li.dataset.c); });
  });
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var li = document.getElementById("c-" + m.dataset.c.split(" ")[0]);
      if (li) { li.focus(); }
    });
  });

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("li.cand") : null;
  }

  function move(step) {
    var here = current();
    var index = here ? items.indexOf(here) + step : 0;
    index = Math.max(0, Math.min(items.length - 1, index));
    if (items[index]) { items[index].focus(); }
  }

  function press(selector, scope) {
    var button = (scope || document).querySelector(selector);
    if (button) { button.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      if (event.key === "Escape" && target.closest("li.cand")) { target.closest("li.cand").focus(); }
      return;
    }
    var here = current();
    var handled = true;
    if (event.key === "j" || event.key === "ArrowDown") { move(1); }
    else if (event.key === "k" || event.key === "ArrowUp") { move(-1); }
    else if (event.key === "a" && here) { handled = press("form.act button.accept", here); }
    else if (event.key === "r" && here) {
      var reason = here.querySelector("input.reason");
      if (reason) { reason.focus(); } else { handled = false; }
    }
    else if (event.key === "e" && here) {
      var details = here.querySelector("details.edit");
      if (details) {
        details.open = true;
        var first = details.querySelector("input:not([type=hidden]), select");
        if (first) { first.focus(); }
      } else { handled = false; }
    }
    else if (event.key === "A") { handled = press("#accept-all button"); }
    else if (event.key === "?") { document.getElementById("keys-help").classList.toggle("shown"); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  function picker(input, address, extra, value, label) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { return; }
      timer = setTimeout(function () {
        var url = new URL(address, window.location.href);
        url.searchParams.set("q", text);
        Object.keys(extra).forEach(function (key) { if (extra[key]) { url.searchParams.set(key, extra[key]); } });
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (rows) {
            var list = document.getElementById(input.getAttribute("list"));
            list.textContent = "";
            rows.forEach(function (row) {
              var option = document.createElement("option");
              option.value = value(row);
              option.textContent = label(row);
              list.appendChild(option);
            });
            input.dataset.choices = String(rows.length);
          });
      }, 150);
    });
  }

  document.querySelectorAll("input.unit-picker").forEach(function (input) {
    picker(input, head.dataset.units, { on: input.dataset.on, near: input.dataset.near }, function (r) { return r.code; }, function (r) { return r.label; });
  });
  document.querySelectorAll("input.model-picker").forEach(function (input) {
    picker(input, head.dataset.models, {}, function (r) { return r.iri; }, function (r) { return r.label; });
  });

  if (window.location.hash.indexOf("#c-") === 0) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) { target.focus(); }
  }
  document.documentElement.dataset.reviewReady = "1";
})();
