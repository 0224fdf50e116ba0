package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/testsite"
)

// The checklist journeys run on the bundled site's checklist page (the
// kommunedirektør's toolbox) and the one-pagers it gathers questions from.
// They read the questions from the page itself (fieldset.cq[data-q], as
// internal/checklist/render.go writes them), so they follow the content as
// editors change it, and they check what a reader gets in words: the
// summary sentence, the chart's text, the rows of the exported CSV.

// cqQuestion is one control question as the page shows it.
type cqQuestion struct {
	ID       string    `json:"id"`
	Gathered bool      `json:"gathered"` // shown on another page than its own
	Source   string    `json:"source"`   // title of its page, for a gathered question
	Area     string    `json:"area"`     // its heading
	Text     string    `json:"text"`
	Inputs   []cqInput `json:"inputs"` // in scale order, lowest first for choice scales
}

type cqInput struct {
	ID    string `json:"id"`
	Value string `json:"value"`
	Label string `json:"label"`
	Score int    `json:"score"` // 0–100, or -1 for an answer left out of scores
}

// top returns the index of the input with the highest score.
func (q cqQuestion) top() int {
	best := 0
	for i, in := range q.Inputs {
		if in.Score > q.Inputs[best].Score {
			best = i
		}
	}
	return best
}

// below returns the index of a scored answer below the top of the scale.
func (q cqQuestion) below(t *testing.T) int {
	t.Helper()
	top := q.Inputs[q.top()].Score
	for i, in := range q.Inputs {
		if in.Score >= 0 && in.Score < top {
			return i
		}
	}
	t.Fatalf("question %s has no answer below the top of its scale", q.ID)
	return 0
}

func (q cqQuestion) sel() string { return "fieldset.cq[data-q=" + attrSel(q.ID) + "]" }

const cqQuestionsJS = `[...document.querySelectorAll("fieldset.cq[data-q]")].map(fs => ({
  id: fs.dataset.q,
  gathered: (fs.dataset.page || "") !== document.body.dataset.id,
  source: fs.dataset.sourceTitle || "",
  area: fs.dataset.areaTitle || "",
  text: fs.querySelector("legend").textContent.replace(/\s+/g, " ").trim(),
  inputs: [...fs.querySelectorAll(".cq-answers input")].map(i => ({
    id: i.id, value: i.value, score: +i.dataset.score,
    label: document.querySelector('label[for="' + CSS.escape(i.id) + '"]').textContent.trim(),
  })),
}))`

func cqQuestions(t *testing.T, p *browsertest.Page) []cqQuestion {
	t.Helper()
	qs := browsertest.Eval[[]cqQuestion](p, cqQuestionsJS)
	if len(qs) == 0 {
		t.Fatalf("no control questions on %s", p.Path())
	}
	return qs
}

// checklistDoc returns the first current checklist page of the built site
// in its default language (pages of past editions are not indexed).
func checklistDoc(t *testing.T, s *site) *doc {
	t.Helper()
	lang := defaultLang(s)
	for _, d := range s.Docs {
		if d.Kind == "page" && d.Type == "checklist" && d.Lang == lang && !d.NoIndex {
			return d
		}
	}
	t.Skip("the site has no checklist page")
	return nil
}

// openChecklist opens the checklist page in a new tab (a fresh browser
// profile) and waits until checklist.js has enhanced it.
func openChecklist(t *testing.T) (*site, *doc, *browsertest.Page) {
	t.Helper()
	s := bundled(t)
	d := checklistDoc(t, s)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	navigateEnhanced(p, d.URLPath)
	return s, d, p
}

// navigateEnhanced loads a page with control questions and waits until
// checklist.js has restored the stored answers: it adds a "clear" button
// to every question as it does.
func navigateEnhanced(p *browsertest.Page, path string) {
	p.Navigate(path)
	p.WaitFor(`document.querySelectorAll("fieldset.cq .cq-clear").length === document.querySelectorAll("fieldset.cq .cq-answers").length`)
}

// pick returns the first own questions (as many as asked) and the first
// gathered question of a checklist page, each with a choice of answers.
func pick(t *testing.T, qs []cqQuestion, own int) (mine []cqQuestion, gathered cqQuestion) {
	t.Helper()
	found := false
	for _, q := range qs {
		switch {
		case q.Gathered && !found && len(q.Inputs) > 1:
			gathered, found = q, true
		case !q.Gathered && len(mine) < own && len(q.Inputs) > 1:
			mine = append(mine, q)
		}
	}
	if !found || len(mine) < own {
		t.Skipf("the checklist page has %d own questions and gathered questions: %v; the journey needs %d and some", len(mine), found, own)
	}
	return mine, gathered
}

// checked returns the value of the checked answer of a question, "" when
// none is.
func checked(p *browsertest.Page, q cqQuestion) string {
	return browsertest.Eval[string](p, `(document.querySelector(`+jsString(q.sel()+" .cq-answers input:checked")+`) || {value: ""}).value`)
}

// clickAnswer answers a question with the mouse, on the answer's label.
func clickAnswer(p *browsertest.Page, q cqQuestion, i int) {
	p.Click("label[for=" + attrSel(q.Inputs[i].ID) + "]")
}

// stored waits until the browser has stored value as the answer to q, so
// that a page loaded next finds it.
func stored(p *browsertest.Page, q cqQuestion, value string) {
	p.WaitFor(`Object.keys(localStorage).some(k => k.endsWith(":cq:" + ` + jsString(q.ID) + `) && JSON.parse(localStorage.getItem(k)).v === ` + jsString(value) + `)`)
}

// keyAnswer answers a radio question with the keyboard alone: from the
// question before it, Tab until focus is in its answers, Space to choose
// the first, and an arrow key per step to the answer wanted (a radio group
// is one Tab stop, and its arrows move the choice).
func keyAnswer(t *testing.T, p *browsertest.Page, from, q cqQuestion, i int) {
	t.Helper()
	browsertest.Eval[bool](p, "document.getElementById("+jsString(from.Inputs[0].ID)+").focus(), true")
	in := `(document.activeElement && document.activeElement.closest(` + jsString(q.sel()+" .cq-answers") + `) !== null)`
	for n := 0; n < 40 && !browsertest.Eval[bool](p, in); n++ {
		p.Press("Tab")
	}
	if !browsertest.Eval[bool](p, in) {
		t.Fatalf("Tab from question %s never reached the answers of %s", from.ID, q.ID)
	}
	if got := browsertest.Eval[string](p, "document.activeElement.id"); got != q.Inputs[0].ID {
		t.Errorf("Tab into the unanswered question %s focused %q, want its first answer %q", q.ID, got, q.Inputs[0].ID)
	}
	p.Press("Space")
	for n := 0; n < i; n++ {
		p.Press("ArrowRight")
	}
	if got := checked(p, q); got != q.Inputs[i].Value {
		t.Errorf("keyboard answer to %s: %q is checked, want %q", q.ID, got, q.Inputs[i].Value)
	}
}

// summaryIs waits until the summary sentence holds want.
func summaryIs(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	p.WaitFor(`(document.querySelector(".cq-summary .cq-progress") || {}).textContent === ` + jsString(want))
}

// requestWatch remembers how many requests the tab has made once its
// network is idle; check fails the test for every request made since, but
// for the blob: and data: URLs that never leave the browser.
type requestWatch struct {
	p    *browsertest.Page
	from int
}

func watchRequests(p *browsertest.Page) requestWatch {
	p.WaitNetworkIdle()
	return requestWatch{p, len(p.Requests())}
}

func (w requestWatch) check(t *testing.T, what string) {
	t.Helper()
	reqs := w.p.Requests()
	n := 0
	for _, r := range reqs[w.from:] {
		if strings.HasPrefix(r.URL, "blob:") || strings.HasPrefix(r.URL, "data:") {
			continue
		}
		n++
		t.Errorf("%s made a network request: %s %s (%s)", what, r.Method, r.URL, r.Type)
	}
	browsertest.Figure(t, "privacy: %d network requests while %s", n, what)
}

// TestChecklistAnswerKeepAndShare answers by mouse and by keyboard on the
// checklist page, reloads and finds the answers kept, and finds the same
// answer to a gathered question on its one-pager and on the nynorsk pages
// (the same question id), and an answer given there back on the checklist
// page. Answering makes no network request.
func TestChecklistAnswerKeepAndShare(t *testing.T) {
	t.Parallel()
	s, d, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 2)
	watch := watchRequests(p)

	// Mouse: the top answer to an own question, a low one to a gathered one.
	clickAnswer(p, mine[0], mine[0].top())
	low := g.below(t)
	clickAnswer(p, g, low)
	// Keyboard: the second answer to the own question after the first.
	keyAnswer(t, p, mine[0], mine[1], 1)
	for _, c := range []struct {
		q    cqQuestion
		want string
	}{{mine[0], mine[0].Inputs[mine[0].top()].Value}, {g, g.Inputs[low].Value}, {mine[1], mine[1].Inputs[1].Value}} {
		if got := checked(p, c.q); got != c.want {
			t.Errorf("after answering, %s has %q checked, want %q", c.q.ID, got, c.want)
		}
		if !browsertest.Eval[bool](p, `document.querySelector(`+jsString(c.q.sel())+`).classList.contains("cq-answered")`) {
			t.Errorf("answered question %s is not marked answered", c.q.ID)
		}
	}
	watch.check(t, "answering by mouse and keyboard")

	// Reload: the answers are kept.
	stored(p, mine[1], mine[1].Inputs[1].Value)
	navigateEnhanced(p, d.URLPath)
	for _, c := range [][2]string{{mine[0].ID, mine[0].Inputs[mine[0].top()].Value}, {g.ID, g.Inputs[low].Value}, {mine[1].ID, mine[1].Inputs[1].Value}} {
		q := cqQuestion{ID: c[0]}
		if got := checked(p, q); got != c[1] {
			t.Errorf("after a reload %s has %q checked, want %q", c[0], got, c[1])
		}
	}

	// The gathered question's one-pager shows the same answer; answering
	// there changes it on the checklist page.
	href := browsertest.Eval[string](p, `document.querySelector(`+jsString(g.sel()+" .cq-from a")+`).getAttribute("href")`)
	one := hrefPath(p, href)
	if i := strings.IndexByte(one, '#'); i >= 0 {
		one = one[:i]
	}
	navigateEnhanced(p, one)
	if got := checked(p, g); got != g.Inputs[low].Value {
		t.Errorf("on the one-pager %s, %s has %q checked, want %q as on the checklist page", one, g.ID, got, g.Inputs[low].Value)
	}
	clickAnswer(p, g, g.top())
	stored(p, g, g.Inputs[g.top()].Value)

	// The nynorsk one-pager and checklist page share the answers.
	for _, path := range []string{translation(t, s, one, "nn"), translation(t, s, d.URLPath, "nn")} {
		if path == "" {
			continue
		}
		navigateEnhanced(p, path)
		if got := checked(p, g); got != g.Inputs[g.top()].Value {
			t.Errorf("on %s, %s has %q checked, want %q as answered on %s", path, g.ID, got, g.Inputs[g.top()].Value, one)
		}
	}
	navigateEnhanced(p, d.URLPath)
	if got := checked(p, g); got != g.Inputs[g.top()].Value {
		t.Errorf("back on the checklist page, %s has %q checked, want %q as answered on %s", g.ID, got, g.Inputs[g.top()].Value, one)
	}
}

// translation returns the path of the page at path in another language,
// "" when the built site has none.
func translation(t *testing.T, s *site, path, lang string) string {
	t.Helper()
	d := s.ByURL[path]
	if d == nil {
		t.Fatalf("no built page at %s", path)
	}
	href := d.Alternates[lang]
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("%s: hreflang %s: %v", path, lang, err)
	}
	return u.Path
}

// TestChecklistSummaryAndPlan checks the summary's numbers against the
// scores written on the answers, the charts' text, and the action plan
// fields, which appear for an answer below the top of the scale only.
func TestChecklistSummaryAndPlan(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 2)
	summaryIs(t, p, fmt.Sprintf("Besvart 0 av %d spørsmål. Ingen poeng ennå – svar på spørsmålene for å se hvor dere står.", len(qs)))

	planShown := func(q cqQuestion) bool {
		return browsertest.Eval[bool](p, `(() => { const e = document.querySelector(`+jsString(q.sel()+" .cq-plan")+`); return !!e && !e.hidden && e.offsetParent !== null; })()`)
	}
	clickAnswer(p, mine[0], mine[0].top())
	if planShown(mine[0]) {
		t.Errorf("%s answered at the top of its scale shows the action plan fields", mine[0].ID)
	}
	low := mine[1].below(t)
	clickAnswer(p, mine[1], low)
	p.WaitVisible(mine[1].sel() + " .cq-plan")
	for _, f := range []string{"action", "who", "due"} {
		label := browsertest.Eval[string](p, `(() => { const i = document.querySelector(`+jsString(mine[1].sel()+` [data-field="`+f+`"]`)+`); return i && i.labels.length ? i.labels[0].textContent : ""; })()`)
		if label == "" {
			t.Errorf("the action plan field %s of %s has no label", f, mine[1].ID)
		}
	}
	gl := g.below(t)
	clickAnswer(p, g, gl)

	// The score is the mean of the counted answers' scores (0–100); the
	// maturity maps it onto 1–4. The page's own questions are summed up by
	// area, the gathered ones by page.
	type tally struct{ sum, n, answered int }
	var all tally
	rows := map[string]*tally{}
	for _, c := range []struct {
		q cqQuestion
		i int
	}{{mine[0], mine[0].top()}, {mine[1], low}, {g, gl}} {
		row := c.q.Area
		if c.q.Gathered {
			row = c.q.Source
		}
		if rows[row] == nil {
			rows[row] = &tally{}
		}
		rows[row].answered++
		if sc := c.q.Inputs[c.i].Score; sc >= 0 {
			all.sum, all.n = all.sum+sc, all.n+1
			rows[row].sum, rows[row].n = rows[row].sum+sc, rows[row].n+1
		}
	}
	avg := float64(all.sum) / float64(all.n)
	want := fmt.Sprintf("Besvart 3 av %d spørsmål. Samlet %s av 100 poeng, modenhet %s av 4.", len(qs), decimal(avg, 0), decimal(1+3*avg/100, 1))
	summaryIs(t, p, want)

	// The charts: one for the page's areas, one for the gathered pages, one
	// for the NSM categories, each an image with a text alternative that
	// names every row with its value.
	type chart struct {
		Title string `json:"title"`
		Desc  string `json:"desc"`
		Rows  int    `json:"rows"`
	}
	charts := browsertest.Eval[[]chart](p, `[...document.querySelectorAll(".cq-summary svg[role=img]")].map(s => ({
	  title: s.querySelector("title").textContent, desc: s.querySelector("desc").textContent, rows: s.querySelectorAll(".cq-bar, .cq-value-none").length }))`)
	if len(charts) != 3 {
		t.Fatalf("summary charts: %+v, want three (areas, gathered pages, NSM categories)", charts)
	}
	for row, tl := range rows {
		desc := charts[0].Desc
		if row == g.Source {
			desc = charts[1].Desc
		}
		value := "ikke besvart"
		if tl.n > 0 {
			value = decimal(float64(tl.sum)/float64(tl.n), 0)
		}
		want := fmt.Sprintf("%s: %s, %d av ", row, value, tl.answered)
		if !strings.Contains(desc, want) {
			t.Errorf("chart says %q, want a row %q", desc, want)
		}
	}
	if strings.Contains(charts[1].Desc, g.Area+" (") || strings.HasPrefix(charts[1].Desc, g.Area+":") {
		t.Errorf("chart of gathered pages names rows by their heading %q, not by the page: %q", g.Area, charts[1].Desc)
	}
	if !strings.HasPrefix(charts[2].Title, "Modenhet") || charts[2].Rows == 0 {
		t.Errorf("NSM chart: %+v", charts[2])
	}
	browsertest.Figure(t, "summary: %q; charts with %d, %d and %d rows", want, charts[0].Rows, charts[1].Rows, charts[2].Rows)
}

// decimal formats x as the page's Norwegian numbers do: rounded half away
// from zero to prec decimals, with a decimal comma.
func decimal(x float64, prec int) string {
	f := math.Pow(10, float64(prec))
	return strings.Replace(strconv.FormatFloat(math.Round(x*f)/f, 'f', prec, 64), ".", ",", 1)
}

// downloads lets the tab's browser context save downloads into a folder of
// the test, and returns a function that runs an action and returns the
// file it downloads, with the name the page gave it.
func downloads(t *testing.T, p *browsertest.Page) func(what string, action func()) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(p.Context())
	t.Cleanup(cancel)
	type done struct{ name, state, path string }
	var mu sync.Mutex
	names := map[string]string{} // guid → suggested file name, for this tab's downloads
	finished := make(chan done, 8)
	// The browser's download events are the whole browser's, shared by the
	// tests that run at the same time: a download is this tab's when its
	// frame is the tab's main frame, whose id is the tab's target id.
	tab := cdp.FrameID(chromedp.FromContext(p.Context()).Target.TargetID)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *browser.EventDownloadWillBegin:
			if ev.FrameID != tab {
				return
			}
			mu.Lock()
			names[ev.GUID] = ev.SuggestedFilename
			mu.Unlock()
		case *browser.EventDownloadProgress:
			if ev.State == browser.DownloadProgressStateCompleted || ev.State == browser.DownloadProgressStateCanceled {
				mu.Lock()
				name, ours := names[ev.GUID]
				mu.Unlock()
				if !ours {
					return
				}
				select {
				case finished <- done{ev.GUID + "\x00" + name, string(ev.State), ev.FilePath}:
				default:
				}
			}
		}
	}); err != nil {
		t.Fatalf("listen for downloads: %v", err)
	}
	cctx, ccancel := context.WithTimeout(p.Context(), p.Timeout)
	defer ccancel()
	events := true
	if _, err := chromedp.CallBrowser(cctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(p.Context()).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    &events,
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	return func(what string, action func()) (string, []byte) {
		t.Helper()
		action()
		select {
		case d := <-finished:
			guid, name, _ := strings.Cut(d.name, "\x00")
			if d.state != string(browser.DownloadProgressStateCompleted) {
				t.Fatalf("%s: download %s %s", what, name, d.state)
			}
			path := d.path
			if path == "" {
				path = filepath.Join(dir, guid)
			}
			return name, readWhenThere(t, what, path, p.Timeout)
		case <-time.After(p.Timeout):
			t.Fatalf("%s: no download within %s", what, p.Timeout)
		}
		return "", nil
	}
}

// readWhenThere reads a downloaded file. Chromium reports a download
// complete just before it moves the file to its final name, so the file is
// waited for, checking every few milliseconds.
func readWhenThere(t *testing.T, what, path string, timeout time.Duration) []byte {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(timeout)
	for {
		b, err := os.ReadFile(path)
		if err == nil {
			return b
		}
		if !os.IsNotExist(err) {
			t.Fatalf("%s: %v", what, err)
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s: the download was reported complete, but %s did not appear within %s", what, path, timeout)
		}
	}
}

// toolbarButton returns a selector for the toolbar button with the text.
func toolbarButton(p *browsertest.Page, t *testing.T, text string) string {
	t.Helper()
	i := browsertest.Eval[int](p, `[...document.querySelectorAll(".cq-toolbar button")].findIndex(b => b.textContent.trim() === `+jsString(text)+`)`)
	if i < 0 {
		t.Fatalf("no toolbar button %q", text)
	}
	return fmt.Sprintf(".cq-toolbar button:nth-of-type(%d)", i+1)
}

// fillPlan types an action, a responsible person and a due date for a
// question whose action plan fields show.
func fillPlan(p *browsertest.Page, q cqQuestion, action, who, due string) {
	p.WaitVisible(q.sel() + " .cq-plan")
	p.Type(q.sel()+` [data-field="action"]`, action)
	p.Type(q.sel()+` [data-field="who"]`, who)
	// A date input takes its value from script as a reader's date picker
	// gives it; the change event is what the page listens for.
	browsertest.Eval[bool](p, `(() => { const i = document.querySelector(`+jsString(q.sel()+` [data-field="due"]`)+`); i.value = `+jsString(due)+`; i.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
}

// TestChecklistExportCSV answers, exports CSV and compares its rows with
// what was answered: UTF-8 with a byte order mark and ';' between fields,
// so that Norwegian Excel opens it as it is, one row per question.
func TestChecklistExportCSV(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 1)
	download := downloads(t, p)
	watch := watchRequests(p)

	low := mine[0].below(t)
	clickAnswer(p, mine[0], low)
	fillPlan(p, mine[0], "Vedta mål i ledergruppen; «første» møte", "Kari Nordmann", "2027-03-15")
	clickAnswer(p, g, g.top())
	// The plan's text is saved a moment after typing stops; the CSV reads
	// the fields themselves, so it holds what is on screen.
	name, b := download("export CSV", func() { p.Click(toolbarButton(p, t, "Last ned CSV")) })
	watch.check(t, "answering and exporting CSV")

	if !strings.HasSuffix(name, ".csv") {
		t.Errorf("CSV file name %q", name)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("the CSV does not start with a UTF-8 byte order mark: % x", b[:min(8, len(b))])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v", err)
	}
	head := []string{"Område", "Spørsmål", "Svar", "Poeng", "Tiltak", "Ansvarlig", "Frist"}
	if len(rows) == 0 || strings.Join(rows[0], ";") != strings.Join(head, ";") {
		t.Fatalf("CSV header %q, want %q", rows[:min(1, len(rows))], head)
	}
	if len(rows)-1 != len(qs) {
		t.Errorf("CSV has %d rows, want one per question: %d", len(rows)-1, len(qs))
	}
	want := map[string][]string{
		mine[0].Text: {mine[0].Area, mine[0].Text, mine[0].Inputs[low].Label, strconv.Itoa(mine[0].Inputs[low].Score), "Vedta mål i ledergruppen; «første» møte", "Kari Nordmann", "2027-03-15"},
		g.Text:       {g.Source, g.Text, g.Inputs[g.top()].Label, strconv.Itoa(g.Inputs[g.top()].Score), "", "", ""},
	}
	answered := 0
	for i, row := range rows[1:] {
		if len(row) != len(head) {
			t.Errorf("CSV row %d has %d fields: %q", i+1, len(row), row)
			continue
		}
		if w, ok := want[row[1]]; ok {
			if strings.Join(row, "|") != strings.Join(w, "|") {
				t.Errorf("CSV row for %q:\n got %q\nwant %q", row[1], row, w)
			}
			delete(want, row[1])
		}
		if row[2] != "" {
			answered++
		}
		if row[1] != qs[i].Text {
			t.Errorf("CSV row %d is %q, want the page's question %q in page order", i+1, row[1], qs[i].Text)
		}
	}
	for q := range want {
		t.Errorf("no CSV row for the answered question %q", q)
	}
	if answered != 2 {
		t.Errorf("CSV has %d rows with an answer, want the 2 answered", answered)
	}
	browsertest.Figure(t, "csv: %d bytes, %d rows, %d answered", len(b), len(rows)-1, answered)
}

// TestChecklistImportJSON exports the answers as JSON and imports the file
// into a fresh browser profile that has answered one question itself, more
// recently: the reader confirms, the other answers arrive, the newer local
// answer is kept, and nothing goes over the network. A confirmed reset
// then forgets them.
func TestChecklistImportJSON(t *testing.T) {
	t.Parallel()
	s, d, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 2)
	download := downloads(t, p)
	low := mine[0].below(t)
	clickAnswer(p, mine[0], low)
	fillPlan(p, mine[0], "Rutine for mål", "Ola", "2027-06-01")
	clickAnswer(p, mine[1], mine[1].top())
	clickAnswer(p, g, g.top())
	// Export once the typed plan is stored (the page saves it when typing
	// pauses, and at once on change).
	p.WaitFor(`Object.keys(localStorage).some(k => k.endsWith(":cq:" + ` + jsString(mine[0].ID) + `) && JSON.parse(localStorage.getItem(k)).action === "Rutine for mål")`)
	name, b := download("export JSON", func() { p.Click(toolbarButton(p, t, "Eksporter svar (JSON)")) })
	if !strings.HasSuffix(name, ".json") || !json.Valid(b) {
		t.Fatalf("JSON export %q is not JSON: %.200s", name, b)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}

	// Another device: a new tab in a new browser context.
	q := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	navigateEnhanced(q, d.URLPath)
	for _, x := range []cqQuestion{mine[0], mine[1], g} {
		if got := checked(q, x); got != "" {
			t.Fatalf("a fresh profile has %s answered %q", x.ID, got)
		}
	}
	// Answered here after the export: newer than the file's answer.
	otherwise := mine[1].below(t)
	clickAnswer(q, mine[1], otherwise)
	watch := watchRequests(q)

	dialogs := acceptDialogs(t, q)
	q.Do("choose the JSON file", chromedp.SetUploadFiles(chromedp.CSS(".cq-tools input[type=file]"), []string{file}))
	var msg string
	select {
	case msg = <-dialogs:
	case <-time.After(q.Timeout):
		t.Fatal("importing asked no confirmation")
	}
	if !strings.Contains(msg, "Svar som blir endret: 2") {
		t.Errorf("the confirmation says %q, want 2 answers to change (the newer local one is kept)", msg)
	}
	q.WaitFor(`(document.querySelector(".cq-status") || {}).textContent === "2 svar er importert."`)
	for _, c := range []struct {
		q    cqQuestion
		want string
	}{{mine[0], mine[0].Inputs[low].Value}, {mine[1], mine[1].Inputs[otherwise].Value}, {g, g.Inputs[g.top()].Value}} {
		if got := checked(q, c.q); got != c.want {
			t.Errorf("after the import %s has %q checked, want %q", c.q.ID, got, c.want)
		}
	}
	if got := browsertest.Eval[string](q, `document.querySelector(`+jsString(mine[0].sel()+` [data-field="action"]`)+`).value`); got != "Rutine for mål" {
		t.Errorf("imported action %q, want %q", got, "Rutine for mål")
	}
	watch.check(t, "importing JSON")

	// Reset, confirmed, forgets the page's answers.
	q.Click(toolbarButton(q, t, "Nullstill svar"))
	select {
	case msg = <-dialogs:
	case <-time.After(q.Timeout):
		t.Fatal("resetting asked no confirmation")
	}
	if !strings.Contains(msg, "slette 3 lagrede svar") {
		t.Errorf("the reset confirmation says %q, want 3 answers to delete", msg)
	}
	q.WaitFor(`(document.querySelector(".cq-status") || {}).textContent === "3 svar er slettet."`)
	if n := browsertest.Eval[int](q, `document.querySelectorAll("fieldset.cq .cq-answers input:checked").length`); n != 0 {
		t.Errorf("after a reset %d answers are still checked", n)
	}
}

// acceptDialogs accepts every JavaScript dialog the tab opens, as a reader
// pressing OK, and sends each dialog's message on the channel.
func acceptDialogs(t *testing.T, p *browsertest.Page) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(p.Context())
	t.Cleanup(cancel)
	msgs := make(chan string, 4)
	opened := make(chan string, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case opened <- ev.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatalf("listen for dialogs: %v", err)
	}
	// The answer is a command, which a listener may not send: a goroutine
	// sends it.
	go func() {
		for {
			select {
			case m := <-opened:
				actx, acancel := context.WithTimeout(ctx, p.Timeout)
				_, err := chromedp.Call(actx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
				acancel()
				if err != nil && ctx.Err() == nil {
					m = "could not accept the dialog: " + err.Error()
				}
				select {
				case msgs <- m:
				default:
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return msgs
}

// TestChecklistReport opens the report view with a municipality typed,
// finds the chart, the plan and the answers in it, and checks what a print
// of it shows: the report alone, on A4.
func TestChecklistReport(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 1)
	clickAnswer(p, mine[0], mine[0].below(t))
	fillPlan(p, mine[0], "Lag en plan", "Rådmannens stab", "2027-01-31")
	clickAnswer(p, g, g.top())

	report := toolbarButton(p, t, "Rapport")
	p.Click(report)
	p.WaitVisible("#cq-report")
	if got := browsertest.Eval[string](p, "document.activeElement.id"); got != "cq-report-title" {
		t.Errorf("opening the report focused %q, want its heading", got)
	}
	if got := browsertest.Eval[string](p, `document.querySelector(`+jsString(report)+`).getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("the report button has aria-pressed=%q", got)
	}
	p.Type("#cq-report-org", "Testkommune")
	p.WaitFor(`document.querySelector(".cq-report-for").textContent.startsWith("Testkommune · ")`)
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#cq-report svg[role=img] desc").length`); n < 2 {
		t.Errorf("the report has %d charts", n)
	}
	plan := browsertest.Eval[string](p, `(document.querySelector("#cq-report .cq-table-plan tbody") || {}).textContent || ""`)
	for _, w := range []string{mine[0].Text, "Lag en plan", "Rådmannens stab"} {
		if !strings.Contains(plan, w) {
			t.Errorf("the action plan lacks %q: %q", w, plan)
		}
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#cq-report .cq-table-answers tbody tr").length`); n != len(qs) {
		t.Errorf("the report's answers have %d rows, want %d", n, len(qs))
	}

	// On paper: the report, the municipality as text, no controls and no
	// questions.
	p.EmulateMedia("print", nil)
	shown := func(sel string) bool {
		return browsertest.Eval[bool](p, `(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && e.checkVisibility(); })()`)
	}
	for sel, want := range map[string]bool{
		"#cq-report": true, ".cq-report-for": true, "#cq-report .cq-chart-svg": true,
		".cq-toolbar": false, ".cq-report-meta": false, ".cq-print": false, mine[0].sel(): false, ".site-header": false,
	} {
		if got := shown(sel); got != want {
			t.Errorf("printed report: %s shown %v, want %v", sel, got, want)
		}
	}
	p.EmulateMedia("", nil)
	_, pages := p.PrintA4()
	browsertest.Figure(t, "report: %d A4 pages for %d questions", pages, len(qs))
	if pages < 1 {
		t.Error("the report printed no page")
	}
}

// TestChecklistAxe runs axe-core on the checklist page with answers given
// and action plan fields showing, and with the report view open.
func TestChecklistAxe(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 3)
	clickAnswer(p, mine[0], mine[0].top())
	clickAnswer(p, mine[1], mine[1].below(t))
	fillPlan(p, mine[1], "Tiltak", "Leder", "2027-02-01")
	clickAnswer(p, mine[2], mine[2].below(t))
	clickAnswer(p, g, g.below(t))
	p.WaitVisible(".cq-summary svg")
	r := p.AssertAxeClean()
	browsertest.Figure(t, "axe: %d violations on the answered checklist page (%d rules passed)", len(r.Violations), r.Passes)

	p.Click(toolbarButton(p, t, "Rapport"))
	p.WaitVisible("#cq-report svg")
	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		r = p.AssertAxeClean()
		browsertest.Figure(t, "axe: %d violations on the report view (%s; %d rules passed)", len(r.Violations), scheme, r.Passes)
	}
	p.AssertNoConsoleErrors()
	p.AssertNoCSPViolations()
}

// TestOnepagerPrintsOnOneA4 prints every current one-pager of the built
// site, in every language, with a control question answered, and wants one
// A4 page each. Pages of past editions (not indexed) are what they were and
// are left out.
func TestOnepagerPrintsOnOneA4(t *testing.T) {
	t.Parallel()
	s := bundled(t)
	var pages []*doc
	for _, d := range s.Docs {
		if d.Kind == "page" && d.Type == "onepager" && !d.NoIndex {
			pages = append(pages, d)
		}
	}
	if len(pages) == 0 {
		t.Skip("the site has no one-pager")
	}
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	var counts []string
	for _, d := range pages {
		navigateEnhanced(p, d.URLPath)
		if qs := browsertest.Eval[[]cqQuestion](p, cqQuestionsJS); len(qs) > 0 {
			clickAnswer(p, qs[0], qs[0].top())
		}
		_, n := p.PrintA4()
		counts = append(counts, fmt.Sprintf("%s %d", strings.TrimSuffix(strings.TrimPrefix(d.URLPath, s.Base.Path), "/"), n))
		if n != 1 {
			t.Errorf("%s prints on %d A4 pages, want 1", d.URLPath, n)
		}
	}
	browsertest.Figure(t, "print: A4 pages per one-pager: %s", strings.Join(counts, ", "))
}

// TestChecklistNorwegianNumbers: the summary writes decimals with a comma
// in bokmål and in nynorsk, also where the browser has no nynorsk locale
// data (it would fall back to English, "2.5").
func TestChecklistNorwegianNumbers(t *testing.T) {
	t.Parallel()
	s := bundled(t)
	d := checklistDoc(t, s)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	checked := 0
	for _, lang := range []string{"nb", "nn"} {
		path := d.URLPath
		if d.Lang != lang {
			href, ok := d.Alternates[lang]
			if !ok {
				continue
			}
			u, err := url.Parse(href)
			if err != nil {
				t.Fatal(err)
			}
			path = u.Path
		}
		navigateEnhanced(p, path)
		qs := cqQuestions(t, p)
		mine, _ := pick(t, qs, 1)
		clickAnswer(p, mine[0], mine[0].below(t))
		p.WaitFor(`/\d/.test((document.querySelector(".cq-summary .cq-progress") || {}).textContent || "")`)
		text := browsertest.Eval[string](p, `document.querySelector(".cq-summary .cq-progress").textContent`)
		if regexp.MustCompile(`\d\.\d`).MatchString(text) || !regexp.MustCompile(`\d,\d`).MatchString(text) {
			t.Errorf("%s (%s): summary %q, want decimals with a comma", path, lang, text)
		}
		checked++
	}
	if checked < 2 {
		t.Skip("the checklist page has no nynorsk translation")
	}
}

// TestChecklistCheckScale builds a small site whose control questions use
// the check scale (a plain checkbox) and checks the summary in Chromium:
// before any box is ticked it shows neither a score nor bars (unticked
// boxes count as 0, which alone would only alarm); once one is ticked, the
// score counts the unticked ones as 0.
func TestChecklistCheckScale(t *testing.T) {
	t.Parallel()
	bundled(t) // the binary
	src := testsite.New(t, map[string]string{
		"config.toml":            "title = \"Sjekk\"\n[sections.sjekk]\ntype = \"checklist\"\n",
		"content/_index.md":      "---\ntitle: Forside\n---\n",
		"content/sjekk/liste.md": "---\ntitle: Liste\ndescription: Avkrysning.\nscale: check\n---\n## Rutiner\n\n- [ ] Rutinen er skrevet {#skrevet}\n- [ ] Rutinen er kjent {#kjent}\n",
	})
	public := filepath.Join(t.TempDir(), "public")
	if out, err := run(src, built.bin, "build", "-s", src, "-d", public); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	p := browsertest.NewPage(t, browsertest.Serve(t, public, "/"))
	p.Navigate("/sjekk/liste/")
	p.WaitFor(`document.querySelectorAll("fieldset.cq").length === 2 && !!document.querySelector(".cq-summary .cq-progress")`)
	bars := `document.querySelectorAll(".cq-summary .cq-bar").length`
	summaryIs(t, p, "Besvart 0 av 2 spørsmål. Ingen poeng ennå – svar på spørsmålene for å se hvor dere står.")
	if n := browsertest.Eval[int](p, bars); n != 0 {
		t.Errorf("%d bars before any box is ticked, want none", n)
	}
	p.Click(`#cq-skrevet input[type=checkbox]`)
	summaryIs(t, p, "Besvart 1 av 2 spørsmål. Samlet 50 av 100 poeng, modenhet 2,5 av 4.")
	if n := browsertest.Eval[int](p, bars); n == 0 {
		t.Errorf("no bars once a box is ticked")
	}
}
