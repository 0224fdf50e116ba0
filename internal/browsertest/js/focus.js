// Describes the focused element and whether its focus is visible: its
// outline or box shadow must differ from the state it had before any key
// was pressed (recorded by remember.js) or, for an element that was not
// recorded, show an outline or a box shadow at all. Its label or a box
// wrapping it alone may show the change instead (see below).
(function () {
  "use strict";
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return { tag: "", selector: "", visible: false, inViewport: false };
  }
  function look(n) {
    var cs = getComputedStyle(n);
    return {
      outline: cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0
        ? "none" : cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
      boxShadow: cs.boxShadow
    };
  }
  function shows(n) {
    var now = look(n);
    var before = (window.__vardeUnfocused && window.__vardeUnfocused.get(n)) || null;
    return before
      ? (now.outline !== before.outline || now.boxShadow !== before.boxShadow)
      : (now.outline !== "none" || (now.boxShadow !== "none" && now.boxShadow !== ""));
  }
  // Focus may show on the control itself, on its label, or on a box that
  // wraps this control alone (an answer option round its radio), as
  // remember.js recorded them. A box is only measured when it was
  // recorded: an unrecorded ancestor with a standing outline would pass.
  var now = look(el);
  var changed = shows(el);
  var others = Array.prototype.slice.call(el.labels || []);
  for (var a = el.parentElement, k = 0; a && k < 2; a = a.parentElement, k++) {
    if (window.__vardeUnfocused && window.__vardeUnfocused.has(a)) {
      others.push(a);
    }
  }
  for (var i = 0; !changed && i < others.length; i++) {
    if (shows(others[i])) {
      changed = true;
      now = look(others[i]);
    }
  }
  var r = el.getBoundingClientRect();
  var path = [];
  for (var n = el; n && n.nodeType === 1 && path.length < 4; n = n.parentElement) {
    var part = n.localName;
    if (n.id) { part += "#" + n.id; }
    else if (n.classList.length) { part += "." + Array.prototype.join.call(n.classList, "."); }
    path.unshift(part);
    if (n.id) { break; }
  }
  var landmark = el.closest("header, nav, main, aside, footer, [role]");
  return {
    tag: el.localName,
    id: el.id,
    className: typeof el.className === "string" ? el.className : "",
    href: el.getAttribute("href") || "",
    text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 80),
    selector: path.join(" > "),
    landmark: landmark ? landmark.localName + (landmark.className ? "." + String(landmark.className).split(" ")[0] : "") : "",
    inMain: !!el.closest("main"),
    inNav: el.closest("nav") ? (el.closest("nav").className || "nav") : "",
    outline: now.outline,
    boxShadow: now.boxShadow,
    visible: changed,
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
      r.top < window.innerHeight && r.left < window.innerWidth
  };
})()
