package browsertest

import (
	"context"
	"net/url"
	"strings"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// Requests returns every network request the tab made so far, in order.
func (p *Page) Requests() []Request { return p.rec.snapshot() }

// AssertSameOrigin fails the test for every request the tab made to
// another origin than the test server's, and returns the number of
// requests and of those to another origin. data: and blob: URLs leave the
// browser for nowhere and are not counted; the CSP gate judges them.
func (p *Page) AssertSameOrigin() (requests, foreign int) {
	p.t.Helper()
	n, foreign := 0, 0
	for _, r := range p.Requests() {
		if strings.HasPrefix(r.URL, "data:") || strings.HasPrefix(r.URL, "blob:") {
			continue
		}
		n++
		if !sameOrigin(r.URL, p.srv.URL) {
			foreign++
			p.t.Errorf("request to another origin: %s %s (%s)", r.Method, r.URL, r.Type)
		}
	}
	return n, foreign
}

func sameOrigin(a, origin string) bool {
	u, err := url.Parse(a)
	if err != nil {
		return false
	}
	o, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return u.Scheme == o.Scheme && u.Host == o.Host
}

// Cookies returns the cookies of the page's browser context.
func (p *Page) Cookies() []*network.Cookie {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	// Asked of the browser for the tab's own browser context: the
	// storage domain of a tab answers for the default context only.
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{
		BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID,
	})
	if err != nil {
		p.t.Fatalf("read cookies: %v", err)
	}
	return res.Cookies
}

// AssertNoCookies fails the test when the browser context holds any cookie
// or document.cookie is not empty.
func (p *Page) AssertNoCookies() {
	p.t.Helper()
	for _, c := range p.Cookies() {
		p.t.Errorf("cookie set: %s=%s (domain %s, path %s)", c.Name, c.Value, c.Domain, c.Path)
	}
	if dc := Eval[string](p, "document.cookie"); dc != "" {
		p.t.Errorf("document.cookie is %q, want empty", dc)
	}
}

// CSPViolations returns the violations of the Content-Security-Policy seen
// so far: those the page's documents raised, then those posted to the
// server's report endpoint (by any page of that server).
func (p *Page) CSPViolations() []CSPViolation {
	p.rec.mu.Lock()
	vs := append([]CSPViolation(nil), p.rec.csp...)
	p.rec.mu.Unlock()
	return append(vs, p.srv.CSPReports()...)
}

// AssertNoCSPViolations fails the test for every CSP violation seen so
// far and returns their number.
func (p *Page) AssertNoCSPViolations() int {
	p.t.Helper()
	vs := p.CSPViolations()
	for _, v := range vs {
		p.t.Errorf("CSP violation: %s", v)
	}
	return len(vs)
}

// ConsoleErrors returns the uncaught exceptions, console.error calls and
// browser log errors (such as a failed resource load) seen so far.
func (p *Page) ConsoleErrors() []string {
	p.rec.mu.Lock()
	defer p.rec.mu.Unlock()
	return append([]string(nil), p.rec.console...)
}

// AssertNoConsoleErrors fails the test for every console error that
// contains none of the allowed substrings.
func (p *Page) AssertNoConsoleErrors(allow ...string) {
	p.t.Helper()
next:
	for _, e := range p.ConsoleErrors() {
		for _, a := range allow {
			if strings.Contains(e, a) {
				continue next
			}
		}
		p.t.Errorf("browser console: %s", e)
	}
}
