package render_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/render"
)

// TestFastMinifyPages minifies every page of the bundled portal and of a
// search corpus (one-pagers, fact boxes, code, tables) both ways, the fast
// path and tdewolff alone, and requires the same bytes wherever the fast
// path takes a page, and that it takes nearly all of the corpus's pages
// (pages it hands back cost what they did before). The pages as the
// renderer minifies them, with their cached parts written from memory,
// must be tdewolff's too.
func TestFastMinifyPages(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the bundled portal and a corpus")
	}
	gen := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Generate(gen, corpus.Options{Pages: 300, Seed: 5, Search: true}); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"../..", gen} {
		renderAll := func(minify bool) map[string][]byte {
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
		// The renderer's own minification, with the cached parts written
		// from memory (parts.go), against tdewolff's of the same page.
		used0 := render.PartsUsed()
		plain, minified := renderAll(false), renderAll(true)
		if used := render.PartsUsed() - used0; used < int64(len(plain)) {
			t.Errorf("%s: only %d cached parts written from memory for %d pages", src, used, len(plain))
		}
		taken, handed := 0, map[string]bool{}
		for name, html := range plain {
			fast, ok, slow, err := render.MinifyBothWays(html)
			if err != nil {
				t.Fatalf("%s: %s: %v", src, name, err)
			}
			// The bundles' names differ: minified, they are other bytes.
			if !bytes.Equal(bundleName.ReplaceAll(minified[name], []byte(".$1")), bundleName.ReplaceAll(slow, []byte(".$1"))) {
				t.Errorf("%s: %s: the renderer's minified page is not tdewolff's", src, name)
			}
			if !ok {
				handed[name] = true
				continue
			}
			taken++
			if !bytes.Equal(fast, slow) {
				i := 0
				for i < len(fast) && i < len(slow) && fast[i] == slow[i] {
					i++
				}
				t.Errorf("%s: %s: the fast path's minification differs at byte %d:\n fast: %q\n tdewolff: %q", src, name, i, around(fast, i), around(slow, i))
			}
		}
		t.Logf("%s: fast path took %d of %d pages; handed back: %v", src, taken, len(plain), handed)
		if src == gen && taken < len(plain)*9/10 {
			t.Errorf("%s: the fast path took only %d of %d pages", src, taken, len(plain))
		}
	}
}

var bundleName = regexp.MustCompile(`\.[0-9a-f]{8}(\.(?:css|js))\b`)

func around(b []byte, i int) string {
	lo, hi := max(0, i-60), min(len(b), i+60)
	return string(b[lo:hi])
}

// BenchmarkMinifyPage minifies rendered pages of a 1,000-page corpus (the
// one BenchmarkRenderPage uses) with the fast path and with tdewolff
// alone, in one process: their ratio holds on a busy machine where the
// absolute figures do not. B/op is the minified bytes' copy.
func BenchmarkMinifyPage(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	minify := false
	l, err := build.Load(context.Background(), build.Options{Source: src, Minify: &minify, NoHistory: true, IndexDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	if err := l.Renderer.Assets(l.Site, discard{}); err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	size := 0
	for _, p := range l.Site.Pages {
		html, err := l.Renderer.Page(l.Site, p)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, html)
		size += len(html)
	}
	mi := render.NewHTMLMinifier()
	for _, fast := range []bool{false, true} {
		name := "tdewolff"
		if fast {
			name = "fast"
		}
		b.Run(name, func(b *testing.B) {
			render.SetFastMinify(fast)
			defer render.SetFastMinify(true)
			b.SetBytes(int64(size / len(pages)))
			for i := 0; i < b.N; i++ {
				if _, err := mi(pages[i%len(pages)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
