// Records the outline and box shadow of every focusable element while
// nothing is focused, so that focus.js can tell whether focus changes how
// an element looks.
(function () {
  "use strict";
  var map = new Map();
  var sel = "a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=true]";
  document.querySelectorAll(sel).forEach(function (el) {
    if (el === document.activeElement) {
      return;
    }
    var cs = getComputedStyle(el);
    map.set(el, {
      outline: cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0
        ? "none" : cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
      boxShadow: cs.boxShadow
    });
  });
  window.__vardeUnfocused = map;
  return map.size;
})()
