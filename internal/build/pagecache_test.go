package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/testsite"
)

// Issue 22: the parsed pages of the last build come from
// .varde/cache/pages.gob. A page edited with its size and modification
// time kept is parsed anew (entries are keyed by content), and a damaged
// file is a normal build: after each step the output is byte for byte a
// clean build's.
func TestPageCacheBetweenRuns(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 40, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	build := func(src string) {
		t.Helper()
		if _, err := Build(context.Background(), Options{Source: src, NoHistory: true, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	build(site)
	fsys, err := sitefs.Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if c := loadPageCache(site, pageCacheKey(fsys)); !c.Changed() {
		// Changed: it holds pages that no Load has read yet.
		t.Fatal("no parsed pages kept after a build")
	}
	target := filepath.Join(site, "content", "rutiner", "side-00001.md")
	steps := []struct {
		what string
		edit func()
	}{
		{"nothing changed", func() {}},
		{"title edited, same size and time", func() {
			st, err := os.Stat(target)
			if err != nil {
				t.Fatal(err)
			}
			editFile(t, site, "content/rutiner/side-00001.md", func(s string) string {
				i := strings.Index(s, "title: \"") + len("title: \"")
				return s[:i] + "Æ" + s[i+len("Æ"):]
			})
			if st2, _ := os.Stat(target); st2.Size() != st.Size() {
				t.Fatal("the edit changed the size")
			}
			if err := os.Chtimes(target, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{"cache file cut short", func() {
			b, err := os.ReadFile(pageCachePath(site))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pageCachePath(site), b[:len(b)/2], 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"cache file not gob", func() {
			if err := os.WriteFile(pageCachePath(site), []byte("not a cache"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"cache file removed", func() {
			if err := os.Remove(pageCachePath(site)); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, step := range steps {
		step.edit()
		build(site)
		clean := testsite.Copy(t, site)
		build(clean)
		sameOutput(t, step.what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
	}
	out := outputFiles(t, filepath.Join(site, "public"))
	found := false
	for _, b := range out {
		found = found || strings.Contains(string(b), "Æ")
	}
	if !found {
		t.Error("the edited title is in no page")
	}
}
