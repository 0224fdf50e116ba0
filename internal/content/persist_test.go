package content_test

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
)

// bundledSite is the repository's own site and its configuration.
func bundledSite(t *testing.T) (fs.FS, *config.Config) {
	t.Helper()
	site := os.DirFS("../..")
	cfg, ds := config.Load(site)
	if cfg == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	return site, cfg
}

// roundTrip writes c under key and reads it back.
func roundTrip(t *testing.T, c *content.Cache, key string) *content.Cache {
	t.Helper()
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, key); err != nil {
		t.Fatal(err)
	}
	return content.ReadCache(&buf, key)
}

// Pages taken from a cache file are the pages parsing gives, field for
// field, body included: the bundled site's pages, and params of every
// kind front matter holds.
func TestCacheFileGivesThePagesParsed(t *testing.T) {
	site, cfg := bundledSite(t)
	want, wantDiags := content.Load(site, cfg, content.Options{Drafts: true})
	c := content.NewCache()
	content.Load(site, cfg, content.Options{Drafts: true, Cache: c})
	if !c.Changed() {
		t.Fatal("a cache that parsed every page is not changed")
	}
	c2 := roundTrip(t, c, "k")
	got, gotDiags := content.Load(site, cfg, content.Options{Drafts: true, Cache: c2})
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDiags, wantDiags) {
		for i := range want.Pages {
			if i < len(got.Pages) && !reflect.DeepEqual(got.Pages[i], want.Pages[i]) {
				t.Fatalf("%s:\n got %+v\nwant %+v", want.Pages[i].File, got.Pages[i], want.Pages[i])
			}
		}
		t.Fatalf("pages from the cache file differ from those parsed: %v / %v", gotDiags, wantDiags)
	}
	if n := c2.Reused(); n < len(want.Pages)/2 {
		t.Fatalf("only %d of %d pages reused", n, len(want.Pages))
	}
	if c2.Changed() {
		t.Fatal("a cache that parsed nothing anew is changed")
	}

	cfg = fuzzConfig(t)
	fsys := fstest.MapFS{
		fuzzFile:                          {Data: []byte("---\ntitle: A\nupdated: 2025-03-01\nreview: 2026-03-01T10:00:00Z\nfarge: blå\nantall: 3\nstor: 12345678901\nandel: 0.5\nja: true\nliste: [a, 1, 2.5]\ntabell: {a: 1, b: [x], c: {d: 2024-01-02}}\nnår: 2024-05-06\nparams: {ikon: skjold}\n---\nTekst\n")},
		"content/veiledere/uten-slutt.md": {Data: []byte("+++\ntitle = \"B\"\nweight = 3\ntider = [1979-05-27T07:32:00Z]\n[params]\nx = [\"y\", 7]\nn = 5\nf = 1.5\n+++")},
		"content/_index.md":               {Data: []byte("---\ntitle: Hjem\n---\n")},
	}
	want, wantDiags = content.Load(fsys, cfg, content.Options{})
	c = content.NewCache()
	content.Load(fsys, cfg, content.Options{Cache: c})
	c2 = roundTrip(t, c, "k")
	got, gotDiags = content.Load(fsys, cfg, content.Options{Cache: c2})
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Fatalf("got %+v\nwant %+v", got.Pages, want.Pages)
	}
	if c2.Reused() != 3 {
		t.Fatalf("%d of 3 pages reused", c2.Reused())
	}
}

// An entry is used only for the bytes it was parsed from: an edit that
// keeps the file's size and modification time is parsed anew.
func TestCacheFileEntryOfAnEditedFile(t *testing.T) {
	cfg := fuzzConfig(t)
	mtime := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	fsys := fstest.MapFS{fuzzFile: {Data: []byte("---\ntitle: Aaa\n---\nEn\n"), ModTime: mtime}}
	c := content.NewCache()
	content.Load(fsys, cfg, content.Options{Cache: c})
	c2 := roundTrip(t, c, "k")
	fsys[fuzzFile] = &fstest.MapFile{Data: []byte("---\ntitle: Bbb\n---\nTo\n"), ModTime: mtime}
	set, _ := content.Load(fsys, cfg, content.Options{Cache: c2})
	for _, p := range set.Pages {
		if p.File == fuzzFile && (p.Meta.Title != "Bbb" || string(p.Body) != "To\n" || c2.Reused() != 0) {
			t.Fatalf("the edited file's old entry was used: %+v", p)
		}
	}
	if !c2.Changed() {
		t.Fatal("the cache is not changed by a page parsed anew")
	}
}

// A cache file that is damaged, cut short, of another key or missing is an
// empty cache: the pages are parsed as without one. Pages with diagnostics
// are never kept, so their warnings are said again.
func TestCacheFileDamaged(t *testing.T) {
	cfg := fuzzConfig(t)
	fsys := fstest.MapFS{
		fuzzFile:                      {Data: []byte("---\ntitle: A\n---\nTekst\n")},
		"content/veiledere/varsel.md": {Data: []byte("---\ntitle: B\naudience: ansatt, leder\n---\n")},
	}
	want, wantDiags := content.Load(fsys, cfg, content.Options{})
	if len(wantDiags) != 1 {
		t.Fatalf("want one warning: %v", wantDiags)
	}
	c := content.NewCache()
	content.Load(fsys, cfg, content.Options{Cache: c})
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, "k"); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0xff
	for name, r := range map[string]*bytes.Reader{
		"whole":      bytes.NewReader(good),
		"other key":  bytes.NewReader(good),
		"cut short":  bytes.NewReader(good[:len(good)-5]),
		"one byte":   bytes.NewReader(good[:1]),
		"flipped":    bytes.NewReader(flipped),
		"not gob":    bytes.NewReader([]byte("title: x\n")),
		"empty file": bytes.NewReader(nil),
	} {
		key := "k"
		if name == "other key" {
			key = "k2"
		}
		c := content.ReadCache(r, key)
		got, gotDiags := content.Load(fsys, cfg, content.Options{Cache: c})
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("%s: got %+v %v", name, got.Pages, gotDiags)
		}
		reused := 0
		if name == "whole" {
			reused = 1 // the page without a warning
		}
		if c.Reused() != reused {
			t.Errorf("%s: %d reused", name, c.Reused())
		}
	}
	if got, _ := content.Load(fsys, cfg, content.Options{Cache: content.ReadCache(nil, "k")}); !reflect.DeepEqual(got, want) {
		t.Error("no cache file")
	}
}

// The in-memory cache holds no page's body: a later Load cuts it from the
// file it reads, so a caller that drops the bodies of the pages it got
// (build.ReleaseSources, as `varde serve` does) changes nothing for the
// next Load, and the pages equal a parse field for field.
func TestCacheHitsCutBodiesFromTheFileRead(t *testing.T) {
	site, cfg := bundledSite(t)
	want, _ := content.Load(site, cfg, content.Options{Drafts: true})
	c := content.NewCache()
	first, _ := content.Load(site, cfg, content.Options{Drafts: true, Cache: c})
	for _, p := range first.Pages {
		p.Body = nil // what ReleaseSources does once the site is converted
	}
	for round := 0; round < 2; round++ {
		got, _ := content.Load(site, cfg, content.Options{Drafts: true, Cache: c})
		if c.Reused() < len(want.Pages)*9/10 { // generated section pages have no file
			t.Fatalf("round %d: %d of %d pages reused", round, c.Reused(), len(want.Pages))
		}
		if !reflect.DeepEqual(got, want) {
			for i := range want.Pages {
				if i < len(got.Pages) && !reflect.DeepEqual(got.Pages[i], want.Pages[i]) {
					t.Fatalf("round %d, %s: body %d bytes, want %d", round, want.Pages[i].File, len(got.Pages[i].Body), len(want.Pages[i].Body))
				}
			}
			t.Fatalf("round %d: pages from the cache differ from those parsed", round)
		}
		for _, p := range got.Pages {
			p.Body = nil
		}
	}
}

// A cache given by Options.CacheAhead (decoded while the files are read)
// is asked for once and used as Options.Cache would be: the same pages and
// diagnostics, the unchanged files reused, and a Load that reads no file
// still begins it (a file gone since is then seen as changed).
func TestCacheAhead(t *testing.T) {
	site, cfg := bundledSite(t)
	want, wantDiags := content.Load(site, cfg, content.Options{Drafts: true})
	c := content.NewCache()
	content.Load(site, cfg, content.Options{Drafts: true, Cache: c})
	c2 := roundTrip(t, c, "k")
	calls := 0
	got, gotDiags := content.Load(site, cfg, content.Options{Drafts: true, CacheAhead: func() *content.Cache {
		calls++
		return c2
	}})
	if calls != 1 {
		t.Fatalf("CacheAhead called %d times", calls)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Fatal("pages read with CacheAhead differ from those parsed")
	}
	if n := c2.Reused(); n != len(want.Pages)-countAuto(want.Pages) {
		t.Fatalf("%d of %d pages reused", n, len(want.Pages)-countAuto(want.Pages))
	}
	empty := fstest.MapFS{"content/.keep/x": {Data: []byte("x")}}
	calls = 0
	content.Load(empty, cfg, content.Options{CacheAhead: func() *content.Cache {
		calls++
		return c2
	}})
	if calls != 1 || !c2.Changed() {
		t.Fatalf("a Load of no page: CacheAhead called %d times, cache changed %v", calls, c2.Changed())
	}
}

func countAuto(ps []*content.Page) int {
	n := 0
	for _, p := range ps {
		if p.Auto {
			n++
		}
	}
	return n
}
