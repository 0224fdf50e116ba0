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

  // On a phone the main menu is one row that scrolls sideways. The section
  // the reader is in is scrolled into view, and a fade at an edge with more
  // items behind it tells that there is more.
  var menu = document.querySelector(".main-nav ul");
  if (menu) {
    var edges = function () {
      var more = menu.scrollWidth - menu.clientWidth;
      menu.classList.toggle("more-after", more > 1 && menu.scrollLeft < more - 1);
      menu.classList.toggle("more-before", more > 1 && menu.scrollLeft > 1);
    };
    var current = menu.querySelector("[aria-current]");
    if (current && menu.scrollWidth > menu.clientWidth) {
      var m = menu.getBoundingClientRect(), c = current.getBoundingClientRect();
      if (c.right > m.right) menu.scrollLeft += c.right - m.right + 32;
    }
    menu.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
    edges();
  }
})();
