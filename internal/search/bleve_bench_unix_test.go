//go:build unix

package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Benchmarks of the bleve index alone, as varde build runs it: the corpus
// is analyzed before the timer starts, and its statistics and dictionary
// (shared with the static export, which computes them first as often as
// not) are made beforehand too. Each reports the process's CPU seconds
// beside the wall time, which a busy machine stretches:
//
//	go test -run '^$' -bench 'Bleve' -benchtime 1x ./internal/search
//
// BenchmarkBleveCold/parallel is `varde build`'s cold build; /separate the
// same in the ten separate fields of before session 16 (fields.go);
// /builder the separate fields through bleve's offline builder, as before
// session 15. BENCH_WAYS (e.g. "parallel,separate") picks some.
// BenchmarkBleveUpdate is a build after one page changed, against an index
// of the pages before.

func benchCorpus(b *testing.B, n int) *Corpus { return benchCorpusOf(b, synthCorpus(b, n)) }

// cpuClock measures the CPU seconds of the process between start and stop.
type cpuClock struct {
	cpu  time.Duration
	from time.Duration
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (c *cpuClock) start() { c.from = cpuNow() }
func (c *cpuClock) stop()  { c.cpu += cpuNow() - c.from }
func (c *cpuClock) report(b *testing.B) {
	b.ReportMetric(c.cpu.Seconds()/float64(b.N), "cpu-s/op")
}

var benchBleveSizes = []int{10000}

func BenchmarkBleveCold(b *testing.B) {
	// BENCH_SEGMENT_DOCS tries another segment size.
	if n, err := strconv.Atoi(os.Getenv("BENCH_SEGMENT_DOCS")); err == nil && n > 0 {
		SetSegmentDocs(b, n)
	}
	for _, n := range benchBleveSizes {
		c := benchCorpus(b, n)
		ways := []string{"parallel", "separate", "builder"}
		if w := os.Getenv("BENCH_WAYS"); w != "" {
			ways = strings.Split(w, ",")
		}
		for _, way := range ways {
			b.Run(fmt.Sprintf("pages=%d/%s", n, way), func(b *testing.B) {
				var clock cpuClock
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					dir := filepath.Join(b.TempDir(), "search.bleve")
					os.MkdirAll(dir, 0o755)
					b.StartTimer()
					clock.start()
					var err error
					switch way {
					case "parallel":
						err = c.BuildIndex(dir)
					case "separate":
						err = c.buildIndex(dir, compoundOptions{separate: true})
					default:
						err = c.BuildIndexReference(dir)
					}
					clock.stop()
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "MB")
					b.StartTimer()
				}
				clock.report(b)
			})
		}
	}
}

func BenchmarkBleveUpdate(b *testing.B) {
	for _, n := range benchBleveSizes {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			docs := synthCorpus(b, n)
			c, err := Analyze(docs)
			if err != nil {
				b.Fatal(err)
			}
			dir := filepath.Join(b.TempDir(), "search.bleve")
			if err := c.BuildIndex(dir); err != nil {
				b.Fatal(err)
			}
			var clock cpuClock
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				docs[i%n].Body += fmt.Sprintf("\nEndret %d.", i)
				c := benchCorpusOf(b, docs)
				b.StartTimer()
				clock.start()
				err := c.BuildIndex(dir)
				clock.stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			clock.report(b)
		})
	}
}

func benchCorpusOf(b *testing.B, docs []Document) *Corpus {
	c, err := Analyze(docs)
	if err != nil {
		b.Fatal(err)
	}
	for _, lc := range c.langs {
		if _, err := lc.queryVocab(); err != nil {
			b.Fatal(err)
		}
	}
	return c
}
