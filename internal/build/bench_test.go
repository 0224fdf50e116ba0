package build

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/varde-portal/varde/internal/corpus"
)

// BenchmarkBuild builds synthetic corpora (minified HTML, no search index).
// scripts/bench compares the same corpora with Hugo; see docs/performance.md.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			src := filepath.Join(dir, "site")
			if err := corpus.Generate(src, corpus.Options{Pages: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Build(context.Background(), Options{Source: src, Dest: filepath.Join(dir, "public")}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
