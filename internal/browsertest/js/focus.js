// Describes the focused element and whether its focus is visible: its
// outline or box shadow must differ from the state it had before any key
// was pressed (recorded by remember.js) or, for an element that was not
// recorded, show an outline or a box shadow at all.
(function () {
  "use strict";
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return { tag: "", selector: "", visible: false, inViewport: false };
  }
  var cs = getComputedStyle(el);
  var now = {
    outline: cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0
      ? "none" : cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
    boxShadow: cs.boxShadow
  };
  var before = (window.__vardeUnfocused && window.__vardeUnfocused.get(el)) || null;
  var changed = before
    ? (now.outline !== before.outline || now.boxShadow !== before.boxShadow)
    : (now.outline !== "none" || (now.boxShadow !== "none" && now.boxShadow !== ""));
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
