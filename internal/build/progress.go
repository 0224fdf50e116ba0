package build

import (
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/output"
)

// Progress is what a running build has done, for the progress line of
// `varde build` on a terminal. Build updates it as stages end (the same
// marks as VARDE_TIMINGS); another goroutine reads it with Snapshot at any
// time. The zero value is ready to use.
type Progress struct {
	mu    sync.Mutex
	start time.Time
	stage string      // the last stage that ended
	pages int         // pages of the site, once the graph is made
	out   *output.Dir // counts the files written so far
}

// ProgressSnapshot is one reading of a Progress.
type ProgressSnapshot struct {
	Elapsed time.Duration
	Stage   string // the last stage that ended; "" before the first
	Pages   int    // pages of the site; 0 until known
	Files   int64  // output files written so far
}

// Snapshot reads the progress.
func (p *Progress) Snapshot() ProgressSnapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := ProgressSnapshot{Stage: p.stage, Pages: p.pages}
	if !p.start.IsZero() {
		s.Elapsed = time.Since(p.start)
	}
	if p.out != nil {
		s.Files, _ = p.out.Stats()
	}
	return s
}

func (p *Progress) begin() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.start = time.Now()
	p.mu.Unlock()
}

func (p *Progress) setStage(stage string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.stage = stage
	p.mu.Unlock()
}

func (p *Progress) setPages(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.pages = n
	p.mu.Unlock()
}

func (p *Progress) setOutput(out *output.Dir) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.out = out
	p.mu.Unlock()
}
