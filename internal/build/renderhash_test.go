package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
)

// TestRenderHashes renders every page of two synthetic corpora (the plain
// one BenchmarkRenderPage times, and the search corpus with one-pagers,
// fact boxes and long compound words) and of testdata/types, with and
// without minification, and compares a hash of each page with
// testdata/render.hashes. The renderer's fast paths (cached fragments,
// remembered hyphenation and minification) are there to make pages
// cheaper, never different: the hashes were taken before them, so any
// change to what a page says shows here. A deliberate change to the theme
// or to these sites updates the file (VARDE_UPDATE=1 go test ./internal/build
// -run TestRenderHashes) and names the pages it changed.
func TestRenderHashes(t *testing.T) {
	if testing.Short() {
		t.Skip("renders three sites twice")
	}
	dir := t.TempDir()
	sites := []struct {
		name string
		src  string
		gen  *corpus.Options
	}{
		{"corpus", filepath.Join(dir, "corpus"), &corpus.Options{Pages: 150, Seed: 1}},
		{"corpus-search", filepath.Join(dir, "corpus-search"), &corpus.Options{Pages: 150, Seed: 2, Search: true}},
		{"types", "testdata/types", nil},
	}
	var got strings.Builder
	for _, s := range sites {
		if s.gen != nil {
			if err := corpus.Generate(s.src, *s.gen); err != nil {
				t.Fatal(err)
			}
		}
		for _, minify := range []bool{false, true} {
			fmt.Fprintf(&got, "# %s minify=%v\n", s.name, minify)
			for _, line := range renderHashes(t, s.src, minify) {
				got.WriteString(line + "\n")
			}
		}
	}
	golden := filepath.Join("testdata", "render.hashes")
	if updateGo {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (VARDE_UPDATE=1 go test ./internal/build -run TestRenderHashes creates it)", err)
	}
	if got.String() != string(want) {
		t.Errorf("rendered pages differ from %s (a deliberate change: VARDE_UPDATE=1 go test ./internal/build -run TestRenderHashes, and say why in the commit)\n%s", golden, firstDiff(string(want), got.String()))
	}
}

var bundleHash = regexp.MustCompile(`\.[0-9a-f]{8}(\.(?:css|js))\b`)

// renderHashes renders every page of the site at src and returns "path
// hash" lines in path order.
func renderHashes(t *testing.T, src string, minify bool) []string {
	t.Helper()
	l, err := Load(context.Background(), Options{Source: src, Minify: &minify, NoHistory: true, IndexDir: t.TempDir(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if err := l.Renderer.Assets(l.Site, discard{}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range l.Site.Pages {
		html, err := l.Renderer.Page(l.Site, p)
		if err != nil {
			t.Fatalf("%s: %s: %v", src, p.Path, err)
		}
		// The bundles' fingerprints change with every edit of the theme's
		// CSS or scripts, which is not rendering: leave them out.
		h := sha256.Sum256(bundleHash.ReplaceAll(html, []byte(".$1")))
		out = append(out, p.OutFile+" "+hex.EncodeToString(h[:8]))
	}
	sort.Strings(out)
	return out
}
