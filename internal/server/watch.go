package server

import (
	"context"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/pack"
	"github.com/varde-portal/varde/internal/sitefs"
)

// watched are the site's folders and files whose changes trigger a rebuild.
// lokalt/ holds the site's local additions to pack pages (docs/format.md,
// "Packs"), which the build splices into the pages.
var watched = []string{"content", "layouts", "themes", "assets", "static", "i18n", "archetypes", "data", pack.LocalDir, "config.toml"}

// packWatched are the files and folders of a folder pack that a build reads.
var packWatched = append(slices.Clone(pack.Parts), "pack.toml", "config.toml")

// Change is a debounced batch of file system events.
type Change struct {
	Paths []string // site-relative, slash-separated; a folder pack's as its path in config.toml (../felles/content/x.md)
}

// ConfigOrTheme reports whether the batch touches anything beyond content,
// which means every page must be rendered again. A page of a folder pack
// (../felles/content/x.md) and a local addition (lokalt/x.md) count as
// content: each feeds one page, which affected finds from config.toml's
// packs (and renders everything when it cannot).
func (c Change) ConfigOrTheme() bool {
	for _, p := range c.Paths {
		if !strings.HasPrefix(p, "content/") && !localPage(p) && !packContent(p) {
			return true
		}
	}
	return false
}

// localPage reports whether p is a local addition to a pack page.
func localPage(p string) bool {
	return strings.HasPrefix(p, pack.LocalDir+"/") && strings.HasSuffix(p, ".md")
}

// packContent reports whether p may be a file under a folder pack's
// content/: a path outside the site's own folders (the watcher reports a
// pack's files under the pack's path in config.toml) with content/ in it.
func packContent(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	return !slices.Contains(watched, top) && strings.Contains(p, "/content/")
}

// root is one tree the watcher watches, read as the build reads it: the
// site, or the folder of a folder pack, which is a sitefs root of its own
// (the build opens it so), so that no link in either leads the watcher
// out of it.
type root struct {
	fs     *sitefs.FS
	prefix string   // how its paths are reported: "" for the site, the pack's path ("../felles")
	parts  []string // its top-level files and folders that a build reads
}

// name is how a path of the root is reported in a Change.
func (r *root) name(rel string) string {
	if r.prefix == "" {
		return rel
	}
	return path.Join(r.prefix, rel)
}

// relevant reports whether a path of the root matters to a build.
func (r *root) relevant(rel string) bool {
	if rel == "." || skipName(path.Base(rel)) {
		return false
	}
	first := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	return slices.Contains(r.parts, first)
}

// place is where a watched folder is in a root.
type place struct {
	root *root
	rel  string
}

// watcher watches the site recursively, including folders created later,
// and sends one Change per burst of events (editors' atomic saves write a
// temporary file and rename it, which shows up as several events).
//
// The site is walked through sitefs, as a build reads it: a folder linked
// from inside the site is watched at its real place and its events are
// reported under the link's path (content/delt/x.md), and nothing outside
// the site is ever watched (a link to / would otherwise have the watcher
// walk the whole disk). The folder packs config.toml names are watched the
// same way, each inside its own folder; the list follows config.toml. A git
// pack changes only when its pin in config.toml moves (varde pack update),
// which the site's config.toml already covers.
type watcher struct {
	site     *root
	fsw      *fsnotify.Watcher
	debounce time.Duration
	changes  chan Change
	errs     chan error

	mu    sync.Mutex
	dirs  map[string][]place // a watched folder's real path → where it is in the roots
	packs map[string]*root   // a folder pack's folder on disk (as config.toml names it) → its root
}

func newWatcher(dir string, debounce time.Duration) (*watcher, error) {
	site, err := sitefs.Open(dir)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		site.Close()
		return nil, err
	}
	w := &watcher{site: &root{fs: site, parts: watched}, fsw: fsw, debounce: debounce, changes: make(chan Change, 1), errs: make(chan error, 1),
		dirs: map[string][]place{}, packs: map[string]*root{}}
	if err := w.watch(w.site, "."); err != nil {
		w.close()
		return nil, err
	}
	for _, name := range watched {
		w.addTree(w.site, name)
	}
	w.syncConfig()
	return w, nil
}

func (w *watcher) close() {
	w.fsw.Close()
	w.site.fs.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.packs {
		r.fs.Close()
	}
}

// syncConfig follows config.toml: it watches the surveys' folders of share
// files (a coordinator drops a received file in and sees the survey page
// change), the folder packs config.toml names now, and stops watching the
// packs it no longer names. A config.toml that does not parse leaves the
// lists as they are (the build reports the error).
func (w *watcher) syncConfig() {
	cfg, _ := config.Load(w.site.fs)
	if cfg == nil {
		return
	}
	parts := slices.Clone(watched)
	for _, s := range cfg.Surveys {
		// fillSurveys has made dir a clean path inside the site, or
		// reported it.
		top := strings.SplitN(s.Dir, "/", 2)[0]
		if top == "" || top == "." || top == ".." || slices.Contains(parts, top) {
			continue
		}
		parts = append(parts, top)
		if !slices.Contains(w.site.parts, top) {
			w.addTree(w.site, top)
		}
	}
	w.site.parts = parts
	want := map[string]config.Pack{}
	for _, spec := range cfg.Packs {
		if dir := pack.Dir(w.site.fs.Dir(), spec); dir != "" && spec.Path != "" {
			want[dir] = spec
		}
	}
	w.mu.Lock()
	var gone []*root
	for dir, r := range w.packs {
		if _, ok := want[dir]; !ok {
			gone = append(gone, r)
			delete(w.packs, dir)
		}
	}
	var added []*root
	for dir, spec := range want {
		if _, ok := w.packs[dir]; ok {
			continue
		}
		// The build opens the pack's folder so too: links below it
		// stay inside it.
		sfs, err := sitefs.OpenScope(dir, "the pack "+spec.Name)
		if err != nil {
			continue // a missing folder is the build's error to report
		}
		r := &root{fs: sfs, prefix: filepath.ToSlash(spec.Path), parts: packWatched}
		w.packs[dir] = r
		added = append(added, r)
	}
	w.mu.Unlock()
	for _, r := range gone {
		w.unwatch(r)
		r.fs.Close()
	}
	for _, r := range added {
		if err := w.watch(r, "."); err != nil {
			continue
		}
		for _, name := range r.parts {
			w.addTree(r, name)
		}
	}
}

// watch adds the folder at rel (relative to r) to the watch list, by its
// real path.
func (w *watcher) watch(r *root, rel string) error {
	real, err := r.fs.Resolve(rel)
	if err != nil {
		return err
	}
	abs := filepath.Join(r.fs.Dir(), filepath.FromSlash(real))
	w.mu.Lock()
	known := slices.Contains(w.dirs[abs], place{r, rel})
	if !known {
		w.dirs[abs] = append(w.dirs[abs], place{r, rel})
	}
	w.mu.Unlock()
	if known {
		return nil
	}
	return w.fsw.Add(abs)
}

// unwatch forgets every folder of r, and stops watching the folders that
// no other root reaches.
func (w *watcher) unwatch(r *root) {
	w.mu.Lock()
	var drop []string
	for abs, ps := range w.dirs {
		ps = slices.DeleteFunc(ps, func(p place) bool { return p.root == r })
		if len(ps) == 0 {
			delete(w.dirs, abs)
			drop = append(drop, abs)
			continue
		}
		w.dirs[abs] = ps
	}
	w.mu.Unlock()
	for _, abs := range drop {
		_ = w.fsw.Remove(abs)
	}
}

// addTree watches dir (relative to r) and every folder below it, as the
// build walks them.
func (w *watcher) addTree(r *root, dir string) {
	_ = fs.WalkDir(r.fs, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && skipName(d.Name()) {
				return fs.SkipDir
			}
			_ = w.watch(r, p)
		}
		return nil
	})
}

// places are where an event's file is in the roots: one place, or more
// when its folder is reached through links as well.
func (w *watcher) places(name string) []place {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []place
	for _, dir := range w.dirs[filepath.Dir(name)] {
		out = append(out, place{dir.root, path.Join(dir.rel, filepath.Base(name))})
	}
	return out
}

// paths are the reported paths of an event's file.
func (w *watcher) paths(name string) []string {
	var out []string
	for _, p := range w.places(name) {
		out = append(out, p.root.name(p.rel))
	}
	return out
}

// skipName tells names to ignore: hidden files, editor backups and swap files.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".tmp")
}

// relevant reports whether an event path (relative to the site) matters.
func relevant(rel string) bool {
	return (&root{parts: watched}).relevant(rel)
}

func (w *watcher) run(ctx context.Context) {
	defer w.close()
	var timer *time.Timer
	var timerC <-chan time.Time
	pending := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			hit := false
			for _, p := range w.places(ev.Name) {
				if !p.root.relevant(p.rel) {
					continue
				}
				hit = true
				if ev.Has(fsnotify.Create) {
					// Through sitefs: a new link out of the root is not
					// walked (the rebuild reports it).
					if st, err := fs.Stat(p.root.fs, p.rel); err == nil && st.IsDir() {
						w.addTree(p.root, p.rel)
					}
				}
				pending[p.root.name(p.rel)] = true
			}
			if !hit {
				continue
			}
			if timer == nil {
				timer = time.NewTimer(w.debounce)
				timerC = timer.C
			} else {
				timer.Reset(w.debounce)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-timerC:
			timer, timerC = nil, nil
			c := Change{}
			for p := range pending {
				c.Paths = append(c.Paths, p)
			}
			slices.Sort(c.Paths)
			pending = map[string]bool{}
			if slices.Contains(c.Paths, config.File) {
				// The packs and surveys may have changed with it.
				w.syncConfig()
			}
			select {
			case w.changes <- c:
			case <-ctx.Done():
				return
			}
		}
	}
}
