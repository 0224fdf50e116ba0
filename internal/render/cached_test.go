package render_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/render"
)

// TestCachedPartialsChangeNothing renders every page of the bundled portal
// (two languages, translations, editions, checklists, courses, surveys)
// and of a synthetic corpus twice, once with View.Cached reusing what it
// rendered and once rendering every partial afresh, with and without
// minification, and requires the same bytes: the keys the theme gives
// Cached must name everything its partials show.
func TestCachedPartialsChangeNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the bundled portal four times")
	}
	gen := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Generate(gen, corpus.Options{Pages: 200, Seed: 3, Search: true}); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"../..", gen} {
		for _, minify := range []bool{false, true} {
			pages := func(reuse bool) map[string][]byte {
				render.SetFragmentReuse(reuse)
				defer render.SetFragmentReuse(true)
				l, err := build.Load(context.Background(), build.Options{Source: src, Minify: &minify, NoHistory: true, IndexDir: t.TempDir()})
				if err != nil {
					t.Fatalf("%s: %v", src, err)
				}
				if err := l.Renderer.Assets(l.Site, discard{}); err != nil {
					t.Fatal(err)
				}
				out := map[string][]byte{}
				for _, p := range l.Site.Pages {
					html, err := l.Renderer.Page(l.Site, p)
					if err != nil {
						t.Fatalf("%s: %s: %v", src, p.Path, err)
					}
					out[p.OutFile] = html
				}
				return out
			}
			fresh, reused := pages(false), pages(true)
			if len(fresh) != len(reused) || len(fresh) < 100 {
				t.Fatalf("%s: %d pages rendered afresh, %d with reuse", src, len(fresh), len(reused))
			}
			for name, want := range fresh {
				if got := reused[name]; !bytes.Equal(got, want) {
					t.Errorf("%s (minify %v): %s differs when Cached reuses partials", src, minify, name)
				}
			}
		}
	}
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }
