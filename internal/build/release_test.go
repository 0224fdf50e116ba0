package build

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/testsite"
)

// Session 18: varde build lets go of each page's HTML and plain text once
// the page is written (release.go). The output is what a build that keeps
// them writes, file for file, and a site with a layout of its own keeps
// them (such a layout may show another page's body). Session 19: such a
// cold build renders before the search analysis, lets the text go once the
// search documents are taken and their bodies as the bleve segments are
// written (search.Corpus.ReleaseBodies); the build that keeps the bodies
// runs the analysis first, so the two schedules give the same files.
func TestBuildReleasesBodies(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(src, corpus.Options{Pages: 120, Seed: 5, Search: true}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	build := func(t *testing.T, source string, release bool) *Result {
		t.Helper()
		defer func(old bool) { releaseBodies = old }(releaseBodies)
		releaseBodies = release
		res, err := Build(context.Background(), Options{Source: source, NoHistory: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// bodies counts the content pages that still hold HTML or text.
	bodies := func(s *site.Site) (held, content int) {
		for _, p := range s.Pages {
			if p.IsContent() {
				content++
				if p.Body != "" || p.Text != "" {
					held++
				}
			}
		}
		return held, content
	}

	keep := testsite.Copy(t, src)
	res := build(t, src, true)
	if held, n := bodies(res.Site); n < 100 || held != 0 {
		t.Fatalf("%d of %d content pages still hold their body after the build", held, n)
	}
	kres := build(t, keep, false)
	if held, n := bodies(kres.Site); held != n {
		t.Fatalf("with the release off, %d of %d content pages hold their body", held, n)
	}
	sameOutput(t, "bodies released", filepath.Join(src, "public"), filepath.Join(keep, "public"))

	// A layout of the site's own: nothing is released.
	own := testsite.Copy(t, keep)
	testsite.Write(t, own, map[string]string{"layouts/partials/footer.html": themeFile(t, "layouts/partials/footer.html")})
	ores := build(t, own, true)
	if held, n := bodies(ores.Site); held != n {
		t.Errorf("with a layout of the site's own, %d of %d content pages hold their body", held, n)
	}
}
