package build

import (
	"bytes"
	"context"
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
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 80, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	build := func(src string) *Result {
		t.Helper()
		res, err := Build(context.Background(), Options{Source: src, NoHistory: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
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
