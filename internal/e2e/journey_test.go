package e2e

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// The journeys click and type as a reader would, against the default
// theme's structure: a.skip-link, header.site-header with nav.main-nav,
// nav.lang-switch with a[hreflang], nav.breadcrumbs, main#main and the body's
// data-type and data-id. Each takes a screenshot when it fails (see
// browsertest.ArtifactDir).

// journey opens a page of the bundled site in a new tab.
func journey(t *testing.T) (*site, *browsertest.Page) {
	t.Helper()
	s := bundled(t)
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	return s, browsertest.NewPage(t, srv)
}

// attrSel quotes a value for a CSS attribute selector.
func attrSel(v string) string { return strconv.Quote(v) }

// jsString quotes a value as a JavaScript string literal.
func jsString(v string) string {
	b, _ := json.Marshal(v) // a string always marshals
	return string(b)
}

// hrefPath returns the path (and fragment) an href leads to from the
// current page.
func hrefPath(p *browsertest.Page, href string) string {
	base, err := url.Parse(p.Location())
	if err != nil {
		return href
	}
	u, err := base.Parse(href)
	if err != nil {
		return href
	}
	if u.Fragment != "" {
		return u.Path + "#" + u.Fragment
	}
	return u.Path
}

func TestJourneyMenuToSectionAndPage(t *testing.T) {
	s, p := journey(t)
	p.Navigate(s.Base.Path)
	menu := browsertest.Eval[[]string](p, `[...document.querySelectorAll("header nav.main-nav a[href]")].map(a => a.getAttribute("href"))`)
	if len(menu) == 0 {
		t.Fatal("the home page has no links in nav.main-nav")
	}
	section := menu[0]
	p.ClickNavigate(`nav.main-nav a[href=` + attrSel(section) + `]`)
	if got, want := p.Path(), section; got != hrefPath(p, want) {
		t.Fatalf("the menu link %s led to %s", section, got)
	}
	if cur := browsertest.Eval[string](p, `(() => {
		for (const a of document.querySelectorAll("nav.main-nav a[href]"))
			if (a.getAttribute("href") === `+jsString(section)+`) return a.getAttribute("aria-current") || "";
		return "";
	})()`); cur == "" {
		t.Errorf("on %s the menu link to it has no aria-current", section)
	}
	if h1 := browsertest.Eval[string](p, `(document.querySelector("main h1") || {}).textContent || ""`); strings.TrimSpace(h1) == "" {
		t.Errorf("the section page %s has no <h1> in main", section)
	}

	// A page of the section, from the section's own list.
	page := browsertest.Eval[string](p, `(() => {
		const here = new URL(location.href);
		for (const a of document.querySelectorAll("main a[href]")) {
			const u = new URL(a.getAttribute("href"), here);
			if (u.origin === here.origin && u.pathname.startsWith(here.pathname) && u.pathname !== here.pathname) return a.getAttribute("href");
		}
		return "";
	})()`)
	if page == "" {
		t.Fatalf("the section %s lists no page of its own", section)
	}
	p.ClickNavigate(`main a[href=` + attrSel(page) + `]`)
	if got := p.Path(); got != hrefPath(p, page) {
		t.Errorf("the section's link %s led to %s", page, got)
	}
	crumbs := browsertest.Eval[[]string](p, `[...document.querySelectorAll("nav.breadcrumbs a[href]")].map(a => new URL(a.href).pathname)`)
	if !contains(crumbs, section) || !contains(crumbs, s.Base.Path) {
		t.Errorf("breadcrumbs of %s are %v, want the home page and the section %s", page, crumbs, section)
	}
	if lbl := browsertest.Eval[string](p, `(document.querySelector("nav.breadcrumbs") || {}).ariaLabel || ""`); lbl == "" {
		t.Errorf("nav.breadcrumbs has no aria-label")
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func TestJourneyFollowContentLink(t *testing.T) {
	s, p := journey(t)
	// Links in the text an editor wrote, not the theme's navigation,
	// lists or boxes.
	const findLink = `(() => {
		const here = new URL(location.href);
		for (const a of document.querySelectorAll("main a[href]")) {
			if (a.closest("nav, header, footer, aside, .page-list, .related, .terms")) continue;
			if (!a.getClientRects().length) continue; // hidden, such as a quiz's feedback
			const u = new URL(a.getAttribute("href"), here);
			if (u.origin === here.origin && u.pathname !== here.pathname) {
				a.setAttribute("data-e2e-pick", "");
				return a.getAttribute("href");
			}
		}
		return "";
	})()`
	tried := 0
	for _, d := range s.Docs {
		if d.Kind != "page" || d.Lang != defaultLang(s) {
			continue
		}
		if tried++; tried > 10 {
			break
		}
		p.Navigate(d.URLPath)
		href := browsertest.Eval[string](p, findLink)
		if href == "" {
			continue
		}
		p.ClickNavigate(`main a[data-e2e-pick]`)
		want := hrefPath(p, href)
		if got := p.Path(); got != want {
			t.Errorf("the link %s on %s led to %s", href, d.URLPath, got)
		}
		if _, frag, ok := strings.Cut(want, "#"); ok {
			if !browsertest.Eval[bool](p, `!!document.getElementById(`+jsString(frag)+`)`) {
				t.Errorf("%s: no element with id %q", want, frag)
			}
		}
		if browsertest.Eval[string](p, `document.body.dataset.id || ""`) == "" {
			t.Errorf("%s: the page it leads to has no body data-id", want)
		}
		return
	}
	t.Fatalf("none of the first %d content pages links to another page in its text", tried-1)
}

func TestJourneyLanguageSwitch(t *testing.T) {
	s, p := journey(t)
	var start *doc
	for _, d := range s.Docs {
		if d.Kind == "page" && d.Lang == defaultLang(s) && d.Alternates["nn"] != "" {
			start = d
			break
		}
	}
	if start == nil {
		t.Fatal("no page of the bundled site has a nynorsk translation")
	}
	p.Navigate(start.URLPath)
	id := browsertest.Eval[string](p, `document.body.dataset.id`)
	p.ClickNavigate(`nav.lang-switch a[hreflang="nn"]`)
	if lang := browsertest.Eval[string](p, `document.documentElement.lang`); lang != "nn" {
		t.Errorf("after the switch to nynorsk: <html lang=%q>", lang)
	}
	if got := browsertest.Eval[string](p, `document.body.dataset.id`); got != id {
		t.Errorf("the nynorsk page has data-id %q, want %q: not the translation of %s", got, id, start.URLPath)
	}
	nnPath := p.Path()
	if alt, err := url.Parse(start.Alternates["nn"]); err == nil && alt.Path != nnPath {
		t.Errorf("switched to %s, but the page names %s as its nynorsk version", nnPath, alt.Path)
	}
	if cur := browsertest.Eval[string](p, `(document.querySelector('nav.lang-switch [aria-current]') || {}).lang || ""`); cur != "nn" {
		t.Errorf("on %s the language switcher marks %q as current, want nn", nnPath, cur)
	}
	back := defaultLang(s)
	p.ClickNavigate(`nav.lang-switch a[hreflang=` + attrSel(back) + `]`)
	if got := p.Path(); got != start.URLPath {
		t.Errorf("switching back to %s led to %s, want %s", back, got, start.URLPath)
	}
	if lang := browsertest.Eval[string](p, `document.documentElement.lang`); lang != back {
		t.Errorf("after switching back: <html lang=%q>, want %q", lang, back)
	}
}

// TestJourneyKeyboard uses the keyboard alone: the first Tab reaches the
// skip link, which is then visible; Enter on it moves focus to the main
// content, and the next Tab to the first control in it; a walk with Tab
// through the whole page meets the main navigation before the content, and
// every stop shows where focus is.
func TestJourneyKeyboard(t *testing.T) {
	s, p := journey(t)
	d := typicalPage(s)
	if d == nil {
		t.Fatal("no content page")
	}
	p.Navigate(d.URLPath)
	p.RememberUnfocused()
	p.Press("Tab")
	f := p.Focused()
	if !strings.Contains(" "+f.ClassName+" ", " skip-link ") {
		t.Fatalf("the first Tab on %s focused %s, want a.skip-link", d.URLPath, f)
	}
	if !f.Visible || !f.InViewport {
		t.Errorf("the focused skip link is not visible (focus shown %v, on screen %v; outline %q, box-shadow %q)", f.Visible, f.InViewport, f.Outline, f.BoxShadow)
	}
	p.Press("Enter")
	p.WaitFor(`document.activeElement && document.activeElement.id === "main"`)
	p.Press("Tab")
	if f := p.Focused(); !f.InMain {
		t.Errorf("Tab after the skip link focused %s in %s, want the first control in main", f, f.Landmark)
	}

	// The whole walk, from the top of a fresh load.
	p.Navigate(d.URLPath)
	p.RememberUnfocused()
	var stops []browsertest.FocusInfo
	firstNav, firstMain := -1, -1
	for i := 0; i < 400; i++ {
		p.Press("Tab")
		f := p.Focused()
		if f.Tag == "" || (i > 0 && f.Selector == stops[0].Selector && f.Href == stops[0].Href) {
			break // past the last control: focus left the page or wrapped
		}
		stops = append(stops, f)
		if firstNav < 0 && strings.Contains(" "+f.InNav+" ", " main-nav ") {
			firstNav = i
		}
		if firstMain < 0 && f.InMain {
			firstMain = i
		}
		if !f.Visible {
			t.Errorf("Tab stop %d, %s (%s): focus not visible (outline %q, box-shadow %q, as unfocused)", i+1, f, f.Selector, f.Outline, f.BoxShadow)
		}
		if !f.InViewport {
			t.Errorf("Tab stop %d, %s (%s): not scrolled into view", i+1, f, f.Selector)
		}
	}
	browsertest.Figure(t, "keyboard: %d Tab stops on %s, main navigation at stop %d, main content at stop %d", len(stops), d.URLPath, firstNav+1, firstMain+1)
	switch {
	case len(stops) == 0:
		t.Fatal("Tab focused nothing")
	case firstNav < 0:
		t.Error("Tab never reached nav.main-nav")
	case firstMain < 0:
		t.Error("Tab never reached the main content")
	case firstNav > firstMain:
		t.Errorf("Tab reached the content (stop %d) before the main navigation (stop %d)", firstMain+1, firstNav+1)
	}
	if t.Failed() {
		for i, f := range stops {
			t.Logf("stop %d: %s in %s", i+1, f, f.Landmark)
		}
	}
}
