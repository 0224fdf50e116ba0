/* SCORM 1.2 adapter of a Varde course package (varde export scorm). It is
   added to packages only, never to the public site, and runs before the
   site's script bundle.

   It finds the learning platform's API object as the SCORM 1.2 Run-Time
   Environment describes (the window's parents, at most 7 levels up, then
   the window that opened it), starts the session, and reports the course
   result that quiz.js announces with the "varde:course" event once every
   question is answered (detail: {score, max, passed, …}):
     cmi.core.score.raw   the percent right, rounded down to 2 decimals, so
                          that a platform judging by the manifest's
                          masteryscore agrees with the course's pass rule
     cmi.core.score.min   0
     cmi.core.score.max   100
     cmi.core.lesson_status  passed or failed
   then commits. A pass, reported now or in an earlier session, is never
   downgraded: a later, worse attempt is not reported. When the page goes
   away it reports the session time and finishes the session.

   Without a platform (the package opened on its own) it does nothing and
   the course works as on the site. */
(function () {
  "use strict";

  // findAPI looks for window.API in win and up to 7 of its parents. A
  // parent on another origin cannot be read; the search goes on above it.
  function findAPI(win) {
    for (var level = 0; win && level <= 7; level++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (e) { /* another origin */ }
      var parent = null;
      try { parent = win.parent; } catch (e) { /* none */ }
      if (!parent || parent === win) return null;
      win = parent;
    }
    return null;
  }

  var api = findAPI(window);
  if (!api) {
    try { if (window.opener) api = findAPI(window.opener); } catch (e) { /* closed or another origin */ }
  }
  if (!api) return;

  function ok(result) { return result === true || String(result) === "true"; }
  function get(key) {
    try { return String(api.LMSGetValue(key)); } catch (e) { return ""; }
  }
  function put(key, value) {
    try { return ok(api.LMSSetValue(key, value)); } catch (e) { return false; }
  }

  try {
    if (!ok(api.LMSInitialize(""))) return;
  } catch (e) {
    return;
  }
  var started = Date.now();
  var finished = false;

  // What the platform already holds: a pass from an earlier session is
  // kept, and so is its score unless a new pass beats it.
  var status = get("cmi.core.lesson_status");
  var passed = status === "passed";
  var best = passed ? parseFloat(get("cmi.core.score.raw")) : NaN;
  if (status === "not attempted" || status === "") {
    put("cmi.core.lesson_status", "incomplete");
  }

  // raw is score out of max as a percent, rounded down to two decimals and
  // written without trailing zeros: 11 of 12 is "91.66", 12 of 12 "100".
  function raw(score, max) {
    return String(Math.floor(score * 10000 / max) / 100);
  }

  document.addEventListener("varde:course", function (e) {
    var d = e.detail || {};
    if (finished || typeof d.score !== "number" || typeof d.max !== "number" || d.max <= 0) return;
    var r = raw(d.score, d.max);
    if (passed && (!d.passed || parseFloat(r) < best)) return;
    put("cmi.core.score.raw", r);
    put("cmi.core.score.min", "0");
    put("cmi.core.score.max", "100");
    put("cmi.core.lesson_status", d.passed ? "passed" : "failed");
    if (d.passed) {
      passed = true;
      best = parseFloat(r);
    }
    try { api.LMSCommit(""); } catch (err) { /* the platform keeps what it has */ }
  });

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  // timespan writes milliseconds as SCORM 1.2's CMITimespan, HHHH:MM:SS.SS.
  function timespan(ms) {
    var cs = Math.floor(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }

  function finish() {
    if (finished) return;
    finished = true;
    put("cmi.core.session_time", timespan(Date.now() - started));
    try { api.LMSFinish(""); } catch (e) { /* the platform is gone already */ }
  }
  // pagehide is the reliable signal, also for pages kept in the back-forward
  // cache; unload only for browsers that lack it.
  if ("onpagehide" in window) window.addEventListener("pagehide", finish);
  else window.addEventListener("unload", finish);
})();
