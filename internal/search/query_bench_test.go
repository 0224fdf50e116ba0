package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/cputime"
)

// BenchmarkQueryCPU is the cost of searches the server's answer cache has
// not seen (issue 15): every query of benchQueries plus the typical
// queries of the load test, on 1,000 and 10,000 generated pages, with
// facets and snippets as /api/search asks for them. It reports the CPU
// time a search takes (user + system, getrusage), which load from other
// processes moves far less than wall time, and the p50/p95 wall latency.
//
// Building the 10,000-page index takes most of the run; set
// VARDE_BENCH_INDEX to a folder to keep the indexes between runs (the
// build keeps an index whose fingerprint is unchanged), and profile with
//
//	go test -run '^$' -bench QueryCPU -benchtime 5x -cpuprofile cpu.prof ./internal/search
//	go tool pprof -focus 'Index..Search' cpu.prof
//
// The sub-benchmarks named cold keep nothing between searches (no decoded
// postings, no snippet text): every term is read from bleve as if no
// earlier query had used it.
func BenchmarkQueryCPU(b *testing.B) {
	for _, name := range []string{"pages=1000", "pages=10000", "pages=1000/cold", "pages=10000/cold"} {
		var n int
		cold := strings.HasSuffix(name, "/cold")
		fmt.Sscanf(name, "pages=%d", &n)
		b.Run(name, func(b *testing.B) {
			ix := benchIndex(b, n)
			for _, li := range ix.langs {
				if cold && li.direct != nil {
					li.direct.maxBytes = 0
				}
				if cold {
					li.texts.maxBytes = 0
				}
			}
			queries := append(benchQueries(b), loadQueries...)
			ctx := context.Background()
			var took []time.Duration
			cpu0 := cputime.Self()
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
			b.StopTimer()
			cpu := cputime.Self() - cpu0
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			ms := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000 }
			b.ReportMetric(float64(cpu.Microseconds())/float64(len(took)), "cpu-µs/search")
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
			b.ReportMetric(ms(1), "max-ms")
		})
	}
}

// loadQueries are the typical queries of the load test
// (internal/server/loadtest).
var loadQueries = []string{
	"personvern", "passord", "informasjonssikkerhet", "risikovurdering", "personvernombud",
	"avvik", "tilgangsstyring", "behandling av personopplysninger", "internkontroll", "logging",
	"beredskap", "opplæring", "leverandør", "databehandleravtale", "sikkerhet",
}

// benchIndex opens an index of n generated pages, built in
// $VARDE_BENCH_INDEX/<n> when that is set (and kept there), else in a
// temporary folder.
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "search.bleve")
	if keep := os.Getenv("VARDE_BENCH_INDEX"); keep != "" {
		dir = filepath.Join(keep, fmt.Sprint(n))
	}
	// BENCH_SEPARATE=1: the ten separate fields of before session 16
	// (fields.go), for a side-by-side run.
	co := compoundOptions{separate: os.Getenv("BENCH_SEPARATE") == "1"}
	if co.separate {
		dir += "-separate"
	}
	c, err := Analyze(synthCorpus(b, n))
	if err != nil {
		b.Fatal(err)
	}
	if err := c.buildIndex(dir, co); err != nil {
		b.Fatal(err)
	}
	return openTestIndex(b, dir)
}
