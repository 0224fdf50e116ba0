package e2e

import (
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// weightBudget is the most a typical content page may transfer, gzip
// compressed, all resources counted but a search index: 40 KB, read the
// strict way (decimal kilobytes).
const weightBudget = 40_000

// searchIndex leaves the shards of a static search index out of a page's
// weight: they load when a reader searches, not with the page.
func searchIndex(u *url.URL) bool { return strings.Contains(u.Path, "/search/") }

// pageTypes returns one page of each kind and type of the built site, in
// its default language: home, section lists of each type, pages of each
// type (page, onepager, checklist, norm, course as they exist), taxonomy
// list, taxonomy term, search, and 404 — plus the home page of every other
// language, so that each language's UI strings are checked too.
func pageTypes(s *site) []*doc {
	defaultLang := defaultLang(s)
	seen := map[string]bool{}
	var out []*doc
	for _, d := range s.Docs { // sorted by file, so the choice is stable
		key := d.Kind + "/" + d.Type
		if d.Lang != defaultLang {
			if d.Kind != "home" {
				continue
			}
			key += "/" + d.Lang
		}
		// Frozen editions (noindex) have their own journey; the gates pick
		// the current portal's pages, plus the 404 and search pages.
		if d.isAlias() || seen[key] || (d.NoIndex && d.Kind != "404" && d.Kind != "search") {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}

// defaultLang is the language of the site's home page.
func defaultLang(s *site) string {
	if home := s.docAt(s.Base.Path); home != nil {
		return home.Lang
	}
	return ""
}

// typicalPage returns the content page the weight budget is measured on:
// the one-pager (the portal's main kind of content; any page when there
// is none) of median size.
func typicalPage(s *site) *doc {
	var pages []*doc
	lang := defaultLang(s)
	for _, want := range []string{"onepager", ""} {
		for _, d := range s.Docs {
			if d.Kind == "page" && d.Lang == lang && (want == "" || d.Type == want) {
				pages = append(pages, d)
			}
		}
		if len(pages) > 0 {
			break
		}
	}
	if len(pages) == 0 {
		return nil
	}
	size := func(d *doc) int64 {
		st, err := os.Stat(s.Dir + "/" + d.File)
		if err != nil {
			return 0
		}
		return st.Size()
	}
	sort.SliceStable(pages, func(i, j int) bool { return size(pages[i]) < size(pages[j]) })
	return pages[len(pages)/2]
}

// TestGates loads one page of each type in Chromium, with the strict CSP
// sent by the test server, and checks them as a reader's browser sees
// them: no axe-core violation of WCAG 2.1 A and AA in light and in dark
// mode, every request to the site's own origin, no cookie, no CSP
// violation, no script error. It prints the transfer size of each.
func TestGates(t *testing.T) {
	s := bundled(t)
	for _, d := range pageTypes(s) {
		name := d.Kind + "/" + d.Type
		if d.Kind == "home" {
			name += "/" + d.Lang
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel() // one tab each; two at a time on two cores
			srv := browsertest.Serve(t, s.Dir, s.Base.Path)
			p := browsertest.NewPage(t, srv)
			path := d.URLPath
			allow := []string{}
			if d.Kind == "404" {
				// The 404 page is what the host answers for a missing
				// address, with status 404, which the browser logs.
				path = s.Base.Path + "finnes-ikke/"
				if status := p.NavigateStatus(path); status != 404 {
					t.Fatalf("%s: status %d, want 404", path, status)
				}
				allow = append(allow, "status of 404 (Not Found) ("+srv.Page(path)+")")
			} else {
				p.Navigate(path)
			}
			if got := browsertest.Eval[string](p, `document.body.dataset.type || ""`); got != d.Type {
				t.Errorf("%s: body data-type %q, want %q", path, got, d.Type)
			}
			w := p.Weight(searchIndex)
			browsertest.Figure(t, "weight: %d bytes gzip (%.1f KB) in %d requests on %s", w.Bytes, float64(w.Bytes)/1000, len(w.Counted), path)
			n, foreign := p.AssertSameOrigin()
			browsertest.Figure(t, "requests: %d, to another origin: %d, cookies: %d, on %s", n, foreign, len(p.Cookies()), path)
			p.AssertNoCookies()
			p.AssertNoConsoleErrors(allow...)
			for _, scheme := range []string{"light", "dark"} {
				p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
				r := p.AssertAxeClean()
				browsertest.Figure(t, "axe: %d violations on %s (%s; %d rules passed, %d for a human to review)",
					len(r.Violations), path, scheme, r.Passes, r.Incomplete)
			}
			browsertest.Figure(t, "csp: %d violations on %s", p.AssertNoCSPViolations(), path)
		})
	}
}

// TestPhoneWidth loads every page of the current portal in its default
// language (and the home page of every language) at the width of a small
// phone and fails when a page scrolls sideways: long code lines, tables,
// addresses and words must wrap or scroll in their own box.
func TestPhoneWidth(t *testing.T) {
	s := bundled(t)
	lang := defaultLang(s)
	var pages []*doc
	for _, d := range s.Docs {
		if d.isAlias() || d.NoIndex || (d.Lang != lang && d.Kind != "home") {
			continue
		}
		pages = append(pages, d)
	}
	// Two tabs, one per core, each taking every other page.
	for part := 0; part < 2; part++ {
		t.Run(fmt.Sprintf("part%d", part), func(t *testing.T) {
			t.Parallel()
			srv := browsertest.Serve(t, s.Dir, s.Base.Path)
			p := browsertest.NewPage(t, srv)
			p.SetViewport(browsertest.PhoneWidth, 740, true)
			for i := part; i < len(pages); i += 2 {
				p.Navigate(pages[i].URLPath)
				p.AssertNoHorizontalScroll()
			}
			browsertest.Figure(t, "phone width: %d pages at %dpx", (len(pages)-part+1)/2, browsertest.PhoneWidth)
		})
	}
}

// TestPageWeight measures a typical content page on a cold load, with an
// empty cache as a first-time reader has, and holds it to the budget.
func TestPageWeight(t *testing.T) {
	s := bundled(t)
	d := typicalPage(s)
	if d == nil {
		t.Fatal("the bundled site has no content page")
	}
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	p := browsertest.NewPage(t, srv)
	p.Navigate(d.URLPath)
	w := p.Weight(searchIndex)
	browsertest.Figure(t, "page weight: %d bytes gzip (%.1f KB of %d KB) for the typical content page %s", w.Bytes, float64(w.Bytes)/1000, weightBudget/1000, d.URLPath)
	t.Logf("%s", w)
	if w.Bytes > weightBudget {
		t.Errorf("%s transfers %d bytes, over the budget of %d:\n%s", d.URLPath, w.Bytes, weightBudget, w)
	}
	for _, r := range w.Counted {
		if r.Encoding != "gzip" && r.Bytes > 1000 && !strings.HasPrefix(r.Type, "Image") {
			t.Errorf("%s was sent without gzip: the test server compresses text, so its type is not text", r.URL)
		}
	}
}

// TestUIStringPlurals checks the bundle's string helper (window.Varde.t)
// in a real page: a "key.one" string is used when the count (total, else
// n) is 1, the plain key otherwise, and placeholders are filled.
func TestUIStringPlurals(t *testing.T) {
	s := bundled(t)
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	p := browsertest.NewPage(t, srv)
	p.Navigate(s.Base.Path)
	got := browsertest.Eval[[]string](p, `(() => {
	  const s = window.VARDE_I18N;
	  s["test.q"] = "{answered} of {total} questions"; s["test.q.one"] = "{answered} of 1 question";
	  s["test.n"] = "{n} answers"; s["test.n.one"] = "one answer";
	  const t = window.Varde.t;
	  return [t("test.q", {answered: 0, total: 1}), t("test.q", {answered: 1, total: 2}),
	          t("test.n", {n: 1}), t("test.n", {n: 0}), t("test.n", {n: "1"}), t("test.missing", {n: 1})];
	})()`)
	want := []string{"0 of 1 question", "1 of 2 questions", "one answer", "0 answers", "one answer", "test.missing"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("t() gave %q, want %q", got, want)
	}
}
