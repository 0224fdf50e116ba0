package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/build"
)

// wantProgress decides whether `varde build` shows a progress line: only
// on an interactive terminal, never in CI (the CI variable, which GitHub
// Actions, GitLab CI and most others set) and never with --quiet, so that
// logs hold no carriage returns.
func wantProgress(w io.Writer, quiet bool, getenv func(string) string) bool {
	if quiet || getenv("CI") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}

// progressLine shows p on w, rewriting one line, once the build has run
// for `after` (a build under a second shows nothing) and then every
// `every`. The returned stop clears the line; it must be called before
// anything else is written to w.
func progressLine(w io.Writer, p *build.Progress, after, every time.Duration) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	shown := false
	go func() {
		defer wg.Done()
		t := time.NewTimer(after)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			fmt.Fprintf(w, "\r%s\x1b[K", formatProgress(p.Snapshot()))
			shown = true
			t.Reset(every)
		}
	}()
	return func() {
		close(quit)
		wg.Wait()
		if shown {
			fmt.Fprint(w, "\r\x1b[K")
		}
	}
}

// formatProgress is the text of the progress line: time, pages, the last
// stage done and the files written so far (pages, assets and index files).
func formatProgress(s build.ProgressSnapshot) string {
	line := fmt.Sprintf("varde build: %.1f s", s.Elapsed.Seconds())
	if s.Pages > 0 {
		line += fmt.Sprintf(" · %d pages", s.Pages)
	}
	if s.Stage != "" {
		line += " · " + s.Stage
	}
	if s.Files > 0 {
		line += fmt.Sprintf(" · %d files written", s.Files)
	}
	return line
}
