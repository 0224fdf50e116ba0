package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
)

// BenchmarkIncrementalRebuild measures, on a 1,000-page site, the time from
// saving one page to the reload event, and reports the median beside the
// full rebuild time. Goal: median under 100 ms (docs/performance.md).
func BenchmarkIncrementalRebuild(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s := New(Options{Source: dir, Port: 0, Debounce: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go func() { _ = s.Run(ctx, ready) }()
	<-ready
	first := <-s.Rebuilt
	page := filepath.Join(dir, "content", "veiledere", "side-00008.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := os.WriteFile(page, append(append([]byte{}, orig...), fmt.Sprintf("\nEndring %d.\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		info := <-s.Rebuilt
		if !info.OK {
			b.Fatal("rebuild failed")
		}
		lat = append(lat, info.Finished.Sub(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms/save-to-reload(median)")
	b.ReportMetric(float64(first.Took.Milliseconds()), "ms/full-build")
}
