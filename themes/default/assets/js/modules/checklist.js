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
 * The summary adds up the page's own questions by area and the questions
 * it gathers from other pages by page, as Summarize does.
 */
(function () {
  "use strict";

  var doc = document;
  var fieldsets = Array.prototype.slice.call(doc.querySelectorAll("fieldset.cq[data-q]"));
  var tools = doc.querySelector(".cq-tools[data-checklist]");
  var summaryBox = doc.querySelector(".cq-summary");
  if (!fieldsets.length) return;

  var t = window.Varde.t;
  var lang = doc.documentElement.getAttribute("lang") || "nb";
  var site = doc.body.getAttribute("data-site") || "varde";
  var PREFIX = window.Varde.key("cq:");
  var REPORT_KEY = window.Varde.key("cq-report");
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
  var selfId = doc.body.getAttribute("data-id") || "";

  // model reads a question's fieldset. A question of another page (one a
  // checklist page gathers) is summarised with the other questions of its
  // page, under the page's title, as score.go's Summarize does: a
  // one-pager's single heading ("Kontrollspørsmål") would name nothing.
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
    var page = fs.getAttribute("data-page") || "";
    var gathered = page !== selfId;
    var areaTitle = fs.getAttribute("data-area-title") || "";
    var source = fs.getAttribute("data-source-title") || (gathered ? page : pageTitle);
    return {
      fs: fs,
      id: fs.getAttribute("data-q"),
      question: text(fs.querySelector("legend")),
      kind: levels.length && levels[0].input.type === "checkbox" ? "check" : "choice",
      levels: levels,
      top: levels.reduce(function (top, l) { return Math.max(top, l.score); }, 0),
      gathered: gathered,
      areaId: fs.getAttribute("data-area") || "",
      areaTitle: areaTitle,
      groupKey: gathered ? "page:" + page : "area:" + (fs.getAttribute("data-area") || "") + "#" + areaTitle,
      group: gathered ? source : areaTitle || pageTitle || t("cq.noarea"),
      area: "", // the area as exports name it; set below, once all questions are read
      page: page,
      cats: cats,
      plan: plan,
      fields: { action: field("action"), who: field("who"), due: field("due") },
      clear: null
    };
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
    // Print leaves out an action plan with nothing written in it.
    m.fs.classList.toggle("cq-planned", !!(fieldValue(m, "action").trim() || fieldValue(m, "who").trim() || fieldValue(m, "due")));
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

  // Exports and the report name a gathered question's area by its page's
  // title, and add the heading only when that page has several.
  (function () {
    var areasOf = {};
    models.forEach(function (m) {
      if (!m.gathered) return;
      var a = areasOf[m.page] = areasOf[m.page] || [];
      if (a.indexOf(m.areaId + "#" + m.areaTitle) < 0) a.push(m.areaId + "#" + m.areaTitle);
    });
    models.forEach(function (m) {
      m.area = m.group;
      if (m.gathered && m.areaTitle && areasOf[m.page].length > 1) m.area += " – " + m.areaTitle;
    });
  })();

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
    m.fs.addEventListener("change", function () {
      clearTimeout(timer);
      persist(m);
      refresh(m);
      update();
    });
    m.fs.addEventListener("input", function (e) {
      if (!e.target.closest(".cq-plan")) return;
      clearTimeout(timer);
      timer = setTimeout(function () { persist(m); refresh(m); update(); }, 400);
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

  // Browsers without nynorsk locale data would format in English (3.0);
  // bokmål's conventions are nynorsk's, so they come next in the list.
  var locales = [lang, "nb", "no"];
  var nf1, nf0;
  try {
    nf1 = new Intl.NumberFormat(locales, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    nf0 = new Intl.NumberFormat(locales, { maximumFractionDigits: 0 });
  } catch (e) {
    nf1 = new Intl.NumberFormat("nb", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    nf0 = new Intl.NumberFormat("nb", { maximumFractionDigits: 0 });
  }

  var df = null;
  try { df = new Intl.DateTimeFormat(locales, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }); } catch (e) { df = null; }
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

  // summarize tallies the questions as score.go's Summarize does: the
  // page's own questions by area, each gathered page as one row, and the
  // NSM categories.
  function summarize() {
    var all = tally();
    var groups = [];
    var byKey = {};
    var cats = {};
    models.forEach(function (m) {
      var ev = evaluate(m);
      add(all, ev);
      var g = byKey[m.groupKey];
      if (!g) {
        g = byKey[m.groupKey] = { label: m.group, gathered: m.gathered, tally: tally(), models: [] };
        groups.push(g);
      }
      add(g.tally, ev);
      g.models.push(m);
      m.cats.forEach(function (c) {
        if (!cats[c]) cats[c] = tally();
        add(cats[c], ev);
      });
    });
    var catList = ["1", "2", "3", "4"].filter(function (c) { return cats[c]; }).map(function (c) {
      return { label: c + " " + t("cq.nsm." + c), tally: cats[c] };
    });
    return {
      all: all,
      groups: groups,
      areas: groups.filter(function (g) { return !g.gathered; }),
      pages: groups.filter(function (g) { return g.gathered; }),
      cats: catList
    };
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

  // Chart text is measured to wrap labels, in the page's own font (the
  // charts' text inherits it); a canvas measures without drawing anything,
  // and a character count stands in where it cannot. The margin covers
  // the difference between the canvas's text and the SVG's.
  var FONT = 14;
  var measurer = null;
  function textWidth(s) {
    if (measurer === null) {
      try { measurer = doc.createElement("canvas").getContext("2d") || false; } catch (e) { measurer = false; }
      if (measurer) measurer.font = FONT + "px " + (getComputedStyle(doc.body).fontFamily || "sans-serif");
    }
    return 1.04 * (measurer ? measurer.measureText(s).width : s.length * FONT * 0.56);
  }

  // wrap breaks a label into at most two lines of at most width units,
  // cutting the second with an ellipsis; the chart's description holds the
  // whole label.
  function wrap(label, width) {
    var words = label.split(/\s+/), lines = [""];
    words.forEach(function (w) {
      var i = lines.length - 1, next = lines[i] ? lines[i] + " " + w : w;
      if (!lines[i] || textWidth(next) <= width) lines[i] = next;
      else lines.push(w);
    });
    if (lines.length > 2) lines = [lines[0], lines.slice(1).join(" ")];
    var last = lines[lines.length - 1];
    if (textWidth(last) > width) {
      while (last.length > 1 && textWidth(last + "…") > width) last = last.slice(0, -1);
      lines[lines.length - 1] = last.replace(/\s+$/, "") + "…";
    }
    return lines;
  }

  // barChart draws horizontal bars, each with its label and its value as
  // text, so the chart reads without colour and in print. It is drawn at
  // the width it is shown at (one unit a CSS pixel), so its text keeps the
  // page's size: on a wide screen the labels stand left of the bars, on a
  // narrow one above them. rows: [{label, value (number or null), level,
  // text, count, spoken}]; values run from min to max.
  function barChart(idPrefix, title, rows, min, max, ticks, width) {
    var W = Math.round(Math.max(280, Math.min(720, width || 640)));
    var wide = W >= 520;
    var LINE = 18, BAR = 14, GAP = wide ? 8 : 12, TOP = 24, VALUE = 92;
    var labelW = wide ? Math.min(320, Math.round(W * 0.45)) : W - 4;
    var x0 = wide ? labelW + 12 : 0;
    var inner = W - x0 - VALUE;
    var layout = rows.map(function (r) { return wrap(r.label, labelW); });
    var heights = layout.map(function (lines) {
      return wide ? Math.max(lines.length * LINE, BAR + 4) + GAP : lines.length * LINE + BAR + GAP;
    });
    var H = TOP + heights.reduce(function (a, b) { return a + b; }, 0);
    var root = svg("svg", {
      "class": "cq-chart-svg", viewBox: "0 0 " + W + " " + H, width: W, height: H,
      preserveAspectRatio: "xMinYMin meet", role: "img", "aria-labelledby": idPrefix + "-t " + idPrefix + "-d"
    });
    root.appendChild(svg("title", { id: idPrefix + "-t" }, title));
    root.appendChild(svg("desc", { id: idPrefix + "-d" }, rows.map(function (r) { return r.label + ": " + r.spoken; }).join("; ")));
    var scale = function (v) { return inner * (Math.max(min, Math.min(max, v)) - min) / (max - min); };
    ticks.forEach(function (v, i) {
      var x = x0 + scale(v);
      root.appendChild(svg("line", { "class": "cq-grid", x1: x, x2: x, y1: TOP - 6, y2: H - GAP / 2 }));
      root.appendChild(svg("text", {
        "class": "cq-tick", x: x, y: TOP - 10, "text-anchor": i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"
      }, nf0.format(v)));
    });
    var y = TOP;
    rows.forEach(function (r, i) {
      var lines = layout[i];
      var label = svg("text", { "class": "cq-label", x: 0, y: y + LINE - 5 });
      lines.forEach(function (line, j) {
        label.appendChild(svg("tspan", { x: 0, dy: j ? LINE : 0 }, line));
      });
      root.appendChild(label);
      var barY = wide ? y + Math.max(0, (Math.min(lines.length, 1) * LINE - BAR) / 2) : y + lines.length * LINE;
      root.appendChild(svg("rect", { "class": "cq-track", x: x0, y: barY, width: inner, height: BAR }));
      var w = r.value == null ? 0 : Math.max(2, scale(r.value));
      if (r.value != null) {
        root.appendChild(svg("rect", { "class": "cq-bar cq-lvl-" + r.level, x: x0, y: barY, width: w.toFixed(1), height: BAR }));
      }
      var value = svg("text", { "class": r.value == null ? "cq-value cq-value-none" : "cq-value", x: x0 + w + 6, y: barY + BAR - 2 }, r.text);
      if (r.count) value.appendChild(svg("tspan", { "class": "cq-count" }, " " + r.count));
      root.appendChild(value);
      y += heights[i];
    });
    return root;
  }

  // chartRows turns groups of questions into bars: scores 0–100, or with
  // asMaturity the 1–4 maturity they map to. Until anything on the page is
  // answered no bar is drawn, as the summary's sentence shows no score:
  // unticked check questions alone would draw bars at 0.
  function chartRows(groups, asMaturity, anyAnswered) {
    return groups.map(function (g) {
      var v = anyAnswered ? average(g.tally) : null;
      var shown = v == null ? null : asMaturity ? maturity(v) : v;
      var text = v == null ? t("cq.summary.none") : asMaturity ? nf1.format(shown) : nf0.format(shown);
      var counts = { answered: g.tally.answered, total: g.tally.total };
      return {
        label: g.label, value: shown, level: v == null ? 0 : maturityLevel(v), text: text,
        count: t("cq.chart.count", counts),
        spoken: text + ", " + t("cq.chart.answered", counts)
      };
    });
  }

  function figure(idPrefix, titleKey, rows, min, max, ticks, width) {
    var f = h("figure", { "class": "cq-chart" });
    f.appendChild(h("figcaption", { "class": "cq-chart-title" }, t(titleKey)));
    f.appendChild(barChart(idPrefix, t(titleKey), rows, min, max, ticks, width));
    return f;
  }

  // renderCharts draws the summary's charts into box, at box's width.
  function renderCharts(box, sum, idPrefix) {
    var width = box.clientWidth || 640;
    var any = sum.all.answered > 0;
    var frag = doc.createDocumentFragment();
    if (sum.areas.length) {
      frag.appendChild(figure(idPrefix + "-areas", "cq.chart.areas", chartRows(sum.areas, false, any), 0, 100, [0, 25, 50, 75, 100], width));
    }
    if (sum.pages.length) {
      frag.appendChild(figure(idPrefix + "-pages", "cq.chart.pages", chartRows(sum.pages, false, any), 0, 100, [0, 25, 50, 75, 100], width));
    }
    if (sum.cats.length) {
      frag.appendChild(figure(idPrefix + "-nsm", "cq.chart.nsm", chartRows(sum.cats, true, any), 1, 4, [1, 2, 3, 4], width));
    }
    box.replaceChildren(frag);
    box.setAttribute("data-width", String(width));
  }

  // progressText is the summary's sentence: answered of total and, once
  // anything is answered, the overall score. Unticked check questions count
  // as 0, but before anything is answered a score of 0 would only alarm.
  function progressText(sum) {
    var avg = sum.all.answered ? average(sum.all) : null;
    return t("cq.summary.progress", { answered: sum.all.answered, total: sum.all.total }) + " " +
      (avg == null ? t("cq.summary.noscore")
        : t("cq.summary.score", { score: nf0.format(avg), maturity: nf1.format(maturity(avg)) }));
  }

  // The summary: a sentence that screen readers hear when it changes, and
  // charts that change with every answer and are read on demand.
  var summaryProgress = null, summaryCharts = null;
  if (summaryBox) {
    summaryProgress = h("p", { "class": "cq-progress", "aria-live": "polite", "aria-atomic": "true" });
    summaryCharts = h("div", { "class": "cq-charts" });
    summaryBox.appendChild(summaryProgress);
    summaryBox.appendChild(summaryCharts);
    summaryBox.hidden = false;
  }

  var pending = false;
  function update() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      var sum = summarize();
      if (summaryProgress) {
        var p = progressText(sum);
        if (summaryProgress.textContent !== p) summaryProgress.textContent = p;
        renderCharts(summaryCharts, sum, "cq-sum");
      }
      if (report && !report.hidden) renderReport(sum);
    });
  }

  // Charts are drawn for the width they are shown at: redraw them when it
  // changes (a rotated phone, a resized window).
  window.addEventListener("resize", function () {
    var boxes = [summaryCharts, reportCharts].filter(function (b) { return b && b.offsetParent; });
    if (boxes.some(function (b) { return String(b.clientWidth) !== b.getAttribute("data-width"); })) update();
  });

  /* ---------- toolbar: report, export, import, reset ---------- */

  var status = null;
  function say(msg) {
    if (status) status.textContent = msg;
  }

  var report = null, reportBody = null, reportButton = null, reportCharts = null, reportFor = null;

  function answerLabel(ev) {
    return ev.level ? ev.level.label : "";
  }

  // table builds a data table with a visible caption; the cells of column
  // rowHead (the question) head their rows for screen readers. A cell is
  // text, or a node.
  function table(cls, caption, head, rows, rowHead) {
    var tb = h("table", { "class": "cq-table " + cls });
    tb.appendChild(h("caption", {}, caption));
    var thead = h("thead"), tr = h("tr");
    head.forEach(function (c) { tr.appendChild(h("th", { scope: "col" }, c)); });
    thead.appendChild(tr);
    tb.appendChild(thead);
    var tbody = h("tbody");
    rows.forEach(function (r) {
      var row = h("tr");
      r.forEach(function (c, i) {
        var cell = i === rowHead ? h("th", { scope: "row" }) : h("td");
        if (c && c.nodeType) cell.appendChild(c);
        else cell.textContent = c;
        row.appendChild(cell);
      });
      tbody.appendChild(row);
    });
    tb.appendChild(tbody);
    return tb;
  }

  // planItems are the questions with an action, a responsible person or a
  // due date, by due date with the undated last, so the plan reads as a
  // schedule.
  function planItems() {
    var items = [];
    models.forEach(function (m, i) {
      var action = fieldValue(m, "action").trim(), who = fieldValue(m, "who").trim(), due = fieldValue(m, "due");
      if (action || who || due) items.push({ m: m, i: i, action: action, who: who, due: due });
    });
    items.sort(function (a, b) {
      var da = a.due || "9999", db = b.due || "9999";
      return da < db ? -1 : da > db ? 1 : a.i - b.i;
    });
    return items;
  }

  function questionCell(m) {
    var span = h("span", {}, m.question);
    var frag = doc.createDocumentFragment();
    frag.appendChild(h("span", { "class": "cq-table-area" }, m.area));
    frag.appendChild(span);
    return frag;
  }

  function renderReport(sum) {
    var org = doc.getElementById("cq-report-org"), date = doc.getElementById("cq-report-date");
    reportFor.textContent = [org.value.trim(), formatDate(date.value)].filter(function (s) { return s && s !== "–"; }).join(" · ");

    var frag = doc.createDocumentFragment();
    frag.appendChild(h("h3", {}, t("cq.report.summary")));
    frag.appendChild(h("p", { "class": "cq-progress" }, progressText(sum)));
    reportCharts = h("div", { "class": "cq-charts" });
    frag.appendChild(reportCharts);

    frag.appendChild(h("h3", {}, t("cq.report.plan")));
    var items = planItems();
    if (items.length) {
      frag.appendChild(table("cq-table-plan", t("cq.report.plan"),
        [t("cq.col.question"), t("cq.col.answer"), t("cq.col.action"), t("cq.col.who"), t("cq.col.due")],
        items.map(function (it) {
          return [questionCell(it.m), answerLabel(evaluate(it.m)) || t("cq.summary.none"), it.action || "–", it.who || "–", formatDate(it.due)];
        }), 0));
    }
    var open = models.filter(function (m) {
      var ev = evaluate(m);
      return belowTop(m, ev) && !fieldValue(m, "action").trim();
    }).length;
    if (open) frag.appendChild(h("p", { "class": "cq-report-note" }, t("cq.report.open", { n: open })));
    else if (!items.length) frag.appendChild(h("p", {}, t("cq.report.noplan")));

    frag.appendChild(h("h3", {}, t("cq.report.answers")));
    sum.groups.forEach(function (g) {
      frag.appendChild(table("cq-table-answers", g.label, [t("cq.col.question"), t("cq.col.answer"), t("cq.col.score")], g.models.map(function (m) {
        var ev = evaluate(m);
        return [m.question, answerLabel(ev) || t("cq.summary.none"), ev.counted ? nf0.format(ev.score) : "–"];
      }), 0));
    });
    reportBody.replaceChildren(frag);
    renderCharts(reportCharts, sum, "cq-rep");
  }

  function buildReport() {
    var r = h("section", { "class": "cq-report", id: "cq-report", "aria-labelledby": "cq-report-title" });
    r.hidden = true;
    r.appendChild(h("h2", { id: "cq-report-title", tabindex: "-1" }, t("cq.report.title")));
    // On paper the municipality and date stand as text under the title.
    reportFor = h("p", { "class": "cq-report-for" });
    r.appendChild(reportFor);
    var meta = h("div", { "class": "cq-report-meta" });
    var saved = loadReport();
    var org = h("input", { type: "text", id: "cq-report-org", autocomplete: "organization" });
    var date = h("input", { type: "date", id: "cq-report-date" });
    org.value = saved.org;
    date.value = saved.date || today();
    [[org, "cq.report.org"], [date, "cq.report.date"]].forEach(function (p) {
      var wrap = h("div", { "class": "cq-field" });
      wrap.appendChild(h("label", { "for": p[0].id }, t(p[1])));
      wrap.appendChild(p[0]);
      meta.appendChild(wrap);
      p[0].addEventListener("input", update);
      p[0].addEventListener("change", function () {
        store.set(REPORT_KEY, JSON.stringify({ org: org.value.slice(0, 200), date: DATE_RE.test(date.value) ? date.value : "" }));
        update();
      });
    });
    r.appendChild(meta);
    var print = h("button", { type: "button", "class": "cq-print" }, t("cq.report.print"));
    print.addEventListener("click", function () { window.print(); });
    r.appendChild(print);
    reportBody = h("div", { "class": "cq-report-body" });
    r.appendChild(reportBody);
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

  // Printing a checklist page itself (not the report) shows the guidance
  // too; a one-pager prints without it, to fit on one sheet.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    if (!tools || doc.body.classList.contains("cq-report-mode")) return;
    opened = Array.prototype.slice.call(doc.querySelectorAll("details.cq-guidance:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  update();
})();
