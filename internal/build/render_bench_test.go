package build

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/cputime"
	"github.com/varde-portal/varde/internal/site"
)

// BenchmarkRenderPage renders the pages of a synthetic corpus one after the
// other, with and without minification, to a sink that keeps nothing: the
// cost of the layouts (and of the minifier) per page, without Markdown or
// the file system. docs/performance.md has the figures.
//
// Besides ns/op (wall time) it reports cpu-ns/op, the process's user and
// system CPU time per page: on a machine that other jobs keep busy, wall
// time counts the time the benchmark waited for a core, CPU time does not.
func BenchmarkRenderPage(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for _, minify := range []bool{false, true} {
		name := "layouts"
		if minify {
			name = "layouts+minify"
		}
		b.Run(name, func(b *testing.B) {
			l, err := Load(context.Background(), Options{Source: src, Minify: &minify, NoHistory: true, IndexDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			var pages []*site.Page
			for _, p := range l.Site.Pages {
				if p.Kind == site.KindPage {
					pages = append(pages, p)
				}
			}
			if err := l.Renderer.Assets(l.Site, discard{}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu0 := cputime.Self()
			for i := 0; i < b.N; i++ {
				p := pages[i%len(pages)]
				if _, err := l.Renderer.Page(l.Site, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cputime.Self()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
