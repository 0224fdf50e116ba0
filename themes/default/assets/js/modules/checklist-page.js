/*
 * The checklist page (layouts/checklist): a sticky progress bar (the next
 * open question, the report), contents by area with answered/total, areas
 * that open and close, filters ("Start her": the page's core questions;
 * unanswered only), a report with one headline and a section a scale,
 * CSV and JSON export, JSON import, a confirmed reset, and print. It builds
 * on checklist.js (answers, storage, each question's toolbar), which runs
 * first and shares what this needs as window.Varde.checklist; one-pagers
 * with a few control questions load checklist.js only.
 *
 * Nothing here makes a network request; downloads are Blob URLs and
 * imports are read from a local file.
 *
 * The summary follows internal/checklist/score.go: one section a scale
 * (never adding maturity to Ja/Nei), each with the page's own questions by
 * area, each gathered page as one row, and NSM categories, as Summarize
 * does; an average shows as a level on a levelled scale (Position) or a
 * per cent, with the nearest level (Nearest), and a row with fewer than
 * half answered is thin evidence (Tally.Thin).
 */
(function () {
  "use strict";

  var cq = window.Varde && window.Varde.checklist;
  if (!cq) return; // no control questions on this page
  var doc = cq.doc, tools = cq.tools, summaryBox = cq.summaryBox;
  var t = cq.t, lang = cq.lang, site = cq.site, REPORT_KEY = cq.REPORT_KEY, FORMAT = cq.FORMAT;
  var ID_RE = cq.ID_RE, DATE_RE = cq.DATE_RE, persistent = cq.persistent, store = cq.store;
  var clean = cq.clean, load = cq.load, save = cq.save, remove = cq.remove;
  var allAnswers = cq.allAnswers, loadReport = cq.loadReport, text = cq.text;
  var pageTitle = cq.pageTitle, evaluate = cq.evaluate, belowTop = cq.belowTop;
  var fieldValue = cq.fieldValue, models = cq.models, restoreAll = cq.restoreAll;

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
  // formatDate shows a YYYY-MM-DD date in the page's language. The day
  // keeps to its month ("1. mars" never breaks), so a narrow column, as
  // the printed plan's, wraps the date before the year only.
  function formatDate(d) {
    if (!DATE_RE.test(d)) return "–";
    var ms = Date.parse(d + "T00:00:00Z");
    return df && !isNaN(ms) ? df.format(new Date(ms)).replace(/(\d\.) /g, "$1\u00a0") : d;
  }

  /* ---------- scales and scores (score.go) ---------- */

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
  // thin: fewer than half of the questions answered, so a score says
  // little (Tally.Thin).
  function thin(tl) {
    return tl.answered * 2 < tl.total;
  }

  // readScale describes a scale from a question's answers and, for the
  // meaning of its levels, from the page's scale note. A levelled scale
  // (values 1, 2, … N, scores rising: maturity) is shown as a level 1–N;
  // any other as a per cent (Scale.Levelled).
  function readScale(m) {
    var levels = m.levels.map(function (l) { return { value: l.value, label: l.label, score: l.score }; });
    var scored = levels.filter(function (l) { return l.score >= 0; });
    var levelled = m.kind === "choice" && scored.length >= 2 && scored.every(function (l, i) {
      return l.value === String(i + 1) && (i === 0 || l.score > scored[i - 1].score);
    });
    var descs = {};
    var note = doc.querySelector('.cq-scale-note[data-scale="' + CSS.escape(m.scale) + '"]');
    if (note) {
      Array.prototype.forEach.call(note.querySelectorAll("dt"), function (dt) {
        var dd = dt.nextElementSibling;
        levels.forEach(function (l) { if (l.label === text(dt) && dd) descs[l.value] = text(dd); });
      });
    }
    return { name: m.scale, kind: m.kind, levels: levels, scored: scored, levelled: levelled, n: scored.length, descs: descs };
  }

  var scales = {};
  models.forEach(function (m) { if (!scales[m.scale]) scales[m.scale] = readScale(m); });

  // position maps an average score (0–100) to a place on a levelled
  // scale, 1–N, straight between the levels' scores (Position).
  function position(sc, avg) {
    var l = sc.scored;
    if (avg <= l[0].score) return 1;
    for (var i = 1; i < l.length; i++) {
      if (avg <= l[i].score) return i + (avg - l[i - 1].score) / (l[i].score - l[i - 1].score);
    }
    return l.length;
  }
  // nearest is the scored level whose score is nearest an average, the
  // lower one of two as near (Nearest): a score between two levels is not
  // shown as the better one.
  function nearest(sc, avg) {
    var best = null;
    sc.scored.forEach(function (l) {
      var d = Math.abs(l.score - avg);
      if (!best || d < best.d - 1e-9 || (Math.abs(d - best.d) <= 1e-9 && l.score < best.l.score)) best = { l: l, d: d };
    });
    return best ? best.l : null;
  }
  // shown turns an average into the number shown on the scale.
  function shown(sc, avg) {
    return sc.levelled ? position(sc, avg) : avg;
  }
  function showText(sc, v) {
    return sc.levelled ? nf1.format(v) : nf0.format(v) + " %";
  }
  // scaleText names a scale for headings: "Skala 1–4" or its answers.
  function scaleText(sc) {
    if (sc.levelled) return t("cq.scale.levelled", { n: sc.n });
    return t("cq.scale.answers", { labels: sc.levels.map(function (l) { return l.label; }).join(" / ") });
  }
  // measureText says what a chart's numbers are.
  function measureText(sc) {
    if (sc.levelled) return t("cq.measure.levelled", { n: sc.n });
    return t("cq.measure.percent", { levels: sc.scored.map(function (l) { return l.label + " = " + l.score + " %"; }).join(", ") });
  }

  var collectedTitle = text(doc.getElementById("collected-title"));

  // summarize tallies the questions as score.go's Summarize does: one
  // section a scale, in the order the scales first appear (the page's own
  // first), each with its rows (the page's own questions by area, each
  // gathered page as one row) and its NSM categories. Answers on two
  // scales are never added up: 3 on maturity is not "Ja".
  function summarize() {
    var all = tally();
    var sections = [];
    var byScale = {};
    models.forEach(function (m) {
      var ev = evaluate(m);
      add(all, ev);
      var sec = byScale[m.scale];
      if (!sec) {
        sec = byScale[m.scale] = { scale: scales[m.scale], own: false, gathered: false, tally: tally(), rows: [], byKey: {}, cats: {} };
        sections.push(sec);
      }
      add(sec.tally, ev);
      if (m.gathered) sec.gathered = true;
      else sec.own = true;
      var g = sec.byKey[m.groupKey];
      if (!g) {
        g = sec.byKey[m.groupKey] = { label: m.group, gathered: m.gathered, tally: tally(), models: [] };
        sec.rows.push(g);
      }
      add(g.tally, ev);
      g.models.push(m);
      m.cats.forEach(function (c) {
        if (!sec.cats[c]) sec.cats[c] = tally();
        add(sec.cats[c], ev);
      });
    });
    sections.forEach(function (sec) {
      sec.label = sec.own ? pageTitle : collectedTitle || t("cq.section.gathered");
      sec.catList = ["1", "2", "3", "4"].filter(function (c) { return sec.cats[c]; }).map(function (c) {
        return { label: c + " " + t("cq.nsm." + c), tally: sec.cats[c] };
      });
    });
    var groups = [];
    sections.forEach(function (sec) { groups = groups.concat(sec.rows); });
    return { all: all, sections: sections, groups: groups };
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
  // narrow one above them. Every bar has one colour; a row with thin
  // evidence (fewer than half its questions answered) is drawn as an
  // outline and says so in words. rows: [{label, value (number or null),
  // thin, text, count, spoken}]; values run from min to max.
  function barChart(idPrefix, title, rows, min, max, ticks, width) {
    var W = Math.round(Math.max(260, Math.min(720, width || 640)));
    var wide = W >= 520;
    var LINE = 18, BAR = 14, GAP = wide ? 8 : 12, TOP = 24;
    // Room right of the longest bar for its value and count, so no text
    // reaches past the chart (a phone would scroll sideways).
    var VALUE = 12 + rows.reduce(function (w, r) { return Math.max(w, textWidth(r.text + " " + r.count)); }, 0);
    VALUE = Math.min(VALUE, Math.round(W * (wide ? 0.4 : 0.6)));
    var labelW = wide ? Math.min(320, Math.round(W * 0.38)) : W - 4;
    var x0 = wide ? labelW + 12 : 0;
    var inner = Math.max(40, W - x0 - VALUE);
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
        root.appendChild(svg("rect", { "class": r.thin ? "cq-bar cq-bar-thin" : "cq-bar", x: x0 + (r.thin ? 1 : 0), y: barY + (r.thin ? 1 : 0), width: Math.max(1, w - (r.thin ? 2 : 0)).toFixed(1), height: BAR - (r.thin ? 2 : 0) }));
      }
      var value = svg("text", { "class": r.value == null ? "cq-value cq-value-none" : "cq-value", x: x0 + w + 6, y: barY + BAR - 2 }, r.text);
      if (r.count) value.appendChild(svg("tspan", { "class": "cq-count" }, " " + r.count));
      root.appendChild(value);
      y += heights[i];
    });
    return root;
  }

  // chartRows turns groups of questions into bars on a section's scale.
  function chartRows(sc, groups) {
    return groups.map(function (g) {
      var avg = average(g.tally);
      var v = avg == null ? null : shown(sc, avg);
      var isThin = v != null && thin(g.tally);
      var counts = { answered: g.tally.answered, total: g.tally.total };
      var txt = v == null ? t("cq.summary.none") : showText(sc, v);
      return {
        label: g.label, value: v, thin: isThin, text: txt,
        count: t(isThin ? "cq.chart.count.thin" : "cq.chart.count", counts),
        spoken: txt + ", " + t("cq.chart.answered", counts) + (isThin ? ", " + t("cq.chart.thin") : "")
      };
    });
  }

  // legend explains every mark a chart uses: the filled bar, the outlined
  // bar of thin evidence and the counts in brackets.
  function legend(rows) {
    var ul = h("ul", { "class": "cq-legend" });
    var item = function (cls, key) {
      var li = h("li");
      li.appendChild(h("span", { "class": "cq-swatch " + cls, "aria-hidden": "true" }));
      li.appendChild(doc.createTextNode(" " + t(key)));
      ul.appendChild(li);
    };
    item("cq-swatch-solid", "cq.legend.solid");
    if (rows.some(function (r) { return r.thin; })) item("cq-swatch-thin", "cq.legend.thin");
    ul.appendChild(h("li", {}, t("cq.legend.count")));
    return ul;
  }

  function figure(idPrefix, title, sc, rows, width) {
    var f = h("figure", { "class": "cq-chart" });
    f.appendChild(h("figcaption", { "class": "cq-chart-title" }, title));
    var min = sc.levelled ? 1 : 0, max = sc.levelled ? sc.n : 100;
    var ticks = [];
    if (sc.levelled) for (var i = 1; i <= sc.n; i++) ticks.push(i);
    else ticks = [0, 25, 50, 75, 100];
    f.appendChild(barChart(idPrefix, title, rows, min, max, ticks, width));
    f.appendChild(legend(rows));
    return f;
  }

  // headline is the summary's one number: the average of the first
  // section (the page's own questions) on its own scale, with the nearest
  // level's name and, where the page describes it, its meaning.
  function headline(sec) {
    var box = h("div", { "class": "cq-headline" });
    var avg = sec && sec.tally.answered ? average(sec.tally) : null;
    if (avg == null) {
      box.appendChild(h("p", { "class": "cq-headline-none" }, t("cq.headline.none")));
      return box;
    }
    // A scale of one scored level (a checkbox) has no level to be near.
    var sc = sec.scale, near = sc.scored.length > 1 ? nearest(sc, avg) : null;
    var v = shown(sc, avg);
    var p = h("p", { "class": "cq-headline-main" });
    p.appendChild(h("strong", { "class": "cq-headline-value" },
      sc.levelled ? t("cq.headline.levelled", { value: nf1.format(v), n: sc.n }) : t("cq.headline.percent", { value: nf0.format(v) })));
    if (near) p.appendChild(doc.createTextNode(" " + t("cq.headline.nearest", { label: near.label })));
    box.appendChild(p);
    if (near && sc.descs[near.value]) box.appendChild(h("p", { "class": "cq-headline-desc" }, sc.descs[near.value]));
    box.appendChild(h("p", { "class": "cq-headline-basis" }, t("cq.headline.basis", {
      section: sec.label, scale: scaleText(sc), answered: sec.tally.answered, total: sec.tally.total
    }) + (thin(sec.tally) ? " " + t("cq.headline.thin") : "")));
    return box;
  }

  // sectionResult is the one line of a further section's result.
  function sectionResult(sec) {
    var avg = sec.tally.answered ? average(sec.tally) : null;
    var counts = { answered: sec.tally.answered, total: sec.tally.total };
    if (avg == null) return t("cq.section.noresult", counts);
    var v = shown(sec.scale, avg);
    return t("cq.section.result", { value: showText(sec.scale, v), answered: counts.answered, total: counts.total }) +
      (thin(sec.tally) ? " " + t("cq.headline.thin") : "");
  }

  // renderSummary draws the result into box at box's width (or the width
  // given, for paper): the headline,
  // then each section under its own heading and scale, with its charts.
  // Before anything is answered there are no bars, only a sentence.
  function renderSummary(box, sum, idPrefix, width) {
    width = width || box.clientWidth || 640;
    var frag = doc.createDocumentFragment();
    frag.appendChild(headline(sum.sections[0]));
    if (sum.all.answered) {
      sum.sections.forEach(function (sec, i) {
        var part = h("section", { "class": "cq-result-section", "aria-labelledby": idPrefix + "-s" + i });
        part.appendChild(h("h4", { id: idPrefix + "-s" + i }, sec.label));
        part.appendChild(h("p", { "class": "cq-result-scale" }, scaleText(sec.scale) + (i ? " · " + sectionResult(sec) : "")));
        var by = sec.own && sec.gathered ? "cq.chart.byboth" : sec.own ? "cq.chart.byarea" : "cq.chart.bypage";
        var measure = measureText(sec.scale);
        if (sec.rows.length) part.appendChild(figure(idPrefix + "-r" + i, t(by) + " – " + measure, sec.scale, chartRows(sec.scale, sec.rows), width));
        if (sec.catList.length) part.appendChild(figure(idPrefix + "-n" + i, t("cq.chart.bynsm") + " – " + measure, sec.scale, chartRows(sec.scale, sec.catList), width));
        frag.appendChild(part);
      });
    }
    box.replaceChildren(frag);
    box.setAttribute("data-width", String(width));
  }

  function progressText(sum) {
    return t("cq.summary.progress", { answered: sum.all.answered, total: sum.all.total });
  }

  /* ---------- toolbar, report, export, import, reset ---------- */

  var status = null;
  function say(msg) {
    if (status) status.textContent = msg;
  }
  cq.hooks.say = say;

  var report = null, reportBody = null, reportCharts = null, reportFor = null;
  // A4's printable width in CSS pixels (210 mm less the base style's 14 mm
  // margins, at 96 px an inch), a little under: the charts' width on paper.
  var PRINT_WIDTH = 680, printing = false;
  var reportButtons = [];

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
        // data-label names the column where a narrow screen shows the
        // row as a card (checklist.css).
        var cell = i === rowHead ? h("th", { scope: "row" }) : h("td", { "data-label": head[i] });
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

    // The answers, each table under its section's scale: a score would
    // mix scales, the answer's own words do not.
    frag.appendChild(h("h3", {}, t("cq.report.answers")));
    sum.sections.forEach(function (sec) {
      sec.rows.forEach(function (g) {
        frag.appendChild(table("cq-table-answers", g.label + " (" + scaleText(sec.scale) + ")", [t("cq.col.question"), t("cq.col.answer")], g.models.map(function (m) {
          return [m.question, answerLabel(evaluate(m)) || t("cq.summary.none")];
        }), 0));
      });
    });
    reportBody.replaceChildren(frag);
    renderSummary(reportCharts, sum, "cq-rep", printing ? PRINT_WIDTH : 0);
  }

  function buildReport() {
    var r = h("section", { "class": "cq-report", id: "cq-report", "aria-labelledby": "cq-report-title" });
    r.hidden = true;
    r.appendChild(h("h2", { id: "cq-report-title", tabindex: "-1" }, t("cq.report.title")));
    // On paper the municipality and date stand as text under the title.
    reportFor = h("p", { "class": "cq-report-for" });
    r.appendChild(reportFor);
    var actions = h("div", { "class": "cq-report-actions" });
    var print = h("button", { type: "button", "class": "cq-primary cq-print" }, t("cq.report.print"));
    print.addEventListener("click", function () { window.print(); });
    var back = h("button", { type: "button", "class": "cq-secondary cq-back" }, t("cq.report.back"));
    back.addEventListener("click", closeReport);
    actions.appendChild(print);
    actions.appendChild(back);
    r.appendChild(actions);
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
    reportBody = h("div", { "class": "cq-report-body" });
    r.appendChild(reportBody);
    return r;
  }

  // openReport shows the report in place of the questions; focus moves to
  // its heading when asked (a button, not printing).
  function openReport(focus) {
    report.hidden = false;
    doc.body.classList.add("cq-report-mode");
    renderReport(summarize());
    if (focus) {
      window.scrollTo(0, report.getBoundingClientRect().top + window.scrollY - 8);
      report.querySelector("h2").focus({ preventScroll: true });
    }
  }

  function closeReport() {
    report.hidden = true;
    doc.body.classList.remove("cq-report-mode");
    if (reportButtons[0]) reportButtons[0].focus();
  }

  /* ---------- areas: collapsing, contents, filters, resuming ---------- */

  var article = tools ? tools.closest("article") || tools.parentNode : null;
  var coreIds = ((tools && tools.getAttribute("data-core")) || "").split(/\s+/).filter(Boolean);
  models.forEach(function (m) { m.core = coreIds.indexOf(m.id) >= 0; });
  var hasCore = models.some(function (m) { return m.core; });

  // areas are the parts a reader opens and closes: each heading of the
  // page's own questions, and each gathered page's group. An area holds
  // its toggle (a button in its heading), its body and its questions.
  var areas = [];
  var HEADING = /^H[1-6]$/;

  function makeToggle(heading, name, body) {
    var b = h("button", { type: "button", "class": "cq-area-toggle", "aria-expanded": "true", "aria-controls": body.id });
    // The name shown keeps the heading's soft hyphens (internal/hyphen),
    // so that a long word breaks with a hyphen on a phone; name, without
    // them, is for messages and exports.
    var shown = heading.textContent.replace(/\s+/g, " ").trim() || name;
    b.appendChild(h("span", { "class": "cq-area-name" }, shown));
    var count = h("span", { "class": "cq-area-count" });
    b.appendChild(count);
    return { button: b, count: count };
  }

  function buildAreas() {
    if (!article) return;
    var seen = {};
    models.forEach(function (m) {
      var key = m.gathered ? "page:" + m.page : "area:" + m.areaId;
      if (seen[key]) { seen[key].models.push(m); return; }
      var area = null;
      if (m.gathered) {
        var group = m.fs.closest(".cq-group");
        var title = group && group.querySelector(".cq-group-title");
        if (title) area = { wrap: group, heading: title, name: text(title), link: title.querySelector("a") };
      } else if (m.areaId) {
        var hd = doc.getElementById(m.areaId);
        if (hd && HEADING.test(hd.tagName) && article.contains(hd) && !hd.closest(".cq-group")) {
          area = { wrap: null, heading: hd, name: text(hd), link: null };
        }
      }
      if (!area) return;
      area.key = key;
      area.models = [m];
      seen[key] = area;
      areas.push(area);
    });
    areas.forEach(function (a, i) {
      var body = h("div", { "class": "cq-area-body", id: "cqb-" + i });
      var level = parseInt(a.heading.tagName.slice(1), 10);
      if (a.wrap) {
        // A gathered group: everything under its title. The title's link
        // to the page moves into the body, as the button takes the title.
        while (a.heading.nextSibling) body.appendChild(a.heading.nextSibling);
        if (a.link) {
          var p = h("p", { "class": "cq-group-link" });
          a.link.textContent = t("cq.group.open", { title: a.name });
          p.appendChild(a.link);
          body.insertBefore(p, body.firstChild);
        }
        a.wrap.appendChild(body);
      } else {
        // One of the page's own areas: the blocks after its heading, up to
        // the next heading of its level or above, or the end of the body.
        a.wrap = h("div", { "class": "cq-area" });
        a.heading.parentNode.insertBefore(a.wrap, a.heading);
        var n = a.heading.nextSibling;
        while (n && !(n.nodeType === 1 && ((HEADING.test(n.tagName) && parseInt(n.tagName.slice(1), 10) <= level) ||
          n.matches("section, aside, nav, footer, .cq-scale-note, .cq-area")))) {
          var next = n.nextSibling;
          body.appendChild(n);
          n = next;
        }
        a.wrap.appendChild(a.heading);
        a.wrap.appendChild(body);
      }
      a.wrap.classList.add("cq-area");
      a.body = body;
      var tg = makeToggle(a.heading, a.name, body);
      a.heading.replaceChildren(tg.button);
      a.button = tg.button;
      a.count = tg.count;
      a.button.addEventListener("click", function () { setOpen(a, a.button.getAttribute("aria-expanded") !== "true"); });
      // The end of an area leads on: to the next area, or to the report.
      var end = h("p", { "class": "cq-area-end" });
      if (areas[i + 1]) {
        var nextBtn = h("button", { type: "button", "class": "cq-link" }, t("cq.area.next", { name: areas[i + 1].name }));
        nextBtn.addEventListener("click", function () { enterArea(areas[i + 1]); });
        end.appendChild(nextBtn);
      }
      end.appendChild(reportButton("cq-link"));
      body.appendChild(end);
    });
  }

  function setOpen(a, open) {
    a.button.setAttribute("aria-expanded", open ? "true" : "false");
    a.body.hidden = !open;
  }

  function areaOf(m) {
    for (var i = 0; i < areas.length; i++) if (areas[i].models.indexOf(m) >= 0) return areas[i];
    return null;
  }

  // enterArea goes on to an area from the end of the one before: focus
  // lands in its first question without an answer (else its first), so
  // the next press answers, as Tab from one question to the next does.
  function enterArea(a) {
    setOpen(a, true);
    var shown = a.models.filter(function (m) { return !m.item.hidden; });
    var m = shown.filter(function (x) { return !evaluate(x).answered; })[0] || shown[0];
    if (m) focusQuestion(m);
    else goToArea(a);
  }

  function goToArea(a) {
    setOpen(a, true);
    a.button.focus();
    a.wrap.scrollIntoView({ block: "start" });
  }

  // focusQuestion opens a question's area and puts focus on its answer
  // (the chosen one, else the first), as a radio group takes focus.
  function focusQuestion(m) {
    var a = areaOf(m);
    if (a) setOpen(a, true);
    m.item.hidden = false;
    if (a) a.wrap.hidden = false;
    var ev = evaluate(m);
    var target = ev.level ? ev.level.input : m.levels[0] && m.levels[0].input;
    m.fs.scrollIntoView({ block: "center" });
    if (target) target.focus({ preventScroll: true });
  }

  // nextOpen is the question to go on with: the first unanswered one after
  // the question with focus, else after the last one answered (by the time
  // stored with it: where the reader left off), going round; on the short
  // path only its questions. null when everything there is answered.
  function nextOpen() {
    var pool = models.filter(function (m) { return !filters.core || m.core; });
    if (!pool.length) return null;
    var from = -1;
    var active = doc.activeElement && doc.activeElement.closest && doc.activeElement.closest("fieldset.cq");
    pool.forEach(function (m, i) { if (m.fs === active) from = i; });
    if (from < 0) {
      var latest = "";
      pool.forEach(function (m, i) {
        var rec = load(m.id);
        if (rec && rec.v && rec.t > latest) { latest = rec.t; from = i; }
      });
    }
    for (var k = 1; k <= pool.length; k++) {
      var m = pool[(from + k) % pool.length];
      if (!evaluate(m).answered) return m;
    }
    return null;
  }

  var filters = { open: false, core: false };

  // applyFilters shows the questions the filters let through and the
  // areas that hold any of them, opened; with no filter on, every area is
  // shown and keeps the state the reader gave it. Questions answered while
  // "unanswered only" is on stay until the filters are applied again, so
  // nothing moves under the reader's hand.
  function applyFilters() {
    var any = filters.open || filters.core;
    models.forEach(function (m) {
      m.item.hidden = (filters.open && evaluate(m).answered) || (filters.core && !m.core);
    });
    areas.forEach(function (a) {
      var visible = a.models.some(function (m) { return !m.item.hidden; });
      a.wrap.hidden = any && !visible;
      if (any && visible) setOpen(a, true);
    });
    var empty = any && models.every(function (m) { return m.item.hidden; });
    if (filterNote) filterNote.textContent = empty ? t("cq.filter.empty") : "";
  }

  var stickyCount = null, stickyMeter = null, nextButton = null, overviewProgress = null, tocCounts = [], filterNote = null;

  function reportButton(cls) {
    var b = h("button", { type: "button", "class": cls, "aria-controls": "cq-report" }, t("cq.tools.report"));
    b.addEventListener("click", function () { openReport(true); });
    reportButtons.push(b);
    return b;
  }

  // buildSticky makes the bar that stays at the top while answering: how
  // far the reader is, the way on to the next open question and the
  // report.
  function buildSticky() {
    var bar = h("div", { "class": "cq-sticky", role: "region", "aria-label": t("cq.sticky.label") });
    var prog = h("div", { "class": "cq-sticky-progress" });
    stickyCount = h("span", { "class": "cq-sticky-count" });
    stickyMeter = h("progress", { "class": "cq-meter", max: String(models.length), value: "0", "aria-hidden": "true" });
    prog.appendChild(stickyCount);
    prog.appendChild(stickyMeter);
    bar.appendChild(prog);
    var actions = h("div", { "class": "cq-sticky-actions" });
    nextButton = h("button", { type: "button", "class": "cq-secondary" }, t("cq.next"));
    nextButton.addEventListener("click", function () {
      var m = nextOpen();
      if (m) focusQuestion(m);
      else say(t("cq.next.none"));
    });
    actions.appendChild(nextButton);
    // The report is one key away from anywhere on the page: an access
    // key, named in the keyboard help (keyHelp) and to assistive
    // technology (aria-keyshortcuts).
    var rb = reportButton("cq-primary");
    rb.setAttribute("accesskey", "r");
    rb.setAttribute("aria-keyshortcuts", accessKey().aria);
    actions.appendChild(rb);
    var print = h("button", { type: "button", "class": "cq-secondary cq-sticky-print" }, t("cq.tools.print"));
    print.addEventListener("click", function () {
      openReport(false);
      window.print();
    });
    actions.appendChild(print);
    bar.appendChild(actions);
    return bar;
  }

  // accessKey names the keys that press an access key: browsers differ
  // (Alt in Chromium on Windows and Linux, Alt+Shift in Firefox there,
  // Ctrl+Option on a Mac).
  function accessKey() {
    var ua = navigator.userAgent || "";
    if (/Mac|iPhone|iPad/.test(navigator.platform || ua)) return { text: "Ctrl+Option+R", aria: "Control+Alt+R" };
    if (/Firefox\//.test(ua)) return { text: "Alt+Shift+R", aria: "Alt+Shift+R" };
    return { text: "Alt+R", aria: "Alt+R" };
  }

  // buildOverview fills the summary box at the top: progress, the filters,
  // and the contents by section (one a scale), with answered/total per area.
  function buildOverview() {
    if (!summaryBox) return;
    overviewProgress = h("p", { "class": "cq-progress", "aria-live": "polite", "aria-atomic": "true" });
    summaryBox.appendChild(overviewProgress);
    summaryBox.appendChild(h("p", { "class": "cq-keys" }, t("cq.keys", { key: accessKey().text })));
    var f = h("fieldset", { "class": "cq-filters" });
    f.appendChild(h("legend", {}, t("cq.filter.legend")));
    var box = function (id, key, vars, on) {
      var wrap = h("div", { "class": "cq-filter" });
      var input = h("input", { type: "checkbox", id: id });
      input.addEventListener("change", function () { on(input.checked); applyFilters(); update(); });
      wrap.appendChild(input);
      wrap.appendChild(h("label", { "for": id }, t(key, vars)));
      f.appendChild(wrap);
    };
    if (hasCore) {
      box("cq-filter-core", "cq.filter.core", { n: models.filter(function (m) { return m.core; }).length }, function (v) { filters.core = v; });
    }
    box("cq-filter-open", "cq.filter.open", null, function (v) { filters.open = v; });
    summaryBox.appendChild(f);
    filterNote = h("p", { "class": "cq-filter-note", role: "status" });
    summaryBox.appendChild(filterNote);
    var sum = summarize();
    var nav = h("nav", { "class": "cq-toc", "aria-label": t("cq.toc.label") });
    sum.sections.forEach(function (sec) {
      var part = h("div", { "class": "cq-toc-section" });
      part.appendChild(h("h3", { "class": "cq-toc-title" }, sec.label));
      part.appendChild(h("p", { "class": "cq-toc-scale" }, scaleText(sec.scale)));
      var ol = h("ol", { "class": "cq-toc-list" });
      areas.filter(function (a) { return scales[a.models[0].scale] === sec.scale; }).forEach(function (a) {
        var li = h("li");
        var link = h("a", { href: "#" + a.heading.id }, a.name);
        link.addEventListener("click", function (e) {
          e.preventDefault();
          goToArea(a);
        });
        li.appendChild(link);
        var c = h("span", { "class": "cq-toc-count" });
        li.appendChild(c);
        tocCounts.push({ area: a, el: c, li: li });
        ol.appendChild(li);
      });
      part.appendChild(ol);
      nav.appendChild(part);
    });
    summaryBox.appendChild(nav);
    summaryBox.hidden = false;
  }

  function areaTally(a) {
    var tl = tally();
    a.models.forEach(function (m) { add(tl, evaluate(m)); });
    return tl;
  }

  // updateProgress writes the counts wherever they show.
  function updateProgress(sum) {
    var p = progressText(sum);
    if (overviewProgress && overviewProgress.textContent !== p) overviewProgress.textContent = p;
    if (stickyCount) {
      stickyCount.textContent = t("cq.sticky.count", { answered: sum.all.answered, total: sum.all.total });
      stickyMeter.value = sum.all.answered;
    }
    areas.forEach(function (a) {
      var tl = areaTally(a);
      a.count.textContent = t("cq.area.count", { answered: tl.answered, total: tl.total });
      a.wrap.classList.toggle("cq-area-done", tl.answered === tl.total);
    });
    tocCounts.forEach(function (c) {
      var tl = areaTally(c.area);
      c.el.textContent = t("cq.area.count", { answered: tl.answered, total: tl.total });
      c.li.classList.toggle("cq-toc-done", tl.answered === tl.total);
    });
  }

  cq.hooks.update = update;
  var pending = false;
  function update() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      var sum = summarize();
      updateProgress(sum);
      if (report && !report.hidden) renderReport(sum);
    });
  }

  // Charts are drawn for the width they are shown at: redraw them when it
  // changes (a rotated phone, a resized window), but not while printing.
  window.addEventListener("resize", function () {
    var b = reportCharts;
    if (!printing && b && b.offsetParent && String(b.clientWidth) !== b.getAttribute("data-width")) update();
  });

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

  // buildTools makes the controls above the questions: the sticky bar
  // with the main actions (the report, printing it), then the secondary
  // ones (exports and import) behind one disclosure, with "Nullstill"
  // apart from them and confirmed before it deletes anything.
  function buildTools() {
    report = buildReport();
    article.insertBefore(buildSticky(), tools);
    var more = h("details", { "class": "cq-more" });
    more.appendChild(h("summary", {}, t("cq.tools.more")));
    more.appendChild(h("p", { "class": "cq-privacy" }, t("cq.privacy")));
    var bar = h("div", { "class": "cq-toolbar", role: "group", "aria-label": t("cq.tools.label") });
    var button = function (parent, key, cls, onClick) {
      var b = h("button", { type: "button", "class": cls }, t(key));
      b.addEventListener("click", onClick);
      parent.appendChild(b);
      return b;
    };
    button(bar, "cq.tools.csv", "cq-secondary", exportCSV);
    button(bar, "cq.tools.json", "cq-secondary", exportJSON);
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
    button(bar, "cq.tools.import", "cq-secondary", function () { file.click(); });
    bar.appendChild(file);
    more.appendChild(bar);
    var danger = h("div", { "class": "cq-danger" });
    button(danger, "cq.tools.reset", "cq-reset", reset);
    more.appendChild(danger);
    tools.appendChild(more);
    status = h("p", { "class": "cq-status", role: "status" });
    tools.appendChild(status);
    if (!persistent) say(t("cq.storage.none"));
    tools.parentNode.insertBefore(report, tools.nextSibling);
  }

  if (tools && article) {
    buildTools();
    buildAreas();
    buildOverview();
    // Where the reader left off: that area open, the others closed, so
    // the page starts short. A link to a question or an area opens its
    // area instead. Nothing moves focus by itself.
    var resume = nextOpen() || models[0];
    var target = location.hash ? doc.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    areas.forEach(function (a) {
      setOpen(a, a === areaOf(resume) || (!!target && a.wrap.contains(target)));
    });
    if (target && target.closest(".cq-area")) target.scrollIntoView();
    window.addEventListener("hashchange", function () {
      var el = doc.getElementById(decodeURIComponent(location.hash.slice(1)));
      areas.forEach(function (a) { if (el && a.wrap.contains(el)) setOpen(a, true); });
    });
  }

  // Printing shows every area and question, whatever is closed or
  // filtered; a checklist page prints its guidance too (a one-pager
  // prints without it, to fit on one sheet).
  // The report's charts are drawn for the sheet (PRINT_WIDTH), whatever
  // the screen it was opened on: a phone's narrow layout, labels over the
  // bars, would print as a thin strip. They are drawn for the screen again
  // afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    printing = true;
    if (report && !report.hidden) renderReport(summarize());
    if (!tools || doc.body.classList.contains("cq-report-mode")) return;
    opened = Array.prototype.slice.call(doc.querySelectorAll("details.cq-guidance:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printing = false;
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    update();
  });

  update();
})();
