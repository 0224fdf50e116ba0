/*
 * Control questions (kontrollspørsmål): keeps each answer in this browser's
 * localStorage and gives each question one Tab stop for its guidance, its
 * action plan («Legg til tiltak», offered for answers below the top of the
 * scale) and clearing its answer. Every page with control questions loads
 * this file; a checklist page also loads checklist-page.js (its progress
 * bar, overview, filters, report, exports and print), which builds on what
 * this file shares as window.Varde.checklist.
 *
 * Progressive enhancement: the page is a complete, printable list of
 * questions without this file. Nothing here makes a network request.
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
 * unticked check question counts as 0.
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

  // The checklist page's overview, filters, report, exports and print
  // live in checklist-page.js, which only checklist pages load, so that a
  // one-pager with a few questions loads what answering needs and no
  // more. That file hooks its status line and its redrawing in here.
  var hooks = { say: function () {}, update: function () {} };
  function say(msg) { hooks.say(msg); }
  function update() { hooks.update(); }

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

  // The soft hyphens the build puts into long words of headings
  // (internal/hyphen) are for line breaks only: they must not reach the
  // report, the CSV or the JSON export.
  function text(el) {
    return el ? el.textContent.replace(/\u00ad/g, "").replace(/\s+/g, " ").trim() : "";
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
      item: fs.closest(".cq-item") || fs, // what the filters hide
      scale: fs.getAttribute("data-scale") || "",
      core: false, // on the short path ("Start her"); set from the page's data-core
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
      planOpen: false, // the plan shows (the reader opened it, or it holds data)
      guidance: fs.querySelector("details.cq-guidance"),
      fields: { action: field("action"), who: field("who"), due: field("due") },
      bar: null, // the question's toolbar and its buttons (questionTools)
      guide: null,
      planButton: null,
      clear: null,
      stop: null // the toolbar's button that Tab reaches
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

  function planned(m) {
    return !!(fieldValue(m, "action").trim() || fieldValue(m, "who").trim() || fieldValue(m, "due"));
  }

  function refresh(m) {
    var ev = evaluate(m);
    var has = planned(m);
    // The plan is offered where the answer leaves something to do, and
    // kept wherever something is written in it.
    var offered = !!m.plan && (belowTop(m, ev) || has || m.plan.contains(doc.activeElement));
    if (!offered) m.planOpen = false;
    if (m.plan) m.plan.hidden = !m.planOpen;
    if (m.planButton) {
      var was = !m.planButton.hidden;
      m.planButton.hidden = !offered;
      m.planButton.setAttribute("aria-expanded", m.planOpen ? "true" : "false");
      m.planButton.textContent = t(has ? "cq.plan.show" : "cq.plan.add");
      // Newly offered, it is what the next Tab should reach.
      if (offered && !was) m.stop = m.planButton;
    }
    if (m.clear) m.clear.hidden = !ev.answered;
    if (m.bar) rove(m);
    m.fs.classList.toggle("cq-answered", ev.answered);
    // Print leaves out an action plan with nothing written in it.
    m.fs.classList.toggle("cq-planned", has);
  }

  function restore(m) {
    var rec = load(m.id);
    m.levels.forEach(function (l) { l.input.checked = !!rec && l.value === rec.v; });
    ["action", "who", "due"].forEach(function (name) {
      if (m.fields[name]) m.fields[name].value = rec ? rec[name] : "";
    });
    // A plan that holds something opens with the page.
    m.planOpen = planned(m);
    refresh(m);
  }

  // rove keeps exactly one visible button of a question's toolbar in the
  // Tab order (the roving tabindex of the ARIA toolbar pattern): the one
  // last used, else the plan, the guidance or the clearing, in that order.
  // A toolbar with nothing to offer is hidden, and is no Tab stop.
  function rove(m) {
    var shown = toolButtons(m);
    if (shown.indexOf(m.stop) < 0) m.stop = shown[0] || null;
    [m.planButton, m.guide, m.clear].forEach(function (b) {
      if (b) b.tabIndex = b === m.stop ? 0 : -1;
    });
    m.bar.hidden = !shown.length;
  }

  function toolButtons(m) {
    return [m.planButton, m.guide, m.clear].filter(function (b) { return b && !b.hidden; });
  }

  function setPlanOpen(m, open) {
    m.planOpen = open;
    refresh(m);
    if (open) {
      var first = m.plan.querySelector("textarea, input");
      if (first) first.focus();
    }
  }

  // questionTools gives a question one Tab stop after its answers for
  // what follows choosing one: «Legg til tiltak» (the action plan, behind
  // a button so that answering does not mean tabbing through three
  // fields), the guidance (its native summary hidden, the button takes
  // its place) and clearing the answer. The buttons form a toolbar: Tab
  // reaches one, the arrow keys move between them. So a director who
  // only answers passes a question with Tab, an arrow and Tab.
  function questionTools(m) {
    var answers = m.fs.querySelector(".cq-answers");
    if (!answers) return;
    var bar = doc.createElement("div");
    bar.className = "cq-qtools";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", t("cq.qtools.label"));
    var button = function (cls, label) {
      var b = doc.createElement("button");
      b.type = "button";
      b.className = cls;
      b.textContent = label;
      bar.appendChild(b);
      return b;
    };
    if (m.plan) {
      m.planButton = button("cq-qtool cq-plan-toggle", t("cq.plan.add"));
      m.planButton.setAttribute("aria-controls", m.plan.id);
      m.planButton.addEventListener("click", function () { setPlanOpen(m, !m.planOpen); });
    }
    if (m.guidance) {
      var g = m.guidance;
      if (!g.id) g.id = "cqv_" + m.id;
      g.classList.add("cq-guidance-js");
      m.guide = button("cq-qtool cq-guide-toggle", text(g.querySelector("summary")) || t("cq.guidance"));
      m.guide.setAttribute("aria-controls", g.id);
      m.guide.setAttribute("aria-expanded", g.open ? "true" : "false");
      var expanded = function () { m.guide.setAttribute("aria-expanded", g.open ? "true" : "false"); };
      m.guide.addEventListener("click", function () { g.open = !g.open; expanded(); });
      // Opened for printing, or by a link into it: the button follows.
      g.addEventListener("toggle", expanded);
    }
    m.clear = button("cq-qtool cq-clear", t("cq.clear"));
    m.clear.hidden = true;
    m.clear.addEventListener("click", function () {
      m.levels.forEach(function (l) { l.input.checked = false; });
      persist(m);
      refresh(m);
      update();
      var first = m.levels[0];
      if (first) first.input.focus();
    });
    bar.addEventListener("focusin", function (e) {
      if (e.target.tagName === "BUTTON") { m.stop = e.target; rove(m); }
    });
    bar.addEventListener("keydown", function (e) {
      var shown = toolButtons(m), i = shown.indexOf(doc.activeElement), to = -1;
      if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") to = (i + 1) % shown.length;
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") to = (i - 1 + shown.length) % shown.length;
      else if (e.key === "Home") to = 0;
      else if (e.key === "End") to = shown.length - 1;
      if (to < 0) return;
      e.preventDefault();
      shown[to].focus();
    });
    m.bar = bar;
    answers.parentNode.insertBefore(bar, answers.nextSibling);
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
    questionTools(m);
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


  if (!tools && !persistent) {
    // No toolbar to speak in: say it once above the first question.
    var note = doc.createElement("p");
    note.className = "cq-status";
    note.textContent = t("cq.storage.none");
    fieldsets[0].parentNode.insertBefore(note, fieldsets[0]);
  }

  // What checklist-page.js builds on.
  window.Varde.checklist = {
    hooks: hooks, doc: doc, tools: tools, summaryBox: summaryBox,
    t: t, lang: lang, site: site, REPORT_KEY: REPORT_KEY, FORMAT: FORMAT, ID_RE: ID_RE,
    DATE_RE: DATE_RE, persistent: persistent, store: store, clean: clean, load: load,
    save: save, remove: remove, allAnswers: allAnswers, loadReport: loadReport, text: text,
    pageTitle: pageTitle, evaluate: evaluate, belowTop: belowTop, fieldValue: fieldValue,
    models: models, restoreAll: restoreAll
  };
})();
