/*
 * The regional maturity survey (docs/modenhet.md).
 *
 * On a checklist page a survey is about, and on the survey's own page, the
 * share box writes a share file (format "varde-survey", docs/format.md):
 * the stored answers to the checklist's questions and nothing else of
 * them (no action notes, names or dates), the checklist's id and version,
 * and the organisation and role the reader fills in. The reader sees the
 * exact file in a preview before saving it.
 *
 * On the survey's page the comparison view loads the reader's answers
 * (from this browser's storage, or a share file chosen locally) and shows
 * them beside the region's median and quartiles per area and per
 * question, the questions where the reader lags most first. The region's
 * figures are read from the page's own data attributes, so nothing is
 * fetched and nothing is sent: it works offline and under the strict CSP.
 *
 * Levels follow internal/survey (Level): an answer's score a (0–100) is
 * the level 1 + 3a/100, a third when within half a point of one; a score
 * of -1 ("Ikke relevant") is left out;
 * an area's level is the mean of the answered questions in it.
 */
(function () {
  "use strict";

  var doc = document;
  var shares = Array.prototype.slice.call(doc.querySelectorAll(".sv-share[data-ids]"));
  var compare = doc.querySelector(".sv-compare");
  if (!shares.length && !compare) return;

  var t = window.Varde.t;
  var lang = doc.documentElement.getAttribute("lang") || "nb";
  var PREFIX = window.Varde.key("cq:");
  var REPORT_KEY = window.Varde.key("cq-report");
  var ROLE_KEY = window.Varde.key("sv-role");
  var FORMAT = "varde-survey";
  var ROLES = ["kommunedirektor", "it", "personvernombud", "annet"];

  function get(k) {
    try { return window.localStorage.getItem(k); } catch (e) { return null; }
  }
  function set(k, v) {
    try { window.localStorage.setItem(k, v); } catch (e) { /* not kept */ }
  }

  // stored returns the answers this browser holds for the given question
  // ids: the value only, as the checklist stores it.
  function stored(ids) {
    var out = {};
    ids.forEach(function (id) {
      var raw = get(PREFIX + id);
      if (!raw) return;
      try {
        var rec = JSON.parse(raw);
        if (rec && typeof rec.v === "string" && rec.v && rec.v.length <= 40) out[id] = rec.v;
      } catch (e) { /* a broken record is no answer */ }
    });
    return out;
  }

  // validOrgNr: nine digits with the modulus 11 check digit of
  // Enhetsregisteret (as survey.ValidOrgNr).
  function orgNr(s) {
    var d = s.replace(/\s+/g, "");
    if (!d) return "";
    if (!/^\d{9}$/.test(d)) return null;
    var w = [3, 2, 7, 6, 5, 4, 3, 2], sum = 0;
    for (var i = 0; i < 8; i++) sum += w[i] * Number(d[i]);
    var c = 11 - (sum % 11);
    if (c === 11) c = 0;
    return c !== 10 && c === Number(d[8]) ? d : null;
  }

  function h(name, attrs, text) {
    var el = doc.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text != null) el.textContent = text;
    return el;
  }

  function download(name, content) {
    var url = URL.createObjectURL(new Blob([content], { type: "application/json" }));
    var a = h("a", { href: url, download: name });
    a.hidden = true;
    doc.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* ---------- share box ---------- */

  function setupShare(box) {
    var form = box.querySelector(".sv-share-form");
    if (!form) return;
    var ids = (box.getAttribute("data-ids") || "").split(/\s+/).filter(Boolean);
    var field = function (n) { return form.querySelector('[data-field="' + n + '"]'); };
    var org = field("org"), nr = field("orgnr"), role = field("role");
    var count = form.querySelector(".sv-count");
    var preview = form.querySelector(".sv-preview");
    var save = form.querySelector(".sv-save");
    try { org.value = (JSON.parse(get(REPORT_KEY) || "{}") || {}).org || ""; } catch (e) { /* none */ }
    var r = get(ROLE_KEY);
    if (ROLES.indexOf(r) >= 0) role.value = r;

    function file() {
      return {
        format: FORMAT,
        version: 1,
        checklist: box.getAttribute("data-checklist"),
        checklistVersion: box.getAttribute("data-version"),
        org: org.value.trim().slice(0, 200),
        orgnr: orgNr(nr.value) || "",
        role: role.value,
        answers: stored(ids)
      };
    }
    function update() {
      var f = file();
      var n = Object.keys(f.answers).length;
      var badNr = orgNr(nr.value) === null;
      nr.setAttribute("aria-invalid", badNr ? "true" : "false");
      count.textContent = badNr ? t("sv.js.orgnr") : n ? t("sv.js.count", { n: n }) : t("sv.js.none");
      preview.textContent = JSON.stringify(f, null, 2);
      save.disabled = badNr || !n;
    }
    [org, nr, role].forEach(function (el) { el.addEventListener("input", update); el.addEventListener("change", update); });
    role.addEventListener("change", function () { set(ROLE_KEY, role.value); });
    save.addEventListener("click", function () {
      update();
      if (save.disabled) return;
      // What is saved is exactly what the preview shows.
      var text = preview.textContent + "\n";
      var stem = (box.getAttribute("data-survey") || "svar").replace(/[^a-z0-9-]+/g, "-");
      var name = "delingsfil-" + stem + "-" + role.value + ".json";
      download(name, text);
      count.textContent = t("sv.js.saved", { file: name });
    });
    window.addEventListener("storage", update);
    form.hidden = false;
    update();
  }
  shares.forEach(setupShare);

  /* ---------- comparison ---------- */

  if (!compare) return;
  var cform = compare.querySelector(".sv-compare-form");
  var status = compare.querySelector(".sv-status");
  var out = compare.querySelector(".sv-compare-out");
  var questions = Array.prototype.slice.call(doc.querySelectorAll(".sv-q[data-q]"));
  var areas = Array.prototype.slice.call(doc.querySelectorAll("tr[data-area]"));
  var qids = questions.map(function (q) { return q.getAttribute("data-q"); });

  function num(x) {
    var s = (Math.round(x * 10) / 10).toFixed(1);
    return lang === "en" ? s : s.replace(".", ",");
  }
  function scores(el) {
    var m = {};
    (el.getAttribute("data-scores") || "").split(" ").forEach(function (p) {
      var i = p.lastIndexOf(":");
      if (i >= 0) m[p.slice(0, i)] = Number(p.slice(i + 1));
    });
    return m;
  }
  function levelOf(el, value) {
    var s = scores(el)[value];
    if (typeof s !== "number" || isNaN(s) || s < 0) return null;
    // As survey.Level: a score within half a point of a third is that
    // third, so maturity 2 and 3 (scored 33 and 67) are 2 and 3.
    var x = 1 + 3 * s / 100;
    return Math.abs(x - Math.round(x)) < 0.015 ? Math.round(x) : x;
  }
  function region(el) {
    if (!el.hasAttribute("data-median")) return null;
    return { median: Number(el.getAttribute("data-median")), q1: Number(el.getAttribute("data-q1")), q3: Number(el.getAttribute("data-q3")) };
  }
  function diffCell(d) {
    var cls = d < 0 ? "sv-lag" : d > 0 ? "sv-ahead" : "";
    return h("td", cls ? { "class": cls } : {}, (d > 0 ? "+" : d < 0 ? "−" : "") + num(Math.abs(d)));
  }
  function table(caption, first, rows) {
    // Focusable: on a phone the table scrolls sideways in its own box
    // (tables are display: block), which a keyboard must reach to scroll.
    var tb = h("table", { "class": "sv-table", tabindex: "0" });
    tb.appendChild(h("caption", {}, caption));
    var head = h("tr");
    ["", t("sv.js.you"), t("sv.js.region"), t("sv.js.diff")].forEach(function (c, i) {
      head.appendChild(h("th", { scope: "col" }, i === 0 ? first : c));
    });
    var thead = h("thead");
    thead.appendChild(head);
    tb.appendChild(thead);
    var body = h("tbody");
    rows.forEach(function (r) { body.appendChild(r); });
    tb.appendChild(body);
    return tb;
  }
  function row(label, href, you, reg) {
    var tr = h("tr");
    var th = h("th", { scope: "row" });
    if (href) th.appendChild(h("a", { href: href }, label));
    else th.textContent = label;
    tr.appendChild(th);
    tr.appendChild(h("td", {}, num(you)));
    tr.appendChild(h("td", {}, num(reg.median) + " (" + num(reg.q1) + "–" + num(reg.q3) + ")"));
    tr.appendChild(diffCell(you - reg.median));
    return tr;
  }

  function show(answers, note) {
    out.textContent = "";
    var mine = [], byArea = {}, n = 0;
    questions.forEach(function (q) {
      var id = q.getAttribute("data-q");
      if (!Object.prototype.hasOwnProperty.call(answers, id)) return;
      var lv = levelOf(q, answers[id]);
      if (lv === null) return;
      n++;
      var area = q.getAttribute("data-area");
      (byArea[area] = byArea[area] || []).push(lv);
      var reg = region(q);
      if (reg) mine.push({ q: q, you: lv, reg: reg });
    });
    if (!n) {
      status.textContent = t("sv.js.none");
      return;
    }
    status.textContent = (note ? note + " " : "") + t("sv.js.loaded", { n: n });
    var arows = [];
    areas.forEach(function (tr) {
      var xs = byArea[tr.getAttribute("data-area")], reg = region(tr);
      if (!xs || !reg) return;
      var you = xs.reduce(function (a, b) { return a + b; }, 0) / xs.length;
      arows.push(row(tr.getAttribute("data-label"), "", you, reg));
    });
    if (arows.length) out.appendChild(table(t("sv.js.areas"), t("sv.col.area"), arows));
    // The questions where the reader lags most first; ties by how far
    // below the region's lower quartile, then in page order.
    mine.sort(function (a, b) {
      return (a.you - a.reg.median) - (b.you - b.reg.median) || (a.you - a.reg.q1) - (b.you - b.reg.q1);
    });
    var qrows = mine.map(function (m) {
      var text = m.q.querySelector(".sv-q-text");
      return row(text ? text.textContent : m.q.getAttribute("data-q"), "#" + m.q.id, m.you, m.reg);
    });
    if (qrows.length) out.appendChild(table(t("sv.js.questions"), t("sv.js.question"), qrows));
  }

  compare.querySelector(".sv-load-stored").addEventListener("click", function () {
    show(stored(qids), "");
  });
  var input = compare.querySelector("#sv-file");
  input.addEventListener("change", function () {
    var f = input.files && input.files[0];
    if (!f) return;
    if (f.size > 2 * 1024 * 1024) { status.textContent = t("sv.js.invalid"); return; }
    f.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (e) { data = null; }
      if (!data || data.format !== FORMAT || data.checklist !== compare.getAttribute("data-checklist") || !data.answers || typeof data.answers !== "object") {
        out.textContent = "";
        status.textContent = t("sv.js.invalid");
        return;
      }
      var answers = {};
      Object.keys(data.answers).forEach(function (id) {
        if (typeof data.answers[id] === "string") answers[id] = data.answers[id];
      });
      show(answers, data.checklistVersion !== compare.getAttribute("data-version") ? t("sv.js.otherversion") : "");
    }, function () { status.textContent = t("sv.js.invalid"); });
  });
  cform.hidden = false;
})();
