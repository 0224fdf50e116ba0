package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Shutdown()
	os.Exit(code)
}

// spyTB records the failures of the Assert helpers instead of failing the
// test, so that the tests can show that a gate catches what it should.
type spyTB struct {
	testing.TB
	mu     sync.Mutex
	errs   []string
	failed bool     // what Failed reports, to drive the screenshot cleanup
	logs   []string // what Logf was given
}

func (s *spyTB) Logf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logs = append(s.logs, fmt.Sprintf(format, args...))
}

func (s *spyTB) Errorf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

func (s *spyTB) Failed() bool { return s.failed || s.TB.Failed() }

func (s *spyTB) errors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.errs, "\n")
}

func TestCleanPagePassesEveryGate(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	p.Navigate("/")
	p.WaitFor(`document.documentElement.dataset.js === "on"`) // same-origin script ran
	if got := Eval[string](p, "document.title"); got != "Forside" {
		t.Errorf("title %q, want Forside", got)
	}
	w := p.Weight(nil)
	t.Logf("weight: %s", w)
	if len(w.Counted) != 4 {
		t.Errorf("weight counted %d requests, want 4 (html, css, js, icon)", len(w.Counted))
	}
	for _, r := range w.Counted {
		if r.Encoding != "gzip" {
			t.Errorf("%s: Content-Encoding %q, want gzip", r.URL, r.Encoding)
		}
		if r.Bytes <= 0 {
			t.Errorf("%s: %d bytes transferred", r.URL, r.Bytes)
		}
	}
	p.AssertSameOrigin()
	p.AssertNoCookies()
	p.AssertNoCSPViolations()
	p.AssertNoConsoleErrors()
	p.AssertAxeClean()
}

func TestBadPageFailsEveryGate(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	spy := &spyTB{TB: t}
	p := NewPage(spy, s)
	p.Navigate("/bad/")

	var directives []string
	for _, v := range p.CSPViolations() {
		directives = append(directives, v.Directive+" "+v.BlockedURI)
	}
	got := strings.Join(directives, "\n")
	for _, want := range []string{"script-src-elem inline", "style-src-elem inline", "style-src-attr inline", "img-src http://tracker.invalid/pixel.png"} {
		if !strings.Contains(got, want) {
			t.Errorf("CSP violations lack %q; got:\n%s", want, got)
		}
	}
	// The same kinds of violation reach the report endpoint, later: wait
	// for them. Chromium versions differ in whether two violations of one
	// directive on one page (two inline scripts) make one report or two,
	// so each kind the page saw must be reported, not each occurrence.
	seen := map[string]bool{}
	for _, v := range p.CSPViolations() {
		seen[v.Directive+" "+v.BlockedURI] = true
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		reported := map[string]bool{}
		for _, v := range s.WaitCSPReports(len(seen), time.Until(deadline)) {
			reported[v.Directive+" "+v.BlockedURI] = true
		}
		var missing []string
		for k := range seen {
			if !reported[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("CSP violations the page saw never reached %s: %s", CSPReportPath, strings.Join(missing, ", "))
			break
		}
		time.Sleep(100 * time.Millisecond)
	}

	p.AssertSameOrigin()
	p.AssertNoCookies()
	p.AssertNoCSPViolations()
	r := p.AssertAxeClean()
	errs := spy.errors()
	for _, want := range []string{
		"request to another origin: GET http://tracker.invalid/pixel.png",
		"cookie set: tracker=1",
		`document.cookie is "tracker=1"`,
		"CSP violation:",
		"axe found",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("gates did not report %q; they reported:\n%s", want, errs)
		}
	}
	rules := map[string]bool{}
	for _, v := range r.Violations {
		rules[v.ID] = true
	}
	for _, id := range []string{"html-has-lang", "image-alt"} {
		if !rules[id] {
			t.Errorf("axe did not report %s; got:\n%s", id, r)
		}
	}
	if !strings.Contains(r.String(), "img") {
		t.Errorf("axe report names no selector:\n%s", r)
	}
}

func TestKeyboardSkipLink(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	p.Navigate("/")
	if n := p.RememberUnfocused(); n < 4 {
		t.Fatalf("remembered %d focusable elements, want at least 4", n)
	}
	p.Press("Tab")
	f := p.Focused()
	if !strings.Contains(f.ClassName, "skip-link") || !f.Visible || !f.InViewport {
		t.Fatalf("first Tab focused %s (visible %v, on screen %v), want the visible skip link", f, f.Visible, f.InViewport)
	}
	p.Press("Enter")
	p.WaitFor(`document.activeElement && document.activeElement.id === "main"`)
	p.Press("Tab")
	if f := p.Focused(); !f.InMain || f.Href != "/page2/" {
		t.Errorf("Tab after the skip link focused %s, want the first link in main", f)
	}
	p.Press("Shift+Tab")
	p.Press("Shift+Tab")
	if f := p.Focused(); f.InNav != "main-nav" || !f.Visible {
		t.Errorf("Shift+Tab twice focused %s in %q (visible %v), want the last main-nav link", f, f.InNav, f.Visible)
	}
}

func TestClickNavigateAndType(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	p.Navigate("/")
	p.ClickNavigate("main a")
	if got := p.Path(); got != "/page2/" {
		t.Errorf("after clicking the link in main: at %s, want /page2/", got)
	}
	p.Navigate("/search/")
	p.Type("#q", "personvern")
	if got := Eval[string](p, `document.querySelector("#q").value`); got != "personvern" {
		t.Errorf("typed value %q, want personvern", got)
	}
	p.PressNavigate("Enter") // submits the GET form
	if got := Eval[string](p, "location.search"); got != "?q=personvern" {
		t.Errorf("after Enter in the search field: query %q, want ?q=personvern", got)
	}
	p.Navigate("/search/")
	p.Type("#q", "risiko")
	p.Press("Enter")
	p.WaitFor(`location.search === "?q=risiko"`) // survives the navigation
}

func TestBasePath(t *testing.T) {
	s := Serve(t, "testdata/site", "/portal/")
	p := NewPage(t, s)
	p.Navigate("page2/")
	if got := p.Path(); got != "/portal/page2/" {
		t.Errorf("at %s, want /portal/page2/", got)
	}
	if status := p.NavigateStatus(s.URL + "/page2/"); status != 404 {
		t.Errorf("outside the base path: status %d, want 404", status)
	}
}

func TestWeightExcludesSearchShards(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	p.Navigate("/search/")
	p.WaitFor(`document.documentElement.dataset.shard === "loaded"`)
	w := p.Weight(ExcludePath("/search/shard-"))
	if len(w.Excluded) != 1 || !strings.HasSuffix(w.Excluded[0].URL, "/search/shard-0.json") {
		t.Errorf("excluded %v, want the shard", w.Excluded)
	}
	for _, r := range w.Counted {
		if strings.Contains(r.URL, "shard") {
			t.Errorf("counted %s", r.URL)
		}
	}
	t.Logf("weight: %s", w)
}

func TestPrintA4(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	for _, tc := range []struct {
		path     string
		min, max int
	}{
		{"/print/", 1, 1},
		{"/print/long/", 3, 20},
	} {
		p.Navigate(tc.path)
		pdf, n := p.PrintA4()
		t.Logf("%s: %d A4 pages, %d bytes of PDF", tc.path, n, len(pdf))
		if n < tc.min || n > tc.max {
			t.Errorf("%s: %d pages, want %d to %d", tc.path, n, tc.min, tc.max)
		}
	}
}

func TestScreenshotOnFailure(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvArtifacts, dir)
	s := Serve(t, "testdata/site", "/")
	spy := &spyTB{failed: true}
	t.Run("failing", func(st *testing.T) {
		spy.TB = st
		p := NewPage(spy, s)
		p.Navigate("/page2/")
	}) // the subtest's cleanups, the screenshot among them, have run
	var path string
	for _, l := range spy.logs {
		if _, after, ok := strings.Cut(l, "/page2/: "); ok && strings.HasPrefix(l, "screenshot of ") {
			path = after
		}
	}
	if path == "" {
		t.Fatalf("no screenshot logged; logs:\n%s", strings.Join(spy.logs, "\n"))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || filepath.Base(path) != "TestScreenshotOnFailure_failing.png" || filepath.Dir(path) != dir {
		t.Errorf("%s (%d bytes) is not a PNG named after the test in %s", path, len(b), dir)
	}
}

func TestHorizontalScroll(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	p := NewPage(t, s)
	p.SetViewport(PhoneWidth, 740, true)
	p.Navigate("/")
	p.AssertNoHorizontalScroll() // the clean page fits

	spy := &spyTB{TB: t}
	wide := NewPage(spy, s)
	wide.SetViewport(PhoneWidth, 740, true)
	wide.Navigate("/wide/")
	wide.AssertNoHorizontalScroll()
	errs := spy.errors()
	if !strings.Contains(errs, "scrolls sideways at 360px: p.long-url") {
		t.Errorf("the wide page was not reported with the element that sticks out:\n%s", errs)
	}
	if strings.Contains(errs, "pre") {
		t.Errorf("a box that scrolls by itself was reported:\n%s", errs)
	}
}
