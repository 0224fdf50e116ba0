package server

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the site's folders and files whose changes trigger a rebuild.
var watched = []string{"content", "layouts", "themes", "assets", "static", "i18n", "archetypes", "config.toml"}

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
type watcher struct {
	root     string
	fsw      *fsnotify.Watcher
	debounce time.Duration
	changes  chan Change
	errs     chan error
}

func newWatcher(root string, debounce time.Duration) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, debounce: debounce, changes: make(chan Change, 1), errs: make(chan error, 1)}
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, name := range watched {
		w.addTree(filepath.Join(root, name))
	}
	return w, nil
}

// addTree watches dir and every folder below it.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && skipName(d.Name()) {
				return filepath.SkipDir
			}
			_ = w.fsw.Add(p)
		}
		return nil
	})
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
	defer w.fsw.Close()
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
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || !relevant(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.addTree(ev.Name)
				}
			}
			pending[filepath.ToSlash(rel)] = true
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
