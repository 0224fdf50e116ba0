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
    // The control, its labels and the boxes that wrap it alone (an
    // answer option drawn round a radio): focus.js accepts a change on any
    // of them, since a ring round the whole option shows focus as well as
    // one round the small input.
    [el].concat(Array.prototype.slice.call(el.labels || []), wrappers(el)).forEach(function (n) {
      if (map.has(n)) {
        return;
      }
      var cs = getComputedStyle(n);
      map.set(n, {
        outline: cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) === 0
          ? "none" : cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
        boxShadow: cs.boxShadow
      });
    });
  });
  // wrappers: up to two ancestors that hold no other focusable element.
  function wrappers(el) {
    var out = [];
    for (var n = el.parentElement; n && out.length < 2 && n !== document.body && n.localName !== "main"; n = n.parentElement) {
      if (n.querySelectorAll(sel).length !== 1) {
        break;
      }
      out.push(n);
    }
    return out;
  }
  window.__vardeUnfocused = map;
  return map.size;
})()
