package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/lock"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/search"
)

// Two processes working on one site (two builds, or a build beside varde
// serve) take turns on the two things they write: the output folder, locked
// by a build for its whole duration, and the site's state folder (.varde/,
// where the bleve index lives), locked while an index is written. A build
// takes the output lock first and the index lock second; serve and varde
// search take only the index lock, so no two holders can wait on each
// other.

// indexLockPath is the lock of a site's search index: beside the index
// folder, in .varde/ by default (.varde/search.bleve.lock).
func indexLockPath(indexDir string) string {
	return filepath.Clean(indexDir) + ".lock"
}

// lockIndex takes the lock of the index folder dir, and removes what an
// index build killed midway left there: search.BuildIndex writes each new
// index into a building-* folder first, and with the lock held no other
// build is writing one. (BuildIndex removes them itself, but only when it
// writes an index, not when the one there is up to date.)
func lockIndex(ctx context.Context, dir string, log io.Writer) (*lock.Lock, error) {
	l, err := lock.Acquire(ctx, indexLockPath(dir), waitingNotice(log, "the search index "+dir))
	if err != nil {
		return nil, err
	}
	stale, _ := filepath.Glob(filepath.Join(dir, "building-*"))
	for _, p := range stale {
		_ = os.RemoveAll(p)
	}
	return l, nil
}

// waitingNotice returns the message a build prints, once, when another
// process holds a lock it needs.
func waitingNotice(log io.Writer, what string) func(string) {
	if log == nil {
		return nil
	}
	return func(holder string) {
		fmt.Fprintf(log, "Waiting for %s, which is using %s…\n", holder, what)
	}
}

// WriteSearchIndex writes the bleve index of a loaded site from its
// analysed corpus, holding the site's index lock, so that a dev server's
// index refresh and a varde build of the same site never write it at once
// (bleve's builder fails on a folder another one is cleaning up). log, if
// not nil, hears which process it waits for.
func WriteSearchIndex(ctx context.Context, l *Loaded, source string, c *search.Corpus, log io.Writer) error {
	dir := l.IndexDir(source)
	lk, err := lockIndex(ctx, dir, log)
	if err != nil {
		return err
	}
	defer lk.Release()
	return c.BuildIndex(dir)
}

// outputPlaces are the folders of a site that config.toml names and an
// output folder must keep clear of: the search index and the editions'
// snapshot folders (the fixed ones are output.Sources).
func outputPlaces(cfg *config.Config) []string {
	var extra []string
	if cfg.Search.Dir != "" {
		extra = append(extra, cfg.Search.Dir)
	}
	for _, e := range cfg.Editions {
		if e.Dir != "" {
			extra = append(extra, e.Dir)
		}
	}
	return extra
}

// stopper lets Build stop a running build from outside (on Ctrl-C): it
// aborts the output folder as soon as one exists, or keeps one from being
// made.
type stopper struct {
	mu      sync.Mutex
	stopped bool
	out     *output.Dir
	lock    *lock.Lock // the output folder's, once its leftovers are cleaned
}

// locked registers the output folder's lock, held and with the leftovers
// of earlier builds cleaned, so that stop can let it go at once: a build
// stopped by Ctrl-C exits without waiting for its abandoned work, and would
// otherwise leave the lock file behind. It reports false when the build
// was stopped already.
func (s *stopper) locked(l *lock.Lock) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.lock = l
	return true
}

// newDir makes the build's output folder unless the build was stopped,
// under the stopper's lock: once stop has run, no output is made that it
// has not aborted. state is where the previous output's manifest and spare
// tree are kept (output.NewDirReusing).
func (s *stopper) newDir(dest, state string) (*output.Dir, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil, errStopped
	}
	out, err := output.NewDirReusing(dest, state)
	s.out = out
	return out, err
}

var errStopped = errors.New("the build was stopped")

// stop aborts the output. It reports whether the build had committed its
// output already, in which case it finishes as a success.
func (s *stopper) stop() (committed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.out != nil && !s.out.Abort() {
		return true
	}
	// Nothing of the build's is left in the output folder's parent, and it
	// makes nothing more there (newDir refuses): its lock can go.
	_ = s.lock.Release()
	return false
}
