/* A recording SCORM 1.2 API for the browser tests of exported packages
   (internal/e2e/quiz_test.go). Every call is kept in window.lmsCalls as
   {fn, args, ret}, in order; the data model lives in window.lmsData. The
   query string seeds the data model, as a platform holding an earlier
   session would: ?cmi.core.lesson_status=passed&cmi.core.score.raw=100 */
(function () {
  "use strict";
  var calls = [];
  var data = { "cmi.core.lesson_status": "not attempted", "cmi.core.score.raw": "", "cmi.core.student_name": "Nordmann, Kari" };
  new URLSearchParams(location.search).forEach(function (value, key) { data[key] = value; });
  var running = false;

  function record(fn, args, ret) {
    calls.push({ fn: fn, args: Array.prototype.map.call(args, String), ret: ret });
    return ret;
  }
  window.API = {
    LMSInitialize: function () {
      var ok = !running;
      running = true;
      return record("LMSInitialize", arguments, ok ? "true" : "false");
    },
    LMSFinish: function () {
      var ok = running;
      running = false;
      return record("LMSFinish", arguments, ok ? "true" : "false");
    },
    LMSGetValue: function (key) {
      return record("LMSGetValue", arguments, running && key in data ? data[key] : "");
    },
    LMSSetValue: function (key, value) {
      if (running) data[key] = String(value);
      return record("LMSSetValue", arguments, running ? "true" : "false");
    },
    LMSCommit: function () { return record("LMSCommit", arguments, running ? "true" : "false"); },
    LMSGetLastError: function () { return record("LMSGetLastError", arguments, "0"); },
    LMSGetErrorString: function () { return record("LMSGetErrorString", arguments, ""); },
    LMSGetDiagnostic: function () { return record("LMSGetDiagnostic", arguments, ""); }
  };
  window.lmsCalls = calls;
  window.lmsData = data;
})();
