package server

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// Memory while serving (issue 15). A build of a site with one 20 MB page
// peaks at about 0.75 GB and leaves about 150 MB live: the page's source,
// its HTML and its plain text held for incremental rebuilds, and its
// rendered file served from memory, about 20 MB each. Go's collector then
// lets the heap grow to twice what is live before collecting (GOGC=100),
// and returns what a build freed to the system only slowly, so the server
// sat at 350 to 390 MB under load. memTuner does two things once the
// server is idle after a build or a search index rebuild: it returns the
// freed memory at once (debug.FreeOSMemory), and when twice the live heap
// would pass memTarget, it lowers GOGC so that the heap's goal is
// memTarget, trading more frequent collections (cheap here: the large
// live objects are pages' bytes, which hold no pointers to scan) for
// memory. A build runs with the default GOGC, so that it is not slowed
// down; a GOGC or GOMEMLIMIT the user set is left alone.
type memTuner struct {
	mu   sync.Mutex
	busy int  // builds and index rebuilds under way
	off  bool // the user tunes the collector (GOGC or GOMEMLIMIT set)
	// settled is called after each settle, for tests.
	settled func(percent int)
}

// memTarget is the heap the server aims at when idle.
const memTarget = 240 << 20

// minGCPercent bounds how often the collector runs to reach memTarget.
const minGCPercent = 25

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
	p := gcPercentFor(ms.HeapAlloc)
	debug.SetGCPercent(p)
	if m.settled != nil {
		m.settled(p)
	}
}

// gcPercentFor is the GOGC that makes the heap's goal memTarget with live
// bytes live: 100 when twice live is within it, at least minGCPercent, and
// the default again when live alone passes the target (a large site needs
// the memory, and no GOGC would keep to it).
func gcPercentFor(live uint64) int {
	if live == 0 || 2*live <= memTarget || live >= memTarget {
		return 100
	}
	return max(int((memTarget-live)*100/live), minGCPercent)
}
