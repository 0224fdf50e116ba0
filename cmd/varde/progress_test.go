package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/testsite"
)

// lockedBuffer is written by the progress goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Issue 22: the progress line is for people at a terminal: none in CI, with
// --quiet, or when stderr is a buffer, a file or /dev/null (the positive
// case, a pseudo-terminal, is in tty_linux_test.go).
func TestProgressOnlyOnATerminal(t *testing.T) {
	none := func(string) string { return "" }
	ci := func(k string) string {
		if k == "CI" {
			return "true"
		}
		return ""
	}
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, c := range []struct {
		name  string
		w     io.Writer
		quiet bool
		env   func(string) string
	}{
		{"a buffer", &bytes.Buffer{}, false, none},
		{"a file", f, false, none},
		{"/dev/null", null, false, none},
		{"--quiet", f, true, none},
		{"CI", f, false, ci},
	} {
		if wantProgress(c.w, c.quiet, c.env) {
			t.Errorf("%s: progress line wanted", c.name)
		}
	}
}

// The line shows pages, the last stage and the files written, rewrites
// itself, and is cleared when the build ends; a build shorter than the
// delay shows nothing.
func TestProgressLine(t *testing.T) {
	var w lockedBuffer
	p := &build.Progress{}
	stop := progressLine(&w, p, 0, 5*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(w.String(), "\r") < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	out := w.String()
	if !strings.HasPrefix(out, "\rvarde build: ") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Count(out, "\r") < 3 {
		t.Errorf("progress output %q", out)
	}
	if got := formatProgress(build.ProgressSnapshot{Elapsed: 2500 * time.Millisecond, Pages: 10008, Stage: "Markdown converted", Files: 4512}); got != "varde build: 2.5 s · 10008 pages · Markdown converted · 4512 files written" {
		t.Errorf("line %q", got)
	}
	var short lockedBuffer
	stop = progressLine(&short, p, time.Hour, time.Millisecond)
	stop()
	if short.String() != "" {
		t.Errorf("a short build printed %q", short.String())
	}
}

// A build fills in its Progress: the pages of the site, the stages as they
// end, the files written.
func TestBuildReportsProgress(t *testing.T) {
	site := testsite.Copy(t, "../../internal/build/testdata/basic")
	p := &build.Progress{}
	if _, err := build.Build(t.Context(), build.Options{Source: site, NoHistory: true, Progress: p}); err != nil {
		t.Fatal(err)
	}
	s := p.Snapshot()
	if s.Pages == 0 || s.Files == 0 || s.Stage != "committed" || s.Elapsed <= 0 {
		t.Errorf("progress after the build: %+v", s)
	}
}
