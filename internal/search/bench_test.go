package search

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/cputime"
)

// Benchmarks on generated pages (synthCorpus). Run them with
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/search
//
// BenchmarkBuildIndex reports the index size, BenchmarkSearch the latency
// percentiles, BenchmarkExportStatic the static index size.

var benchSizes = []int{1000, 10000}

func BenchmarkBuildIndex(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			docs := synthCorpus(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dir := filepath.Join(b.TempDir(), "search.bleve")
				if err := BuildIndex(dir, docs); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "MB")
			}
		})
	}
}

func BenchmarkExportStatic(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			docs := synthCorpus(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				files, err := ExportStatic(docs)
				if err != nil {
					b.Fatal(err)
				}
				var raw int
				for _, f := range files {
					raw += len(f)
				}
				b.ReportMetric(float64(raw)/(1<<20), "MB")
				b.ReportMetric(float64(len(files)), "files")
			}
		})
	}
}

// BenchmarkAnalyzeOnce is the shared analysis that BuildIndex and
// ExportStatic each repeat when called on their own (Corpus avoids that).
func BenchmarkAnalyzeOnce(b *testing.B) {
	docs := synthCorpus(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(docs); err != nil {
			b.Fatal(err)
		}
	}
}

// benchQueries are the bokmål queries of the bundled relevance set,
// realistic queries of every kind (inflected, compound parts, typos,
// questions), and some bad input.
func benchQueries(t testing.TB) []string {
	var qs []string
	for _, rc := range loadRelevanceFile(t, "testdata/bundled_relevance.txt") {
		if rc.lang == "nb" {
			qs = append(qs, rc.query)
		}
	}
	return append(qs, "og i på", "\"*:~^+-()", "personv", "kommunedir")
}

// BenchmarkSearch reports p50 and p95 latency of queries on 10,000 pages,
// as the dev server's API runs them: with facet counts.
func BenchmarkSearch(b *testing.B) {
	docs := synthCorpus(b, 10000)
	dir := filepath.Join(b.TempDir(), "search.bleve")
	if err := BuildIndex(dir, docs); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	queries := benchQueries(b)
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			start := time.Now()
			if _, err := ix.Search(ctx, Query{Text: q, Lang: "nb"}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	ms := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
	b.ReportMetric(ms(1), "max-ms")
}

// BenchmarkDecompound splits every word of a 2,000-page synthetic corpus's
// dictionary, as a cold build does once per language (compound.go).
func BenchmarkDecompound(b *testing.B) {
	c, err := Analyze(synthCorpus(b, 2000))
	if err != nil {
		b.Fatal(err)
	}
	lc := c.langs[0]
	dc := newDecompounder(lc.an, lc.lex, compoundOptions{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, s := range lc.lex.surf {
			dc.partsAndPieces(s, lc.lex.stemOf[j])
		}
	}
}

// BenchmarkTokenize cuts the bodies of a 2,000-page synthetic corpus into
// words, as the analysis does for every page (tokenize.go).
func BenchmarkTokenize(b *testing.B) {
	docs := synthCorpus(b, 2000)
	var ws []word
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			ws = tokenizeAppend(ws[:0], d.Body)
		}
	}
}

// BenchmarkAnalyzeOnePageChanged is varde build's search analysis stage
// after one page of 10,000 changed (issue 22): the analysis cache holds
// the others, and the changed page brings a word the dictionary did not
// have, so the compound splits are updated (updateSplits), not reused.
func BenchmarkAnalyzeOnePageChanged(b *testing.B) {
	docs := synthCorpus(b, 10000)
	file := filepath.Join(b.TempDir(), "search-analysis.bin")
	c, err := AnalyzeWith(docs, AnalyzeOptions{Cache: file})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.SaveAnalysis(); err != nil {
		b.Fatal(err)
	}
	body := docs[0].Body
	b.ResetTimer()
	// CPU time too: on a loaded machine it varies less than wall time.
	cpu := cputime.Self()
	for i := 0; i < b.N; i++ {
		docs[0].Body = body + fmt.Sprintf(" Endret avsnitt om endringsord%d.", i)
		c, err := AnalyzeWith(docs, AnalyzeOptions{Cache: file})
		if err != nil {
			b.Fatal(err)
		}
		if c.AnalysisReused() != len(docs)-1 {
			b.Fatalf("%d pages from the cache, want %d", c.AnalysisReused(), len(docs)-1)
		}
		redone, _ := splitsRedone(c)
		b.ReportMetric(float64(redone), "words-split")
	}
	b.ReportMetric(float64((cputime.Self()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}
