/* Courses: the status of each course in lists and on the "Mine kurs" page,
   and the certificate ("kursbevis") on a passed course page. Nothing leaves
   the browser.

   It reads the records quiz.js keeps (site key and page id from <body
   data-site data-id>):
     varde:<site>:course:<pageId>
       {"status": "started"|"passed"|"failed", "score": n, "total": n, "date": "<ISO 8601>"}
   and keeps the learner's name, typed for the certificate, at
     varde:<site>:learner   (a JSON string)

   Statuses: every element with data-course-status="<pageId>" gets the
   status of that course in words (ikke startet, påbegynt, bestått, ikke
   bestått), with the score and date once the course is finished.

   Certificate: on a course page, .course-certificate (with data-course-title,
   data-site-title and data-course-url) shows a name form once the course is
   passed: on load when the stored record says so, and on quiz.js's
   "varde:course" event (also the restored one after a reload). "Skriv ut
   kursbevis" shows the certificate and opens the print dialog; while the
   certificate is shown, the print stylesheet (course.css) prints it alone
   on one A4 page. This file sorts before quiz.js, so its listener is in
   place before quiz.js reports anything. */
(function () {
  "use strict";
  var statusEls = document.querySelectorAll("[data-course-status]");
  var certBox = document.querySelector(".course-certificate");
  if (!statusEls.length && !certBox) return;

  var t = window.Varde.t;
  var body = document.body;
  var prefix = window.Varde.key("");

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off or full */ }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function isCount(n) { return typeof n === "number" && n >= 0 && n % 1 === 0; }

  // record returns the stored record of a course, or null when there is
  // none or it is not what quiz.js writes.
  function record(pageId) {
    var r = load(prefix + "course:" + pageId);
    if (!r || typeof r !== "object" || !/^(started|passed|failed)$/.test(r.status)) return null;
    if (!isCount(r.score) || !isCount(r.total) || r.score > r.total) return null;
    return r;
  }

  function percent(n, total) { return total ? Math.round(n * 100 / total) : 0; }

  // formatDate writes an ISO date as "3. mars 2025" with the month names of
  // the page's language; "" when it is not a date.
  function formatDate(iso) {
    var d = new Date(iso);
    if (!iso || isNaN(d.getTime())) return "";
    var months = t("course.months").split(" ");
    return t("course.date", { d: d.getDate(), month: months[d.getMonth()] || d.getMonth() + 1, y: d.getFullYear() });
  }

  var icons = { none: "○", started: "◐", passed: "✓", failed: "✗" };

  // fillStatus writes one course's status into el: the status in words (an
  // icon beside it, never colour alone), then score and date when finished.
  function fillStatus(target, rec) {
    var status = rec ? rec.status : "none";
    target.textContent = "";
    target.className = "course-status is-" + status;
    target.appendChild(el("span", "visually-hidden", t("course.status") + ": "));
    var icon = el("span", "course-status-icon", icons[status]);
    icon.setAttribute("aria-hidden", "true");
    target.appendChild(icon);
    target.appendChild(el("strong", "course-status-word", t("course.status_" + status)));
    if (status === "passed" || status === "failed") {
      var parts = [t("course.status_score", { n: rec.score, total: rec.total, percent: percent(rec.score, rec.total) })];
      var date = formatDate(rec.date);
      if (date) parts.push(date);
      target.appendChild(el("span", "course-status-detail", " · " + parts.join(" · ")));
    }
  }

  if (statusEls.length) {
    var seen = {}, total = 0, passed = 0;
    Array.prototype.forEach.call(statusEls, function (s) {
      var id = s.getAttribute("data-course-status"), rec = record(id);
      fillStatus(s, rec);
      if (!seen[id]) {
        seen[id] = true;
        total++;
        if (rec && rec.status === "passed") passed++;
      }
    });
    var nojs = document.querySelector(".course-nojs");
    if (nojs) nojs.hidden = true;
    var summary = document.querySelector(".course-summary");
    if (summary) {
      summary.textContent = t("course.mine_summary", { passed: passed, total: total });
      summary.hidden = false;
    }
  }

  if (!certBox || body.getAttribute("data-type") !== "course") return;

  var pageId = body.getAttribute("data-id") || location.pathname;
  var nameKey = prefix + "learner";
  var lastPass = null; // the latest passing result reported, for when storage is off
  var form = null, input = null, error = null, printBtn = null, closeBtn = null, live = null, cert = null;

  // passedRecord is the result the certificate shows: the stored pass
  // (quiz.js keeps a pass even after a later, worse attempt), else a pass
  // just reported while storage is off.
  function passedRecord() {
    var rec = record(pageId);
    if (rec && rec.status === "passed") return rec;
    return lastPass;
  }

  function build() {
    var hid = "course-cert-heading";
    certBox.setAttribute("role", "region");
    certBox.setAttribute("aria-labelledby", hid);
    var h = el("h2", null, t("course.cert_heading"));
    h.id = hid;
    certBox.appendChild(h);
    certBox.appendChild(el("p", null, t("course.cert_intro")));

    form = el("form", "cert-form");
    form.noValidate = true;
    var field = el("p", "cert-field");
    var label = el("label", null, t("course.cert_name"));
    label.htmlFor = "course-cert-name";
    input = el("input");
    input.id = "course-cert-name";
    input.type = "text";
    input.name = "name";
    input.autocomplete = "name";
    input.maxLength = 120;
    input.required = true;
    input.setAttribute("aria-describedby", "course-cert-error");
    var saved = load(nameKey);
    if (typeof saved === "string") input.value = saved;
    error = el("span", "cert-error");
    error.id = "course-cert-error";
    field.appendChild(label);
    field.appendChild(input);
    field.appendChild(error);
    form.appendChild(field);

    var actions = el("p", "cert-actions");
    printBtn = el("button", null, t("course.cert_print"));
    printBtn.type = "submit";
    closeBtn = el("button", "secondary cert-close", t("course.cert_close"));
    closeBtn.type = "button";
    closeBtn.hidden = true;
    actions.appendChild(printBtn);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(closeBtn);
    form.appendChild(actions);
    certBox.appendChild(form);

    live = el("p", "visually-hidden");
    live.setAttribute("aria-live", "polite");
    certBox.appendChild(live);

    cert = el("div", "cert");
    cert.hidden = true;
    certBox.appendChild(cert);

    input.addEventListener("input", function () {
      if (input.value.trim()) clearError();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var name = input.value.replace(/\s+/g, " ").trim();
      if (!name) {
        error.textContent = t("course.cert_name_missing");
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      clearError();
      save(nameKey, name);
      var rec = passedRecord();
      if (!rec) return;
      showCert(rec, name);
      live.textContent = t("course.cert_shown");
      window.print();
    });
    closeBtn.addEventListener("click", function () {
      hideCert();
      live.textContent = "";
      printBtn.focus();
    });
  }

  function clearError() {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
  }

  // showCert fills the certificate in and marks the elements it sits in, so
  // that the print stylesheet can leave out everything else.
  function showCert(rec, name) {
    var data = certBox.dataset;
    cert.textContent = "";
    var lines = [
      ["cert-site", data.siteTitle || ""],
      ["cert-title", t("course.cert_title")],
      ["cert-confirms", t("course.cert_confirms")],
      ["cert-name", name],
      ["cert-passed", t("course.cert_passed")],
      ["cert-course", data.courseTitle || document.title],
      ["cert-score", t("course.cert_score", { percent: percent(rec.score, rec.total), n: rec.score, total: rec.total })],
      ["cert-date", t("course.cert_date", { date: formatDate(rec.date) || formatDate(new Date().toISOString()) })],
      ["cert-note", t("course.cert_note")]
    ];
    lines.forEach(function (l) { if (l[1]) cert.appendChild(el("p", l[0], l[1])); });
    if (data.courseUrl) cert.appendChild(el("p", "cert-url", data.courseUrl));
    cert.hidden = false;
    closeBtn.hidden = false;
    body.classList.add("cert-shown");
    for (var n = cert.parentNode; n && n !== body; n = n.parentNode) n.setAttribute("data-cert-path", "");
  }

  function hideCert() {
    if (!cert) return;
    cert.hidden = true;
    closeBtn.hidden = true;
    body.classList.remove("cert-shown");
    Array.prototype.forEach.call(document.querySelectorAll("[data-cert-path]"), function (n) { n.removeAttribute("data-cert-path"); });
  }

  function refresh() {
    var rec = passedRecord();
    if (!rec) {
      hideCert();
      certBox.hidden = true;
      return;
    }
    if (!form) build();
    certBox.hidden = false;
  }

  document.addEventListener("varde:course", function (e) {
    var d = e.detail || {};
    if (d.passed && isCount(d.score) && isCount(d.max)) {
      lastPass = { status: "passed", score: d.score, total: d.max, date: new Date().toISOString() };
    } else if (d.passed === false) {
      lastPass = null;
    }
    refresh();
  });
  refresh();
})();
