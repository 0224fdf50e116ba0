package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

// startProfiles starts the profiles a developer asks for in the
// environment (VARDE_CPUPROFILE, VARDE_TRACE, VARDE_MEMPROFILE for
// allocations, VARDE_HEAPPEAK for what is live at the largest heap: file
// names) and returns the function that stops them.
// Measuring a real `varde build` on a large site is how the figures in
// docs/performance.md were found; a flag would put a developer's tool into
// every editor's --help.
func startProfiles(stderr io.Writer) (stop func()) {
	var stops []func()
	// run starts one profile into the file named by env, if it is set.
	run := func(env string, start func(io.Writer) error, stop func()) {
		name := os.Getenv(env)
		if name == "" {
			return
		}
		f, err := os.Create(name)
		if err == nil {
			if err = start(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "varde: %s: %v\n", env, err)
			return
		}
		stops = append(stops, func() { stop(); f.Close() })
	}
	run("VARDE_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	run("VARDE_TRACE", trace.Start, trace.Stop)
	var allocs io.Writer
	run("VARDE_MEMPROFILE", func(w io.Writer) error { allocs = w; return nil }, func() {
		if err := pprof.Lookup("allocs").WriteTo(allocs, 0); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_MEMPROFILE: %v\n", err)
		}
	})
	var peak *heapPeak
	var peakOut io.Writer
	run("VARDE_HEAPPEAK", func(w io.Writer) error { peak, peakOut = startHeapPeak(), w; return nil }, func() {
		if err := peak.stop(peakOut); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_HEAPPEAK: %v\n", err)
		}
	})
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// heapPeak keeps the heap profile taken after the garbage collection that
// found the largest live heap of the run. Peak memory is what issue 22
// measures, and an allocation profile cannot tell what was live at once:
// the heap profile's in-use figures are those of the last completed
// collection, so one taken right after the collection that marked the
// most bytes shows what the peak was made of.
type heapPeak struct {
	done    chan struct{}
	stopped chan struct{}
	best    []byte // the profile of the largest live heap so far
	live    uint64 // that heap's live bytes
}

// heapPeakPoll is how often the collector's cycle count is read: a cycle
// of a large build takes longer than this, so few are missed, and reading
// two metrics costs nothing measurable.
const heapPeakPoll = 10 * time.Millisecond

func startHeapPeak() *heapPeak {
	h := &heapPeak{done: make(chan struct{}), stopped: make(chan struct{})}
	go h.watch()
	return h
}

func (h *heapPeak) watch() {
	defer close(h.stopped)
	samples := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	var lastCycle uint64
	tick := time.NewTicker(heapPeakPoll)
	defer tick.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-tick.C:
		}
		metrics.Read(samples)
		cycle, live := samples[0].Value.Uint64(), samples[1].Value.Uint64()
		// Profile again only when the live heap grew by a twentieth:
		// writing a profile stops nothing but costs a few milliseconds.
		if cycle == lastCycle || live <= h.live+h.live/20 {
			continue
		}
		lastCycle = cycle
		var buf bytes.Buffer
		if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
			h.best, h.live = buf.Bytes(), live
		}
	}
}

// stop ends the watch and writes the kept profile to w.
func (h *heapPeak) stop(w io.Writer) error {
	close(h.done)
	<-h.stopped
	if h.best == nil {
		return fmt.Errorf("no garbage collection ran: no peak to write")
	}
	_, err := w.Write(h.best)
	return err
}
