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

	"github.com/varde-portal/varde/internal/sitefs"
)

// watched are the site's folders and files whose changes trigger a rebuild.
var watched = []string{"content", "layouts", "themes", "assets", "static", "i18n", "archetypes", "data", "config.toml"}

// Change is a debounced batch of file system events.
type Change struct {
	Paths []string // site-relative, slash-separated
}

// ConfigOrTheme reports whether the batch touches anything beyond content,
// which means every page must be rendered again.
func (c Change) ConfigOrTheme() bool {
	for _, p := range c.Paths {
		if !strings.HasPrefix(p, "content/") {
			return true
		}
	}
	return false
}

// watcher watches the site recursively, including folders created later,
// and sends one Change per burst of events (editors' atomic saves write a
// temporary file and rename it, which shows up as several events).
//
// The site is walked through sitefs, as a build reads it: a folder linked
// from inside the site is watched at its real place and its events are
// reported under the link's path (content/delt/x.md), and nothing outside
// the site is ever watched (a link to / would otherwise have the watcher
// walk the whole disk).
type watcher struct {
	site     *sitefs.FS
	fsw      *fsnotify.Watcher
	debounce time.Duration
	changes  chan Change
	errs     chan error

	mu   sync.Mutex
	dirs map[string][]string // a watched folder's real path → its site-relative paths
}

func newWatcher(root string, debounce time.Duration) (*watcher, error) {
	site, err := sitefs.Open(root)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		site.Close()
		return nil, err
	}
	w := &watcher{site: site, fsw: fsw, debounce: debounce, changes: make(chan Change, 1), errs: make(chan error, 1), dirs: map[string][]string{}}
	if err := w.watch("."); err != nil {
		w.close()
		return nil, err
	}
	for _, name := range watched {
		w.addTree(name)
	}
	return w, nil
}

func (w *watcher) close() {
	w.fsw.Close()
	w.site.Close()
}

// watch adds the folder at rel (site-relative) to the watch list, by its
// real path.
func (w *watcher) watch(rel string) error {
	real, err := w.site.Resolve(rel)
	if err != nil {
		return err
	}
	abs := filepath.Join(w.site.Dir(), filepath.FromSlash(real))
	w.mu.Lock()
	known := slices.Contains(w.dirs[abs], rel)
	if !known {
		w.dirs[abs] = append(w.dirs[abs], rel)
	}
	w.mu.Unlock()
	if known {
		return nil
	}
	return w.fsw.Add(abs)
}

// addTree watches dir (site-relative) and every folder below it, as the
// build walks them.
func (w *watcher) addTree(dir string) {
	_ = fs.WalkDir(w.site, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && skipName(d.Name()) {
				return fs.SkipDir
			}
			_ = w.watch(p)
		}
		return nil
	})
}

// paths are the site-relative paths an event's file has: one, or more
// when its folder is reached through links as well.
func (w *watcher) paths(name string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, dir := range w.dirs[filepath.Dir(name)] {
		out = append(out, path.Join(dir, filepath.Base(name)))
	}
	return out
}

// skipName tells names to ignore: hidden files, editor backups and swap files.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".tmp")
}

// relevant reports whether an event path (relative to the root) matters.
func relevant(rel string) bool {
	if rel == "." || skipName(filepath.Base(rel)) {
		return false
	}
	first := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	for _, name := range watched {
		if first == name {
			return true
		}
	}
	return false
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
			for _, rel := range w.paths(ev.Name) {
				if !relevant(rel) {
					continue
				}
				hit = true
				if ev.Has(fsnotify.Create) {
					// Through sitefs: a new link out of the site is not
					// walked (the rebuild reports it).
					if st, err := fs.Stat(w.site, rel); err == nil && st.IsDir() {
						w.addTree(rel)
					}
				}
				pending[rel] = true
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
			pending = map[string]bool{}
			select {
			case w.changes <- c:
			case <-ctx.Done():
				return
			}
		}
	}
}
