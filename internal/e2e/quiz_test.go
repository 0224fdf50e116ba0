package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/scorm"
)

// The quiz and course journeys run on a course of the bundled site, the
// first in the default language, and read the answers from the page's own
// answer key (.quiz-key li[data-correct]), so they follow the content as
// editors change it. They check the words, not only the styling: "Riktig",
// "Feil", "Bestått" are what a reader (and a screen reader) gets.

// quizQuestion is one question of a page, as quizQuestions reads it.
type quizQuestion struct {
	Section string   `json:"section"` // id of the quiz's <section>
	N       string   `json:"n"`       // data-q
	Inputs  []string `json:"inputs"`  // ids of the option inputs, by option index
	Correct []int    `json:"correct"` // option indexes
	Multi   bool     `json:"multi"`
}

func (q quizQuestion) fieldset() string {
	return "[id=" + strconv.Quote(q.Section) + "] fieldset[data-q=" + strconv.Quote(q.N) + "]"
}

func (q quizQuestion) isCorrect(o int) bool {
	for _, c := range q.Correct {
		if c == o {
			return true
		}
	}
	return false
}

// wrong returns the indexes of a wrong answer: the first wrong option.
func (q quizQuestion) wrong() []int {
	for o := range q.Inputs {
		if !q.isCorrect(o) {
			return []int{o}
		}
	}
	return nil
}

func idSel(id string) string { return "[id=" + strconv.Quote(id) + "]" }

// quizQuestionsJS lists the questions of the document doc (the page's own,
// or a frame's).
const quizQuestionsJS = `((doc) => [...doc.querySelectorAll("section.quiz fieldset.quiz-q")].map(fs => ({
  section: fs.closest("section.quiz").id,
  n: fs.dataset.q,
  inputs: [...fs.querySelectorAll(".quiz-o")].sort((a, b) => a.dataset.o - b.dataset.o).map(li => li.querySelector("input").id),
  correct: [...fs.querySelectorAll(".quiz-key > li[data-correct]")].map(li => +li.dataset.o),
  multi: !!fs.querySelector("input[type=checkbox]"),
})))`

func quizQuestions(t *testing.T, p *browsertest.Page) []quizQuestion {
	t.Helper()
	qs := browsertest.Eval[[]quizQuestion](p, quizQuestionsJS+"(document)")
	if len(qs) == 0 {
		t.Fatalf("no quiz questions on %s", p.Path())
	}
	for _, q := range qs {
		if len(q.Inputs) < 2 || len(q.Correct) == 0 {
			t.Fatalf("question %s: %d options, %d correct: the answer key is not what quiz.go renders", q.fieldset(), len(q.Inputs), len(q.Correct))
		}
	}
	return qs
}

// answerByMouse clicks the options of answer and then "Svar".
func answerByMouse(p *browsertest.Page, q quizQuestion, answer []int) {
	for _, o := range answer {
		p.Click(idSel(q.Inputs[o]))
	}
	p.Click(q.fieldset() + " .quiz-submit")
}

// answerByKeyboard answers a question with the keyboard alone, starting
// with focus on its first option: Space ticks a checkbox and Tab moves on;
// a radio group is walked with the arrow keys. Then Tab to "Svar" and
// Enter.
func answerByKeyboard(t *testing.T, p *browsertest.Page, q quizQuestion, answer []int) {
	t.Helper()
	browsertest.Eval[bool](p, "document.getElementById("+strconv.Quote(q.Inputs[0])+").focus(), true")
	focused := func() string {
		return browsertest.Eval[string](p, "document.activeElement.id || document.activeElement.className")
	}
	want := map[string]bool{}
	for _, o := range answer {
		want[q.Inputs[o]] = true
	}
	if q.Multi {
		for i := 0; i < 40; i++ {
			id := focused()
			if want[id] {
				p.Press("Space")
				delete(want, id)
			}
			if len(want) == 0 {
				break
			}
			p.Press("Tab")
		}
	} else {
		o := answer[0]
		if o == 0 {
			p.Press("Space")
		}
		for i := 0; i < o; i++ {
			p.Press("ArrowDown")
		}
	}
	for i := 0; i < 40 && !strings.Contains(focused(), "quiz-submit"); i++ {
		p.Press("Tab")
	}
	if got := focused(); !strings.Contains(got, "quiz-submit") {
		t.Fatalf("Tab never reached the Svar button of %s (focus on %q)", q.fieldset(), got)
	}
	p.Press("Enter")
}

// resultOf returns the result line of a question.
func resultOf(p *browsertest.Page, q quizQuestion) string {
	return browsertest.Eval[string](p, "document.querySelector("+strconv.Quote(q.fieldset()+" .quiz-result")+").textContent")
}

// firstCourse returns the first course page of the built site in its
// default language.
func firstCourse(t *testing.T, s *site) *doc {
	t.Helper()
	lang := defaultLang(s)
	for _, d := range s.Docs {
		if d.Kind == "page" && d.Type == "course" && d.Lang == lang {
			return d
		}
	}
	t.Skip("the bundled site has no course page")
	return nil
}

func coursePage(t *testing.T) (*site, *doc, *browsertest.Page) {
	t.Helper()
	s := bundled(t)
	d := firstCourse(t, s)
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	p := browsertest.NewPage(t, srv)
	p.Navigate(d.URLPath)
	return s, d, p
}

// TestQuizAnswer answers by mouse and by keyboard, wrong and right, and
// reads the feedback in words and the quiz's score.
func TestQuizAnswer(t *testing.T) {
	_, d, p := coursePage(t)
	qs := quizQuestions(t, p)
	first := qs[0]

	// Without an answer, "Svar" asks for one.
	p.Click(first.fieldset() + " .quiz-submit")
	if got := resultOf(p, first); !strings.Contains(got, "Velg") {
		t.Errorf("Svar with nothing chosen: %q, want a request to choose first", got)
	}

	// Wrong, by mouse: "Feil", the chosen option marked wrong in words, the
	// right ones marked right, the key's disclosure hidden, "Prøv igjen".
	answerByMouse(p, first, first.wrong())
	if got := resultOf(p, first); !strings.Contains(got, "Feil") {
		t.Errorf("wrong answer: result %q, want Feil", got)
	}
	marks := browsertest.Eval[[]string](p, `[...document.querySelectorAll(`+strconv.Quote(first.fieldset()+" .quiz-mark")+`)].map(m => m.textContent.trim())`)
	if !containsPrefix(marks, "✗ (feil svar)") || !containsPrefix(marks, "✓ (riktig svar)") {
		t.Errorf("marks after a wrong answer: %q, want one wrong and the right ones named", marks)
	}
	if browsertest.Eval[bool](p, `!document.querySelector(`+strconv.Quote(first.fieldset()+" .quiz-answer")+`).hidden`) {
		t.Error("the answer key's disclosure shows while the quiz is enhanced")
	}
	// Feedback first: "Feil." (and the explanation) above "Prøv igjen".
	if !browsertest.Eval[bool](p, feedbackAboveRetryJS(first)) {
		t.Error("after a wrong answer the result line is not above a visible Prøv igjen button")
	}

	// Try again, then right, by mouse.
	p.Click(first.fieldset() + " .quiz-retry")
	if got := browsertest.Eval[string](p, "document.activeElement.id"); got != first.Inputs[0] {
		t.Errorf("after Prøv igjen focus is on %q, want the first option", got)
	}
	answerByMouse(p, first, first.Correct)
	if got := resultOf(p, first); !strings.Contains(got, "Riktig") {
		t.Errorf("right answer: result %q, want Riktig", got)
	}
	if retryShown(p, first) {
		t.Error("Prøv igjen is offered after a right answer")
	}

	// The rest of the first quiz by keyboard: one wrong, the others right.
	var quiz []quizQuestion
	for _, q := range qs {
		if q.Section == first.Section {
			quiz = append(quiz, q)
		}
	}
	right := 1
	for i, q := range quiz[1:] {
		p.RememberUnfocused()
		if i == 0 {
			answerByKeyboard(t, p, q, q.wrong())
			if got := resultOf(p, q); !strings.Contains(got, "Feil") {
				t.Errorf("wrong answer by keyboard to %s: %q, want Feil", q.fieldset(), got)
			}
		} else {
			answerByKeyboard(t, p, q, q.Correct)
			if got := resultOf(p, q); !strings.Contains(got, "Riktig") {
				t.Errorf("right answer by keyboard to %s: %q, want Riktig", q.fieldset(), got)
			}
			right++
		}
		// Focus lands on the feedback, the next thing to read; Prøv
		// igjen only after the wrong answer.
		if f := p.Focused(); !strings.Contains(f.ClassName, "quiz-result") {
			t.Errorf("after answering %s focus is on %s, want the result line", q.fieldset(), f)
		}
		if shown := retryShown(p, q); shown != (i == 0) {
			t.Errorf("after answering %s (wrong: %v) Prøv igjen shown: %v", q.fieldset(), i == 0, shown)
		}
	}
	if len(quiz) > 1 {
		want := fmt.Sprintf("Du fikk %d av %d riktige.", right, len(quiz))
		got := browsertest.Eval[string](p, "document.querySelector("+strconv.Quote("[id="+strconv.Quote(first.Section)+"] .quiz-score")+").textContent")
		if got != want {
			t.Errorf("score of %s: %q, want %q", first.Section, got, want)
		}
	}
	browsertest.Figure(t, "quiz: answered %d questions of %s by mouse and keyboard", len(quiz), d.URLPath)
	p.AssertNoConsoleErrors()
	p.AssertNoCSPViolations()
}

// retryShown reports whether a question's "Prøv igjen" button is shown.
func retryShown(p *browsertest.Page, q quizQuestion) bool {
	return browsertest.Eval[bool](p, `(() => { const b = document.querySelector(`+strconv.Quote(q.fieldset()+" .quiz-retry")+`); return !b.hidden && b.getClientRects().length > 0; })()`)
}

// feedbackAboveRetryJS is true when a question's result line has text and
// ends above its visible "Prøv igjen" button.
func feedbackAboveRetryJS(q quizQuestion) string {
	return `(() => { const fs = document.querySelector(` + strconv.Quote(q.fieldset()) + `);
	  const r = fs.querySelector(".quiz-result"), b = fs.querySelector(".quiz-retry");
	  return r.textContent.trim() !== "" && !b.hidden && r.getBoundingClientRect().bottom <= b.getBoundingClientRect().top; })()`
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestCoursePassAndCertificate passes a course, makes the certificate,
// prints it, reloads and finds the progress kept, and sees the course
// passed on "Mine kurs". The page with everything answered and the
// certificate shown must pass axe in light and dark mode.
func TestCoursePassAndCertificate(t *testing.T) {
	_, d, p := coursePage(t)
	qs := quizQuestions(t, p)
	if !browsertest.Eval[bool](p, `document.querySelector(".course-certificate").hidden`) {
		t.Error("the certificate form shows before the course is passed")
	}
	// The instruction (answer everything, then the result shows here)
	// shows until the result does.
	instruction := `(() => { const e = document.querySelector(".course-instruction"); return e && !e.hidden && e.getClientRects().length > 0 ? e.textContent : ""; })()`
	if got := browsertest.Eval[string](p, instruction); !strings.Contains(got, "resultatet") {
		t.Errorf("before any answer the course instruction is %q, want it shown", got)
	}
	for _, q := range qs {
		answerByMouse(p, q, q.Correct)
	}
	if got := browsertest.Eval[string](p, instruction); got != "" {
		t.Errorf("with the result shown the course instruction still shows: %q", got)
	}
	result := browsertest.Eval[string](p, `document.querySelector(".course-result").textContent`)
	want := fmt.Sprintf("Bestått: %d av %d riktige (100\u00a0%%).", len(qs), len(qs))
	if result != want {
		t.Errorf("course result %q, want %q", result, want)
	}

	// The certificate: type a name, print.
	p.WaitVisible("#course-cert-name")
	browsertest.Eval[bool](p, `window.vardePrinted = 0, window.print = () => { window.vardePrinted++ }, true`)
	p.Click(".cert-form button[type=submit]")
	if got := browsertest.Eval[string](p, `document.getElementById("course-cert-error").textContent`); !strings.Contains(got, "navnet") {
		t.Errorf("printing without a name: error %q, want a request for the name", got)
	}
	if f := p.Focused(); f.ID != "course-cert-name" {
		t.Errorf("printing without a name: focus on %s, want the name field", f)
	}
	p.Type("#course-cert-name", "Kari Nordmann")
	p.Click(".cert-form button[type=submit]")
	if n := browsertest.Eval[int](p, "window.vardePrinted"); n != 1 {
		t.Errorf("window.print called %d times, want 1", n)
	}
	cert := browsertest.Eval[string](p, `document.querySelector(".cert").innerText`)
	// The heading's soft hyphens (internal/hyphen) are not the title's.
	title := browsertest.Eval[string](p, `document.querySelector("h1").textContent.replace(/\u00ad/g, "")`)
	siteTitle := browsertest.Eval[string](p, `document.querySelector(".course-certificate").dataset.siteTitle`)
	date := time.Now()
	for _, w := range []string{"KURSBEVIS", "Kari Nordmann", "har bestått kurset", title, "100\u00a0% riktige svar", siteTitle,
		fmt.Sprintf("Bestått %d. ", date.Day()), strconv.Itoa(date.Year())} {
		if !strings.Contains(cert, w) {
			t.Errorf("the certificate lacks %q:\n%s", w, cert)
		}
	}

	// Printed, the certificate is all there is, on one A4 page.
	p.EmulateMedia("print", nil)
	// Shown are the certificate and the elements it sits in, which
	// course.js marks with data-cert-path; nothing else.
	shown := browsertest.Eval[[]string](p, `[...document.querySelectorAll("body *")].filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden" && !e.closest(".cert") && !e.hasAttribute("data-cert-path")).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))`)
	for _, e := range shown {
		t.Errorf("printing the certificate also prints %s", e)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("[data-cert-path]").length`); n == 0 {
		t.Error("no element is marked as holding the certificate")
	}
	if _, pages := p.PrintA4(); pages != 1 {
		t.Errorf("the certificate prints on %d A4 pages, want 1", pages)
	}
	p.EmulateMedia("", nil)

	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		p.AssertAxeClean()
	}
	p.EmulateMedia("", nil)

	// Reload: answers, result and name are kept.
	p.Navigate(d.URLPath)
	p.WaitFor(`document.querySelector(".course-result").textContent !== ""`)
	if got := browsertest.Eval[string](p, `document.querySelector(".course-result").textContent`); got != want {
		t.Errorf("after a reload the course result is %q, want %q", got, want)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("fieldset.quiz-q.is-answered").length`); n != len(qs) {
		t.Errorf("after a reload %d of %d questions show as answered", n, len(qs))
	}
	if got := browsertest.Eval[string](p, `document.getElementById("course-cert-name").value`); got != "Kari Nordmann" {
		t.Errorf("after a reload the name field holds %q", got)
	}

	// Mine kurs, reached from the course page.
	p.ClickNavigate(".course-mine a")
	if got := browsertest.Eval[string](p, "document.body.dataset.type"); got != "mycourses" {
		t.Fatalf("the Mine kurs link led to a page of type %q", got)
	}
	status := browsertest.Eval[string](p, `document.querySelector('[data-course-status=`+strconv.Quote(d.ID)+`]').textContent`)
	if !strings.Contains(status, "Bestått") || !strings.Contains(status, "100") {
		t.Errorf("Mine kurs says %q for %s, want Bestått with the score", status, d.ID)
	}
	others := browsertest.Eval[[]string](p, `[...document.querySelectorAll("[data-course-status]")].filter(e => e.dataset.courseStatus !== `+strconv.Quote(d.ID)+`).map(e => e.textContent)`)
	for _, o := range others {
		if !strings.Contains(o, "Ikke startet") {
			t.Errorf("an untouched course says %q, want Ikke startet", o)
		}
	}
	if got := browsertest.Eval[string](p, `document.querySelector(".course-summary").textContent`); !strings.HasPrefix(got, "Du har bestått 1 av ") {
		t.Errorf("summary %q", got)
	}
	if browsertest.Eval[bool](p, `!document.querySelector(".course-nojs").hidden`) {
		t.Error("Mine kurs still says that statuses need JavaScript")
	}
	p.AssertAxeClean()
	browsertest.Figure(t, "course: passed %s (%d questions), certificate on 1 A4 page, progress kept, Mine kurs at %s", d.URLPath, len(qs), p.Path())
	p.AssertNoConsoleErrors()
	p.AssertNoCSPViolations()
}

// TestCourseFailed answers every question wrong: "Ikke bestått", no
// certificate, and the course list says so.
func TestCourseFailed(t *testing.T) {
	s, d, p := coursePage(t)
	for _, q := range quizQuestions(t, p) {
		answerByMouse(p, q, q.wrong())
	}
	if got := browsertest.Eval[string](p, `document.querySelector(".course-result").textContent`); !strings.HasPrefix(got, "Ikke bestått: 0 av ") {
		t.Errorf("course result %q, want Ikke bestått", got)
	}
	if !browsertest.Eval[bool](p, `document.querySelector(".course-certificate").hidden`) {
		t.Error("the certificate form shows for a failed course")
	}
	p.Navigate(s.Base.Path + "mine-kurs/")
	status := browsertest.Eval[string](p, `document.querySelector('[data-course-status=`+strconv.Quote(d.ID)+`]').textContent`)
	if !strings.Contains(status, "Ikke bestått") {
		t.Errorf("Mine kurs says %q for %s, want Ikke bestått", status, d.ID)
	}
}

// lmsCall is one call the test platform recorded.
type lmsCall struct {
	Fn   string   `json:"fn"`
	Args []string `json:"args"`
	Ret  string   `json:"ret"`
}

func (c lmsCall) String() string { return c.Fn + "(" + strings.Join(c.Args, ", ") + ") = " + c.Ret }

// scormPackage exports the course with the given id from the site the
// bundled site was built from, and unpacks the zip into dir/pkg beside the
// test platform (testdata/scorm-lms).
func scormPackage(t *testing.T, id, dir string) {
	t.Helper()
	source := built.root
	if s := os.Getenv("VARDE_E2E_SOURCE"); s != "" {
		source = s
	}
	pkg, diags, err := scorm.Export(context.Background(), build.Options{Source: source}, id, "")
	if err != nil {
		t.Fatalf("export %s: %v\n%v", id, err, diags)
	}
	var zipped bytes.Buffer
	if err := pkg.WriteZip(&zipped, time.Now()); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := putFile(filepath.Join(dir, "pkg", filepath.FromSlash(f.Name)), b); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"index.html", "lms.js"} {
		b, err := os.ReadFile(filepath.Join("testdata", "scorm-lms", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := putFile(filepath.Join(dir, name), b); err != nil {
			t.Fatal(err)
		}
	}
}

// putFile writes a file, making its folder.
func putFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// passInFrame answers every question of the course in the platform's
// frame, right or wrong, as the learner would click.
const passInFrameJS = `((right) => {
  const doc = document.getElementById("sco").contentDocument;
  for (const q of %s(doc)) {
    const answer = right ? q.correct : [q.inputs.findIndex((_, o) => !q.correct.includes(o))];
    for (const o of answer) doc.getElementById(q.inputs[o]).click();
    doc.querySelector("#" + CSS.escape(q.section) + " fieldset[data-q='" + q.n + "'] .quiz-submit").click();
  }
  return doc.querySelector(".course-result").textContent;
})(%v)`

// waitGlobal waits until expr, which may read the page's own globals
// (Page.WaitFor polls in an isolated world that does not see them), is
// true.
func waitGlobal(t *testing.T, p *browsertest.Page, expr string) {
	t.Helper()
	deadline := time.Now().Add(browsertest.DefaultTimeout)
	for !browsertest.Eval[bool](p, "!!("+expr+")") {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", browsertest.DefaultTimeout, expr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var sessionTime = regexp.MustCompile(`^\d{4}:\d{2}:\d{2}\.\d{2}$`)

// TestSCORMInPlatform opens the exported package in a frame of a test
// platform whose window holds a recording SCORM 1.2 API, passes the course
// there and checks what the adapter reported, in order, up to LMSFinish
// when the frame navigates away. It also opens the package on its own, as
// without a platform, where the course must work as on the site.
func TestSCORMInPlatform(t *testing.T) {
	s := bundled(t)
	d := firstCourse(t, s)
	dir := t.TempDir()
	scormPackage(t, d.ID, dir)
	srv := browsertest.Serve(t, dir, "/")

	calls := func(p *browsertest.Page) []lmsCall { return browsertest.Eval[[]lmsCall](p, "window.lmsCalls") }
	finish := func(t *testing.T, p *browsertest.Page) {
		browsertest.Eval[bool](p, `document.getElementById("sco").src = "about:blank", true`)
		waitGlobal(t, p, `window.lmsCalls.some(c => c.fn === "LMSFinish")`)
	}
	check := func(t *testing.T, got []lmsCall, want []lmsCall) {
		t.Helper()
		n := max(len(got), len(want))
		for i := 0; i < n; i++ {
			switch {
			case i >= len(got):
				t.Errorf("call %d: missing, want %s", i+1, want[i])
			case i >= len(want):
				t.Errorf("call %d: %s, want no more calls", i+1, got[i])
			case want[i].Fn == "LMSSetValue" && len(want[i].Args) == 2 && want[i].Args[0] == "cmi.core.session_time":
				if got[i].Fn != "LMSSetValue" || len(got[i].Args) != 2 || got[i].Args[0] != "cmi.core.session_time" || !sessionTime.MatchString(got[i].Args[1]) {
					t.Errorf("call %d: %s, want LMSSetValue(cmi.core.session_time, HHHH:MM:SS.SS)", i+1, got[i])
				}
			case got[i].String() != want[i].String():
				t.Errorf("call %d: %s, want %s", i+1, got[i], want[i])
			}
		}
	}
	set := func(k, v string) lmsCall { return lmsCall{"LMSSetValue", []string{k, v}, "true"} }
	getv := func(k, v string) lmsCall { return lmsCall{"LMSGetValue", []string{k}, v} }
	initialize := lmsCall{"LMSInitialize", []string{""}, "true"}
	commit := lmsCall{"LMSCommit", []string{""}, "true"}
	finished := lmsCall{"LMSFinish", []string{""}, "true"}

	t.Run("pass", func(t *testing.T) {
		p := browsertest.NewPage(t, srv)
		p.Navigate("/")
		waitGlobal(t, p, `window.lmsCalls.length > 0 && document.getElementById("sco").contentDocument.querySelector(".quiz-submit:not([hidden])")`)
		result := browsertest.Eval[string](p, fmt.Sprintf(passInFrameJS, quizQuestionsJS, true))
		if !strings.HasPrefix(result, "Bestått") {
			t.Errorf("course result in the frame: %q", result)
		}
		waitGlobal(t, p, `window.lmsCalls.some(c => c.fn === "LMSCommit")`)
		finish(t, p)
		check(t, calls(p), []lmsCall{
			initialize,
			getv("cmi.core.lesson_status", "not attempted"),
			set("cmi.core.lesson_status", "incomplete"),
			set("cmi.core.score.raw", "100"),
			set("cmi.core.score.min", "0"),
			set("cmi.core.score.max", "100"),
			set("cmi.core.lesson_status", "passed"),
			commit,
			set("cmi.core.session_time", ""),
			finished,
		})
		p.AssertSameOrigin()
		p.AssertNoConsoleErrors("favicon.ico") // the test platform's page has no icon
		p.AssertNoCSPViolations()
	})

	t.Run("a pass is not downgraded", func(t *testing.T) {
		p := browsertest.NewPage(t, srv)
		p.Navigate("/?cmi.core.lesson_status=passed&cmi.core.score.raw=100")
		waitGlobal(t, p, `window.lmsCalls.length > 0 && document.getElementById("sco").contentDocument.querySelector(".quiz-submit:not([hidden])")`)
		result := browsertest.Eval[string](p, fmt.Sprintf(passInFrameJS, quizQuestionsJS, false))
		if !strings.HasPrefix(result, "Ikke bestått") {
			t.Errorf("course result in the frame: %q", result)
		}
		finish(t, p)
		check(t, calls(p), []lmsCall{
			initialize,
			getv("cmi.core.lesson_status", "passed"),
			getv("cmi.core.score.raw", "100"),
			set("cmi.core.session_time", ""),
			finished,
		})
		if got := browsertest.Eval[string](p, `window.lmsData["cmi.core.lesson_status"]`); got != "passed" {
			t.Errorf("lesson_status is %q after a failed attempt, want passed kept", got)
		}
	})

	t.Run("without a platform", func(t *testing.T) {
		p := browsertest.NewPage(t, srv)
		p.Navigate("/pkg/index.html")
		qs := quizQuestions(t, p)
		answerByMouse(p, qs[0], qs[0].Correct)
		if got := resultOf(p, qs[0]); !strings.Contains(got, "Riktig") {
			t.Errorf("standalone package: result %q, want Riktig", got)
		}
		p.AssertSameOrigin()
		p.AssertNoConsoleErrors()
		p.AssertNoCSPViolations()
		p.AssertAxeClean()
	})
}

// TestSCORMValidHTML checks the package's launch page with the Nu Html
// Checker, as TestValidHTML checks the site.
func TestSCORMValidHTML(t *testing.T) {
	s := bundled(t)
	d := firstCourse(t, s)
	jar, err := browsertest.FindVNU()
	if err != nil {
		browsertest.Missing(t, err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		browsertest.Missing(t, fmt.Errorf("java not found on PATH (Debian: apt-get install default-jre-headless)"))
	}
	dir := t.TempDir()
	scormPackage(t, d.ID, dir)
	pkg := filepath.Join(dir, "pkg")
	msgs, files, err := runVNU(jar, pkg)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Figure(t, "vnu: %d errors in the SCORM package of %s", len(msgs), d.ID)
	for _, m := range msgs {
		t.Errorf("vnu: %s", m.String(pkg))
	}
	if files != 1 {
		t.Errorf("vnu checked %d HTML files in the package, want 1 (index.html)", files)
	}
}
