// Runs in an isolated world of every document the tab loads, before the
// page's own scripts and before the parser meets the first element. It
// forwards each Content-Security-Policy violation to the test through the
// binding __vardeCSPViolation, which exists only in this world.
(function () {
  "use strict";
  var send = self.__vardeCSPViolation;
  if (typeof send !== "function") {
    return;
  }
  document.addEventListener("securitypolicyviolation", function (e) {
    send(JSON.stringify({
      DocumentURI: e.documentURI,
      Directive: e.effectiveDirective || e.violatedDirective,
      BlockedURI: e.blockedURI,
      SourceFile: e.sourceFile,
      Line: e.lineNumber,
      Column: e.columnNumber,
      Sample: e.sample,
      ReportedOnly: e.disposition === "report"
    }));
  }, true);
})();
