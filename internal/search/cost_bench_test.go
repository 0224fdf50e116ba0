package search

import (
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSearchBuildCost measures what the search build costs in CPU
// seconds (user + system, getrusage: on a shared machine far steadier than
// wall time), stage by stage, on 10,000 synthetic pages, with every part
// of issue 17 on (the real build) and with each switched off (features):
// the thesaurus, the compound pieces for query decompounding, the static
// passages, and all three. Run it as
//
//	go test -run '^$' -bench SearchBuildCost -benchtime 1x ./internal/search
//
// and compare the variants' cpu-s within one run (docs/performance.md,
// "Session 15"). -bench SearchBuildCost/static skips the bleve index.
func BenchmarkSearchBuildCost(b *testing.B) {
	docs := synthCorpus(b, 10000)
	variants := []struct {
		name string
		feat features
	}{
		{"all", features{}},
		{"no-thesaurus", features{noThesaurus: true}},
		{"no-pieces", features{noPieces: true}},
		{"no-passages", features{noPassages: true}},
		{"none", features{noThesaurus: true, noPieces: true, noPassages: true}},
	}
	for _, bleve := range []bool{false, true} {
		scope := "static"
		if bleve {
			scope = "both"
		}
		for _, v := range variants {
			b.Run(scope+"/"+v.name, func(b *testing.B) {
				var an, ex, bl, wall float64
				for i := 0; i < b.N; i++ {
					runtime.GC()
					start, t0 := cpuSeconds(), time.Now()
					c, err := analyzeFeatures(docs, compoundOptions{}, v.feat)
					if err != nil {
						b.Fatal(err)
					}
					t1 := cpuSeconds()
					if _, err := c.ExportStatic(); err != nil {
						b.Fatal(err)
					}
					t2 := cpuSeconds()
					if bleve {
						if err := c.BuildIndex(filepath.Join(b.TempDir(), "search.bleve")); err != nil {
							b.Fatal(err)
						}
					}
					t3 := cpuSeconds()
					an += t1 - start
					ex += t2 - t1
					bl += t3 - t2
					wall += time.Since(t0).Seconds()
				}
				n := float64(b.N)
				b.ReportMetric(an/n, "analyze-cpu-s")
				b.ReportMetric(ex/n, "export-cpu-s")
				if bleve {
					b.ReportMetric(bl/n, "bleve-cpu-s")
				}
				b.ReportMetric((an+ex+bl)/n, "cpu-s")
				b.ReportMetric(wall/n, "wall-s")
			})
		}
	}
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
