package search

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkBleveOnly is the bleve index alone, as varde build runs it: the
// corpus is analyzed before the timer starts, and its statistics and
// dictionary (shared with the static export, which computes them first
// as often as not) are made beforehand too.
//
//	go test -run '^$' -bench BleveOnly -benchtime 1x -cpuprofile cpu.out ./internal/search
func BenchmarkBleveOnly(b *testing.B) {
	for _, n := range []int{10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			c, err := Analyze(synthCorpus(b, n))
			if err != nil {
				b.Fatal(err)
			}
			for _, lc := range c.langs {
				if _, err := lc.queryVocab(); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dir := filepath.Join(b.TempDir(), "search.bleve")
				if err := c.BuildIndex(dir); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "MB")
				b.StartTimer()
			}
		})
	}
}
