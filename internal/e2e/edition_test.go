package e2e

import (
	"os"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// The edition journey runs against the bundled example edition (config.toml
// [[editions]], editions/2024): a reader lands on an old edition's page,
// sees the banner, compares the page with the current one, goes to the
// current page and back through the edition switcher. The theme's markup
// it relies on: div.edition-banner with a.edition-current (the same page
// in the current edition, or its home page when the page is gone) and
// a.edition-compare and a.edition-changelog, and .edition-switch in the menu (.menu-toggle).

// editionLinks returns the hrefs of a document's links with a class.
func editionLinks(d *doc, class string) []string {
	var out []string
	for _, e := range d.Elements {
		if e.Tag == "a" && e.Attrs["class"] == class {
			out = append(out, e.Attrs["href"])
		}
	}
	return out
}

// editionPages returns an old edition's content page that still exists in
// the current edition (it links its comparison) and one that is gone (its
// banner leads to the current home page).
func editionPages(t *testing.T, s *site) (kept, gone *doc) {
	t.Helper()
	for _, d := range s.Docs {
		if d.Kind != "page" || !d.NoIndex {
			continue
		}
		cur := editionLinks(d, "edition-current")
		switch {
		case kept == nil && len(editionLinks(d, "edition-compare")) > 0:
			kept = d
		case gone == nil && len(cur) == 1 && cur[0] == s.Base.Path:
			gone = d
		}
	}
	if kept == nil || gone == nil {
		bundledContentOnly(t, "an edition with a page kept and a page gone")
		t.Fatalf("the bundled site has no edition page with a comparison (%v) or none that is gone (%v): is the example edition in config.toml?", kept != nil, gone != nil)
	}
	return kept, gone
}

func TestJourneyEdition(t *testing.T) {
	s, p := journey(t)
	kept, gone := editionPages(t, s)

	// An old edition's page: banner, noindex, clean.
	p.Navigate(kept.URLPath)
	p.WaitVisible(".edition-banner a.edition-current")
	if n := browsertest.Eval[int](p, `document.querySelectorAll('meta[name="robots"][content~="noindex"]').length`); n != 1 {
		t.Errorf("%s: %d noindex meta elements, want 1", kept.URLPath, n)
	}
	axeBothSchemes(t, p, kept.URLPath)
	p.AssertNoConsoleErrors()
	browsertest.Figure(t, "csp: %d violations on %s", p.AssertNoCSPViolations(), kept.URLPath)

	// Its comparison view: marked words, a legend, clean.
	p.ClickNavigate(".edition-banner a.edition-compare")
	compare := p.Path()
	ins := browsertest.Eval[int](p, `document.querySelectorAll("main .diff ins").length`)
	del := browsertest.Eval[int](p, `document.querySelectorAll("main .diff del").length`)
	if ins == 0 || del == 0 {
		t.Errorf("%s: %d <ins> and %d <del> in the diff, want both", compare, ins, del)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("main .diff-legend ins, main .diff-legend del").length`); n != 2 {
		t.Errorf("%s: the legend shows %d marks, want an example of each", compare, n)
	}
	// Marks are told apart without colour: by line style.
	if deco := browsertest.Eval[string](p, `getComputedStyle(document.querySelector("main .diff ins")).textDecorationLine + "/" + getComputedStyle(document.querySelector("main .diff del")).textDecorationLine`); deco != "underline/line-through" {
		t.Errorf("%s: <ins>/<del> decorations %q, want underline/line-through", compare, deco)
	}
	axeBothSchemes(t, p, compare)
	browsertest.Figure(t, "csp: %d violations on %s", p.AssertNoCSPViolations(), compare)

	// The edition's changelog: what changed since, clean.
	p.ClickNavigate(".edition-banner a.edition-changelog")
	changelog := p.Path()
	if n := browsertest.Eval[int](p, `document.querySelectorAll("main [data-question], main [data-page]").length`); n == 0 {
		t.Errorf("%s lists no changed pages or control questions", changelog)
	}
	axeBothSchemes(t, p, changelog)
	p.Navigate(compare)

	// From the comparison to the current page: the same page, by id.
	p.ClickNavigate(".edition-banner a.edition-current")
	current := p.Path()
	if got := browsertest.Eval[string](p, `document.body.dataset.id`); got != kept.ID {
		t.Errorf("the banner led to %s with data-id %q, want the current version of %q", current, got, kept.ID)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll(".edition-banner, meta[name='robots'][content~='noindex']").length`); n != 0 {
		t.Errorf("the current page %s has an edition banner or noindex", current)
	}

	// Back to the edition through the switcher in the header's menu.
	p.Click(".menu-toggle")
	p.Click(".edition-switch summary")
	link := `.edition-switch a[href=` + attrSel(kept.URLPath) + `]`
	p.WaitVisible(link)
	if cur := browsertest.Eval[string](p, `(document.querySelector(".edition-switch [aria-current]") || {}).textContent || ""`); cur == "" {
		t.Error("the edition switcher does not mark the current edition")
	}
	p.ClickNavigate(link)
	if got := p.Path(); got != kept.URLPath {
		t.Errorf("the edition switcher led to %s, want %s", got, kept.URLPath)
	}

	// A page the current edition no longer has: the banner says so and
	// leads to the home page.
	p.Navigate(gone.URLPath)
	p.ClickNavigate(".edition-banner a.edition-current")
	if kind := browsertest.Eval[string](p, `document.body.dataset.kind`); kind != "home" || p.Path() != s.Base.Path {
		t.Errorf("the banner of the removed page %s led to %s (%s), want the current home page", gone.URLPath, p.Path(), kind)
	}
}

// axeBothSchemes runs axe-core in light and dark mode.
func axeBothSchemes(t *testing.T, p *browsertest.Page, path string) {
	t.Helper()
	for _, scheme := range []string{"light", "dark"} {
		p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
		r := p.AssertAxeClean()
		browsertest.Figure(t, "axe: %d violations on %s (%s)", len(r.Violations), path, scheme)
	}
	p.EmulateMedia("", map[string]string{"prefers-color-scheme": "light"})
}

// TestCompareViewStructure opens the bundled edition 2024's comparison of
// the DPIA guide at 1280 and 360 px: the page's headings, numbered list and
// reading list are there as such, with the changed words marked inside the
// list items; a block added or removed whole has its line at the left edge
// (solid where the text is now, dashed where it was) and its tag in words;
// nothing scrolls sideways; axe is clean in light and dark. With
// VARDE_SCREENSHOTS set to a folder it writes compare-1280.png and
// compare-360.png there, the view scrolled to the guide's list.
func TestCompareViewStructure(t *testing.T) {
	bundledContentOnly(t, "the example edition 2024's DPIA guide")
	s, p := journey(t)
	path := s.Base.Path + "2024/sammenlign/veiledere/dpia/"
	for _, w := range []int64{1280, browsertest.PhoneWidth} {
		p.SetViewport(w, 800, w < 600)
		p.Navigate(path)
		if n := browsertest.Eval[int](p, `document.querySelectorAll("main .diff > h2").length`); n < 3 {
			t.Errorf("%d px: %d headings in the comparison, want the guide's own (at least 3)", w, n)
		}
		if n := browsertest.Eval[int](p, `document.querySelectorAll("main .diff > ol.diff-changed > li ins, main .diff > ul.diff-changed > li del").length`); n < 2 {
			t.Errorf("%d px: %d marks inside list items, want the lists compared item by item", w, n)
		}
		if n := browsertest.Eval[int](p, `document.querySelectorAll("main .diff > p.diff-removed, main .diff > p.diff-added").length`); n > 4 {
			t.Errorf("%d px: %d paragraphs added or removed whole: lists flattened into paragraphs?", w, n)
		}
		styles := browsertest.Eval[[]string](p, `["li.diff-added", "li.diff-removed"].map(s => {
			const e = document.querySelector("main .diff " + s);
			return e ? getComputedStyle(e).borderLeftStyle + " " + e.querySelector(".diff-tag")?.textContent : "none";
		})`)
		if styles[0] != "solid Lagt til:" || styles[1] != "dashed Fjernet:" {
			t.Errorf("%d px: an added and a removed item show %q, want a solid and a dashed line and their tags", w, styles)
		}
		p.AssertNoHorizontalScroll()
		axeBothSchemes(t, p, path)
		browsertest.Figure(t, "csp: %d violations on %s", p.AssertNoCSPViolations(), path)
		browsertest.Eval[bool](p, `document.querySelector("main .diff ol").scrollIntoView({block: "start"}), true`)
		shoot(t, p, os.Getenv("VARDE_SCREENSHOTS"), "compare-"+map[bool]string{true: "360", false: "1280"}[w < 600])
	}
}
