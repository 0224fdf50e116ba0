package build

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// stageClock prints how long the stages of a build take, from the start of
// the build, when VARDE_TIMINGS is set in the environment: a developer's
// view of which stage waits for which (docs/performance.md). Without it, it
// does nothing.
type stageClock struct {
	start    time.Time
	on       bool
	mu       sync.Mutex
	progress *Progress // hears every stage, for the progress line; may be nil
}

func newStageClock() *stageClock {
	return &stageClock{start: time.Now(), on: os.Getenv("VARDE_TIMINGS") != ""}
}

// mark records that a stage ended now.
func (c *stageClock) mark(stage string) {
	if c == nil {
		return
	}
	c.progress.setStage(stage)
	if !c.on {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(os.Stderr, "varde: %6d ms  %s\n", time.Since(c.start).Milliseconds(), stage)
}
