package search

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// staticOutput stands for an output folder between builds: the static
// files as the last build left them, which ExportStaticReusing's keep
// takes from.
type staticOutput map[string][]byte

// exportReusing exports c with the previous build's cache and output,
// and returns the whole static index as the output folder then holds it
// (kept files and written ones) and this build's cache.
func exportReusing(t *testing.T, c *Corpus, prev *StaticCache, out staticOutput, keep bool) (staticOutput, *StaticCache) {
	t.Helper()
	next := staticOutput{}
	var mu sync.Mutex // keep is called from every core
	files, cache, err := c.ExportStaticReusing(prev, "folder", func(name string, hash uint64, size int64) bool {
		b, ok := out[name]
		if !keep || !ok || staticHash(b) != hash || int64(len(b)) != size {
			return false
		}
		mu.Lock()
		next[name] = b
		mu.Unlock()
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if cache == nil {
		t.Fatal("no cache for a corpus with an analysis cache")
	}
	for name, b := range files {
		if _, ok := next[name]; ok {
			t.Fatalf("%s both kept and made", name)
		}
		next[name] = b
		cache.Written(name, staticHash(b), int64(len(b))) // not minified: the bytes as made
	}
	return next, cache
}

// Issue 22: a static export that keeps files from the previous output and
// takes terms' postings from the cache gives, after each change, exactly
// the files of a fresh export; and it does keep and take where nothing
// changed.
func TestExportStaticReusing(t *testing.T) {
	dir := t.TempDir()
	analysis := filepath.Join(dir, "search-analysis.bin")
	cacheFile := filepath.Join(dir, "static.bin")
	base := append(loadCorpus(t), synthCorpus(t, 150)...)
	var out staticOutput
	step := func(what string, docs []Document, keep bool) *StaticCache {
		t.Helper()
		c, err := AnalyzeWith(docs, AnalyzeOptions{Cache: analysis})
		if err != nil {
			t.Fatal(err)
		}
		prev := LoadStaticCache(cacheFile, "folder")
		got, cache := exportReusing(t, c, prev, out, keep)
		if err := c.SaveAnalysis(); err != nil {
			t.Fatal(err)
		}
		if err := cache.Save(cacheFile); err != nil {
			t.Fatal(err)
		}
		fresh, err := Analyze(docs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.ExportStatic()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, a fresh export %d", what, len(got), len(want))
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Fatalf("%s: %s differs from a fresh export's", what, name)
			}
		}
		t.Logf("%s: %d of %d files kept, postings of %d terms reused (%d patched)", what, cache.filesKept, len(got), cache.termsReused, cache.termsPatched)
		out = got
		return cache
	}
	c := step("cold", base, true)
	if c.filesKept != 0 || c.termsReused != 0 {
		t.Errorf("cold: %d files kept, %d terms reused", c.filesKept, c.termsReused)
	}
	c = step("unchanged", base, true)
	shards := 0 // postings, store and passage shards: the files kept
	for name := range out {
		if strings.Contains(name, "/p/") || strings.Contains(name, "/s/") || strings.Contains(name, "/x/") {
			shards++
		}
	}
	if c.filesKept != shards {
		t.Errorf("nothing changed, yet only %d of %d shards kept", c.filesKept, shards)
	}
	changed := append([]Document{}, base...)
	changed[3].Body += " Et nytt avsnitt om tofaktorautentisering."
	c = step("one page's body changed", changed, true)
	if c.filesKept < len(out)/2 || c.termsReused == 0 {
		t.Errorf("one page changed: %d of %d files kept, %d terms reused", c.filesKept, len(out), c.termsReused)
	}
	if c.termsPatched == 0 {
		t.Error("one page's body changed: no term's postings patched for its length")
	}
	changed[7].Title = "Endret tittel " + changed[7].Title
	changed[7].Description = "En ny beskrivelse."
	if c = step("one page's title and description changed", changed, true); c.termsPatched == 0 {
		t.Error("one page's title changed: no term's postings patched")
	}
	// Lengths changed on many pages at once, the terms of each patched
	// where their maximum allows.
	for i := 0; i < len(changed); i += 3 {
		changed[i].Body += " Og mer."
	}
	step("a third of the pages a little longer", changed, true)
	// The previous output without its files (another folder, hard links
	// impossible): everything is made, the same bytes.
	c = step("nothing kept", changed, false)
	if c.filesKept != 0 {
		t.Errorf("keep refused, yet %d files kept", c.filesKept)
	}
	changed = append(changed, Document{ID: "zz-ny", Lang: "nb", Title: "Ny side", Body: "Ny side om tofaktorautentisering og personvern."})
	step("a page added", changed, true)
	step("a page removed", changed[1:], true)

	// A damaged or foreign cache file: a full export, never a panic.
	data, err := os.ReadFile(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(data); i += 1 + len(data)/300 {
		decodeStaticCache(data[:i], programKey()+"\x00folder")
		flip := append([]byte{}, data...)
		flip[i] ^= 0x5a
		decodeStaticCache(flip, programKey()+"\x00folder")
	}
	if LoadStaticCache(cacheFile, "another folder") != nil {
		t.Error("the cache of another folder was read")
	}
	if err := os.WriteFile(cacheFile, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if LoadStaticCache(cacheFile, "folder") != nil {
		t.Error("a truncated cache was read")
	}
	step("after a damaged cache", changed[1:], true)
}
