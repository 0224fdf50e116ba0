// Package output writes a build's files atomically: into a staging folder
// beside the destination, swapped in only when the whole build succeeded,
// so a failed build never leaves a half-written public/ behind. A memory
// sink serves the same role for the dev server.
//
// Varde replaces a whole folder on every build, so it must never be handed
// a folder that holds anything else: Place refuses an output folder that is,
// holds or lies inside the site's sources, and NewDir and Commit refuse an
// existing folder without the marker file every output carries (Marker).
// Nothing Varde did not write is ever deleted.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Marker is the file at the root of every output folder Varde writes. Only
// a folder holding it (or an empty one) is ever replaced or deleted.
const Marker = ".varde-output"

const markerText = `This folder was written by varde build, which replaces it whole on every
build. Varde only replaces or deletes folders that hold this file, so files
of your own are safe elsewhere: do not keep them here, and do not edit the
pages here either (edit the site's content/ and build again).
`

// Dir writes files into a staging folder for dest.
type Dir struct {
	dest    string
	staging string
	made    sync.Map // folders known to exist
	files   atomic.Int64
	bytes   atomic.Int64

	// mu is held shared by every write and exclusively by Commit and
	// Abort, so that Abort (on Ctrl-C, from another goroutine) never races
	// a write recreating a folder it has just removed.
	mu   sync.RWMutex
	done bool // committed or aborted

	reuse *reuse // NewDirReusing: the previous output's files and folders reused (reuse.go)
}

// ErrStopped is what writes return after Abort: the build was stopped.
var ErrStopped = errors.New("the build was stopped")

// NewDir checks that dest may be replaced (see Check), then creates the
// staging folder beside it, marked as Varde's from its first moment, so a
// build killed at any point leaves a folder the next one knows it may
// remove (see Clean).
func NewDir(dest string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if _, err := Check(abs); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix(abs))
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %v", dest, err)
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		_ = os.Remove(staging)
		return nil, err
	}
	if err := writeMarker(staging); err != nil {
		_ = os.Remove(staging)
		return nil, err
	}
	d := &Dir{dest: abs, staging: staging}
	d.made.Store(staging, true)
	return d, nil
}

// stagingPrefix is how the staging folders of dest are named (os.MkdirTemp
// appends digits): ".public.staging-123456".
func stagingPrefix(dest string) string { return "." + filepath.Base(dest) + ".staging-" }

func writeMarker(dir string) error {
	return os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644)
}

// Prepare creates, in one sequential pass, the folders that hold other
// folders of the given file names (sections, language roots). The leaf
// folders (one per page) are made by Write in the render workers, so those
// many mkdir calls run in parallel and overlap with rendering.
func (d *Dir) Prepare(names []string) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.done {
		return ErrStopped
	}
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
		if err := mkdirOnce(full); err != nil {
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
	if clean == Marker {
		return fmt.Errorf("refusing to write %q: the name is Varde's mark on its output folders", name)
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.done {
		return ErrStopped
	}
	full := filepath.Join(d.staging, clean)
	if err := d.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	var err error
	if d.reuse != nil {
		err = d.reuse.write(full, filepath.ToSlash(clean), data)
	} else {
		err = os.WriteFile(full, data, 0o644)
	}
	if err != nil {
		return err
	}
	d.files.Add(1)
	d.bytes.Add(int64(len(data)))
	return nil
}

// Keep puts at name the live output's file of that name without its bytes
// being handed over, when the live output's manifest records it with
// content hash hash (ContentHash) and size and the file is still as
// recorded: what Write does for bytes of that hash and size, without the
// caller reading them first. False when it cannot be done (no previous
// output reused, the file changed or gone, no hard links): the caller then
// writes the bytes. The rendered-page cache uses it for pages it did not
// render again (internal/build/rendercache.go).
func (d *Dir) Keep(name string, hash uint64, size int64) (bool, error) {
	if d.reuse == nil {
		return false, nil
	}
	clean := filepath.Clean(filepath.FromSlash(strings.TrimPrefix(name, "/")))
	if clean == "." || strings.HasPrefix(clean, "..") || filepath.IsAbs(clean) || clean == Marker {
		return false, nil // Write reports it
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.done {
		return false, ErrStopped
	}
	full := filepath.Join(d.staging, clean)
	if err := d.mkdir(filepath.Dir(full)); err != nil {
		return false, err
	}
	ok, err := d.reuse.keepLive(full, filepath.ToSlash(clean), hash, size)
	if ok {
		d.files.Add(1)
		d.bytes.Add(size)
	}
	return ok, err
}

// ContentHash is the hash the output's manifest keeps of a file's bytes,
// for Keep.
func ContentHash(b []byte) uint64 { return contentHash(b) }

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
	if d.reuse != nil && d.reuse.walkDone != nil {
		// An adopted spare holds the folders of the last build but one
		// already: one lstat tells, where mkdir would fail and need it.
		if fi, err := os.Lstat(dir); err == nil && fi.IsDir() {
			d.made.Store(dir, true)
			return nil
		}
	}
	if err := mkdirOnce(dir); err != nil {
		return err
	}
	d.made.Store(dir, true)
	return nil
}

// mkdirOnce makes a folder, or accepts one that is there. In a reused
// spare tree (reuse.go) the name may hold a file or a symbolic link of an
// older site instead: it is removed, so that nothing is ever written
// through a link.
func mkdirOnce(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err == nil || !os.IsExist(err) {
		return err
	}
	fi, lerr := os.Lstat(dir)
	if lerr != nil {
		return lerr
	}
	if fi.IsDir() {
		return nil
	}
	if err := os.Remove(dir); err != nil {
		return err
	}
	return os.Mkdir(dir, 0o755)
}

// Stats returns the number of files and bytes written so far (the marker
// not counted).
func (d *Dir) Stats() (files, bytes int64) { return d.files.Load(), d.bytes.Load() }

// Dest returns the absolute path of the output folder.
func (d *Dir) Dest() string { return d.dest }

// Commit swaps the staging folder in as the destination. The destination
// is checked again first: a folder that gained files of someone else's
// since NewDir is left as it is.
func (d *Dir) Commit() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return ErrStopped
	}
	d.done = true
	var err error
	if d.reuse != nil {
		err = d.reuse.prune(d)
	}
	legacy := false
	if err == nil {
		legacy, err = Check(d.dest)
	}
	if err == nil && legacy {
		err = d.adoptLegacy()
	}
	if err != nil {
		_ = removeOutput(d.staging)
		return err
	}
	if _, err := os.Lstat(d.dest); err != nil {
		if err := os.Rename(d.staging, d.dest); err != nil {
			_ = removeOutput(d.staging)
			return fmt.Errorf("cannot move the new site into %s: %v", d.dest, err)
		}
		return d.committed()
	}
	// Where the system can swap two folders in one step (Linux), the
	// destination is the old site or the new one at every moment, even
	// under kill -9; the old one is then where the staging folder was.
	if swapped, err := exchange(d.staging, d.dest); err != nil {
		_ = removeOutput(d.staging)
		return fmt.Errorf("cannot replace %s: %v", d.dest, err)
	} else if swapped {
		return d.retire(d.staging)
	}
	// Elsewhere in two renames. A build killed between them leaves no
	// destination but the old site in <staging>.old, which the next build
	// puts back before anything else (see Clean).
	old := d.staging + ".old"
	if err := os.Rename(d.dest, old); err != nil {
		_ = removeOutput(d.staging)
		return fmt.Errorf("cannot replace %s: %v", d.dest, err)
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		_ = os.Rename(old, d.dest)
		_ = removeOutput(d.staging)
		return fmt.Errorf("cannot move the new site into %s: %v", d.dest, err)
	}
	return d.retire(old)
}

// retire disposes of the old site after the swap: a reusing Dir keeps it
// as the next build's spare, a plain one removes it.
func (d *Dir) retire(old string) error {
	if d.reuse == nil {
		return removeOutput(old)
	}
	if err := d.reuse.keep(old); err != nil {
		return err
	}
	return d.committed()
}

// committed records what the new output holds, for the next build to
// reuse. A manifest that cannot be written costs only that reuse: an older
// one left in place is never trusted further than the files it still
// matches (manifestEntry.matches).
func (d *Dir) committed() error {
	if d.reuse != nil {
		_ = d.reuse.writeManifest()
	}
	return nil
}

// adoptLegacy accepts, once, an output folder written by a Varde from
// before the marker: only when every file in it is one this build writes
// again, so that replacing it loses nothing but an older copy of this
// site's own pages. It is marked before the swap, so that a build killed
// mid-swap leaves an old folder the next build recognises as Varde's.
func (d *Dir) adoptLegacy() error {
	var foreign []string
	err := filepath.WalkDir(d.dest, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.dest, p)
		switch {
		case rel == ".":
			return nil
		case e.IsDir():
			if st, err := os.Lstat(filepath.Join(d.staging, rel)); err != nil || !st.IsDir() {
				foreign = append(foreign, filepath.ToSlash(rel)+"/")
				return filepath.SkipDir
			}
			return nil
		case !e.Type().IsRegular():
			foreign = append(foreign, filepath.ToSlash(rel))
			return nil
		}
		if st, err := os.Lstat(filepath.Join(d.staging, rel)); err != nil || !st.Mode().IsRegular() {
			foreign = append(foreign, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", d.dest, err)
	}
	if len(foreign) > 0 {
		return &UnsafeError{Dest: d.dest, Reason: fmt.Sprintf(
			"it has no %s marker and holds %s, which this build does not write: it may be yours. If the folder only holds an older build, delete it yourself; otherwise choose another output folder",
			Marker, listSome(foreign))}
	}
	return writeMarker(d.dest)
}

// Abort removes the staging folder, leaving the destination untouched.
// Writes after Abort fail with ErrStopped; it may be called from another
// goroutine while the build still writes (on Ctrl-C). It reports whether it
// stopped the build: false when Commit (or Abort) ran already.
func (d *Dir) Abort() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return false
	}
	d.done = true
	if d.reuse != nil {
		// Half brought up to date, the tree is still a spare the next
		// build can reuse: it trusts no file of it without checking.
		_ = d.reuse.keep(d.staging)
		return true
	}
	_ = removeOutput(d.staging)
	return true
}

// removeOutput deletes a folder Varde wrote, its marker last, so that a
// removal cut short still leaves a folder marked as Varde's for the next
// build to finish off.
func removeOutput(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var first error
	for _, e := range entries {
		if e.Name() == Marker {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return first
	}
	if err := os.Remove(filepath.Join(dir, Marker)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Remove(dir)
}

// UnsafeError says why an output folder was refused.
type UnsafeError struct {
	Dest   string
	Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("refusing to write the site into %s: %s", e.Dest, e.Reason)
}

// Check reports whether the existing folder dest may be replaced by a
// build: it does not exist, is empty, or holds the Marker. legacy is true
// for a folder without the marker that looks like an older Varde's output
// (index.html and sitemap.xml at its root): Commit replaces it only when
// every file in it is one the new build writes too. Anything else is an
// *UnsafeError.
func Check(dest string) (legacy bool, err error) {
	st, err := os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case st.Mode()&fs.ModeSymlink != 0:
		return false, &UnsafeError{Dest: dest, Reason: "it is a symbolic link; give the folder it points to instead"}
	case !st.IsDir():
		return false, &UnsafeError{Dest: dest, Reason: "it is a file, not a folder"}
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return false, nil
	}
	names := map[string]fs.FileMode{}
	var list []string
	for _, e := range entries {
		names[e.Name()] = e.Type()
		list = append(list, e.Name())
	}
	if t, ok := names[Marker]; ok && t.IsRegular() {
		return false, nil
	}
	if t, ok := names["index.html"]; ok && t.IsRegular() {
		if t, ok := names["sitemap.xml"]; ok && t.IsRegular() {
			return true, nil
		}
	}
	return false, &UnsafeError{Dest: dest, Reason: fmt.Sprintf(
		"it holds files Varde did not write (%s) and no %s marker, and a build replaces the whole folder. Choose a new or empty output folder",
		listSome(list), Marker)}
}

// listSome names up to three items and says how many more there are.
func listSome(names []string) string {
	sort.Strings(names)
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}

// Sources are the files and folders of a site (relative to its root) that
// an output folder must neither be, hold nor lie inside.
var Sources = []string{".git", "config.toml", "content", "layouts", "static", "themes", "assets", "i18n", "data", "archetypes", "editions", ".varde"}

// Place refuses an output folder that would replace a site's sources:
// the site folder itself or any folder holding it (varde build -d ..),
// one of Sources or anything inside them, a folder holding one of extra
// (the site's search index and edition folders, relative to the site, as
// config.toml names them), and anything inside a .git folder. Paths are
// compared after resolving symbolic links, and without regard to case on
// systems whose file names ignore it.
func Place(site, dest string, extra ...string) error {
	cs, err := canonical(site)
	if err != nil {
		return err
	}
	cd, err := canonical(dest)
	if err != nil {
		return err
	}
	switch {
	case samePath(cd, cs):
		return &UnsafeError{Dest: dest, Reason: "it is the site folder itself, and a build replaces the whole output folder"}
	case within(cs, cd):
		shown, _ := filepath.Abs(site)
		return &UnsafeError{Dest: dest, Reason: fmt.Sprintf("it holds the site folder %s, and a build replaces the whole output folder", shown)}
	}
	for _, s := range append(append([]string{}, Sources...), extra...) {
		if s == "" {
			continue
		}
		src, err := canonical(filepath.Join(site, filepath.FromSlash(s)))
		if err != nil {
			return err
		}
		switch {
		case samePath(cd, src):
			return &UnsafeError{Dest: dest, Reason: fmt.Sprintf("it is the site's %s", s)}
		case within(cd, src):
			return &UnsafeError{Dest: dest, Reason: fmt.Sprintf("it is inside the site's %s", s)}
		case within(src, cd):
			return &UnsafeError{Dest: dest, Reason: fmt.Sprintf("it holds the site's %s", s)}
		}
	}
	for _, part := range strings.Split(filepath.ToSlash(cd), "/") {
		if samePath(part, ".git") {
			return &UnsafeError{Dest: dest, Reason: "it is inside a .git folder"}
		}
	}
	return nil
}

// canonical makes p absolute with every symbolic link in the part of it
// that exists resolved; the rest (an output folder not made yet) is kept as
// written.
func canonical(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p lies strictly inside dir.
func within(p, dir string) bool {
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return len(p) > len(dir) && samePath(p[:len(dir)], dir)
}

// Clean tidies up after builds of dest that were killed: it puts back an
// old site a killed swap left beside it (when dest is missing), and
// removes the staging folders and old sites of earlier builds. Only
// folders named as Varde names them and marked as Varde's (or empty) are
// touched; each other one is named in a notice and left alone. The caller
// holds dest's lock (DestLock), so no running build owns them.
func Clean(dest string, notice func(string)) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	parent := filepath.Dir(abs)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	stale := regexp.MustCompile(`^` + regexp.QuoteMeta(stagingPrefix(abs)) + `[0-9]+(\.old)?$`)
	var olds, others []string
	for _, e := range entries {
		if !e.IsDir() || !stale.MatchString(e.Name()) {
			continue
		}
		if strings.HasSuffix(e.Name(), ".old") {
			olds = append(olds, filepath.Join(parent, e.Name()))
		} else {
			others = append(others, filepath.Join(parent, e.Name()))
		}
	}
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		// The newest marked old site goes back in place.
		sort.Slice(olds, func(i, j int) bool { return modTime(olds[i]) > modTime(olds[j]) })
		for i, old := range olds {
			if marked(old) {
				if err := os.Rename(old, abs); err != nil {
					return fmt.Errorf("cannot put back %s, the site an interrupted build moved away: %v", old, err)
				}
				if notice != nil {
					notice(fmt.Sprintf("put back %s, which an interrupted build had moved to %s", abs, old))
				}
				olds = append(olds[:i], olds[i+1:]...)
				break
			}
		}
	}
	for _, dir := range append(olds, others...) {
		if !marked(dir) && !empty(dir) {
			if notice != nil {
				notice(fmt.Sprintf("left %s alone: it is named like a staging folder of Varde's but has no %s marker; delete it yourself if it is left from an older Varde", dir, Marker))
			}
			continue
		}
		if err := removeOutput(dir); err != nil {
			return fmt.Errorf("cannot remove %s, left by an interrupted build: %v", dir, err)
		}
	}
	return nil
}

func marked(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && st.Mode().IsRegular()
}

func empty(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

func modTime(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.ModTime().UnixNano()
}

// LockPath is the lock file a build holds for dest (see internal/lock):
// beside it, as the staging folders are, so two builds into one folder take
// turns whichever sites they build; it is removed when the build ends.
func LockPath(dest string) (string, error) {
	abs, err := canonical(dest)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".lock"), nil
}

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
