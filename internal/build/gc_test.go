package build

import (
	"runtime/debug"
	"testing"
)

// tightenGC sets GOGC=50 for as long as any build of the process holds it
// (tests build in parallel), puts the user's pace back when the last one
// lets go, undoes each hold once only, and leaves a user's GOGC alone.
func TestTightenGC(t *testing.T) {
	old := debug.SetGCPercent(170)
	defer debug.SetGCPercent(old)
	pace := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	a := tightenGC()
	b := tightenGC()
	if got := pace(); got != 50 {
		t.Fatalf("pace %d while two builds hold it, want 50", got)
	}
	a()
	a() // once only: b still holds it
	if got := pace(); got != 50 {
		t.Fatalf("pace %d after one build let go, want 50", got)
	}
	b()
	if got := pace(); got != 170 {
		t.Fatalf("pace %d after both let go, want the 170 set before", got)
	}
	t.Setenv("GOGC", "170")
	tightenGC()()
	c := tightenGC()
	if got := pace(); got != 170 {
		t.Fatalf("pace %d with GOGC set by the user, want it left at 170", got)
	}
	c()
}
