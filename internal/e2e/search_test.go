package e2e

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/browsertest"
)

// The search journeys type into the header box and use the search page of
// the bundled site as a reader would, with the strict CSP of the test
// server, against the static index the build wrote to search/. They rely
// on the markup search.js documents: form.search[role=search] with
// data-index in the header, .search-popup with li[role=option] under it,
// and on the search page .search-filters, p.search-status[role=status] and
// ol.search-results.

// firstQueryBudget is the most a first query may fetch of the static index,
// gzip compressed, as the issue sets it for a 10,000-page site (150 KB).
const firstQueryBudget = 150 << 10

// searchURL returns the search page of a language: the header form's
// action on that language's home page.
func searchURL(t *testing.T, p *browsertest.Page, home string) string {
	t.Helper()
	p.Navigate(home)
	action := browsertest.Eval[string](p, `(document.querySelector('header form.search[role="search"]') || {getAttribute: () => ""}).getAttribute("action") || ""`)
	if action == "" {
		t.Fatalf("%s: no search form in the header", home)
	}
	return hrefPath(p, action)
}

// indexBytes waits until every request for the static index has finished
// and returns their number and the bytes they took on the wire.
func indexBytes(t *testing.T, p *browsertest.Page) (n int, bytes int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, bytes = 0, 0
		done := true
		for _, r := range p.Requests() {
			u, err := url.Parse(r.URL)
			if err != nil || !searchIndex(u) {
				continue
			}
			if r.Failed != "" {
				t.Errorf("index request failed: %s: %s", r.URL, r.Failed)
			}
			done = done && r.Done
			n++
			bytes += r.Bytes
		}
		if done || time.Now().After(deadline) {
			return n, bytes
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// gates are the checks every search journey ends with: no request to
// another origin, no cookie, no script error, no CSP violation.
func gates(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.AssertSameOrigin()
	p.AssertNoCookies()
	p.AssertNoConsoleErrors()
	p.AssertNoCSPViolations()
}

const (
	popupShut  = `(() => { const p = document.querySelector("header .search-popup"); return !!p && p.hidden; })()`
	activeDesc = `document.querySelector("#site-search").getAttribute("aria-activedescendant") || ""`
)

// popupFor is true once the header box shows the results of q itself, not
// of a prefix typed on the way (each keystroke searches; the list is
// rendered again when the last one answers). The list's link to the
// search page carries the query it answers.
func popupFor(q string) string {
	return `(() => { const p = document.querySelector("header .search-popup"), m = p && p.querySelector(".search-more");
		return !!m && !p.hidden && p.querySelectorAll('[role="option"]').length > 0 &&
			new URL(m.href).searchParams.get("q") === ` + jsString(q) + `; })()`
}

// TestSearchHeaderBox types into the header box on a content page: results
// appear under it as the reader types; ArrowDown and ArrowUp move through
// them, Enter opens the chosen one; Escape closes the list and then clears
// the box. It reports the bytes of index the first query fetched.
func TestSearchHeaderBox(t *testing.T) {
	bundledContentOnly(t, "queries for its pages")
	t.Parallel()
	s, p := journey(t)
	d := typicalPage(s)
	if d == nil {
		t.Fatal("the bundled site has no content page")
	}
	p.Navigate(d.URLPath)
	p.Type("#site-search", "personvernombudet")
	p.WaitFor(popupFor("personvernombudet"))
	files, bytes := indexBytes(t, p)
	browsertest.Figure(t, "search: typing a first query (%q, key by key) fetched %d index files, %d bytes (%.1f KB) on the wire", "personvernombudet", files, bytes, float64(bytes)/1024)
	if bytes > firstQueryBudget {
		t.Errorf("the first query fetched %d bytes of index, over %d", bytes, firstQueryBudget)
	}
	if files == 0 {
		t.Error("no index file was fetched")
	}

	input := func(attr string) string {
		return browsertest.Eval[string](p, `document.querySelector("#site-search").getAttribute(`+jsString(attr)+`) || ""`)
	}
	if input("role") != "combobox" || input("aria-expanded") != "true" || input("aria-controls") == "" {
		t.Errorf("the box is not an expanded combobox: role=%q aria-expanded=%q aria-controls=%q", input("role"), input("aria-expanded"), input("aria-controls"))
	}
	first := browsertest.Eval[string](p, `document.querySelector('header [role="option"] .search-title').textContent`)
	if first != "Personvernombudet" {
		t.Errorf("first result %q, want Personvernombudet", first)
	}
	status := browsertest.Eval[string](p, `(document.querySelector('header form.search [role="status"]') || {}).textContent || ""`)
	if !regexp.MustCompile(`\d+ treff`).MatchString(status) {
		t.Errorf("the screen-reader status says %q, want the number of results", status)
	}
	if got := browsertest.Eval[int](p, `document.querySelectorAll('header [role="option"] .search-snippet mark').length`); got == 0 {
		t.Error("no result snippet highlights the query")
	}

	// Keyboard: down, down, up lands on the first option again.
	p.Press("ArrowDown")
	opt0 := activeDesc
	id0 := browsertest.Eval[string](p, opt0)
	if id0 == "" || browsertest.Eval[string](p, `document.getElementById(`+activeDesc+`).getAttribute("aria-selected")`) != "true" {
		t.Fatalf("ArrowDown selected nothing (aria-activedescendant %q)", id0)
	}
	p.Press("ArrowDown")
	if id := browsertest.Eval[string](p, activeDesc); id == id0 {
		t.Error("the second ArrowDown did not move the selection")
	}
	p.Press("ArrowUp")
	if id := browsertest.Eval[string](p, activeDesc); id != id0 {
		t.Errorf("ArrowUp went to %q, want %q", id, id0)
	}
	if f := p.Focused(); f.ID != "site-search" {
		t.Errorf("focus left the box while moving through the results: %s", f)
	}
	p.PressNavigate("Enter")
	if got := browsertest.Eval[string](p, `document.body.dataset.id || ""`); got != "veiledere/personvernombud" {
		t.Errorf("Enter on the first result opened %s (data-id %q)", p.Path(), got)
	}
	gates(t, p)

	// Escape closes the list, a second Escape empties the box.
	p.Type("#site-search", "passord")
	p.WaitFor(popupFor("passord"))
	p.Press("Escape")
	p.WaitFor(popupShut)
	if input("aria-expanded") != "false" {
		t.Error("aria-expanded is not false after Escape")
	}
	if v := browsertest.Eval[string](p, `document.querySelector("#site-search").value`); v != "passord" {
		t.Errorf("the first Escape changed the box to %q", v)
	}
	p.Press("Escape")
	if v := browsertest.Eval[string](p, `document.querySelector("#site-search").value`); v != "" {
		t.Errorf("the second Escape left %q in the box", v)
	}
	gates(t, p)
}

// resultsShown waits until the search page shows results and a status.
const resultsShown = `document.querySelectorAll(".search-results .search-result").length > 0 && /\d/.test(document.querySelector(".search-status").textContent)`

// statusCount reads the number in the search page's status.
func statusCount(t *testing.T, p *browsertest.Page) int {
	t.Helper()
	text := browsertest.Eval[string](p, `document.querySelector(".search-status").textContent`)
	m := regexp.MustCompile(`(\d+) treff`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("the status says %q, want a number of results", text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// optionCount returns the count a filter's option shows, "Veileder (7)" → 7.
func optionCount(t *testing.T, p *browsertest.Page, filter, value string) int {
	t.Helper()
	text := browsertest.Eval[string](p, `(document.querySelector('#search-f-`+filter+` option[value=`+attrSel(value)+`]') || {}).textContent || ""`)
	m := regexp.MustCompile(`\((\d+)\)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("filter %s has no option %q with a count (got %q)", filter, value, text)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// choose selects a filter value as a reader's select would: the value
// changes and a change event follows.
func choose(p *browsertest.Page, filter, value string) {
	browsertest.Eval[bool](p, `(() => { const s = document.querySelector("#search-f-`+filter+`"); s.value = `+jsString(value)+`; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
}

// TestSearchPage opens the search page with ?q=: the results show title,
// type and a highlighted snippet, the status announces their number, the
// type, audience and language filters narrow them to what their counts
// promised, the keyboard moves between the box and the results, and axe
// finds nothing to fault on the page with results.
func TestSearchPage(t *testing.T) {
	bundledContentOnly(t, "queries and audiences of its pages")
	t.Parallel()
	s, p := journey(t)
	page := searchURL(t, p, s.Base.Path)
	p.Navigate(page + "?q=personvern")
	p.WaitFor(resultsShown)

	status := browsertest.Eval[[]string](p, `(() => { const s = document.querySelector(".search-status"); return [s.getAttribute("role") || "", s.getAttribute("aria-live") || ""]; })()`)
	if status[0] != "status" || status[1] != "polite" {
		t.Errorf("the status is role=%q aria-live=%q, want status and polite", status[0], status[1])
	}
	total := statusCount(t, p)
	rows := browsertest.Eval[[][]string](p, `[...document.querySelectorAll(".search-results .search-result")].map(li => [
		(li.querySelector("a.search-title") || {}).textContent || "", (li.querySelector("a.search-title") || {getAttribute: () => ""}).getAttribute("href") || "",
		(li.querySelector(".search-type") || {}).textContent || "", (li.querySelector(".search-snippet") || {}).innerHTML || ""])`)
	if len(rows) == 0 || len(rows) > total {
		t.Fatalf("%d results shown for a status of %d", len(rows), total)
	}
	marked := 0
	for _, r := range rows {
		if r[0] == "" || r[1] == "" || r[2] == "" {
			t.Errorf("a result lacks title, link or type: %q", r)
		}
		if strings.Contains(r[3], "<mark>") {
			marked++
		}
		if strings.ContainsAny(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(r[3]), "<>") {
			t.Errorf("a snippet holds markup other than <mark>: %s", r[3])
		}
	}
	if marked == 0 {
		t.Error("no snippet highlights the query")
	}
	browsertest.Figure(t, "search page: %q gives %d results, %d shown, %d with highlighted snippets", "personvern", total, len(rows), marked)

	// axe on the page with results, in light and dark mode.
	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		r := p.AssertAxeClean()
		browsertest.Figure(t, "axe: %d violations on the search page with results (%s)", len(r.Violations), scheme)
	}
	p.EmulateMedia("", nil)

	// Type filter: the results are the option's count, all of that type.
	want := optionCount(t, p, "type", "onepager")
	choose(p, "type", "onepager")
	p.WaitFor(`new URLSearchParams(location.search).get("type") === "onepager" && document.querySelector(".search-status").textContent.indexOf("` + strconv.Itoa(want) + ` treff") >= 0`)
	types := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".search-results .search-type")].map(e => e.textContent)`)
	label := browsertest.Eval[string](p, `(window.VARDE_I18N || {})["type.onepager"] || "onepager"`)
	for _, ty := range types {
		if ty != label {
			t.Errorf("type filter onepager shows a result of type %q", ty)
		}
	}
	choose(p, "type", "")

	// Audience filter.
	p.WaitFor(resultsShown + ` && !new URLSearchParams(location.search).has("type")`)
	want = optionCount(t, p, "audience", "kommunedirektor")
	choose(p, "audience", "kommunedirektor")
	p.WaitFor(`new URLSearchParams(location.search).get("audience") === "kommunedirektor"`)
	p.WaitFor(resultsShown)
	if got := statusCount(t, p); got != want {
		t.Errorf("audience filter kommunedirektor: %d results, its option promised %d", got, want)
	}
	if got := statusCount(t, p); got >= total {
		t.Errorf("audience filter kommunedirektor did not narrow the results (%d of %d)", got, total)
	}
	choose(p, "audience", "")

	// Language filter: nynorsk results only, each marked with its language.
	p.WaitFor(`!new URLSearchParams(location.search).has("audience")`)
	choose(p, "lang", "nn")
	p.WaitFor(`new URLSearchParams(location.search).get("lang") === "nn"`)
	p.WaitFor(resultsShown)
	langs := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".search-results a.search-title")].map(a => a.getAttribute("hreflang") + "/" + ((a.closest("li").querySelector(".search-lang") || {}).lang || ""))`)
	for _, l := range langs {
		if l != "nn/nn" {
			t.Errorf("language filter nn shows a result marked %q (hreflang/label lang)", l)
		}
	}
	choose(p, "lang", "nb")
	p.WaitFor(`!new URLSearchParams(location.search).has("lang")`)
	p.WaitFor(resultsShown)

	// Keyboard: from the box into the results and back.
	browsertest.Eval[bool](p, `(document.querySelector("#search-q").focus(), true)`)
	p.Press("ArrowDown")
	links := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".search-results a.search-title")].map(a => a.getAttribute("href"))`)
	if f := p.Focused(); f.Tag != "a" || f.Href != links[0] {
		t.Fatalf("ArrowDown from the box focused %s, want the first result %s", f, links[0])
	}
	if len(links) > 1 {
		p.Press("ArrowDown")
		if f := p.Focused(); f.Href != links[1] {
			t.Errorf("ArrowDown in the results focused %s, want %s", f, links[1])
		}
		p.Press("ArrowUp")
	}
	p.Press("ArrowUp")
	if f := p.Focused(); f.ID != "search-q" {
		t.Errorf("ArrowUp from the first result focused %s, want the box", f)
	}
	p.Press("ArrowDown")
	target := hrefPath(p, links[0])
	p.PressNavigate("Enter")
	if got := p.Path(); got != target {
		t.Errorf("Enter on the first result opened %s, want %s", got, target)
	}
	gates(t, p)
}

// TestSearchNynorsk searches from the nynorsk home page: the header box
// and the search page search nynorsk pages first.
func TestSearchNynorsk(t *testing.T) {
	bundledContentOnly(t, "queries for its nynorsk pages")
	t.Parallel()
	s, p := journey(t)
	home := ""
	for _, d := range s.Docs {
		if d.Kind == "home" && d.Lang == "nn" {
			home = d.URLPath
		}
	}
	if home == "" {
		t.Fatal("the bundled site has no nynorsk home page")
	}
	page := searchURL(t, p, home)
	p.Type("#site-search", "personvernombodet")
	p.WaitFor(popupFor("personvernombodet"))
	p.Press("ArrowDown")
	p.PressNavigate("Enter")
	if lang, id := browsertest.Eval[string](p, `document.documentElement.lang`), browsertest.Eval[string](p, `document.body.dataset.id`); lang != "nn" || id != "veiledere/personvernombud" {
		t.Errorf("the first nynorsk result is %s (lang %q, data-id %q), want the nynorsk personvernombod page", p.Path(), lang, id)
	}
	p.Navigate(page + "?q=" + url.QueryEscape("teieplikt"))
	p.WaitFor(resultsShown)
	langs := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".search-results a.search-title")].map(a => a.getAttribute("hreflang"))`)
	for _, l := range langs {
		if l != "nn" {
			t.Errorf("the nynorsk search page shows a result in %q", l)
		}
	}
	if st := browsertest.Eval[string](p, `document.querySelector(".search-status").textContent`); !strings.Contains(st, "treff") {
		t.Errorf("the nynorsk status says %q", st)
	}
	gates(t, p)
}

// TestSearchBadInputBrowser: empty, stop-word, very long, query-syntax and
// markup queries on the search page and in the header box raise no
// exception, inject nothing (no element, no handler, no CSP violation) and
// show the query only as text.
func TestSearchBadInputBrowser(t *testing.T) {
	t.Parallel()
	s, p := journey(t)
	page := searchURL(t, p, s.Base.Path)
	const pwned = `window.__pwned === undefined && document.querySelectorAll(".search-page img, .search-page script, header .search-popup img, header .search-popup script").length === 0`
	for _, q := range []string{
		"", "   ", "og i på det som er", strings.Repeat("personvern ", 1000)[:10000], `"`, `*`, `:`, `~`, `^`,
		`"personvern" AND passord~2 title:^3 *`, `<script>window.__pwned=1</script>`, `<img src=x onerror="window.__pwned=1">`,
		"\u0000\u001b[31m", "%ZZ",
	} {
		name := q
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		p.Navigate(page + "?q=" + url.QueryEscape(q))
		if strings.TrimSpace(q) == "" {
			if n := browsertest.Eval[int](p, `document.querySelectorAll(".search-results li").length`); n != 0 {
				t.Errorf("%q: %d results for an empty query", name, n)
			}
		} else {
			p.WaitFor(`/treff/.test(document.querySelector(".search-status").textContent)`)
		}
		if !browsertest.Eval[bool](p, pwned) {
			t.Errorf("%q: the query put markup into the page", name)
		}
		if got := browsertest.Eval[string](p, `document.querySelector("#search-q").value`); strings.TrimSpace(q) != "" && !strings.Contains(q, "\u0000") && got != q {
			t.Errorf("%q: the box shows %.40q", name, got)
		}
	}
	// A query string that is not well formed.
	p.Navigate(page + "?q=%E0%A4%A&type=%ZZ&audience=%&lang=..%2F")
	p.WaitFor(`document.querySelector(".search-status") !== null`)
	if !browsertest.Eval[bool](p, pwned) {
		t.Error("a malformed query string put markup into the page")
	}
	// In the header box, typed key by key (the box takes 200 characters).
	for _, q := range []string{`<img src=x onerror="window.__pwned=1">`, `"*:~^`, "og i på"} {
		p.Navigate(s.Base.Path)
		p.Type("#site-search", q)
		// The status line comes with search.js, which the box loads on
		// first use.
		p.WaitFor(`(() => { const s = document.querySelector('header form.search [role="status"]'); return !!s && s.textContent !== ""; })()`)
		if !browsertest.Eval[bool](p, pwned) {
			t.Errorf("header box %q: the query put markup into the page", q)
		}
	}
	status := browsertest.Eval[string](p, `document.querySelector('header form.search [role="status"]').textContent`)
	browsertest.Figure(t, "search: bad input in the browser: no exception, no injection; header status for %q: %q", "og i på", status)
	gates(t, p)
}
