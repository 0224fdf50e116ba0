package search

import (
	"path/filepath"
	"testing"
)

// The bleve index's fingerprint, with pages' bodies stood for by their
// analysis keys (a corpus analyzed with the cache) and without (hashed as
// text): equal for the same pages, whether the analysis came from the
// cache or not, and different when any indexed text changed, a body by a
// single letter included.
func TestFingerprintFollowsText(t *testing.T) {
	file := filepath.Join(t.TempDir(), "search-analysis.bin")
	docs := synthCorpus(t, 40)
	analyze := func(docs []Document, keyed bool) *Corpus {
		t.Helper()
		opt := AnalyzeOptions{}
		if keyed {
			opt.Cache = file
		}
		c, err := AnalyzeWith(docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if keyed {
			c.saveAnalysis()
		}
		return c
	}
	for _, keyed := range []bool{false, true} {
		base := analyze(docs, keyed).fingerprint(compoundOptions{})
		if again := analyze(docs, keyed).fingerprint(compoundOptions{}); again != base {
			t.Errorf("keyed %v: the same pages give another fingerprint", keyed)
		}
		if keyed && analyze(docs, true).AnalysisReused() != len(docs) {
			t.Fatal("the analysis did not come from the cache")
		}
		edits := map[string]func(d *Document){
			"a body's letter": func(d *Document) { b := []byte(d.Body); b[len(b)/2] ^= 1; d.Body = string(b) },
			"a title":         func(d *Document) { d.Title += " x" },
			"a heading":       func(d *Document) { d.Headings = append(d.Headings, "Ny") },
			"a topic":         func(d *Document) { d.Topics = append(d.Topics, "ny-ting") },
			"the address":     func(d *Document) { d.URL += "x/" },
		}
		for what, edit := range edits {
			changed := append([]Document(nil), docs...)
			edit(&changed[7])
			if analyze(changed, keyed).fingerprint(compoundOptions{}) == base {
				t.Errorf("keyed %v: %s changed, the fingerprint did not", keyed, what)
			}
		}
	}
}

// BenchmarkFingerprint: the bleve index's fingerprint of 10,000 synthetic
// pages, bodies hashed as text ("text") and stood for by their analysis
// keys ("keys", as in varde build, which keeps the analysis cache).
func BenchmarkFingerprint(b *testing.B) {
	docs := synthCorpus(b, 10000)
	for _, keyed := range []bool{false, true} {
		opt := AnalyzeOptions{}
		name := "text"
		if keyed {
			opt.Cache, name = filepath.Join(b.TempDir(), "a.bin"), "keys"
		}
		c, err := AnalyzeWith(docs, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c.fingerprint(compoundOptions{})
			}
		})
	}
}
