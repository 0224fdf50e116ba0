//go:build unix

// Package cputime reads the CPU time used so far, user and system, for the
// benchmarks and the load test that report CPU time per operation: on a
// machine other jobs keep busy, wall time also counts the time spent
// waiting for a core, CPU time does not (docs/performance.md).
package cputime

import (
	"syscall"
	"time"
)

// Self is the CPU time of this process: every thread, the garbage
// collector's included.
func Self() time.Duration { return usage(syscall.RUSAGE_SELF) }

// Children is the CPU time of the child processes that have ended and
// been waited for (the git processes a build runs), which Self leaves out.
func Children() time.Duration { return usage(syscall.RUSAGE_CHILDREN) }

func usage(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
