package e2e

import (
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// markStyle reads the first highlighted word of the results: its text
// decoration, its colour against the link colour, and the contrast of its
// text on its background (WCAG's ratio).
const markStyle = `(() => {
  const m = document.querySelector(".search-results .search-snippet mark");
  const a = document.querySelector(".search-results a.search-title");
  if (!m || !a) return null;
  const rgb = (s) => (s.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const cm = getComputedStyle(m), ca = getComputedStyle(a);
  const fg = rgb(cm.color), bg = rgb(cm.backgroundColor);
  const l1 = lum(fg), l2 = lum(bg);
  return {
    decoration: cm.textDecorationLine, color: cm.color, link: ca.color,
    opaque: bg.length < 4 || bg[3] === 1, background: cm.backgroundColor,
    contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)
  };
})()`

type markInfo struct {
	Decoration string  `json:"decoration"`
	Color      string  `json:"color"`
	Link       string  `json:"link"`
	Opaque     bool    `json:"opaque"`
	Background string  `json:"background"`
	Contrast   float64 `json:"contrast"`
}

// TestSearchResultPolish: the search page's count repeats the query; the
// highlighted words do not look like links (no underline, not the link
// colour) and have a background of their own whose text passes contrast in
// light and dark mode; the generated pages (NSM principles) are found and
// named by their type in the results and the type filter. Screenshots at
// 1280 and 360 px go to the artifacts folder when one is set.
func TestSearchResultPolish(t *testing.T) {
	bundledContentOnly(t, "queries that find given pages")
	t.Parallel()
	s, p := journey(t)
	page := searchURL(t, p, s.Base.Path)
	p.Navigate(page + "?q=" + "personvern")
	p.WaitFor(resultsShown)
	status := browsertest.Eval[string](p, `document.querySelector(".search-status").textContent`)
	if n := statusCount(t, p); status != itoa(n)+" treff for «personvern»" {
		t.Errorf("the status says %q, want the count and the query", status)
	}
	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		m := browsertest.Eval[*markInfo](p, markStyle)
		if m == nil {
			t.Fatalf("%s: no highlighted word in the results", scheme)
		}
		if m.Decoration != "none" {
			t.Errorf("%s: a highlighted word is decorated with %q, as a link is", scheme, m.Decoration)
		}
		if m.Color == m.Link {
			t.Errorf("%s: a highlighted word has the link colour %s", scheme, m.Color)
		}
		if !m.Opaque || m.Background == "rgba(0, 0, 0, 0)" {
			t.Errorf("%s: a highlighted word has no background of its own (%s)", scheme, m.Background)
		}
		if m.Contrast < 4.5 {
			t.Errorf("%s: a highlighted word's text has contrast %.2f on its background, want at least 4.5", scheme, m.Contrast)
		}
		browsertest.Figure(t, "search highlight (%s): %s on %s, contrast %.1f", scheme, m.Color, m.Background, m.Contrast)
	}
	p.EmulateMedia("", nil)
	for _, w := range []int64{1280, 360} {
		p.SetViewport(w, 1000, w < 600)
		p.WaitFor(resultsShown)
		p.AssertNoHorizontalScroll()
		if path, err := p.Screenshot("search-results-" + itoa(int(w))); err == nil && path != "" {
			t.Logf("screenshot: %s", path)
		}
	}

	// A generated page: the NSM principle on recovery of data, by a word of
	// its measures, with the type named as the theme names it.
	p.Navigate(page + "?q=" + "gjenoppretting")
	p.WaitFor(resultsShown)
	label := browsertest.Eval[string](p, `(window.VARDE_I18N || {})["type.nsm"] || ""`)
	if label == "" || label == "nsm" {
		t.Fatalf("the theme has no name for the type nsm: %q", label)
	}
	rows := browsertest.Eval[[][]string](p, `[...document.querySelectorAll(".search-results .search-result")].map(li => [
		(li.querySelector("a.search-title") || {getAttribute: () => ""}).getAttribute("href") || "", (li.querySelector(".search-type") || {}).textContent || ""])`)
	found := false
	for _, r := range rows {
		if strings.HasSuffix(r[0], "/nsm/2-9/") {
			found = true
			if r[1] != label {
				t.Errorf("the NSM principle's result is typed %q, want %q", r[1], label)
			}
		}
	}
	if !found {
		t.Errorf("gjenoppretting does not find /nsm/2-9/: %v", rows)
	}
	opts := browsertest.Eval[[]string](p, `[...document.querySelectorAll("#search-f-type option")].map(o => o.value + "=" + o.textContent)`)
	if !containsPrefix(opts, "nsm="+label+" (") {
		t.Errorf("the type filter has no option for NSM pages named %q: %v", label, opts)
	}
	gates(t, p)
}
