package server

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestTuningFor(t *testing.T) {
	none := int64(math.MaxInt64)
	for _, tc := range []struct {
		live uint64
		want memTuning
	}{
		{0, memTuning{100, memLimit}},
		{80 << 20, memTuning{100, memLimit}},  // the default's goal comes first
		{150 << 20, memTuning{100, memLimit}}, // the limit leaves a quarter to grow into
		{uint64(limitShare * memLimit), memTuning{100, memLimit}},
		{200 << 20, memTuning{lowGCPercent, none}}, // past the limit's share
		{230 << 20, memTuning{lowGCPercent, none}},
		{memTarget, memTuning{100, none}}, // live alone passes the target: the default
		{1 << 30, memTuning{100, none}},
	} {
		want := tc.want
		if got := tuningFor(tc.live); got != want {
			t.Errorf("tuningFor(%d MB) = %+v, want %+v", tc.live>>20, got, want)
		}
	}
}

// TestMemTuner: the last of overlapping builds to end settles the memory
// once; a build runs with the default GOGC and keeps the memory limit
// until its live heap passes limitShare of it.
func TestMemTuner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	m := &memTuner{}
	settled := make(chan memTuning, 4)
	m.settled = func(p memTuning) { settled <- p }
	m.begin()
	m.begin()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC %d during a build, want 100", p)
	}
	if l := debug.SetMemoryLimit(-1); l != memLimit {
		t.Errorf("memory limit %d during a build of a small heap, want %d", l, memLimit)
	}
	m.end()
	select {
	case <-settled:
		t.Fatal("settled while a build still runs")
	case <-time.After(50 * time.Millisecond):
	}
	m.end()
	select {
	case tu := <-settled:
		// A test binary's heap is small: the limit is set, GOGC the default.
		if tu.percent != 100 || tu.limit != memLimit {
			t.Errorf("settled to %+v", tu)
		}
		if l := debug.SetMemoryLimit(-1); l != memLimit {
			t.Errorf("memory limit %d after settling, want %d", l, memLimit)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not settle after the last build")
	}
	// A build whose live heap passes limitShare of the limit lifts it.
	m.begin()
	big := make([]byte, int(limitShare*memLimit)+16<<20)
	for i := range big {
		big[i] = 1
	}
	runtime.GC()
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("the limit stayed during a build with a large live heap")
		}
		time.Sleep(buildHeapCheck)
	}
	runtime.KeepAlive(big)
	m.mu.Lock()
	m.busy = 0
	m.mu.Unlock()
	off := &memTuner{off: true, settled: func(memTuning) { t.Error("settled with GOGC set by the user") }}
	off.begin()
	off.end()
	time.Sleep(50 * time.Millisecond)
}
