package build

import (
	"os"
	"runtime/debug"
	"sync"
)

// The collector's pace in a cold build's search phases.
//
// From the bleve segments on, a cold build's live heap is at its largest
// and the segments allocate fast, so the heap the collector lets grow to
// twice the live heap (GOGC=100) is the build's peak memory. tightenGC
// sets GOGC=50 until the build ends: peak RSS of the 10,000-page cold
// build about 690 -> 550 MB, at 5-6 more collections (docs/performance.md,
// "Session 19: peak memory"). A user's GOGC or GOMEMLIMIT is left alone.

// gcPace counts the builds of this process that tightened the pace (tests
// build in parallel); the first sets it, the last one out restores it.
var gcPace struct {
	mu  sync.Mutex
	n   int
	old int
}

// tightenGC sets GOGC=50 unless the user set GOGC or GOMEMLIMIT, and
// returns the function that undoes it (once).
func tightenGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gcPace.mu.Lock()
	if gcPace.n == 0 {
		gcPace.old = debug.SetGCPercent(50)
	}
	gcPace.n++
	gcPace.mu.Unlock()
	return sync.OnceFunc(func() {
		gcPace.mu.Lock()
		if gcPace.n--; gcPace.n == 0 {
			debug.SetGCPercent(gcPace.old)
		}
		gcPace.mu.Unlock()
	})
}
