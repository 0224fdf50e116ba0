/* Varde base behaviour, in the bundle every page loads: the helpers the
   script modules share (UI strings, storage keys) and the print buttons.
   Every other component lives in its own file and does nothing on pages
   without its elements. */
(function () {
  "use strict";
  var strings = window.VARDE_I18N || {};
  var site = (document.body && document.body.getAttribute("data-site")) || "varde";

  window.Varde = {
    // t returns the UI string for key in the page's language, filling
    // {name} placeholders from vars; an unknown key comes back as itself.
    // A "key.one" string, where one exists, is used when the count is 1:
    // vars.total when given, else vars.n (as .T does in the layouts).
    t: function (key, vars) {
      var has = function (k) { return Object.prototype.hasOwnProperty.call(strings, k); };
      var count = vars ? (vars.total !== undefined ? vars.total : vars.n) : undefined;
      if (Number(count) === 1 && has(key + ".one")) key += ".one";
      var s = has(key) ? strings[key] : key;
      if (!vars) return s;
      return s.replace(/\{(\w+)\}/g, function (m, k) {
        return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
      });
    },
    // key names a localStorage entry of this site: "varde:<site>:<rest>".
    // Keys are language-independent, so bokmål and nynorsk share answers.
    key: function (rest) { return "varde:" + site + ":" + rest; }
  };

  // Search boxes: the search engine (modules/search.js) is loaded when
  // the reader first focuses or types in one, from the form's data-script
  // (the search page loads it itself and has no data-script).
  var lazySearch = document.querySelectorAll('form.search[role="search"][data-script] input[name="q"]');
  var searchLoaded = false;
  var loadSearch = function (e) {
    if (searchLoaded || window.VardeSearch) return;
    searchLoaded = true;
    var s = document.createElement("script");
    s.src = e.target.form.getAttribute("data-script");
    document.head.appendChild(s);
  };
  Array.prototype.forEach.call(lazySearch, function (input) {
    input.addEventListener("focus", loadSearch);
    input.addEventListener("input", loadSearch);
  });

  var buttons = document.querySelectorAll("[data-print]");
  buttons.forEach(function (b) {
    var holder = b.closest("[hidden]");
    if (holder) holder.hidden = false;
    b.addEventListener("click", function () {
      var size = b.getAttribute("data-print");
      document.body.classList.remove("print-a3", "print-a4");
      document.body.classList.add("print-" + size);
      window.print();
    });
  });
  if (buttons.length) {
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("print-a3", "print-a4");
    });
  }

  // The menu button. Without JavaScript it is a link to #meny, which
  // :target opens; here it becomes a toggle button that says whether the
  // menu is open, closes on Escape (focus back on the button) and does not
  // touch the address or scroll the page.
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("meny");
  if (toggle && nav) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    var setOpen = function (open) {
      nav.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    toggle.addEventListener("click", function (e) {
      e.preventDefault();
      setOpen(!nav.classList.contains("open"));
    });
    // A link is activated by Enter only; a button by Space too.
    toggle.addEventListener("keydown", function (e) {
      if (e.key === " ") { e.preventDefault(); setOpen(!nav.classList.contains("open")); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && nav.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
})();
