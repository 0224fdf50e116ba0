//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || illumos

package lock

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// removeOnRelease: on Unix an open file can be removed, and a waiter
// holding the old file sees that it is gone.
const removeOnRelease = true

// tryLock takes an exclusive flock on f without waiting. flock locks belong
// to the open file, not the process, so two builds in one process exclude
// each other too.
func tryLock(f *os.File) (bool, error) {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return false, nil
		}
		return false, err
	}
}

func unlock(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }

func readHolder(path string) ([]byte, error) { return os.ReadFile(path) }
