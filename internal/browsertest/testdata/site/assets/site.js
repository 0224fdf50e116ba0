// Fixture script: marks the document so a test can see that deferred,
// same-origin script runs under the strict CSP.
(function () {
  "use strict";
  document.documentElement.setAttribute("data-js", "on");
})();
