//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || illumos || windows)

package lock

import (
	"os"
	"path/filepath"
	"sync"
)

// Platforms without flock or LockFileEx (plan9, wasm, aix) get a lock that
// excludes builds within one process only; Varde's releases target Linux,
// macOS and Windows.

const removeOnRelease = false

var (
	mu   sync.Mutex
	held = map[string]*os.File{}
)

func key(f *os.File) string {
	p, err := filepath.Abs(f.Name())
	if err != nil {
		return f.Name()
	}
	return p
}

func tryLock(f *os.File) (bool, error) {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := held[key(f)]; ok {
		return false, nil
	}
	held[key(f)] = f
	return true, nil
}

func unlock(f *os.File) {
	mu.Lock()
	defer mu.Unlock()
	if held[key(f)] == f {
		delete(held, key(f))
	}
}

func readHolder(path string) ([]byte, error) { return os.ReadFile(path) }
