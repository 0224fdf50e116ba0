package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

//go:embed js/csp.js
var cspJS string

// DefaultTimeout bounds each browser action of a Page. It is generous
// because the CI machine has two cores and runs other packages' tests at the
// same time; a healthy action takes milliseconds.
const DefaultTimeout = 30 * time.Second

// Page is one browser tab, in its own browser context, that a test drives.
// Its methods fail the test on error, so a journey reads as a list of steps.
// A Page is not safe for use by several goroutines; open one per goroutine.
type Page struct {
	t       testing.TB
	srv     *Server
	ctx     context.Context
	rec     *recorder
	Timeout time.Duration // per action; DefaultTimeout unless changed
}

// NewPage opens a tab on srv's site in the shared browser. It skips the
// test when no Chromium is installed, unless CI is set. When the test
// fails, a screenshot of the whole page is saved (see ArtifactDir) and its
// path logged.
func NewPage(t testing.TB, srv *Server) *Page {
	t.Helper()
	bctx, err := startBrowser()
	if err != nil {
		if _, ferr := FindChrome(); ferr != nil {
			Missing(t, ferr)
		}
		t.Fatalf("browser: %v", err)
	}
	rec := newRecorder()
	ctx, cancel := chromedp.NewContext(bctx,
		chromedp.WithNewBrowserContext(), // fresh cookies, cache, storage
		chromedp.WithListener(rec.listen),
	)
	t.Cleanup(cancel) // closes the tab and disposes of its browser context
	p := &Page{t: t, srv: srv, ctx: ctx, rec: rec, Timeout: DefaultTimeout}
	// The first Do creates the tab. It gets the tab's own context, with no
	// deadline, because the tab lives as long as that first call's context.
	if err := chromedp.Do(ctx, chromedp.Func(p.setup)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	t.Cleanup(p.onFailure) // runs before cancel: cleanups run last first
	return p
}

// setup installs the CSP listener in every document the tab will load.
func (p *Page) setup(ctx context.Context, t *chromedp.Target) error {
	if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{
		Name: bindingName, ExecutionContextName: cspWorld,
	}); err != nil {
		return fmt.Errorf("add binding: %w", err)
	}
	if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: cspJS, WorldName: cspWorld,
	}); err != nil {
		return fmt.Errorf("install CSP listener: %w", err)
	}
	return nil
}

// Context returns the tab's chromedp context, for actions this type has no
// method for. Bound it with a timeout of your own.
func (p *Page) Context() context.Context { return p.ctx }

// Do runs chromedp actions in the tab with the page's timeout and fails
// the test on error.
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s on %s: %v", what, p.location(), err)
	}
}

// Navigate loads a site path (see Server.Page) or an absolute URL, waits
// for its load event, and fails the test unless the answer is 200.
func (p *Page) Navigate(path string) {
	p.t.Helper()
	if status := p.NavigateStatus(path); status != 200 {
		p.t.Fatalf("navigate %s: HTTP status %d, want 200", path, status)
	}
}

// NavigateStatus loads a site path or URL, waits for its load event and
// returns the HTTP status of the document.
func (p *Page) NavigateStatus(path string) int {
	p.t.Helper()
	u := p.srv.Page(path)
	p.rec.markNavigation()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		p.t.Fatalf("navigate %s: %v", u, err)
	}
	if resp == nil {
		p.t.Fatalf("navigate %s: no response", u)
	}
	return int(resp.Status)
}

// Click clicks the first element matching the CSS selector, with the
// mouse, once it is visible. It does not wait for a page load; use
// ClickNavigate for a link to another page.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.Do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// ClickNavigate clicks the first element matching sel and waits until the
// document it leads to has loaded. It fails the test unless that document
// answers 200.
func (p *Page) ClickNavigate(sel string) {
	p.t.Helper()
	from := p.location()
	p.rec.markNavigation()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("click %s on %s and wait for the next page: %v", sel, from, err)
	}
	if resp != nil && resp.Status != 200 {
		p.t.Fatalf("click %s on %s: %s answered HTTP %d", sel, from, resp.URL, resp.Status)
	}
}

// Type focuses the first element matching sel and types text into it, key
// by key.
func (p *Page) Type(sel, text string) {
	p.t.Helper()
	p.Do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// WaitVisible waits until an element matching sel is visible.
func (p *Page) WaitVisible(sel string) {
	p.t.Helper()
	p.Do("wait for "+sel+" to be visible", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitFor waits until the JavaScript expression is truthy, checking on
// every animation frame. A navigation while it waits does not end the wait:
// the expression is checked again in the new document.
func (p *Page) WaitFor(expr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0)))
		if err == nil {
			return
		}
		if ctx.Err() != nil || !navigatedAway(err) {
			p.t.Fatalf("wait for %s on %s: %v", expr, p.location(), err)
		}
	}
}

// navigatedAway reports whether err says that the document an action ran
// in went away, which a wait across a navigation must survive.
func navigatedAway(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") ||
		strings.Contains(msg, "Execution context was destroyed") ||
		strings.Contains(msg, "Cannot find context")
}

// Eval evaluates a JavaScript expression in the page, awaits it when it
// is a promise, and decodes its value into T.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		short := expr
		if len(short) > 120 {
			short = short[:120] + "…"
		}
		p.t.Fatalf("eval %s on %s: %v", short, p.location(), err)
	}
	return v
}

// Location returns the URL of the current document.
func (p *Page) Location() string {
	p.t.Helper()
	return Eval[string](p, "location.href")
}

// Path returns the path of the current document relative to the server,
// such as "/nn/veiledere/", with the fragment when there is one.
func (p *Page) Path() string {
	p.t.Helper()
	u, err := url.Parse(p.Location())
	if err != nil {
		p.t.Fatalf("location: %v", err)
	}
	if u.Fragment != "" {
		return u.Path + "#" + u.Fragment
	}
	return u.Path
}

// location is Location for error messages: it never fails the test.
func (p *Page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	return v
}
