package render

import (
	"html/template"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/site"
)

// What a page's templates ask the View for beyond its own data is recorded
// for the rendered-page cache, and a Cached fragment's reads reach every
// page that reuses the fragment.
func TestDepsRecording(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	r := &Renderer{Now: now}
	s := &site.Site{}
	view := func(p *site.Page) *View { return &View{Page: p, Site: s, Lang: "nb", r: r, deps: r.startDeps()} }

	// Off: nothing is recorded, nothing breaks.
	v := view(&site.Page{})
	v.Recent(3)
	if v.deps != nil || r.DepsOf(v.Page) != nil {
		t.Fatal("recorded with recording off")
	}

	r.RecordDeps()
	review := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	v = view(&site.Page{})
	if v.Overdue(review) {
		t.Fatal("overdue before its date")
	}
	v.PagesOfType("onepager")
	r.endDeps(v.Page, v.deps)
	d := r.DepsOf(v.Page)
	if d == nil || !d.AllPages || d.Now || len(d.Overdue) != 1 {
		t.Fatalf("recorded %+v", d)
	}
	if !d.Same(now.AddDate(0, 0, 10)) || d.Same(now.AddDate(0, 1, 0)) {
		t.Error("Same: the answer changes once the review date has passed, not before")
	}

	set := template.Must(template.New("x").Funcs(funcs()).Parse(`{{ define "frag" }}{{ .Now.Year }}{{ end }}`))
	a, b := view(&site.Page{Path: "/a/"}), view(&site.Page{Path: "/b/"})
	a.set, b.set = set, set
	for _, v := range []*View{a, b} {
		if h, err := v.Cached("frag", "k"); err != nil || h != "2026" {
			t.Fatalf("Cached: %q, %v", h, err)
		}
		if !v.deps.Now || v.deps.AllPages {
			t.Errorf("%s: the fragment's read of Now is not the page's: %+v", v.Page.Path, v.deps)
		}
	}
}
