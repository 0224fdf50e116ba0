// Package lock gives a build exclusive use of a folder it writes (the site's
// .varde/ state, an output folder) for as long as it runs, across processes
// and within one: two builds of one site, or `varde build` beside `varde
// serve`, take turns instead of writing the same files at once.
//
// A lock is a small file holding the holder's process id and command line,
// so a build that has to wait can say which process it waits for. On Unix
// the file is locked with flock(2), which the kernel releases when the
// holder exits, even after kill -9: a lock can never be left stuck.
package lock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pollEvery is how often a waiting Acquire tries again. Polling (instead
// of a blocking flock) lets a wait end when its context is cancelled, as on
// Ctrl-C while a build waits for another.
const pollEvery = 50 * time.Millisecond

// Lock is a held lock; Release gives it up.
type Lock struct {
	mu   sync.Mutex // Release may come from two goroutines (see build's stopper)
	f    *os.File
	path string
}

// Acquire takes the lock file at path, creating it and its folder as
// needed. While another holder has it, Acquire waits until it is free or ctx
// ends; waiting, if not nil, is called once with a description of the
// holder ("process 1234 (varde build -s site)") before the wait.
func Acquire(ctx context.Context, path string, waiting func(holder string)) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	told := false
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			// The holder before us may have removed the file as it let go
			// (see Release), so what we locked may no longer be the file at
			// path: then another process could lock a new one beside us.
			if same(f, path) {
				l := &Lock{f: f, path: path}
				l.writeHolder()
				return l, nil
			}
			unlock(f)
			f.Close()
			continue
		}
		f.Close()
		if !told && waiting != nil {
			waiting(Holder(path))
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// same reports whether the open file f is still the file at path.
func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// writeHolder records this process in the lock file for waiters to name.
func (l *Lock) writeHolder() {
	cmd := filepath.Base(os.Args[0])
	if len(os.Args) > 1 {
		cmd += " " + strings.Join(os.Args[1:], " ")
	}
	if len(cmd) > 200 {
		cmd = cmd[:200] + "…"
	}
	_ = l.f.Truncate(0)
	_, _ = l.f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"+cmd+"\n"), 0)
}

// Holder describes the process named in the lock file at path, for a
// message; "another process" when the file names none (yet).
func Holder(path string) string {
	b, err := readHolder(path)
	if err != nil {
		return "another process"
	}
	pid, cmd, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	n, err := strconv.Atoi(pid)
	if err != nil {
		return "another process"
	}
	if n == os.Getpid() {
		return "another build in this process"
	}
	if cmd = strings.TrimSpace(cmd); cmd != "" {
		return fmt.Sprintf("process %d (%s)", n, cmd)
	}
	return fmt.Sprintf("process %d", n)
}

// Path returns the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release gives the lock up. Where the platform allows it, the lock file is
// removed first, so a finished build leaves nothing behind; a waiter that
// had opened the removed file notices (see same) and tries again.
// Releasing twice is harmless.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	var err error
	if removeOnRelease {
		if rerr := os.Remove(l.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = rerr
		}
	}
	unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
