package server

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Memory while serving (issue 15). A build of a site with one 20 MB page
// peaks at about 0.65 GB and leaves about 150–170 MB live: the page's
// source, its HTML and its plain text held for incremental rebuilds, and
// its rendered file served from memory, about 20 MB each. Go's collector
// then lets the heap grow to twice what is live before collecting
// (GOGC=100), and returns what a build freed to the system only slowly, so
// the server sat at 350 to 390 MB under load.
//
// memTuner acts once the server is idle after a build or a search index
// rebuild. It returns the freed memory at once (debug.FreeOSMemory). Then,
// when twice the live heap would pass memLimit, it sets a soft memory limit
// (debug.SetMemoryLimit) of memLimit: the collector runs when the process's
// Go memory reaches it, and the runtime returns freed pages to the system
// to stay below it. A limit counts all of the runtime's memory, not only
// the heap's objects, so it bounds the resident size where a lower GOGC
// (tried first) did not: with the heap's goal at 209 MB, freed but not yet
// returned pages kept the process at 300–317 MB under load. And it gives
// the collector all the room up to the limit, where a lower GOGC made it
// run every 40 MB of allocation, a mark phase of 50–90 ms each time on two
// cores, which is what set the tail of the latency under load.
//
// The limit is only set while it leaves the heap room to grow (live at
// most limitShare of it); a site whose live heap alone is larger gets a
// lower GOGC (lowGCPercent), as a limit it cannot keep
// to would make the collector run without pause. A build runs with the
// default GOGC and keeps the limit only while its live heap leaves room
// under it (see begin); a GOGC or GOMEMLIMIT the user set is left alone.
type memTuner struct {
	mu    sync.Mutex
	busy  int  // builds and index rebuilds under way
	build int  // counts the periods of building, for watchBuild
	off   bool // the user tunes the collector (GOGC or GOMEMLIMIT set)
	// settled is called after each settle, for tests.
	settled func(t memTuning)
}

// memTuning is what the collector is set to while serving.
type memTuning struct {
	percent int   // GOGC
	limit   int64 // soft memory limit; math.MaxInt64 for none
}

// memLimit is the Go memory the server aims to stay within while idle or
// serving: with the binary's pages and the search index's mapped files
// (about 30 MB) the resident size stays under 300 MB.
const memLimit = 256 << 20

// limitShare is how much of memLimit the live heap may be for the limit
// to be set (the rest is the room the heap grows into between collections).
const limitShare = 0.75

// Past the limit's share, up to memTarget of live heap, the collector runs
// at lowGCPercent: at 192 MB live (limitShare of memLimit) that puts the
// heap's goal at memTarget, and above it a little past.
const (
	memTarget    = 240 << 20
	lowGCPercent = 25
)

func newMemTuner() *memTuner {
	return &memTuner{off: os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != ""}
}

// begin marks the start of a build or index rebuild.
func (m *memTuner) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.busy++
	if !m.off && m.busy == 1 {
		debug.SetGCPercent(100)
		// The build keeps the limit while its live heap leaves it room: a
		// small site's build (or one with a single huge page) then stays
		// within memLimit too, where it peaked at about 1.3 times it. A
		// larger site's build would make the collector run without pause
		// under it, so the limit is lifted as soon as the live heap passes
		// limitShare of it (checked every buildHeapCheck).
		debug.SetMemoryLimit(memLimit)
		m.build++
		go m.watchBuild(m.build)
	}
}

// buildHeapCheck is how often a build's live heap is compared with the
// limit.
const buildHeapCheck = 50 * time.Millisecond

// watchBuild lifts the memory limit during build number n once its live
// heap passes limitShare of memLimit; it stops when the build ends.
func (m *memTuner) watchBuild(n int) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	t := time.NewTicker(buildHeapCheck)
	defer t.Stop()
	for range t.C {
		metrics.Read(sample)
		big := sample[0].Value.Kind() == metrics.KindUint64 && float64(sample[0].Value.Uint64()) > limitShare*memLimit
		m.mu.Lock()
		running := m.busy > 0 && m.build == n
		if running && big {
			debug.SetMemoryLimit(math.MaxInt64)
		}
		m.mu.Unlock()
		if !running || big {
			return
		}
	}
}

// end marks its end; the last one to end settles the memory.
func (m *memTuner) end() {
	m.mu.Lock()
	m.busy--
	idle := m.busy == 0
	m.mu.Unlock()
	if idle && !m.off {
		go m.settle()
	}
}

func (m *memTuner) settle() {
	debug.FreeOSMemory() // collects, then returns the free memory
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.busy > 0 {
		return // a new build started; its end settles again
	}
	t := tuningFor(ms.HeapAlloc)
	debug.SetGCPercent(t.percent)
	debug.SetMemoryLimit(t.limit)
	if m.settled != nil {
		m.settled(t)
	}
}

// tuningFor is the collector's setting for live bytes live: the limit
// while live is at most limitShare of it (for a small heap the default
// GOGC's goal comes first and the limit only returns memory sooner); past
// that lowGCPercent, and the default again when live alone passes
// memTarget (a large site needs the memory, and nothing would keep to it).
func tuningFor(live uint64) memTuning {
	switch {
	case float64(live) <= limitShare*memLimit:
		return memTuning{100, memLimit}
	case live >= memTarget:
		return memTuning{100, math.MaxInt64}
	}
	return memTuning{lowGCPercent, math.MaxInt64}
}
