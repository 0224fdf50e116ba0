package build

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/testsite"
)

// Issue 22: the Markdown of pages no input of theirs changed comes from
// .varde/cache; after each change the output is byte for byte a clean
// build's (of a copy of the site without .varde/), and a changed title is
// on every page that lists or links the page.
func TestMarkdownCacheBetweenRuns(t *testing.T) {
	site, build := cacheTestSite(t, 80, 11)
	pages := 0
	first := build(site)
	for _, p := range first.Site.Pages {
		if p.Source != nil && !p.Source.Auto {
			pages++
		}
	}
	if first.Stats.MarkdownReused != 0 {
		t.Errorf("first build reused %d pages", first.Stats.MarkdownReused)
	}
	if _, err := os.Stat(mdCachePath(site)); err != nil {
		t.Fatalf("no cache file: %v", err)
	}
	target := "content/maler/side-00002.md"
	steps := []struct {
		what   string
		edit   func()
		reused func(n int) bool
	}{
		{"nothing changed", func() {}, func(n int) bool { return n == pages }},
		{"one body changed", func() {
			editFile(t, site, "content/rutiner/side-00001.md", func(s string) string { return s + "\nEt nytt avsnitt.\n" })
		}, func(n int) bool { return n == pages-1 }},
		{"a title changed", func() {
			editFile(t, site, target, func(s string) string {
				return strings.Replace(s, "title: \"", "title: \"Helt ny tittel ", 1)
			})
		}, func(n int) bool { return n == pages }}, // the body is as it was: its HTML does not hold the title
		// Every page linking to the target now links to its new address:
		// the link targets' fingerprint changed, so nothing is reused.
		{"an address changed", func() {
			editFile(t, site, target, func(s string) string { return strings.Replace(s, "---\n", "---\nslug: ny-adresse\n", 1) })
		}, func(n int) bool { return n == 0 }},
	}
	for _, step := range steps {
		step.edit()
		res := build(site)
		if !step.reused(res.Stats.MarkdownReused) {
			t.Errorf("%s: %d of %d pages' Markdown reused", step.what, res.Stats.MarkdownReused, pages)
		}
		clean := testsite.Copy(t, site)
		build(clean)
		sameOutput(t, step.what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
	}
	// The new title and address are everywhere a clean build puts them:
	// on the page, its section's list, and the pages linking to it.
	out := outputFiles(t, filepath.Join(site, "public"))
	var titled, linked int
	for name, b := range out {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if bytes.Contains(b, []byte("Helt ny tittel")) {
			titled++
		}
		if bytes.Contains(b, []byte("/maler/ny-adresse/")) && name != "maler/ny-adresse/index.html" {
			linked++
		}
	}
	if titled < 2 || linked < 1 {
		t.Errorf("new title on %d pages, new address linked from %d", titled, linked)
	}
}

// A cache written by another Varde, or for another configuration, is not
// used.
func TestMarkdownCacheKey(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 20, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: site, NoHistory: true}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(site, "config.toml")
	b, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(b, "\n# a comment\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.MarkdownReused != 0 {
		t.Errorf("config.toml changed, yet %d pages reused", res.Stats.MarkdownReused)
	}
	opts.Drafts = true
	if res, err = Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if res.Stats.MarkdownReused != 0 {
		t.Errorf("built with drafts, yet %d pages reused", res.Stats.MarkdownReused)
	}
	// Cut short (a full disk, a killed copy): none of it is used.
	whole, err := os.ReadFile(mdCachePath(site))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mdCachePath(site), whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err = Build(context.Background(), opts); err != nil || res.Stats.MarkdownReused != 0 {
		t.Errorf("cache cut short: %v, %d reused", err, res.Stats.MarkdownReused)
	}
	// Corrupt: ignored, rebuilt.
	if err := os.WriteFile(mdCachePath(site), []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err = Build(context.Background(), opts); err != nil || res.Stats.MarkdownReused != 0 {
		t.Errorf("corrupt cache: %v, %d reused", err, res.Stats.MarkdownReused)
	}
	if res, err = Build(context.Background(), opts); err != nil || res.Stats.MarkdownReused == 0 {
		t.Errorf("after the corrupt cache was replaced: %v, %d reused", err, res.Stats.MarkdownReused)
	}
}

// A cache file with one byte changed, in a page's HTML or in the entries,
// is not used at all (gob alone would read a changed byte in a text as
// another text), and the output is a clean build's.
func TestMarkdownCacheDamagedByte(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	opts := Options{Source: site, NoHistory: true, Now: now}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(mdCachePath(site))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), opts)
	if err != nil || res.Stats.MarkdownReused == 0 {
		t.Fatalf("the whole file: %v, %d reused", err, res.Stats.MarkdownReused)
	}
	html := bytes.LastIndex(whole, []byte("</p>"))
	for what, at := range map[string]int{"in a page's HTML": html + 1, "in the entries": 40, "in the checksum": 3} {
		damaged := bytes.Clone(whole)
		damaged[at] ^= 0x20
		if err := os.WriteFile(mdCachePath(site), damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Build(context.Background(), opts)
		if err != nil || res.Stats.MarkdownReused != 0 {
			t.Errorf("%s: %v, %d reused", what, err, res.Stats.MarkdownReused)
		}
		clean := testsite.Copy(t, site)
		if _, err := Build(context.Background(), Options{Source: clean, NoHistory: true, Now: now}); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
	}
}

// A build that converted a few pages writes them to the delta file and
// leaves markdown.gob as it was; the next build reads both. Many pages
// changed write the whole file again and remove the delta; a delta that
// is damaged or was written for another markdown.gob is not read. After
// each step the output is a clean build's.
func TestMarkdownCacheDelta(t *testing.T) {
	site, build := cacheTestSite(t, 60, 13)
	first := build(site)
	pages := 0
	for _, p := range first.Site.Pages {
		if p.Source != nil && !p.Source.Auto {
			pages++
		}
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return b
	}
	whole := read(mdCachePath(site))
	if whole == nil {
		t.Fatal("no cache written")
	}
	body := func(rel string) func() {
		return func() {
			editFile(t, site, rel, func(s string) string { return s + "\nEt nytt avsnitt.\n" })
		}
	}
	var oldDelta []byte
	steps := []struct {
		what   string
		edit   func()
		reused int
		delta  int  // entries the delta holds after the build; -1: no delta
		same   bool // markdown.gob unchanged
	}{
		{"one body changed", body("content/rutiner/side-00001.md"), pages - 1, 1, true},
		{"another body changed", body("content/maler/side-00002.md"), pages - 1, 2, true},
		{"the first changed again", body("content/rutiner/side-00001.md"), pages - 1, 2, true},
		{"nothing changed", func() {}, pages, 2, true},
		{"a damaged delta", func() {
			d := read(mdDeltaPath(site))
			oldDelta = append([]byte{}, d...)
			d[len(d)-3] ^= 0x20
			if err := os.WriteFile(mdDeltaPath(site), d, 0o644); err != nil {
				t.Fatal(err)
			}
		}, pages - 2, 2, true},
		{"many bodies changed", func() {
			files, _ := filepath.Glob(filepath.Join(site, "content", "*", "side-*.md"))
			if len(files) < 10 {
				t.Fatalf("%d pages", len(files))
			}
			for _, f := range files[len(files)-4:] {
				rel, _ := filepath.Rel(site, f)
				body(filepath.ToSlash(rel))()
			}
		}, pages - 4, -1, false},
		{"a delta of another markdown.gob", func() {
			if err := os.WriteFile(mdDeltaPath(site), oldDelta, 0o644); err != nil {
				t.Fatal(err)
			}
		}, pages, -1, true},
	}
	for _, step := range steps {
		before := read(mdCachePath(site))
		step.edit()
		res := build(site)
		if res.Stats.MarkdownReused != step.reused {
			t.Errorf("%s: %d of %d pages' Markdown reused, want %d", step.what, res.Stats.MarkdownReused, pages, step.reused)
		}
		if after := read(mdCachePath(site)); bytes.Equal(after, before) != step.same {
			t.Errorf("%s: markdown.gob unchanged %v, want %v", step.what, !step.same, step.same)
		}
		if step.delta < 0 {
			if read(mdDeltaPath(site)) != nil && step.what != "a delta of another markdown.gob" {
				t.Errorf("%s: the delta was not removed", step.what)
			}
		} else {
			key := mdKeyOf(t, mdCachePath(site))
			m, _, base := readMDFile(mdDeltaPath(site), key)
			_, sum, _ := readMDFile(mdCachePath(site), key)
			if len(m) != step.delta || base != sum {
				t.Errorf("%s: the delta holds %d entries for markdown.gob %x, want %d for %x", step.what, len(m), base, step.delta, sum)
			}
		}
		clean := testsite.Copy(t, site)
		build(clean)
		sameOutput(t, step.what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
		if err := os.RemoveAll(clean); err != nil {
			t.Fatal(err)
		}
	}
}

// mdKeyOf reads the key a Markdown cache file was written with.
func mdKeyOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 16 {
		t.Fatalf("cannot read %s: %v", path, err)
	}
	var h mdCacheHeader
	if err := gob.NewDecoder(bytes.NewReader(b[16:])).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.Key
}

// cacheTestSite generates a corpus of pages pages and returns it with a
// build function (no history, a fixed clock) that fails the test on error.
func cacheTestSite(t *testing.T, pages int, seed int64) (string, func(src string) *Result) {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: pages, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	return site, func(src string) *Result {
		t.Helper()
		res, err := Build(context.Background(), Options{Source: src, NoHistory: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}

// A build that fails on a page's front matter leaves the Markdown cache as
// the last good build wrote it: the broken page is no link target, which
// changes every page's key, so a cache written then would hold none of the
// keys of the build after the fix (which converted every page again).
func TestMarkdownCacheKeptAfterFailedBuild(t *testing.T) {
	site, build := cacheTestSite(t, 40, 17)
	first := build(site)
	pages := 0
	for _, p := range first.Site.Pages {
		if p.Source != nil && !p.Source.Auto {
			pages++
		}
	}
	rel := "content/rutiner/side-00001.md"
	editFile(t, site, rel, func(s string) string { return s + "\nEt nytt avsnitt.\n" })
	build(site) // a delta of one entry beside markdown.gob
	whole, err := os.ReadFile(mdCachePath(site))
	if err != nil {
		t.Fatal(err)
	}
	delta, err := os.ReadFile(mdDeltaPath(site))
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(site, rel))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, site, rel, func(s string) string { return strings.Replace(s, "title: \"", "title: [\"", 1) })
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true, Now: now}); err == nil {
		t.Fatal("a page with a broken front matter built")
	}
	for path, want := range map[string][]byte{mdCachePath(site): whole, mdDeltaPath(site): delta} {
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s changed by the failed build (%v)", filepath.Base(path), err)
		}
	}
	if err := os.WriteFile(filepath.Join(site, rel), good, 0o644); err != nil {
		t.Fatal(err)
	}
	res := build(site)
	if res.Stats.MarkdownReused != pages {
		t.Errorf("after the fix %d of %d pages' Markdown reused", res.Stats.MarkdownReused, pages)
	}
	clean := testsite.Copy(t, site)
	build(clean)
	sameOutput(t, "after the fix", filepath.Join(site, "public"), filepath.Join(clean, "public"))
}
