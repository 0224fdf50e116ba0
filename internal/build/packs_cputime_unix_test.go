//go:build unix

package build

import (
	"syscall"
	"time"
)

// childCPUTime is the user and system CPU time of the child processes
// that have ended so far: the git processes a build on a git pack runs,
// which the process's own time (cpuTime) leaves out.
func childCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
