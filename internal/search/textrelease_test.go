package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestDocFreqsAsStats: the document frequencies that the passages chosen
// beside the bleve segments are weighed by are the statistics' cdf, stem
// by stem.
func TestDocFreqsAsStats(t *testing.T) {
	for name, docs := range map[string][]Document{"test corpus": loadCorpus(t), "synthetic": synthCorpus(t, 300)} {
		c, err := Analyze(docs)
		if err != nil {
			t.Fatal(err)
		}
		for _, lc := range c.langs {
			got, st := lc.docFreqs(), lc.stats()
			if len(got) != len(lc.lex.stems) {
				t.Fatalf("%s %s: %d frequencies for %d stems", name, lc.lang, len(got), len(lc.lex.stems))
			}
			for s, term := range lc.lex.stems {
				want := 0
				if ts := st.byTerm[term]; ts != nil {
					want = ts.cdf
				}
				if int(got[s]) != want {
					t.Fatalf("%s %s: stem %q on %d pages, the statistics say %d", name, lc.lang, term, got[s], want)
				}
			}
		}
	}
}

// TestReleaseBodies: a corpus that lets its pages' bodies go as its bleve
// segments are written gives the static index and the bleve index what a
// corpus that keeps them gives, and has cleared every body; when the index
// is kept as it is, nothing is released and the static index is the same.
func TestReleaseBodies(t *testing.T) {
	defer func(old int) { segmentDocs = old }(segmentDocs)
	segmentDocs = 40 // several segments a language, written in parallel
	docs := synthCorpus(t, 230)
	docs = append(docs, loadCorpus(t)...) // more than one language
	clone := func() []Document { return append([]Document(nil), docs...) }
	bodies := func(ds []Document) (n int) {
		for _, d := range ds {
			if d.Body != "" {
				n++
			}
		}
		return n
	}

	keepDocs := clone()
	keep, err := Analyze(keepDocs)
	if err != nil {
		t.Fatal(err)
	}
	keepDir := filepath.Join(t.TempDir(), "keep.bleve")
	if err := keep.BuildIndex(keepDir); err != nil {
		t.Fatal(err)
	}
	want := exportAll(t, keep)

	relDocs := clone()
	rel, err := Analyze(relDocs)
	if err != nil {
		t.Fatal(err)
	}
	rel.ReleaseBodies()
	relDir := filepath.Join(t.TempDir(), "release.bleve")
	if err := rel.BuildIndex(relDir); err != nil {
		t.Fatal(err)
	}
	if n := bodies(relDocs); n != 0 {
		t.Fatalf("%d of %d documents still hold their body after BuildIndex", n, len(relDocs))
	}
	if n := bodies(docs); n < len(docs)-5 {
		t.Fatalf("the caller's documents lost their bodies: %d of %d hold one", n, len(docs))
	}
	sameExport(t, "bodies released", exportAll(t, rel), want)

	// Both bleve indexes answer alike, snippets (the stored body) included.
	kix, rix := openTestIndex(t, keepDir), openTestIndex(t, relDir)
	hits := 0
	for _, q := range []Query{{Text: "personvern"}, {Text: "risikovurdering leverandør"}, {Text: "tilgangsstyring", Lang: "nb"}, {Text: "privacy", Lang: "en"}} {
		kr, err := kix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := rix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(kr.Hits) != fmt.Sprint(rr.Hits) || kr.Total != rr.Total {
			t.Errorf("%q: the index of released bodies answers\n%v\nwhere the other answers\n%v", q.Text, rr.Hits, kr.Hits)
		}
		hits += len(kr.Hits)
	}
	if hits == 0 {
		t.Fatal("no query found anything: nothing compared")
	}

	// The index is up to date: BuildIndex writes no segment, and nothing
	// is released; the static index chooses its passages from the bodies.
	againDocs := clone()
	again, err := Analyze(againDocs)
	if err != nil {
		t.Fatal(err)
	}
	again.ReleaseBodies()
	if err := again.BuildIndex(keepDir); err != nil {
		t.Fatal(err)
	}
	if n := bodies(againDocs); n != bodies(docs) {
		t.Fatalf("an index kept as it is released bodies: %d of %d hold one", n, bodies(docs))
	}
	sameExport(t, "index kept", exportAll(t, again), want)
}
