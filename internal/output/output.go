// Package output writes a build's files atomically: into a staging folder
// beside the destination, swapped in only when the whole build succeeded,
// so a failed build never leaves a half-written public/ behind. A memory
// sink serves the same role for the dev server.
package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Dir writes files into a staging folder for dest.
type Dir struct {
	dest    string
	staging string
	made    sync.Map // folders known to exist
	files   atomic.Int64
	bytes   atomic.Int64
}

// NewDir creates the staging folder beside dest.
func NewDir(dest string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".staging-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %v", dest, err)
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{dest: abs, staging: staging}
	d.made.Store(staging, true)
	return d, nil
}

// Prepare creates, in one sequential pass, the folders that hold other
// folders of the given file names (sections, language roots). The leaf
// folders (one per page) are made by Write in the render workers, so those
// many mkdir calls run in parallel and overlap with rendering.
func (d *Dir) Prepare(names []string) error {
	inner := map[string]bool{}
	for _, n := range names {
		dir := filepath.Dir(filepath.FromSlash(strings.TrimPrefix(n, "/")))
		for p := filepath.Dir(dir); dir != "." && p != "." && !inner[p]; p = filepath.Dir(p) {
			inner[p] = true
		}
	}
	list := make([]string, 0, len(inner))
	for dir := range inner {
		list = append(list, dir)
	}
	sort.Strings(list) // parents sort before their children
	for _, dir := range list {
		full := filepath.Join(d.staging, dir)
		if err := os.Mkdir(full, 0o755); err != nil && !os.IsExist(err) {
			return err
		}
		d.made.Store(full, true)
	}
	return nil
}

// Write stores one file; name is slash-separated and relative.
func (d *Dir) Write(name string, data []byte) error {
	clean := filepath.Clean(filepath.FromSlash(strings.TrimPrefix(name, "/")))
	if clean == "." || strings.HasPrefix(clean, "..") || filepath.IsAbs(clean) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	full := filepath.Join(d.staging, clean)
	if err := d.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	d.files.Add(1)
	d.bytes.Add(int64(len(data)))
	return nil
}

// mkdir makes a folder (and its parents) once; writers in different
// folders create theirs in parallel.
func (d *Dir) mkdir(dir string) error {
	if _, ok := d.made.Load(dir); ok {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := d.mkdir(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	d.made.Store(dir, true)
	return nil
}

// Stats returns the number of files and bytes written so far.
func (d *Dir) Stats() (files, bytes int64) { return d.files.Load(), d.bytes.Load() }

// Commit swaps the staging folder in as the destination.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Stat(d.dest); err == nil {
		old = d.staging + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			d.Abort()
			return fmt.Errorf("cannot replace %s: %v", d.dest, err)
		}
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, d.dest)
		}
		d.Abort()
		return fmt.Errorf("cannot move the new site into %s: %v", d.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder, leaving the destination untouched.
func (d *Dir) Abort() { _ = os.RemoveAll(d.staging) }

// Memory keeps files in memory, for the dev server and tests.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty memory sink.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// Write stores a copy of one file.
func (m *Memory) Write(name string, data []byte) error {
	data = bytes.Clone(data)
	m.mu.Lock()
	m.files[strings.TrimPrefix(name, "/")] = data
	m.mu.Unlock()
	return nil
}

// Get returns a file.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[strings.TrimPrefix(name, "/")]
	return b, ok
}

// Names lists the files, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(m.files))
	for k := range m.files {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Stats returns the number of files and bytes held.
func (m *Memory) Stats() (files, bytes int64) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, b := range m.files {
		bytes += int64(len(b))
	}
	return int64(len(m.files)), bytes
}

// Clone returns a copy that shares the file contents (which are never
// modified in place) but not the index, so the copy can be updated while
// the original is still being served.
func (m *Memory) Clone() *Memory {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := &Memory{files: make(map[string][]byte, len(m.files))}
	for k, v := range m.files {
		c.files[k] = v
	}
	return c
}
