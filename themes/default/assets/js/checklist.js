/*
 * Control questions (kontrollspørsmål): keeps each answer in this browser's
 * localStorage, shows the action-plan fields for answers below the top of
 * the scale, and on checklist pages draws a live summary, exports CSV and
 * JSON, imports JSON, resets, and shows a printable report.
 *
 * Progressive enhancement: the page is a complete, printable list of
 * questions without this file. Nothing here makes a network request;
 * downloads are Blob URLs and imports are read from a local file.
 *
 * Storage: one key per question, independent of page and language, so the
 * same question answered on a one-pager, a checklist page or the nynorsk
 * page shows the same answer:
 *   varde:<site>:cq:<questionId>  {"v": value, "action": "", "who": "",
 *                                  "due": "YYYY-MM-DD", "t": ISO time}
 *   varde:<site>:cq-report        {"org": municipality, "date": "YYYY-MM-DD"}
 * <site> is <body data-site>.
 *
 * Scoring follows internal/checklist/score.go: choice answers score their
 * level (data-score), -1 ("Ikke relevant") and no answer are left out; an
 * unticked check question counts as 0; an average a (0–100) is shown on the
 * NSM chart as maturity 1 + 3a/100, rounded to a level with halves down.
 */
(function () {
  "use strict";

  var doc = document;
  var fieldsets = Array.prototype.slice.call(doc.querySelectorAll("fieldset.cq[data-q]"));
  var tools = doc.querySelector(".cq-tools[data-checklist]");
  var summaryBox = doc.querySelector(".cq-summary");
  if (!fieldsets.length) return;

  var I18N = window.VARDE_I18N || {};
  function t(key, vars) {
    var s = Object.prototype.hasOwnProperty.call(I18N, key) ? I18N[key] : key;
    if (!vars) return s;
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
    });
  }

  var lang = doc.documentElement.getAttribute("lang") || "nb";
  var site = doc.body.getAttribute("data-site") || "varde";
  var PREFIX = "varde:" + site + ":cq:";
  var REPORT_KEY = "varde:" + site + ":cq-report";
  var FORMAT = "varde-cq";
  var ID_RE = /^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,99}$/u;
  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

  /* ---------- storage ---------- */

  // localStorage may be missing or refuse writes (private mode, policy);
  // answers then live in memory for this visit and the reader is told.
  var memory = {};
  var persistent = (function () {
    try {
      var k = PREFIX + "__probe";
      window.localStorage.setItem(k, "1");
      window.localStorage.removeItem(k);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  })();
  var store = {
    get: function (k) {
      if (!persistent) return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null;
      try { return persistent.getItem(k); } catch (e) { return null; }
    },
    set: function (k, v) {
      if (!persistent) { memory[k] = v; return true; }
      try { persistent.setItem(k, v); return true; } catch (e) { return false; }
    },
    remove: function (k) {
      if (!persistent) { delete memory[k]; return; }
      try { persistent.removeItem(k); } catch (e) { /* nothing to do */ }
    },
    keys: function () {
      if (!persistent) return Object.keys(memory);
      var out = [];
      for (var i = 0; i < persistent.length; i++) out.push(persistent.key(i));
      return out;
    }
  };

  function str(v, max) {
    return typeof v === "string" ? v.slice(0, max) : "";
  }

  // clean returns a well-formed answer record, or null: stored and
  // imported data are never trusted as they are.
  function clean(rec) {
    if (!rec || typeof rec !== "object") return null;
    var out = {
      v: str(rec.v, 40),
      action: str(rec.action, 4000),
      who: str(rec.who, 200),
      due: DATE_RE.test(rec.due) ? rec.due : "",
      t: typeof rec.t === "string" && !isNaN(Date.parse(rec.t)) ? rec.t : ""
    };
    if (!out.t || (!out.v && !out.action && !out.who && !out.due)) return null;
    return out;
  }

  function load(id) {
    var raw = store.get(PREFIX + id);
    if (!raw) return null;
    try { return clean(JSON.parse(raw)); } catch (e) { return null; }
  }

  var saveFailed = false;
  function save(id, rec) {
    if (!store.set(PREFIX + id, JSON.stringify(rec)) && !saveFailed) {
      saveFailed = true;
      say(t("cq.storage.full"));
    }
  }

  function remove(id) { store.remove(PREFIX + id); }

  function allAnswers() {
    var out = {};
    store.keys().forEach(function (k) {
      if (!k || k.indexOf(PREFIX) !== 0) return;
      var id = k.slice(PREFIX.length);
      var rec = ID_RE.test(id) && load(id);
      if (rec) out[id] = rec;
    });
    return out;
  }

  function loadReport() {
    try {
      var r = JSON.parse(store.get(REPORT_KEY) || "{}") || {};
      return { org: str(r.org, 200), date: DATE_RE.test(r.date) ? r.date : "" };
    } catch (e) {
      return { org: "", date: "" };
    }
  }

  /* ---------- questions ---------- */

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  var pageTitle = text(doc.querySelector("h1"));

  function model(fs) {
    var levels = Array.prototype.slice.call(fs.querySelectorAll(".cq-answers input")).map(function (input) {
      var label = fs.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      return { value: input.value, score: parseInt(input.getAttribute("data-score"), 10) || 0, label: text(label), input: input };
    });
    var nsmEl = fs.hasAttribute("data-nsm") ? fs : fs.parentElement && fs.parentElement.closest("[data-nsm]");
    var cats = [];
    (nsmEl ? nsmEl.getAttribute("data-nsm") : "").split(/[\s,;]+/).forEach(function (ref) {
      var m = /^([1-4])(\.\d{1,3}){0,3}$/.exec(ref);
      if (m && cats.indexOf(m[1]) < 0) cats.push(m[1]);
    });
    var plan = fs.querySelector(".cq-plan");
    var field = function (name) { return plan ? plan.querySelector('[data-field="' + name + '"]') : null; };
    var m = {
      fs: fs,
      id: fs.getAttribute("data-q"),
      question: text(fs.querySelector("legend")),
      kind: levels.length && levels[0].input.type === "checkbox" ? "check" : "choice",
      levels: levels,
      top: levels.reduce(function (top, l) { return Math.max(top, l.score); }, 0),
      areaKey: (fs.getAttribute("data-page") || "") + "#" + (fs.getAttribute("data-area") || ""),
      area: fs.getAttribute("data-area-title") || fs.getAttribute("data-source-title") || pageTitle || t("cq.noarea"),
      source: fs.getAttribute("data-source-title") || pageTitle,
      cats: cats,
      plan: plan,
      fields: { action: field("action"), who: field("who"), due: field("due") },
      clear: null
    };
    return m;
  }

  // evaluate scores a question as score.go does.
  function evaluate(m) {
    var level = null;
    m.levels.forEach(function (l) { if (l.input.checked) level = l; });
    if (m.kind === "check") return { level: level, answered: !!level, counted: true, score: level ? level.score : 0 };
    if (!level) return { level: null, answered: false, counted: false, score: 0 };
    return { level: level, answered: true, counted: level.score >= 0, score: level.score };
  }

  function belowTop(m, ev) {
    return m.kind !== "check" && ev.answered && ev.counted && ev.score < m.top;
  }

  function fieldValue(m, name) {
    return m.fields[name] ? m.fields[name].value : "";
  }

  function refresh(m) {
    var ev = evaluate(m);
    if (m.plan) m.plan.hidden = !belowTop(m, ev);
    if (m.clear) m.clear.hidden = !ev.answered;
    m.fs.classList.toggle("cq-answered", ev.answered);
  }

  function restore(m) {
    var rec = load(m.id);
    m.levels.forEach(function (l) { l.input.checked = !!rec && l.value === rec.v; });
    ["action", "who", "due"].forEach(function (name) {
      if (m.fields[name]) m.fields[name].value = rec ? rec[name] : "";
    });
    refresh(m);
  }

  function persist(m) {
    var ev = evaluate(m);
    var rec = {
      v: ev.level ? ev.level.value : "",
      action: fieldValue(m, "action"),
      who: fieldValue(m, "who"),
      due: fieldValue(m, "due"),
      t: new Date().toISOString()
    };
    if (!rec.v && !rec.action.trim() && !rec.who.trim() && !rec.due) remove(m.id);
    else save(m.id, rec);
  }

  var models = fieldsets.map(model);

  models.forEach(function (m) {
    var answers = m.fs.querySelector(".cq-answers");
    if (answers) {
      m.clear = doc.createElement("button");
      m.clear.type = "button";
      m.clear.className = "cq-clear";
      m.clear.textContent = t("cq.clear");
      m.clear.hidden = true;
      m.clear.addEventListener("click", function () {
        m.levels.forEach(function (l) { l.input.checked = false; });
        persist(m);
        refresh(m);
        update();
        var first = m.levels[0];
        if (first) first.input.focus();
      });
      answers.appendChild(m.clear);
    }
    var timer = 0;
    m.fs.addEventListener("change", function (e) {
      clearTimeout(timer);
      persist(m);
      if (e.target.closest(".cq-answers")) refresh(m);
      update();
    });
    m.fs.addEventListener("input", function (e) {
      if (!e.target.closest(".cq-plan")) return;
      clearTimeout(timer);
      timer = setTimeout(function () { persist(m); update(); }, 400);
    });
    restore(m);
  });

  function restoreAll() {
    models.forEach(restore);
    update();
  }

  // Answers given in another tab of the same site show up here too.
  window.addEventListener("storage", function (e) {
    if (e.key === null || e.key.indexOf(PREFIX) === 0) restoreAll();
  });

  /* ---------- numbers and summary ---------- */

  var nf1, nf0;
  try {
    nf1 = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    nf0 = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  } catch (e) {
    nf1 = new Intl.NumberFormat("nb", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    nf0 = new Intl.NumberFormat("nb", { maximumFractionDigits: 0 });
  }

  var df = null;
  try { df = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }); } catch (e) { df = null; }
  // formatDate shows a YYYY-MM-DD date in the page's language.
  function formatDate(d) {
    if (!DATE_RE.test(d)) return "–";
    var ms = Date.parse(d + "T00:00:00Z");
    return df && !isNaN(ms) ? df.format(new Date(ms)) : d;
  }

  function maturity(avg) {
    return 1 + 3 * Math.max(0, Math.min(100, avg)) / 100;
  }
  function maturityLevel(avg) {
    return Math.ceil(maturity(avg) - 0.5 - 1e-9);
  }

  function tally() {
    return { total: 0, answered: 0, counted: 0, sum: 0 };
  }
  function add(tl, ev) {
    tl.total++;
    if (ev.answered) tl.answered++;
    if (ev.counted) { tl.counted++; tl.sum += ev.score; }
  }
  function average(tl) {
    return tl.counted ? tl.sum / tl.counted : null;
  }

  function summarize() {
    var all = tally();
    var areas = [];
    var byKey = {};
    var cats = {};
    models.forEach(function (m) {
      var ev = evaluate(m);
      add(all, ev);
      var a = byKey[m.areaKey];
      if (!a) {
        a = byKey[m.areaKey] = { label: m.area, source: m.source, tally: tally() };
        areas.push(a);
      }
      add(a.tally, ev);
      m.cats.forEach(function (c) {
        if (!cats[c]) cats[c] = tally();
        add(cats[c], ev);
      });
    });
    // Areas of different pages may share a heading: tell them apart.
    var seen = {};
    areas.forEach(function (a) { seen[a.label] = (seen[a.label] || 0) + 1; });
    areas.forEach(function (a) {
      if (seen[a.label] > 1 && a.source && a.source !== a.label) a.label += " (" + a.source + ")";
    });
    var catList = ["1", "2", "3", "4"].filter(function (c) { return cats[c]; }).map(function (c) {
      return { label: c + " " + t("cq.nsm." + c), tally: cats[c] };
    });
    return { all: all, areas: areas, cats: catList };
  }

  /* ---------- drawing ---------- */

  var SVG = "http://www.w3.org/2000/svg";
  function svg(name, attrs, content) {
    var el = doc.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (content != null) el.textContent = content;
    return el;
  }
  function h(name, attrs, content) {
    var el = doc.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") el.className = attrs[k];
      else el.setAttribute(k, attrs[k]);
    });
    if (content != null) el.textContent = content;
    return el;
  }
  function clip(s, n) {
    return s.length > n ? s.slice(0, n - 1) + "…" : s;
  }

  // barChart draws horizontal bars with the label above each bar and its
  // value as text after it, so the chart reads without colour and in print.
  // rows: [{label, value (number or null), text}].
  function barChart(idPrefix, title, rows, max, ticks) {
    var W = 640, TOP = 26, LABEL = 20, BAR = 16, GAP = 14, RIGHT = 110;
    var ROW = LABEL + BAR + GAP;
    var H = TOP + rows.length * ROW;
    var inner = W - RIGHT;
    var desc = rows.map(function (r) { return r.label + ": " + r.text; }).join("; ");
    var root = svg("svg", {
      "class": "cq-chart-svg", viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "xMinYMin meet",
      role: "img", "aria-labelledby": idPrefix + "-t " + idPrefix + "-d"
    });
    root.appendChild(svg("title", { id: idPrefix + "-t" }, title));
    root.appendChild(svg("desc", { id: idPrefix + "-d" }, desc));
    ticks.forEach(function (v, i) {
      var x = inner * v / max;
      root.appendChild(svg("line", { "class": "cq-grid", x1: x, x2: x, y1: TOP - 6, y2: H - GAP / 2 }));
      root.appendChild(svg("text", {
        "class": "cq-tick", x: x, y: TOP - 10, "text-anchor": i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"
      }, nf0.format(v)));
    });
    rows.forEach(function (r, i) {
      var y = TOP + i * ROW;
      root.appendChild(svg("text", { "class": "cq-label", x: 0, y: y + LABEL - 5 }, clip(r.label, 70)));
      root.appendChild(svg("rect", { "class": "cq-track", x: 0, y: y + LABEL, width: inner, height: BAR }));
      var w = r.value == null ? 0 : Math.max(2, inner * r.value / max);
      if (r.value != null) {
        root.appendChild(svg("rect", {
          "class": "cq-bar cq-lvl-" + r.level, x: 0, y: y + LABEL, width: w.toFixed(1), height: BAR
        }));
      }
      root.appendChild(svg("text", {
        "class": r.value == null ? "cq-value cq-value-none" : "cq-value", x: r.value == null ? 6 : w + 6, y: y + LABEL + BAR - 3
      }, r.text));
    });
    return root;
  }

  function renderSummary(box, sum, idPrefix) {
    var frag = doc.createDocumentFragment();
    // Unticked check questions count as 0, but before anything is answered
    // a score of 0 would only alarm: say there is none yet.
    var avg = sum.all.answered ? average(sum.all) : null;
    var p = h("p", { "class": "cq-progress" }, t("cq.summary.progress", { answered: sum.all.answered, total: sum.all.total }) + " " +
      (avg == null ? t("cq.summary.noscore")
        : t("cq.summary.score", { score: nf0.format(avg), maturity: nf1.format(maturity(avg)) })));
    frag.appendChild(p);
    // The charts change with every answer; only the sentence above is
    // announced, the charts are read on demand.
    var charts = h("div", { "class": "cq-charts", "aria-live": "off" });
    var areaRows = sum.areas.map(function (a) {
      var v = average(a.tally);
      return {
        label: a.label, value: v, level: v == null ? 0 : maturityLevel(v),
        text: v == null ? t("cq.summary.none") : nf0.format(v)
      };
    });
    if (areaRows.length) {
      var f1 = h("figure", { "class": "cq-chart" });
      f1.appendChild(h("figcaption", { "class": "cq-chart-title" }, t("cq.chart.areas")));
      f1.appendChild(barChart(idPrefix + "-areas", t("cq.chart.areas"), areaRows, 100, [0, 25, 50, 75, 100]));
      charts.appendChild(f1);
    }
    var catRows = sum.cats.map(function (c) {
      var v = average(c.tally);
      return {
        label: c.label, value: v == null ? null : maturity(v), level: v == null ? 0 : maturityLevel(v),
        text: v == null ? t("cq.summary.none") : nf1.format(maturity(v))
      };
    });
    if (catRows.length) {
      var f2 = h("figure", { "class": "cq-chart" });
      f2.appendChild(h("figcaption", { "class": "cq-chart-title" }, t("cq.chart.nsm")));
      f2.appendChild(barChart(idPrefix + "-nsm", t("cq.chart.nsm"), catRows, 4, [0, 1, 2, 3, 4]));
      charts.appendChild(f2);
    }
    frag.appendChild(charts);
    box.replaceChildren(frag);
  }

  var summaryBody = null;
  if (summaryBox) {
    summaryBody = h("div", { "class": "cq-summary-body" });
    summaryBox.appendChild(summaryBody);
  }

  var pending = false;
  function update() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      var sum = summarize();
      if (summaryBody) renderSummary(summaryBody, sum, "cq-sum");
      if (report && !report.hidden) renderReport(sum);
    });
  }

  /* ---------- toolbar: report, export, import, reset ---------- */

  var status = null;
  function say(msg) {
    if (status) status.textContent = msg;
  }

  var report = null, reportBody = null, reportButton = null;

  function answerLabel(ev) {
    return ev.level ? ev.level.label : "";
  }

  // table builds a data table; the column rowHead (the question) heads
  // its row for screen readers, and the column dateCol holds dates.
  function table(caption, head, rows, rowHead, dateCol) {
    var tb = h("table", { "class": "cq-table" });
    tb.appendChild(h("caption", { "class": "cq-vh" }, caption));
    var thead = h("thead"), tr = h("tr");
    head.forEach(function (c) { tr.appendChild(h("th", { scope: "col" }, c)); });
    thead.appendChild(tr);
    tb.appendChild(thead);
    var tbody = h("tbody");
    rows.forEach(function (r) {
      var row = h("tr");
      r.forEach(function (c, i) {
        row.appendChild(i === rowHead ? h("th", { scope: "row" }, c) : h("td", i === dateCol ? { "class": "cq-date" } : {}, c));
      });
      tbody.appendChild(row);
    });
    tb.appendChild(tbody);
    return tb;
  }

  function renderReport(sum) {
    var frag = doc.createDocumentFragment();
    frag.appendChild(h("h3", {}, t("cq.report.summary")));
    var s = h("div", { "class": "cq-report-summary" });
    renderSummary(s, sum, "cq-rep");
    frag.appendChild(s);

    frag.appendChild(h("h3", {}, t("cq.report.answers")));
    var answerRows = models.map(function (m) {
      var ev = evaluate(m);
      return [m.area, m.question, answerLabel(ev) || t("cq.summary.none"), ev.counted ? nf0.format(ev.score) : "–"];
    });
    frag.appendChild(table(t("cq.report.answers"), [t("cq.col.area"), t("cq.col.question"), t("cq.col.answer"), t("cq.col.score")], answerRows, 1));

    frag.appendChild(h("h3", {}, t("cq.report.plan")));
    var planRows = [];
    models.forEach(function (m) {
      var ev = evaluate(m);
      var action = fieldValue(m, "action").trim(), who = fieldValue(m, "who").trim(), due = fieldValue(m, "due");
      if (belowTop(m, ev) || action || who || due) {
        planRows.push({ due: due, row: [m.area, m.question, answerLabel(ev) || t("cq.summary.none"), action || "–", who || "–", formatDate(due)] });
      }
    });
    // By due date, undated last, so the plan reads as a schedule.
    planRows.sort(function (a, b) {
      var da = a.due || "9999", db = b.due || "9999";
      return da < db ? -1 : da > db ? 1 : 0;
    });
    planRows = planRows.map(function (p) { return p.row; });
    if (planRows.length) {
      frag.appendChild(table(t("cq.report.plan"),
        [t("cq.col.area"), t("cq.col.question"), t("cq.col.answer"), t("cq.col.action"), t("cq.col.who"), t("cq.col.due")], planRows, 1, 5));
    } else {
      frag.appendChild(h("p", {}, t("cq.report.noplan")));
    }
    reportBody.replaceChildren(frag);
  }

  function buildReport() {
    var r = h("section", { "class": "cq-report", id: "cq-report", "aria-labelledby": "cq-report-title" });
    r.hidden = true;
    var title = h("h2", { id: "cq-report-title", tabindex: "-1" }, t("cq.report.title"));
    r.appendChild(title);
    var meta = h("div", { "class": "cq-report-meta" });
    var saved = loadReport();
    var org = h("input", { type: "text", id: "cq-report-org", autocomplete: "organization" });
    var date = h("input", { type: "date", id: "cq-report-date" });
    org.value = saved.org;
    date.value = saved.date || new Date().toISOString().slice(0, 10);
    [[org, "cq.report.org"], [date, "cq.report.date"]].forEach(function (p) {
      var wrap = h("div", { "class": "cq-field" });
      wrap.appendChild(h("label", { "for": p[0].id }, t(p[1])));
      wrap.appendChild(p[0]);
      meta.appendChild(wrap);
      p[0].addEventListener("change", function () {
        store.set(REPORT_KEY, JSON.stringify({ org: org.value.slice(0, 200), date: DATE_RE.test(date.value) ? date.value : "" }));
      });
    });
    r.appendChild(meta);
    reportBody = h("div", { "class": "cq-report-body" });
    r.appendChild(reportBody);
    var print = h("button", { type: "button", "class": "cq-print" }, t("cq.report.print"));
    print.addEventListener("click", function () { window.print(); });
    r.appendChild(print);
    return r;
  }

  function toggleReport() {
    var on = report.hidden;
    report.hidden = !on;
    reportButton.setAttribute("aria-pressed", on ? "true" : "false");
    doc.body.classList.toggle("cq-report-mode", on);
    if (on) {
      renderReport(summarize());
      report.querySelector("h2").focus();
    }
  }

  function fileStem() {
    var id = (tools && tools.getAttribute("data-checklist")) || "kontrollsporsmal";
    return id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "kontrollsporsmal";
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var a = h("a", { href: url, download: name });
    a.hidden = true;
    doc.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say(t("cq.export.done", { file: name }));
  }

  // csvCell quotes a field for Excel; a text field that Excel would read as
  // a formula gets a leading apostrophe.
  function csvCell(v, isText) {
    var s = v == null ? "" : String(v);
    if (isText && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }

  function exportCSV() {
    var lines = [[t("cq.col.area"), t("cq.col.question"), t("cq.col.answer"), t("cq.col.score"),
      t("cq.col.action"), t("cq.col.who"), t("cq.col.due")].map(function (c) { return csvCell(c, true); }).join(";")];
    models.forEach(function (m) {
      var ev = evaluate(m);
      lines.push([
        csvCell(m.area, true), csvCell(m.question, true), csvCell(answerLabel(ev), true),
        csvCell(ev.counted ? ev.score : ""), csvCell(fieldValue(m, "action").trim(), true),
        csvCell(fieldValue(m, "who").trim(), true), csvCell(fieldValue(m, "due"))
      ].join(";"));
    });
    download(fileStem() + "-" + today() + ".csv", "text/csv;charset=utf-8", "\uFEFF" + lines.join("\r\n") + "\r\n");
  }

  function exportJSON() {
    var data = { format: FORMAT, version: 1, site: site, exported: new Date().toISOString(), answers: allAnswers() };
    download("varde-svar-" + today() + ".json", "application/json", JSON.stringify(data, null, 2) + "\n");
  }

  function same(a, b) {
    return a.v === b.v && a.action === b.action && a.who === b.who && a.due === b.due;
  }

  function importJSON(content) {
    var data;
    try { data = JSON.parse(content); } catch (e) { data = null; }
    if (!data || data.format !== FORMAT || !data.answers || typeof data.answers !== "object") {
      say(t("cq.import.invalid"));
      return;
    }
    var changes = [], added = 0, updated = 0, skipped = 0;
    Object.keys(data.answers).forEach(function (id) {
      var rec = ID_RE.test(id) ? clean(data.answers[id]) : null;
      if (!rec) { skipped++; return; }
      var local = load(id);
      if (!local) {
        added++;
        changes.push([id, rec]);
      } else if (Date.parse(rec.t) > Date.parse(local.t) && !same(rec, local)) {
        updated++;
        changes.push([id, rec]);
      }
    });
    if (!changes.length) {
      say(t("cq.import.nothing") + (skipped ? " " + t("cq.import.skipped", { n: skipped }) : ""));
      return;
    }
    var msg = t("cq.import.confirm", { n: changes.length, added: added, updated: updated });
    if (typeof data.site === "string" && data.site !== site) msg = t("cq.import.othersite", { site: data.site }) + "\n\n" + msg;
    if (!window.confirm(msg)) {
      say(t("cq.import.cancelled"));
      return;
    }
    changes.forEach(function (c) { save(c[0], c[1]); });
    restoreAll();
    say(t("cq.import.done", { n: changes.length }) + (skipped ? " " + t("cq.import.skipped", { n: skipped }) : ""));
  }

  function reset() {
    var ids = models.map(function (m) { return m.id; }).filter(function (id) { return load(id); });
    if (!ids.length) {
      say(t("cq.reset.nothing"));
      return;
    }
    if (!window.confirm(t("cq.reset.confirm", { n: ids.length }))) return;
    ids.forEach(remove);
    restoreAll();
    say(t("cq.reset.done", { n: ids.length }));
  }

  function buildTools() {
    var bar = h("div", { "class": "cq-toolbar", role: "group", "aria-label": t("cq.tools.label") });
    var button = function (key, onClick) {
      var b = h("button", { type: "button" }, t(key));
      b.addEventListener("click", onClick);
      bar.appendChild(b);
      return b;
    };
    reportButton = button("cq.tools.report", toggleReport);
    reportButton.setAttribute("aria-pressed", "false");
    reportButton.setAttribute("aria-controls", "cq-report");
    button("cq.tools.csv", exportCSV);
    button("cq.tools.json", exportJSON);
    var file = h("input", { type: "file", accept: ".json,application/json", "class": "cq-vh", tabindex: "-1", "aria-hidden": "true" });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      file.value = "";
      if (!f) return;
      if (f.size > 5 * 1024 * 1024) {
        say(t("cq.import.invalid"));
        return;
      }
      f.text().then(importJSON, function () { say(t("cq.import.invalid")); });
    });
    button("cq.tools.import", function () { file.click(); });
    bar.appendChild(file);
    button("cq.tools.reset", reset);
    tools.appendChild(bar);
    status = h("p", { "class": "cq-status", role: "status" });
    tools.appendChild(status);
    tools.appendChild(h("p", { "class": "cq-privacy" }, t("cq.privacy")));
    if (!persistent) say(t("cq.storage.none"));
    report = buildReport();
    tools.parentNode.insertBefore(report, tools.nextSibling);
  }

  if (tools) buildTools();
  else if (!persistent) {
    // No toolbar to speak in: say it once above the first question.
    fieldsets[0].parentNode.insertBefore(h("p", { "class": "cq-status" }, t("cq.storage.none")), fieldsets[0]);
  }

  // Printing the page itself (not the report) shows the guidance too.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    if (doc.body.classList.contains("cq-report-mode")) return;
    opened = Array.prototype.slice.call(doc.querySelectorAll("details.cq-guidance:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  update();
})();
