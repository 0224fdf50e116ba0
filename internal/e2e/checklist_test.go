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
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/checklist"
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

// reveal opens the area that holds a question, with its toggle, as a
// reader does: the page starts with the areas closed but the one to go on
// with.
func reveal(p *browsertest.Page, q cqQuestion) {
	browsertest.Eval[bool](p, `(() => { const b = document.querySelector(`+jsString(q.sel())+`).closest(".cq-area-body");
	  if (b && b.hidden) document.querySelector('[aria-controls="' + b.id + '"]').click(); return true; })()`)
}

// clickAnswer answers a question with the mouse, on the answer's label.
func clickAnswer(p *browsertest.Page, q cqQuestion, i int) {
	reveal(p, q)
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
	reveal(p, from)
	reveal(p, q)
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
	// The group's link leads to the page (its heading names it once).
	href := browsertest.Eval[string](p, `document.querySelector(`+jsString(g.sel())+`).closest(".cq-group").querySelector(".cq-group-link a").getAttribute("href")`)
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
// scores written on the answers, the charts' text, and the action plan:
// «Legg til tiltak» is offered for an answer below the top of the scale
// only, opens the fields with focus in the first, and a plan that holds
// something shows open when the page is loaded again.
func TestChecklistSummaryAndPlan(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, g := pick(t, qs, 2)
	summaryIs(t, p, fmt.Sprintf("Besvart 0 av %d spørsmål.", len(qs)))

	planShown := func(q cqQuestion) bool {
		return browsertest.Eval[bool](p, `(() => { const e = document.querySelector(`+jsString(q.sel()+" .cq-plan")+`); return !!e && !e.hidden && e.offsetParent !== null; })()`)
	}
	toggleShown := func(q cqQuestion) bool {
		return browsertest.Eval[bool](p, `(() => { const e = document.querySelector(`+jsString(q.sel()+" .cq-plan-toggle")+`); return !!e && e.checkVisibility(); })()`)
	}
	clickAnswer(p, mine[0], mine[0].top())
	if planShown(mine[0]) || toggleShown(mine[0]) {
		t.Errorf("%s answered at the top of its scale offers an action plan", mine[0].ID)
	}
	low := mine[1].below(t)
	clickAnswer(p, mine[1], low)
	p.WaitVisible(mine[1].sel() + " .cq-plan-toggle")
	if planShown(mine[1]) {
		t.Errorf("%s answered below the top shows the plan's fields before «Legg til tiltak» is pressed", mine[1].ID)
	}
	toggle := mine[1].sel() + " .cq-plan-toggle"
	if got := browsertest.Eval[[]string](p, `(() => { const b = document.querySelector(`+jsString(toggle)+`); return [b.textContent, b.getAttribute("aria-expanded")]; })()`); got[0] != "Legg til tiltak" || got[1] != "false" {
		t.Errorf("the plan's button is %q (aria-expanded %s), want «Legg til tiltak», closed", got[0], got[1])
	}
	p.Click(toggle)
	p.WaitVisible(mine[1].sel() + " .cq-plan")
	if got := browsertest.Eval[string](p, `document.activeElement.dataset.field || document.activeElement.id`); got != "action" {
		t.Errorf("opening the plan focused %q, want its first field (Tiltak)", got)
	}
	for _, f := range []string{"action", "who", "due"} {
		label := browsertest.Eval[string](p, `(() => { const i = document.querySelector(`+jsString(mine[1].sel()+` [data-field="`+f+`"]`)+`); return i && i.labels.length ? i.labels[0].textContent : ""; })()`)
		if label == "" {
			t.Errorf("the action plan field %s of %s has no label", f, mine[1].ID)
		}
	}
	// Written in, the plan is kept open on the next visit, and its button
	// says there is one.
	p.Type(mine[1].sel()+` [data-field="action"]`, "Skriv rutinen")
	stored(p, mine[1], mine[1].Inputs[low].Value)
	p.WaitFor(`Object.keys(localStorage).some(k => k.endsWith(":cq:" + ` + jsString(mine[1].ID) + `) && JSON.parse(localStorage.getItem(k)).action === "Skriv rutinen")`)
	navigateEnhanced(p, p.Path())
	reveal(p, mine[1])
	if !planShown(mine[1]) {
		t.Errorf("%s's plan holds an action but shows closed after a reload", mine[1].ID)
	}
	if got := browsertest.Eval[[]string](p, `(() => { const b = document.querySelector(`+jsString(toggle)+`); return [b.textContent, b.getAttribute("aria-expanded")]; })()`); got[0] != "Tiltak" || got[1] != "true" {
		t.Errorf("the button of a written plan is %q (aria-expanded %s), want «Tiltak», open", got[0], got[1])
	}
	gl := g.below(t)
	clickAnswer(p, g, gl)
	summaryIs(t, p, fmt.Sprintf("Besvart 3 av %d spørsmål.", len(qs)))

	// The report: one headline, the own questions' average on their own
	// scale (maturity: a level 1–4) with the nearest level in words, as
	// checklist.Position and Nearest compute it.
	p.Click(toolbarButton(p, t, "Se rapport"))
	p.WaitVisible("#cq-report .cq-headline-value")
	scales, _ := checklist.Scales("nb", nil)
	scaleOf := browsertest.Eval[string](p, `document.querySelector(`+jsString(mine[0].sel())+`).dataset.scale`)
	own := scales[scaleOf]
	avg := float64(mine[0].Inputs[mine[0].top()].Score+mine[1].Inputs[low].Score) / 2
	head := browsertest.Eval[string](p, `document.querySelector("#cq-report .cq-headline-main").textContent`)
	if own.Levelled() {
		near, _ := checklist.Nearest(own, avg)
		want := fmt.Sprintf("Nivå %s av %d – nærmest «%s»", decimal(checklist.Position(own, avg), 1), len(own.Levels), near.Label)
		if head != want {
			t.Errorf("headline %q, want %q", head, want)
		}
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#cq-report .cq-headline-value").length`); n != 1 {
		t.Errorf("%d headline numbers, want one", n)
	}

	// One section a scale, each labelled with its scale; every chart with
	// a legend; a row of 2 answers of many is thin evidence: an outlined
	// bar and the words, not a full bar.
	type section struct {
		Title  string   `json:"title"`
		Scale  string   `json:"scale"`
		Charts []string `json:"charts"`
		Descs  []string `json:"descs"`
		Legend int      `json:"legend"`
		Thin   int      `json:"thin"`
	}
	secs := browsertest.Eval[[]section](p, `[...document.querySelectorAll("#cq-report .cq-result-section")].map(s => ({
	  title: s.querySelector("h4").textContent, scale: s.querySelector(".cq-result-scale").textContent,
	  charts: [...s.querySelectorAll("figcaption")].map(f => f.textContent),
	  descs: [...s.querySelectorAll("svg desc")].map(d => d.textContent),
	  legend: s.querySelectorAll(".cq-legend").length, thin: s.querySelectorAll(".cq-bar-thin").length }))`)
	if len(secs) != 2 {
		t.Fatalf("report sections %+v, want two (own maturity questions, gathered Ja/Nei questions)", secs)
	}
	if !strings.Contains(secs[0].Scale, "skala 1–4") || !strings.Contains(secs[1].Scale, "Ja / Delvis / Nei") {
		t.Errorf("sections not labelled with their scales: %q, %q", secs[0].Scale, secs[1].Scale)
	}
	for _, sec := range secs {
		if len(sec.Charts) == 0 || sec.Legend != len(sec.Charts) {
			t.Errorf("section %q: %d charts, %d legends", sec.Title, len(sec.Charts), sec.Legend)
		}
	}
	areaTotal := 0
	for _, q := range qs {
		if !q.Gathered && q.Area == mine[0].Area {
			areaTotal++
		}
	}
	if mine[0].Area == mine[1].Area && areaTotal > 4 && own.Levelled() {
		want := fmt.Sprintf("%s: %s, 2 av %d besvart, tynt grunnlag", mine[0].Area, decimal(checklist.Position(own, avg), 1), areaTotal)
		if !strings.Contains(secs[0].Descs[0], want) || secs[0].Thin == 0 {
			t.Errorf("own area row %q (%d thin bars), want %q and an outlined bar", secs[0].Descs[0], secs[0].Thin, want)
		}
	}
	if want := fmt.Sprintf("%s: %d %%", g.Source, g.Inputs[gl].Score); !strings.Contains(secs[1].Descs[0], want) {
		t.Errorf("gathered row %q, want %q (a per cent on the Ja/Nei scale)", secs[1].Descs[0], want)
	}
	browsertest.Figure(t, "summary: headline %q; sections %q and %q", head, secs[0].Title, secs[1].Title)
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
// The buttons are in the sticky bar (the report, printing it) and behind
// the "more" disclosure (exports, import, reset), which it opens.
func toolbarButton(p *browsertest.Page, t *testing.T, text string) string {
	t.Helper()
	i := browsertest.Eval[int](p, `(() => { const bs = [...document.querySelectorAll(".cq-sticky button, .cq-more button")];
	  const i = bs.findIndex(b => b.textContent.trim() === `+jsString(text)+`);
	  if (i >= 0) { const d = bs[i].closest("details"); if (d) d.open = true; bs[i].setAttribute("data-e2e", String(i)); }
	  return i; })()`)
	if i < 0 {
		t.Fatalf("no toolbar button %q", text)
	}
	return fmt.Sprintf(`[data-e2e="%d"]`, i)
}

// fillPlan opens the action plan of a question answered below the top of
// its scale («Legg til tiltak») and types an action, a responsible person
// and a due date.
func fillPlan(p *browsertest.Page, q cqQuestion, action, who, due string) {
	p.WaitVisible(q.sel() + " .cq-plan-toggle")
	if browsertest.Eval[bool](p, `document.querySelector(`+jsString(q.sel()+" .cq-plan")+`).hidden`) {
		p.Click(q.sel() + " .cq-plan-toggle")
	}
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

	report := toolbarButton(p, t, "Se rapport")
	p.Click(report)
	p.WaitVisible("#cq-report")
	if got := browsertest.Eval[string](p, "document.activeElement.id"); got != "cq-report-title" {
		t.Errorf("opening the report focused %q, want its heading", got)
	}
	// The questions give way to the report while it shows.
	if browsertest.Eval[bool](p, `document.querySelector(`+jsString(mine[0].sel())+`).checkVisibility()`) {
		t.Error("the questions show beside the report")
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

	// Back to the questions: the report closes and focus returns to the
	// button that opened it.
	p.Click("#cq-report .cq-back")
	p.WaitFor(`document.getElementById("cq-report").hidden && document.activeElement.textContent === "Se rapport"`)
}

// a4Width is the printable width of an A4 sheet in CSS pixels with the
// base style's 14 mm margins (@page in 00-base.css): 182 mm at 96 dpi.
const a4Width = 688

// TestChecklistReportPrint prints the report with every question answered
// and every plan written, as a municipality hands it to its council, from
// a desktop and from a phone. On paper (print media, laid out at A4's
// printable width): the headline, every chart with its legend, the action
// plan as a table with its header on every page (not the phone's cards),
// no control, toolbar or sticky bar, nothing wider than the sheet, plan
// rows and charts kept whole across page breaks. Then Chromium prints it
// to PDF (VARDE_PRINT_DIR keeps the PDFs, to look at).
func TestChecklistReportPrint(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	n := fillEverything(p)
	summaryIs(t, p, fmt.Sprintf("Besvart %d av %d spørsmål.", n, n))
	p.Click(`.cq-sticky .cq-primary`)
	p.WaitVisible("#cq-report .cq-table-plan")
	p.Type("#cq-report-org", "Eksempel kommune")
	type paper struct {
		Controls []string `json:"controls"` // visible things that do something on screen only
		Headline bool     `json:"headline"`
		Charts   int      `json:"charts"`
		Legends  int      `json:"legends"`
		Plan     []string `json:"plan"` // display of the table, its head, a row, a cell's card label
		Rows     int      `json:"rows"`
		Breaks   []string `json:"breaks"` // break-inside of a plan row, a chart
		For      string   `json:"for"`
	}
	const read = `(() => {
	  const shown = e => !!e && e.checkVisibility();
	  const plan = document.querySelector("#cq-report .cq-table-plan"), row = plan.querySelector("tbody tr");
	  return {
	    controls: [...document.querySelectorAll("button, input, textarea, select, summary, [role=toolbar], .cq-sticky, .cq-filters, .cq-toc")]
	      .filter(shown).map(e => e.tagName.toLowerCase() + "." + e.className + " " + (e.textContent || e.value || "").trim().slice(0, 30)),
	    headline: shown(document.querySelector("#cq-report .cq-headline-value")),
	    charts: [...document.querySelectorAll("#cq-report .cq-chart")].filter(shown).length,
	    legends: [...document.querySelectorAll("#cq-report .cq-chart")].filter(c => shown(c) && shown(c.querySelector(".cq-legend"))).length,
	    plan: [getComputedStyle(plan).display, getComputedStyle(plan.tHead).display, getComputedStyle(row).display, getComputedStyle(row.querySelector("td"), "::before").content],
	    rows: plan.tBodies[0].rows.length,
	    breaks: [getComputedStyle(row).breakInside, getComputedStyle(document.querySelector("#cq-report .cq-chart")).breakInside],
	    for: shown(document.querySelector(".cq-report-for")) ? document.querySelector(".cq-report-for").textContent : "",
	  }; })()`
	for _, v := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 800, false}, {"phone", browsertest.PhoneWidth, 740, true}} {
		p.SetViewport(v.width, v.height, v.mobile)
		p.WaitFor(`(() => { const b = document.querySelector("#cq-report .cq-charts"); return b.getAttribute("data-width") === String(b.clientWidth); })()`)
		// On paper, at the sheet's width, as the browser lays it out after
		// the page's beforeprint (the charts drawn for the sheet).
		browsertest.Eval[bool](p, `window.dispatchEvent(new Event("beforeprint")), true`)
		p.EmulateMedia("print", nil)
		p.SetViewport(a4Width, 1100, false)
		if w := browsertest.Eval[[]string](p, `[...document.querySelectorAll("#cq-report .cq-chart-svg")].map(s => s.getAttribute("width"))`); len(w) == 0 || strings.Join(w, " ") != strings.TrimSpace(strings.Repeat("680 ", len(w))) {
			t.Errorf("%s: the charts are drawn %q px wide for paper, want 680 (A4)", v.name, w)
		}
		got := browsertest.Eval[paper](p, read)
		if len(got.Controls) > 0 {
			t.Errorf("%s: the printed report shows controls: %q", v.name, got.Controls)
		}
		if !got.Headline || got.Charts < 2 || got.Legends != got.Charts {
			t.Errorf("%s: printed headline %v, %d charts, %d with a legend; want the headline and every chart with its legend", v.name, got.Headline, got.Charts, got.Legends)
		}
		if strings.Join(got.Plan[:3], " ") != "table table-header-group table-row" || (got.Plan[3] != "none" && got.Plan[3] != "normal") {
			t.Errorf("%s: printed plan laid out as %q, want a table with its header repeated and no card labels", v.name, got.Plan)
		}
		if got.Rows != n {
			t.Errorf("%s: the printed plan has %d rows, want %d", v.name, got.Rows, n)
		}
		if got.Breaks[0] != "avoid" || got.Breaks[1] != "avoid" {
			t.Errorf("%s: a page may break inside a plan row (%s) or a chart (%s)", v.name, got.Breaks[0], got.Breaks[1])
		}
		if !strings.HasPrefix(got.For, "Eksempel kommune · ") {
			t.Errorf("%s: the printed report names %q, want the municipality and the date", v.name, got.For)
		}
		p.AssertNoHorizontalScroll()
		p.EmulateMedia("", nil)
		browsertest.Eval[bool](p, `window.dispatchEvent(new Event("afterprint")), true`)
		p.SetViewport(v.width, v.height, v.mobile)
		pdf, pages := p.PrintA4()
		browsertest.Figure(t, "print: the report with %d answers and plans on %d A4 pages (from %s)", n, pages, v.name)
		if dir := os.Getenv("VARDE_PRINT_DIR"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "checklist-report-"+v.name+".pdf"), pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
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
	p.WaitVisible(".cq-summary .cq-toc")
	var r browsertest.AxeResult
	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		r = p.AssertAxeClean()
		browsertest.Figure(t, "axe: %d violations on the answered checklist page (%s; %d rules passed)", len(r.Violations), scheme, r.Passes)
	}

	p.Click(toolbarButton(p, t, "Se rapport"))
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
		p.Click(`.cq-sticky .cq-primary`)
		p.WaitVisible("#cq-report .cq-headline-value")
		text := browsertest.Eval[string](p, `document.querySelector("#cq-report .cq-headline-value").textContent`)
		if regexp.MustCompile(`\d\.\d`).MatchString(text) || !regexp.MustCompile(`\d,\d`).MatchString(text) {
			t.Errorf("%s (%s): headline %q, want decimals with a comma", path, lang, text)
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
	bars := `document.querySelectorAll("#cq-report .cq-bar").length`
	headline := `document.querySelector("#cq-report .cq-headline").textContent`
	summaryIs(t, p, "Besvart 0 av 2 spørsmål.")
	p.Click(`.cq-sticky .cq-primary`)
	p.WaitVisible("#cq-report .cq-headline")
	if n, h := browsertest.Eval[int](p, bars), browsertest.Eval[string](p, headline); n != 0 || !strings.HasPrefix(h, "Ingen resultat ennå") {
		t.Errorf("before any box is ticked: %d bars, headline %q; want none and no result", n, h)
	}
	p.Click("#cq-report .cq-back")
	p.Click(`#cq-skrevet input[type=checkbox]`)
	summaryIs(t, p, "Besvart 1 av 2 spørsmål.")
	p.Click(`.cq-sticky .cq-primary`)
	p.WaitFor(`document.querySelector("#cq-report .cq-headline-main") !== null`)
	if h := browsertest.Eval[string](p, `document.querySelector("#cq-report .cq-headline-main").textContent`); h != "50 % oppfylt" {
		t.Errorf("one of two boxes ticked: headline %q, want %q (unticked counts as not done)", h, "50 % oppfylt")
	}
	if n := browsertest.Eval[int](p, bars); n == 0 {
		t.Errorf("no bars once a box is ticked")
	}
}

// fillEverything answers every question below the top of its scale and
// writes an action plan for each, from script (what a reader would do by
// hand over an afternoon), and waits until the page has stored them.
func fillEverything(p *browsertest.Page) int {
	return browsertest.Eval[int](p, `(() => {
	  let n = 0;
	  for (const fs of document.querySelectorAll("fieldset.cq[data-q]")) {
	    const ins = [...fs.querySelectorAll(".cq-answers input")];
	    const scored = ins.filter(i => +i.dataset.score >= 0);
	    const top = Math.max(...scored.map(i => +i.dataset.score));
	    const low = scored.find(i => +i.dataset.score < top) || ins[0];
	    low.checked = true;
	    low.dispatchEvent(new Event("change", {bubbles: true}));
	    const open = fs.querySelector(".cq-plan-toggle[aria-expanded=false]");
	    if (open) open.click();
	    for (const [f, v] of [["action", "Et langt tiltak med ord som personvernkonsekvensvurderingene og informasjonssikkerhetsarbeidet"], ["who", "Kommunalsjef for helse og omsorg"], ["due", "2027-03-01"]]) {
	      const el = fs.querySelector('[data-field="' + f + '"]');
	      if (el) { el.value = v; el.dispatchEvent(new Event("change", {bubbles: true})); }
	    }
	    n++;
	  }
	  return n;
	})()`)
}

// TestChecklistPhoneNoSideScroll fills in every answer and every action
// plan row on a 360×740 phone and finds that neither the questions nor
// the report scroll sideways; the action plan shows as cards, each field
// under its column's name.
func TestChecklistPhoneNoSideScroll(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	p.SetViewport(browsertest.PhoneWidth, 740, true)
	n := fillEverything(p)
	summaryIs(t, p, fmt.Sprintf("Besvart %d av %d spørsmål.", n, n))
	// Every area open, so every filled-in plan is laid out.
	browsertest.Eval[bool](p, `[...document.querySelectorAll(".cq-area-toggle[aria-expanded=false]")].forEach(b => b.click()), true`)
	p.AssertNoHorizontalScroll()
	p.Click(`.cq-sticky .cq-primary`)
	p.WaitVisible("#cq-report .cq-table-plan")
	browsertest.Eval[bool](p, `(() => { const i = document.getElementById("cq-report-org"); i.value = "Nordre Langtnavnkommune i Vestland fylkeskommune"; i.dispatchEvent(new Event("change")); return true; })()`)
	p.AssertNoHorizontalScroll()
	if w := browsertest.Eval[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("the report is %d px wide at %d", w[0], w[1])
	}
	card := browsertest.Eval[[]string](p, `(() => { const r = document.querySelector("#cq-report .cq-table-plan tbody tr"); const td = r.querySelector("td");
	  return [getComputedStyle(r).display, getComputedStyle(td, "::before").content]; })()`)
	if card[0] != "block" || !strings.Contains(card[1], "Svar") {
		t.Errorf("plan row on a phone: display %q, label %q; want a card with each cell named", card[0], card[1])
	}
	browsertest.Figure(t, "phone: %d answers and plans filled in, no sideways scroll in questions or report", n)
}

// TestChecklistKeyboardTwenty: a director answers 20 questions by keyboard
// alone and reaches the report, and the key presses are counted. The way
// is: Enter on «Neste ubesvarte» (focus in the first open question), then
// for each question an arrow to choose, Tab to the question's toolbar and
// Tab to the next question; at the end of an area Tab reaches «Neste
// område», whose Enter puts focus in the next area's first open question.
// The report is one access key away from anywhere (Alt+R in Chromium).
// Nothing that takes focus on the way is hidden under the sticky bar.
func TestChecklistKeyboardTwenty(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	presses := 0
	press := func(k string) { p.Press(k); presses++ }
	type focus struct {
		Radio    bool    `json:"radio"`    // an answer of a question not answered yet
		NextArea bool    `json:"nextArea"` // «Neste område» at the end of an area
		Tool     bool    `json:"tool"`     // a button of a question's toolbar
		Top      float64 `json:"top"`
		Bar      float64 `json:"bar"` // the bottom of the sticky bar
		What     string  `json:"what"`
	}
	const where = `(() => { const a = document.activeElement, r = a.getBoundingClientRect();
	  const fs = a.closest("fieldset.cq");
	  return { radio: a.type === "radio" && !!a.closest(".cq-answers") && !fs.classList.contains("cq-answered"),
	    nextArea: a.classList.contains("cq-link") && a.textContent.startsWith("Neste område"),
	    tool: !!a.closest(".cq-qtools"),
	    top: r.top, bar: document.querySelector(".cq-sticky").getBoundingClientRect().bottom,
	    what: (a.id || a.className) + " " + a.textContent.slice(0, 40) }; })()`
	obscured := 0
	at := func() focus {
		f := browsertest.Eval[focus](p, where)
		if f.Top < f.Bar-1 && obscured < 3 {
			obscured++
			t.Errorf("focus on %q at y=%.0f is under the sticky bar (its bottom at %.0f)", f.What, f.Top, f.Bar)
		}
		return f
	}
	// Start where a reader starts: «Neste ubesvarte» in the sticky bar.
	browsertest.Eval[bool](p, `document.querySelector(".cq-sticky .cq-secondary").focus(), true`)
	press("Enter")
	answered, tabs, toolStops, areaEnds := 0, 0, 0, 0
	for answered < 20 && presses < 400 {
		f := at()
		switch {
		case f.Radio:
			press("ArrowRight") // moves to the second answer and chooses it
			answered++
			tabs = 0
		case f.NextArea:
			if tabs > 2 {
				t.Errorf("«Neste område» is %d Tab presses after the area's last answer, want 2 (the question's toolbar, then it)", tabs)
			}
			areaEnds++
			press("Enter")
		default:
			if f.Tool {
				toolStops++
			}
			if tabs > 0 && answered > 0 && !f.Tool {
				t.Errorf("Tab %d after answer %d reached %q, neither the next question, its toolbar nor «Neste område»", tabs+1, answered, f.What)
			}
			press("Tab")
			tabs++
		}
	}
	if answered < 20 {
		t.Fatalf("answered %d questions in %d key presses", answered, presses)
	}
	perQuestion := float64(presses) / 20
	// The report from where the 20th answer was given: the access key.
	if got := browsertest.Eval[string](p, `document.querySelector(".cq-sticky [accesskey]").textContent + " " + document.querySelector(".cq-keys").textContent`); !strings.Contains(got, "Se rapport") || !strings.Contains(got, "Alt+R åpner rapporten") {
		t.Errorf("the access key is not on «Se rapport» or not named in the keyboard help: %q", got)
	}
	pressAccessKey(t, p, "r")
	presses++
	p.WaitFor(`!document.getElementById("cq-report").hidden && document.activeElement.id === "cq-report-title"`)
	if got := browsertest.Eval[string](p, `document.querySelector("#cq-report .cq-progress").textContent`); !strings.HasPrefix(got, "Besvart 20 av") {
		t.Errorf("report progress %q", got)
	}
	// By Tab alone, the nearest «Se rapport» is at the end of the area.
	p.Click("#cq-report .cq-back")
	p.WaitFor(`document.getElementById("cq-report").hidden`)
	browsertest.Eval[bool](p, `[...document.querySelectorAll("fieldset.cq.cq-answered")].pop().querySelector("input:checked").focus(), true`)
	toReport := 0
	for toReport < 40 && browsertest.Eval[string](p, `document.activeElement.textContent`) != "Se rapport" {
		p.Press("Tab")
		toReport++
	}
	browsertest.Figure(t, "keyboard: 20 questions answered in %d key presses (%.2f a question: %d toolbar stops, %d area ends), the report 1 press further (Alt+R) or %d Tab presses", presses-1, perQuestion, toolStops, areaEnds, toReport)
	if toReport > 15 {
		t.Errorf("the nearest «Se rapport» is %d Tab presses from the 20th answer", toReport)
	}
	// The bound is the figure measured: an arrow and two Tabs a question
	// (the toolbar is one stop), and an Enter at each area's end.
	if perQuestion > 3.1 {
		t.Errorf("%.2f key presses a question, want at most 3.1", perQuestion)
	}
}

// TestChecklistQuestionTools: what a question offers after its answers
// (its guidance, «Legg til tiltak», «Fjern svaret») is one Tab stop, an
// ARIA toolbar: the arrow keys, Home and End move between its buttons, Tab
// leaves for the next question and Shift+Tab comes back to the button last
// used; the guidance opens and closes by its button, «Legg til tiltak»
// puts focus in the plan's first field, «Fjern svaret» clears the answer
// and returns focus to the answers.
func TestChecklistQuestionTools(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, _ := pick(t, qs, 2)
	a, b := mine[0], mine[1]
	if qs[0].ID != a.ID || qs[1].ID != b.ID || a.Area != b.Area {
		t.Skipf("the page's first questions %s and %s are not two own questions in one area", qs[0].ID, qs[1].ID)
	}
	reveal(p, a)
	active := func() string {
		return browsertest.Eval[string](p, `(() => { const e = document.activeElement; return e.classList.contains("cq-qtool") ? e.className.split(" ").pop() + "@" + e.closest("fieldset").dataset.q : e.id; })()`)
	}
	want := func(step, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: focus on %q, want %q", step, got, want)
		}
	}
	stops := `[...document.querySelectorAll(` + jsString(a.sel()+" .cq-qtools button") + `)].filter(b => b.tabIndex === 0 && b.checkVisibility()).length`
	if n := browsertest.Eval[int](p, `document.querySelectorAll(`+jsString(a.sel()+" [role=toolbar]")+`).length`); n != 1 {
		t.Fatalf("question %s has %d toolbars", a.ID, n)
	}
	browsertest.Eval[bool](p, "document.getElementById("+jsString(a.Inputs[0].ID)+").focus(), true")
	p.Press("ArrowRight")
	if got := checked(p, a); got != a.Inputs[1].Value {
		t.Fatalf("ArrowRight in %s's answers checked %q, want %q", a.ID, got, a.Inputs[1].Value)
	}
	below := a.Inputs[1].Score < a.Inputs[a.top()].Score
	if !below {
		t.Skipf("the second answer of %s is the top of its scale", a.ID)
	}
	// The plan, just offered, is what Tab reaches.
	p.Press("Tab")
	want("Tab after answering", active(), "cq-plan-toggle@"+a.ID)
	if n := browsertest.Eval[int](p, stops); n != 1 {
		t.Errorf("%s's toolbar has %d Tab stops, want 1", a.ID, n)
	}
	for _, step := range []struct{ key, want string }{
		{"ArrowRight", "cq-guide-toggle"}, {"ArrowRight", "cq-clear"}, {"ArrowRight", "cq-plan-toggle"},
		{"ArrowLeft", "cq-clear"}, {"Home", "cq-plan-toggle"}, {"End", "cq-clear"}, {"ArrowUp", "cq-guide-toggle"},
	} {
		p.Press(step.key)
		want(step.key+" in the toolbar", active(), step.want+"@"+a.ID)
	}
	p.Press("Tab")
	want("Tab out of the toolbar", active(), b.Inputs[0].ID)
	p.Press("Shift+Tab")
	want("Shift+Tab back", active(), "cq-guide-toggle@"+a.ID)

	// The guidance, by its button; the native summary is gone.
	guidance := `(() => { const d = document.querySelector(` + jsString(a.sel()+" details.cq-guidance") + `);
	  const b = document.querySelector(` + jsString(a.sel()+" .cq-guide-toggle") + `);
	  return [String(d.open), b.getAttribute("aria-expanded"), String(d.querySelector("summary").checkVisibility()), String(!!d.querySelector(":scope > :not(summary)") && d.querySelector(":scope > :not(summary)").checkVisibility())]; })()`
	if got := browsertest.Eval[[]string](p, guidance); strings.Join(got, " ") != "false false false false" {
		t.Errorf("guidance before opening: open, expanded, summary shown, text shown = %q", got)
	}
	p.Press("Enter")
	if got := browsertest.Eval[[]string](p, guidance); strings.Join(got, " ") != "true true false true" {
		t.Errorf("guidance after Enter: open, expanded, summary shown, text shown = %q", got)
	}
	p.Press("Space")
	if got := browsertest.Eval[[]string](p, guidance); got[0] != "false" || got[1] != "false" {
		t.Errorf("guidance after Space: open %s, expanded %s; want closed", got[0], got[1])
	}

	// «Legg til tiltak»: focus into its first field; closed again, focus
	// stays on the button.
	p.Press("Home")
	p.Press("Enter")
	want("Enter on «Legg til tiltak»", active(), "cqa_"+a.ID)
	p.Press("Shift+Tab")
	want("Shift+Tab from the plan", active(), "cq-plan-toggle@"+a.ID)
	p.Press("Enter")
	if browsertest.Eval[bool](p, `!document.getElementById(`+jsString("cqp_"+a.ID)+`).hidden`) {
		t.Error("the plan shows after its button closed it")
	}
	want("closing the plan", active(), "cq-plan-toggle@"+a.ID)

	// «Fjern svaret»: the answer goes, focus returns to the answers, and
	// the toolbar keeps only the guidance.
	p.Press("End")
	p.Press("Enter")
	if got := checked(p, a); got != "" {
		t.Errorf("after «Fjern svaret» %s has %q checked", a.ID, got)
	}
	want("after «Fjern svaret»", active(), a.Inputs[0].ID)
	shown := browsertest.Eval[[]string](p, `[...document.querySelectorAll(`+jsString(a.sel()+" .cq-qtools button")+`)].filter(b => b.checkVisibility()).map(b => b.className.split(" ").pop())`)
	if strings.Join(shown, " ") != "cq-guide-toggle" {
		t.Errorf("an unanswered question's toolbar shows %q, want the guidance only", shown)
	}
	if n := browsertest.Eval[int](p, stops); n != 1 {
		t.Errorf("%s's toolbar has %d Tab stops after clearing, want 1", a.ID, n)
	}
}

// pressAccessKey presses an access key as Chromium on Linux and Windows
// takes it: Alt and a letter, in one keyDown event that carries the
// letter's text, which the browser matches access keys on (chromedp's
// KeyEvent leaves the text out of a key pressed with Alt).
func pressAccessKey(t *testing.T, p *browsertest.Page, letter string) {
	t.Helper()
	up := strings.ToUpper(letter)
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Modifiers: 1, // Alt
		Key: letter, Code: "Key" + up, Text: letter, UnmodifiedText: letter, WindowsVirtualKeyCode: int64(up[0])}
	release := down
	release.Type, release.Text, release.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	p.Do("press the access key Alt+"+letter, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, e := range []input.DispatchKeyEventParams{down, release} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, e); err != nil {
				return err
			}
		}
		return nil
	}))
}

// TestChecklistOverview: the contents list every area with answered/total,
// areas start closed but the one to go on with, "Start her" shows only the
// core questions, "Bare spørsmål uten svar" hides the answered ones, and
// "Neste ubesvarte" takes the reader to where they left off.
func TestChecklistOverview(t *testing.T) {
	t.Parallel()
	_, _, p := openChecklist(t)
	qs := cqQuestions(t, p)
	mine, _ := pick(t, qs, 2)
	toc := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".cq-toc li")].map(li => li.textContent)`)
	areas := browsertest.Eval[int](p, `document.querySelectorAll(".cq-area-toggle").length`)
	if len(toc) == 0 || len(toc) != areas {
		t.Fatalf("contents %q for %d areas", toc, areas)
	}
	if open := browsertest.Eval[int](p, `document.querySelectorAll(".cq-area-toggle[aria-expanded=true]").length`); open != 1 {
		t.Errorf("%d areas open at the start, want the one to go on with", open)
	}
	if scales := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".cq-toc-scale")].map(e => e.textContent)`); len(scales) != 2 {
		t.Errorf("contents sections labelled %q, want one a scale", scales)
	}
	clickAnswer(p, mine[0], mine[0].top())
	// The counts are redrawn in the next animation frame after the change
	// (checklist-page.js's update), which a loaded machine may not have
	// drawn by the time the click returns.
	var first string
	for end := time.Now().Add(2 * time.Second); ; {
		first = browsertest.Eval[string](p, `document.querySelector(".cq-toc li").textContent`)
		if strings.Contains(first, "1 av ") || time.Now().After(end) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(first, "1 av ") {
		t.Errorf("contents row %q after one answer", first)
	}

	// Start her: only the core questions, their areas open.
	core := browsertest.Eval[[]string](p, `(document.querySelector(".cq-tools").dataset.core || "").split(" ").filter(Boolean)`)
	if len(core) == 0 {
		t.Skip("the checklist page has no core list")
	}
	p.Click("#cq-filter-core")
	visible := `[...document.querySelectorAll("fieldset.cq[data-q]")].filter(f => f.checkVisibility()).map(f => f.dataset.q)`
	if got := browsertest.Eval[[]string](p, visible); strings.Join(got, " ") != strings.Join(core, " ") {
		t.Errorf("Start her shows %q, want the core list %q", got, core)
	}
	p.Click("#cq-filter-core")
	p.Click("#cq-filter-open")
	for _, id := range browsertest.Eval[[]string](p, visible) {
		if id == mine[0].ID {
			t.Errorf("the answered question %s shows with 'only unanswered' on", id)
		}
	}
	if n := len(browsertest.Eval[[]string](p, visible)); n != len(qs)-1 {
		t.Errorf("%d questions show unanswered, want %d", n, len(qs)-1)
	}
	p.Click("#cq-filter-open")

	// Resume: after a reload, "Neste ubesvarte" focuses the question after
	// the last one answered.
	stored(p, mine[0], mine[0].Inputs[mine[0].top()].Value)
	navigateEnhanced(p, p.Path())
	p.Click(`.cq-sticky .cq-secondary`)
	p.WaitFor(`document.activeElement && document.activeElement.closest("fieldset") !== null`)
	want := ""
	for i, q := range qs {
		if q.ID == mine[0].ID && i+1 < len(qs) {
			want = qs[i+1].ID
		}
	}
	if got := browsertest.Eval[string](p, `document.activeElement.closest("fieldset").dataset.q`); got != want {
		t.Errorf("resume focused %q, want %q (the one after the last answered)", got, want)
	}
}

// TestChecklistScreenshots takes the checklist page at 1280×800 and
// 360×740: the top, mid-way with answers, and the report (light; the top
// dark as well), checks that none scrolls sideways, and with
// VARDE_SCREENSHOTS set to a folder (docs/screenshots) writes them there.
func TestChecklistScreenshots(t *testing.T) {
	t.Parallel()
	_, d, p := openChecklist(t)
	dir := os.Getenv("VARDE_SCREENSHOTS")
	shot := func(name string) {
		p.AssertNoHorizontalScroll()
		shoot(t, p, dir, name)
	}
	for _, v := range []struct {
		name          string
		width, height int64
	}{{"1280", 1280, 800}, {"360", browsertest.PhoneWidth, 740}} {
		browsertest.Eval[bool](p, `localStorage.clear(), true`)
		p.SetViewport(v.width, v.height, v.width < 600)
		for _, scheme := range []string{"light", "dark"} {
			p.EmulateMedia("screen", map[string]string{"prefers-color-scheme": scheme})
			navigateEnhanced(p, d.URLPath)
			shot("checklist-top-" + v.name + "-" + scheme)
		}
		p.EmulateMedia("screen", map[string]string{"prefers-color-scheme": "light"})
		// Mid-way: the first 20 questions answered across the scale, the
		// page reloaded, and "Neste ubesvarte" pressed.
		browsertest.Eval[bool](p, `[...document.querySelectorAll("fieldset.cq[data-q]")].slice(0, 20).forEach((fs, i) => {
		  const ins = fs.querySelectorAll(".cq-answers input"); const x = ins[(i * 3) % Math.min(ins.length, 4)];
		  x.checked = true; x.dispatchEvent(new Event("change", {bubbles: true})); }), true`)
		p.WaitFor(`document.querySelector(".cq-sticky-count").textContent.startsWith("20 ")`)
		navigateEnhanced(p, d.URLPath)
		p.Click(`.cq-sticky .cq-secondary`)
		p.WaitFor(`document.activeElement && document.activeElement.closest("fieldset") !== null`)
		shot("checklist-midway-" + v.name)
		p.Click(`.cq-sticky .cq-primary`)
		p.WaitVisible("#cq-report .cq-headline-value")
		p.Type("#cq-report-org", "Eksempel kommune")
		shot("checklist-report-" + v.name)
		browsertest.Eval[bool](p, `window.scrollTo(0, document.querySelector("#cq-report .cq-result-section").getBoundingClientRect().top + scrollY - 10), true`)
		shot("checklist-report-charts-" + v.name)
	}
}
