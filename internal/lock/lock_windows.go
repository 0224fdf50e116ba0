//go:build windows

package lock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// removeOnRelease: Windows cannot remove a file another process has open,
// so the lock file stays (empty of meaning once unlocked).
const removeOnRelease = false

// lockOffset is the byte LockFileEx locks: far past the holder's text, which
// a locked range would make unreadable to waiters on Windows.
const lockOffset = 1 << 40

func tryLock(f *os.File) (bool, error) {
	ol := &windows.Overlapped{OffsetHigh: lockOffset >> 32}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return false, nil
	}
	return false, err
}

func unlock(f *os.File) {
	ol := &windows.Overlapped{OffsetHigh: lockOffset >> 32}
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}

func readHolder(path string) ([]byte, error) { return os.ReadFile(path) }
