/* Quizzes and courses: checks answers in the browser, keeps progress in
   localStorage and scores course pages. Nothing leaves the browser.

   It enhances the HTML that internal/markdown/quiz.go renders: per
   question a fieldset with radios or checkboxes, hidden "Svar" and
   "Prøv igjen" buttons, an aria-live result line (moved above the buttons
   here: feedback first; "Prøv igjen" shows only after a wrong answer) and a "Vis svar"
   disclosure (.quiz-answer) holding the answer key, option feedback and
   explanation. The key is read here, hidden, and its parts shown in place
   once the question is answered.

   Scoring follows internal/quiz/score.go: a question is right only when
   exactly its correct options are chosen; a course passes when
   score * 100 >= pass * total.

   Storage (site key and page id from <body data-site data-id>):
     varde:<site>:quiz:<pageId>:<quizId>
       {"rev": "<data-rev>", "answers": {"<question index>": [<option index>, ...]}}
     varde:<site>:course:<pageId>   (pages with <body data-type="course">)
       {"status": "started"|"passed"|"failed", "score": n, "total": n, "date": "<ISO 8601>"}
       A pass is kept: a later, worse attempt does not overwrite it.
   Event, on a course page when every question is answered (also after a
   reload that restores a complete course, then with restored: true):
     document: "varde:course" {detail: {pageId, score, max, passed, percent, pass, restored}} */
(function () {
  "use strict";
  var sections = document.querySelectorAll("section.quiz[data-quiz]");
  if (!sections.length) return;

  var t = window.Varde.t;
  var body = document.body;
  var prefix = window.Varde.key("");
  var pageId = body.getAttribute("data-id") || location.pathname;
  var isCourse = body.getAttribute("data-type") === "course";
  var pass = parseInt(body.getAttribute("data-pass"), 10);
  if (isNaN(pass)) pass = 80;
  var courseKey = prefix + "course:" + pageId;

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off or full: the quiz still works */ }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function byNumber(a, b) { return a - b; }

  var quizzes = [];
  each(sections, function (sec) {
    var quiz = {
      id: sec.getAttribute("data-quiz"), rev: sec.getAttribute("data-rev") || "",
      shuffle: sec.hasAttribute("data-shuffle"), score: sec.querySelector(".quiz-score"), questions: []
    };
    quiz.key = prefix + "quiz:" + pageId + ":" + quiz.id;
    each(sec.querySelectorAll("fieldset.quiz-q"), function (fs) {
      var q = question(quiz, fs);
      if (q) quiz.questions.push(q);
    });
    quizzes.push(quiz);
  });

  // question reads one fieldset and wires its buttons; null when the markup
  // is not what quiz.go renders, which leaves that question as without JS.
  function question(quiz, fs) {
    var q = {
      quiz: quiz, fs: fs, n: fs.getAttribute("data-q"), list: fs.querySelector(".quiz-opts"),
      submit: fs.querySelector(".quiz-submit"), retry: fs.querySelector(".quiz-retry"),
      result: fs.querySelector(".quiz-result"), key: fs.querySelector(".quiz-answer"),
      correct: [], feedback: {}, answer: null, added: []
    };
    if (!q.list || !q.submit || !q.retry || !q.result || !q.key) return null;
    q.options = Array.prototype.slice.call(q.list.querySelectorAll(".quiz-o"));
    q.multi = !!q.list.querySelector("input[type=checkbox]");
    each(q.key.querySelectorAll(".quiz-key > li"), function (li) {
      var o = li.getAttribute("data-o");
      if (li.hasAttribute("data-correct")) q.correct.push(+o);
      var fb = li.querySelector(".quiz-fb");
      if (fb) q.feedback[o] = fb;
    });
    q.expl = q.key.querySelector(".quiz-expl");
    q.key.hidden = true; // it would give the answers away; its parts show after answering
    // Feedback first: the result line ("Riktig!", "Feil.") and the
    // explanation go above the buttons, where the eye is after answering,
    // not below "Prøv igjen". It takes focus after an answer, so that a
    // keyboard or screen-reader user lands on it.
    var actions = q.submit.parentNode;
    if (actions && actions.parentNode === fs) fs.insertBefore(q.result, actions);
    q.result.setAttribute("tabindex", "-1");
    q.submit.hidden = false;
    q.submit.addEventListener("click", function () { submit(q); });
    q.retry.addEventListener("click", function () { reset(q); save(quiz.key, stored(quiz)); update(quiz); firstInput(q).focus(); });
    return q;
  }

  function input(li) { return li.querySelector("input"); }
  function firstInput(q) { return q.list.querySelector("input"); }

  function isRight(q, answer) {
    if (answer.length !== q.correct.length) return false;
    for (var i = 0; i < answer.length; i++) if (q.correct.indexOf(answer[i]) < 0) return false;
    return true;
  }

  function submit(q) {
    var answer = [];
    q.options.forEach(function (li) { if (input(li).checked) answer.push(+input(li).value); });
    if (!answer.length) {
      q.result.textContent = t("quiz.choose_first");
      return;
    }
    show(q, answer.sort(byNumber));
    save(q.quiz.key, stored(q.quiz));
    update(q.quiz);
    q.result.focus();
  }

  // show locks the question with answer chosen and marks every correct
  // option, and every chosen wrong one, in words and with an icon.
  function show(q, answer) {
    q.answer = answer;
    var right = isRight(q, answer);
    q.options.forEach(function (li) {
      var box = input(li), o = +box.value;
      var correct = q.correct.indexOf(o) >= 0, picked = answer.indexOf(o) >= 0;
      box.checked = picked;
      box.disabled = true;
      if (picked) li.classList.add("is-chosen");
      if (correct || picked) {
        li.classList.add(correct ? "is-correct" : "is-wrong");
        var mark = el("span", "quiz-mark");
        var icon = el("span", "quiz-icon", correct ? "✓" : "✗");
        icon.setAttribute("aria-hidden", "true");
        mark.appendChild(icon);
        mark.appendChild(document.createTextNode(" (" + t(correct ? "quiz.correct_answer" : "quiz.wrong_answer") + ")"));
        li.querySelector("label").appendChild(mark);
        q.added.push(mark);
      }
      if (picked && q.feedback[o]) q.added.push(li.appendChild(q.feedback[o].cloneNode(true)));
    });
    q.result.textContent = t(right ? "quiz.right" : "quiz.wrong");
    q.result.classList.add(right ? "is-right" : "is-wrong");
    if (q.expl) q.added.push(q.result.parentNode.insertBefore(q.expl.cloneNode(true), q.result.nextSibling));
    q.fs.classList.add("is-answered");
    q.submit.hidden = true;
    // "Prøv igjen" only after a wrong answer: a right one is done.
    q.retry.hidden = right;
  }

  function reset(q) {
    q.added.forEach(function (n) { if (n.parentNode) n.parentNode.removeChild(n); });
    q.added = [];
    q.answer = null;
    q.options.forEach(function (li) {
      input(li).checked = false;
      input(li).disabled = false;
      li.classList.remove("is-chosen", "is-correct", "is-wrong");
    });
    q.result.textContent = "";
    q.result.classList.remove("is-right", "is-wrong");
    q.fs.classList.remove("is-answered");
    if (q.quiz.shuffle) shuffle(q);
    q.submit.hidden = false;
    q.retry.hidden = true;
  }

  // shuffle reorders the options in the page (Fisher–Yates); values and
  // data-o keep the source order, so scoring and storage are unaffected.
  function shuffle(q) {
    var o = q.options.slice();
    for (var i = o.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), x = o[i];
      o[i] = o[j];
      o[j] = x;
    }
    o.forEach(function (li) { q.list.appendChild(li); });
  }

  function stored(quiz) {
    var answers = {};
    quiz.questions.forEach(function (q) { if (q.answer) answers[q.n] = q.answer; });
    return { rev: quiz.rev, answers: answers };
  }

  // valid returns a stored answer as a sorted list of option indexes, or
  // null when it does not fit the question as it is now.
  function valid(q, a) {
    if (!Array.isArray(a) || !a.length || (!q.multi && a.length > 1)) return null;
    var out = [];
    for (var i = 0; i < a.length; i++) {
      var o = a[i];
      if (typeof o !== "number" || o % 1 !== 0 || o < 0 || o >= q.options.length || out.indexOf(o) >= 0) return null;
      out.push(o);
    }
    return out.sort(byNumber);
  }

  function tally(qs) {
    var s = { right: 0, done: 0, total: qs.length };
    qs.forEach(function (q) {
      if (!q.answer) return;
      s.done++;
      if (isRight(q, q.answer)) s.right++;
    });
    return s;
  }

  // scoreLine shows a quiz's score once all its questions are answered; a
  // quiz of one question needs none beside the question's own result.
  function scoreLine(quiz) {
    var s = tally(quiz.questions);
    if (quiz.score && s.total > 1) {
      quiz.score.textContent = s.done === s.total ? t("quiz.score", { n: s.right, total: s.total }) : "";
    }
  }

  function update(quiz) {
    scoreLine(quiz);
    if (isCourse) course(false);
  }

  var courseEl = null, instructionEl = null, wasComplete = false;

  // course shows and stores the result of the whole course page once every
  // question on it is answered, and tells listeners (SCORM, certificate).
  function course(restored) {
    var all = [];
    quizzes.forEach(function (quiz) { all = all.concat(quiz.questions); });
    var s = tally(all), complete = s.total > 0 && s.done === s.total;
    var passed = complete && s.right * 100 >= pass * s.total;
    var percent = s.total ? Math.round(s.right * 100 / s.total) : 0;

    courseEl.textContent = "";
    // The instruction says what happens once every question is answered;
    // with the result shown it has done its job.
    if (instructionEl) instructionEl.hidden = complete;
    courseEl.classList.toggle("is-passed", passed);
    courseEl.classList.toggle("is-failed", complete && !passed);
    if (complete) {
      courseEl.appendChild(el("p", null, t("quiz.course_result", {
        status: t(passed ? "quiz.passed" : "quiz.failed"), n: s.right, total: s.total, percent: percent
      })));
      if (!passed) courseEl.appendChild(el("p", null, t("quiz.course_need", { pass: pass })));
    }

    var prev = load(courseKey) || {};
    var rec = { status: complete ? (passed ? "passed" : "failed") : "started", score: s.right, total: s.total };
    var keep = prev.status === "passed" && !(passed && s.right > prev.score);
    if (s.done > 0 && !keep && (rec.status !== prev.status || rec.score !== prev.score || rec.total !== prev.total)) {
      rec.date = new Date().toISOString();
      save(courseKey, rec);
    }

    if (complete && !wasComplete) {
      var detail = { pageId: pageId, score: s.right, max: s.total, passed: passed, percent: percent, pass: pass, restored: restored };
      var fire = function () { document.dispatchEvent(new CustomEvent("varde:course", { detail: detail })); };
      // After a reload, wait until the scripts after this one have added
      // their listeners.
      if (restored) setTimeout(fire, 0); else fire();
    }
    wasComplete = complete;
  }

  // Start: restore saved answers, shuffle the rest, show scores.
  quizzes.forEach(function (quiz) {
    var saved = load(quiz.key);
    var answers = saved && saved.rev === quiz.rev && saved.answers && typeof saved.answers === "object" ? saved.answers : {};
    quiz.questions.forEach(function (q) {
      var a = valid(q, answers[q.n]);
      if (a) show(q, a);
      else if (quiz.shuffle) shuffle(q);
    });
    scoreLine(quiz);
  });
  if (isCourse) {
    courseEl = document.querySelector(".course-result");
    if (!courseEl) {
      courseEl = el("div", "course-result");
      var last = sections[sections.length - 1];
      last.parentNode.insertBefore(courseEl, last.nextSibling);
    }
    courseEl.setAttribute("aria-live", "polite");
    instructionEl = el("p", "course-instruction", t("quiz.course_instruction", { pass: pass }));
    courseEl.parentNode.insertBefore(instructionEl, courseEl);
    course(true);
  }
})();
