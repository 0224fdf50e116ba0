package pack

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
)

// FS is a site over its packs: a file of the site wins over the packs', a
// file of an earlier pack over a later one's (two packs with the same file
// are an error unless the site has its own), and a folder lists the files
// of all of them. Files the site excludes are not there. It implements
// fs.FS, fs.StatFS, fs.ReadDirFS and fs.ReadFileFS.
type FS struct {
	site  fs.FS
	Packs []*Pack
	files map[string]*Pack                  // every file the packs provide
	dirs  map[string]map[string]fs.DirEntry // folder → its pack entries

	// own remembers, for a file a pack provides, whether the site has
	// its own in its place. A build asks that of every pack file several
	// times (to read it, for its provenance, for each commit of its
	// history), and a Stat through sitefs is a system call per folder of
	// the path. An FS lives for one build (each load opens the packs
	// again), so what the site has does not change under it.
	mu  sync.Mutex
	own map[string]bool
}

// newFS indexes the packs' files once (each pack's tree is walked here and
// never again), checking exclusions and clashes between packs.
func newFS(site fs.FS, packs []*Pack) (*FS, []diag.Diagnostic) {
	var diags diag.List
	l := &FS{site: site, Packs: packs, files: map[string]*Pack{}, dirs: map[string]map[string]fs.DirEntry{}}
	// Clashes are reported once per pair of packs: two packs that both
	// hold a whole portal clash on every file, and one message per file
	// would bury the one fix.
	type pair struct{ first, second *Pack }
	var clashOrder []pair
	clashes := map[pair][]string{}
	for _, p := range packs {
		used := make([]bool, len(p.Spec.Exclude))
		for _, top := range Parts {
			err := fs.WalkDir(p.fsys, top, func(name string, d fs.DirEntry, err error) error {
				if err != nil {
					if name == top && errors.Is(err, fs.ErrNotExist) {
						return fs.SkipDir
					}
					return err
				}
				if d.IsDir() {
					return nil
				}
				if rel, ok := strings.CutPrefix(name, "content/"); ok {
					if i, ok := excluded(p.Spec.Exclude, rel); ok {
						used[i] = true
						return nil
					}
				}
				if q := l.files[name]; q != nil {
					if _, err := fs.Stat(site, name); err != nil {
						k := pair{q, p}
						if clashes[k] == nil {
							clashOrder = append(clashOrder, k)
						}
						clashes[k] = append(clashes[k], name)
					}
					return nil
				}
				l.files[name] = p
				l.addDirs(name, d)
				return nil
			})
			if err != nil && !errors.Is(err, fs.SkipDir) {
				diags.Errorf(p.File(top), 0, "cannot read the pack %q: %v", p.Spec.Name, err)
			}
		}
		for i, ok := range used {
			if !ok {
				diags.Warnf(config.File, 0, "pack %q: exclude %q leaves out no page of the pack; check the path (it is inside content/, e.g. \"veiledere/dpia.md\" or \"kurs/*\")", p.Spec.Name, p.Spec.Exclude[i])
			}
		}
	}
	for _, k := range clashOrder {
		names := clashes[k]
		name := names[0]
		if len(names) == 1 {
			diags.Errorf(k.second.File(name), 0, "packs %q and %q both provide %s: leave it out of one of them (exclude in config.toml) or put the site's own %s in its place", k.first.Spec.Name, k.second.Spec.Name, name, name)
			continue
		}
		list := strings.Join(names[:min(3, len(names))], ", ")
		if len(names) > 3 {
			list += fmt.Sprintf(" and %d more", len(names)-3)
		}
		diags.Errorf(k.second.File(name), 0, "packs %q and %q both provide %d files (%s): leave them out of one pack (exclude in config.toml), put the site's own files in their place, or drop one of the packs", k.first.Spec.Name, k.second.Spec.Name, len(names), list)
	}
	return l, diags.Items()
}

// addDirs records name's folders down from the root, so that listings
// show the pack's files and folders beside the site's.
func (l *FS) addDirs(name string, d fs.DirEntry) {
	child := fs.DirEntry(d)
	for {
		dir := path.Dir(name)
		m := l.dirs[dir]
		if m == nil {
			m = map[string]fs.DirEntry{}
			l.dirs[dir] = m
		}
		base := path.Base(name)
		if _, ok := m[base]; ok {
			return
		}
		m[base] = child
		if dir == "." {
			return
		}
		name, child = dir, dirEntry(path.Base(dir))
	}
}

// Origin returns the pack that provides file name (slash path from the
// site root), or nil when the file is the site's own or nobody's.
func (l *FS) Origin(name string) *Pack {
	p := l.files[name]
	if p == nil || l.siteHas(name) {
		return nil
	}
	return p
}

// siteHas reports whether the site has its own file name in place of a
// pack's.
func (l *FS) siteHas(name string) bool {
	l.mu.Lock()
	has, ok := l.own[name]
	l.mu.Unlock()
	if ok {
		return has
	}
	st, err := fs.Stat(l.site, name)
	has = err == nil && !st.IsDir()
	l.mu.Lock()
	if l.own == nil {
		l.own = map[string]bool{}
	}
	l.own[name] = has
	l.mu.Unlock()
	return has
}

// Provider returns the pack that has file name, whether or not the site
// overrides it.
func (l *FS) Provider(name string) *Pack { return l.files[name] }

// Overrides lists the site's files that take the place of a pack's file,
// by path, with the pack they override.
func (l *FS) Overrides() map[string]*Pack {
	out := map[string]*Pack{}
	for name, p := range l.files {
		if l.siteHas(name) {
			out[name] = p
		}
	}
	return out
}

// Site is the site's own file system under the packs.
func (l *FS) Site() fs.FS { return l.site }

func (l *FS) pick(name string) (fs.FS, bool) {
	if p := l.files[name]; p != nil {
		if l.siteHas(name) {
			return l.site, true
		}
		return p.fsys, true
	}
	return l.site, false
}

// Open opens a file of the site or, when it has none, of its pack; a
// folder is the site's, or a listing of the packs' when the site has none.
func (l *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if fsys, ok := l.pick(name); ok {
		return fsys.Open(name)
	}
	f, err := l.site.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		if err == nil {
			if st, serr := f.Stat(); serr == nil && st.IsDir() && l.dirs[name] != nil {
				f.Close()
				return l.openDir(name)
			}
		}
		return f, err
	}
	if l.dirs[name] != nil {
		return l.openDir(name)
	}
	return nil, err
}

func (l *FS) openDir(name string) (fs.File, error) {
	entries, err := l.ReadDir(name)
	if err != nil {
		return nil, err
	}
	return &dir{name: path.Base(name), entries: entries}, nil
}

// ReadFile reads the file Open would open.
func (l *FS) ReadFile(name string) ([]byte, error) {
	if fsys, ok := l.pick(name); ok {
		return fs.ReadFile(fsys, name)
	}
	return fs.ReadFile(l.site, name)
}

// Stat describes the file Open would open.
func (l *FS) Stat(name string) (fs.FileInfo, error) {
	if fsys, ok := l.pick(name); ok {
		return fs.Stat(fsys, name)
	}
	st, err := fs.Stat(l.site, name)
	if err != nil && errors.Is(err, fs.ErrNotExist) && l.dirs[name] != nil {
		return dirEntry(path.Base(name)).Info()
	}
	return st, err
}

// ReadDir lists a folder of the site and its packs, sorted by name, each
// name once (the site's entry first).
func (l *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(l.site, name)
	packEntries := l.dirs[name]
	if err != nil && (!errors.Is(err, fs.ErrNotExist) || packEntries == nil) {
		return nil, err
	}
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		seen[e.Name()] = true
	}
	for n, e := range packEntries {
		if !seen[n] {
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

// dirEntry is a folder that exists only in a pack.
type dirEntry string

func (d dirEntry) Name() string               { return string(d) }
func (d dirEntry) IsDir() bool                { return true }
func (d dirEntry) Type() fs.FileMode          { return fs.ModeDir }
func (d dirEntry) Info() (fs.FileInfo, error) { return d, nil }
func (d dirEntry) Size() int64                { return 0 }
func (d dirEntry) Mode() fs.FileMode          { return fs.ModeDir | 0o755 }
func (d dirEntry) ModTime() time.Time         { return time.Time{} }
func (d dirEntry) Sys() any                   { return nil }
func (d dirEntry) String() string             { return fs.FormatDirEntry(d) }

// dir is an open merged folder.
type dir struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return dirEntry(d.name), nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.off += n
	return rest[:n], nil
}

// String names the packs, for debugging.
func (l *FS) String() string {
	var names []string
	for _, p := range l.Packs {
		names = append(names, p.Spec.Name)
	}
	return fmt.Sprintf("site over packs %s", strings.Join(names, ", "))
}
