package main

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// A pseudo-terminal is a terminal: there, and only without CI or --quiet,
// varde build shows its progress line.
func TestProgressOnAPseudoTerminal(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer ptmx.Close()
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skip(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skip(err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	none := func(string) string { return "" }
	if !wantProgress(tty, false, none) {
		t.Error("no progress line on a terminal")
	}
	if wantProgress(tty, true, none) {
		t.Error("a progress line with --quiet")
	}
	if wantProgress(tty, false, func(k string) string {
		if k == "CI" {
			return "1"
		}
		return ""
	}) {
		t.Error("a progress line in CI")
	}
}
