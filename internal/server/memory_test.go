package server

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{80 << 20, 100},         // twice live fits the target
		{memTarget / 2, 100},    // just fits
		{150 << 20, 60},         // 150 MB live: the goal is the target
		{memTarget - 1<<20, 25}, // at least minGCPercent
		{memTarget, 100},        // live alone passes it: the default
		{1 << 30, 100},
	} {
		if got := gcPercentFor(tc.live); got != tc.want {
			t.Errorf("gcPercentFor(%d MB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

// TestMemTuner: the last of overlapping builds to end settles the memory
// once; a build runs with the default GOGC.
func TestMemTuner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	m := &memTuner{}
	settled := make(chan int, 4)
	m.settled = func(p int) { settled <- p }
	m.begin()
	m.begin()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC %d during a build, want 100", p)
	}
	m.end()
	select {
	case <-settled:
		t.Fatal("settled while a build still runs")
	case <-time.After(50 * time.Millisecond):
	}
	m.end()
	select {
	case p := <-settled:
		if p < minGCPercent || p > 100 {
			t.Errorf("GOGC %d", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not settle after the last build")
	}
	off := &memTuner{off: true, settled: func(int) { t.Error("settled with GOGC set by the user") }}
	off.begin()
	off.end()
	time.Sleep(50 * time.Millisecond)
}
