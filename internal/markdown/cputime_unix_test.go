//go:build unix

package markdown

import (
	"syscall"
	"time"
)

// cpuTime is the user and system CPU time the process has used so far
// (every thread, the collector's included), for benchmarks that report
// CPU time per operation on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
