// Package sitefs is the one file system Varde reads a site through. It
// keeps every read inside one root (the site folder, or an edition's own
// folder): a symbolic link whose target stays inside is followed, once
// (a folder link is walked like a folder, a link back into a folder that
// contains it is refused rather than walked without end); a link that
// leaves the root is never followed, and is reported as an error naming
// the link, so that a link to /etc/passwd or /proc/self/environ under
// content/ or static/ can neither be published nor served.
//
// Links are resolved here, component by component, over any
// fs.ReadLinkFS: on disk that is an os.Root, which also refuses an escape
// if the tree changes between our check and the read; for an edition read
// from git it is the commit's tree, so that a link committed in git
// (mode 120000) is resolved inside the tree and never on the disk.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
)

// maxLinks bounds how many links one lookup follows, as the operating
// system does, so that a chain of links that loops ends in an error.
const maxLinks = 40

// FS reads a site. It implements fs.FS, fs.StatFS, fs.ReadDirFS and
// fs.ReadFileFS, is safe for concurrent use, and returns only files and
// folders inside its root.
type FS struct {
	base  fs.ReadLinkFS
	root  *os.Root // nil when base is not a folder on disk
	abs   string   // the root's real absolute path; "" when not on disk
	scope string   // what the root is, for messages: "the site"
}

// Open opens the folder dir as a site. Its path is resolved once, here
// (dir itself may be a link, as a site folder may be); below it nothing
// is followed out of it. The returned FS holds a file descriptor until it
// is closed or garbage collected.
func Open(dir string) (*FS, error) {
	return OpenScope(dir, "the site")
}

// OpenScope is Open with the name messages give the root ("the site",
// "the edition's folder editions/2024").
func OpenScope(dir, scope string) (*FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	return &FS{base: r.FS().(fs.ReadLinkFS), root: r, abs: abs, scope: scope}, nil
}

// New reads fsys, a tree that is not on disk (a git commit's tree), with
// the same rules: its links are resolved inside it, and an absolute link
// is always outside.
func New(fsys fs.ReadLinkFS, scope string) *FS {
	return &FS{base: fsys, scope: scope}
}

// Close releases the root's file descriptor, when there is one.
func (f *FS) Close() error {
	if f.root != nil {
		return f.root.Close()
	}
	return nil
}

// Dir returns the real absolute path of the root on disk, or "".
func (f *FS) Dir() string { return f.abs }

// Confine opens dir, a folder of f, as a root of its own: links below it
// may not leave it (an edition snapshot is a tree of its own, and a link
// from it into the current content would change it). dir must resolve
// inside f; scope names it in messages. Only a root on disk can be confined.
func (f *FS) Confine(dir, scope string) (*FS, error) {
	if f.root == nil {
		return nil, fmt.Errorf("sitefs: %s is not a folder on disk", scope)
	}
	real, err := f.Resolve(dir)
	if err != nil {
		return nil, err
	}
	return OpenScope(filepath.Join(f.abs, filepath.FromSlash(real)), scope)
}

// LinkError is a symbolic link Varde refuses to follow.
type LinkError struct {
	Name   string // the link, relative to the root, slash-separated
	Target string // where it points: an absolute path on disk, else the link's text
	Kind   LinkKind
	What   string // "file", "folder" or "" when unknown
	Scope  string // "the site"
}

// LinkKind tells why a link is refused.
type LinkKind int

const (
	// Outside is a link whose target leaves the root.
	Outside LinkKind = iota
	// Loop is a folder link back into a folder that contains it, or a
	// chain of links that never ends.
	Loop
	// Missing is a link to nothing.
	Missing
)

// Message is the error without the link's name, for a diagnostic whose
// file is the link.
func (e *LinkError) Message() string {
	switch e.Kind {
	case Loop:
		if e.Target == "" {
			return fmt.Sprintf("symbolic link leads through more than %d links (a loop of links): fix the link or remove it", maxLinks)
		}
		return fmt.Sprintf("symbolic link to a folder that contains it (%s); Varde would walk it without end: remove the link, or point it at a folder beside it", e.Target)
	case Missing:
		return fmt.Sprintf("symbolic link to %s, which does not exist: fix the link or remove it", e.Target)
	}
	what, copyWhat := "a path", "what it points to"
	switch e.What {
	case "file":
		what, copyWhat = "a file", "the file"
	case "folder":
		what, copyWhat = "a folder", "the folder"
	}
	return fmt.Sprintf("symbolic link to %s outside %s (%s); Varde does not follow links out of %s: copy %s into %s instead",
		what, e.Scope, e.Target, e.Scope, copyWhat, e.Scope)
}

func (e *LinkError) Error() string { return e.Name + ": " + e.Message() }

// Is makes a refused link an fs.ErrPermission to callers that only ask
// whether a file exists, so that none of them falls back to another copy.
func (e *LinkError) Is(target error) bool { return target == fs.ErrPermission }

// Diagnostic is the error as a build reports it.
func (e *LinkError) Diagnostic() diag.Diagnostic {
	return diag.Errorf(e.Name, 0, "%s", e.Message())
}

// Diagnostics turns refused links into errors for a build.
func Diagnostics(errs []*LinkError) []diag.Diagnostic {
	out := make([]diag.Diagnostic, len(errs))
	for i, e := range errs {
		out[i] = e.Diagnostic()
	}
	return out
}

// resolver follows the links of one lookup.
type resolver struct {
	f    *FS
	hops int
}

// step resolves one more name component comp below cur, a resolved
// (link-free) path given as components, following every link comp leads
// through. name is the looked-up path up to comp, which a refused link is
// reported as.
func (r *resolver) step(cur []string, comp, name string) ([]string, error) {
	pending := []string{comp}
	target := "" // the last link's target, for messages
	inLink := false
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(cur) == 0 {
				return nil, r.refuse(name, target, Outside)
			}
			cur = cur[:len(cur)-1]
			continue
		}
		cand := join(append(cur[:len(cur):len(cur)], c))
		info, err := r.f.base.Lstat(cand)
		if err != nil {
			if inLink && errors.Is(err, fs.ErrNotExist) {
				return nil, r.refuse(name, target, Missing)
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			cur = append(cur[:len(cur):len(cur)], c)
			continue
		}
		r.hops++
		if r.hops > maxLinks {
			return nil, r.refuse(name, "", Loop)
		}
		t, err := r.f.base.ReadLink(cand)
		if err != nil {
			return nil, &fs.PathError{Op: "readlink", Path: name, Err: unwrapPath(err)}
		}
		inLink = true
		target = r.f.show(cur, t)
		parts := strings.Split(filepath.ToSlash(t), "/")
		if path.IsAbs(filepath.ToSlash(t)) || filepath.IsAbs(t) {
			rel, ok := r.f.inside(t)
			if !ok {
				return nil, r.refuse(name, target, Outside)
			}
			cur, parts = nil, strings.Split(rel, "/")
		}
		pending = append(parts, pending...)
	}
	return cur, nil
}

// show is a link's target as messages give it: the absolute path it
// reaches on disk, else the link's text.
func (f *FS) show(cur []string, t string) string {
	if f.abs == "" {
		return t
	}
	if filepath.IsAbs(t) {
		return filepath.Clean(t)
	}
	return filepath.Join(f.abs, filepath.FromSlash(join(cur)), t)
}

// inside turns an absolute link target into a path below the root, when
// it is inside the root on disk.
func (f *FS) inside(t string) (string, bool) {
	if f.abs == "" {
		return "", false
	}
	rel, err := filepath.Rel(f.abs, filepath.Clean(t))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func (r *resolver) refuse(name, target string, kind LinkKind) *LinkError {
	e := &LinkError{Name: name, Target: target, Kind: kind, Scope: r.f.scope}
	if kind == Outside && r.f.abs != "" && filepath.IsAbs(target) {
		// Only the kind of the target is looked at, for the message;
		// nothing outside is ever opened.
		if st, err := os.Stat(target); err == nil {
			e.What = "file"
			if st.IsDir() {
				e.What = "folder"
			}
		}
	}
	return e
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func join(parts []string) string {
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

func split(name string) []string {
	if name == "." {
		return nil
	}
	return strings.Split(name, "/")
}

// resolvePrefixes resolves name and returns the real path of each of its
// prefixes, the root's (".") first and name's last.
func (f *FS) resolvePrefixes(op, name string) ([]string, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	r := &resolver{f: f}
	var cur []string
	out := []string{"."}
	parts := split(name)
	for i, c := range parts {
		next, err := r.step(cur, c, strings.Join(parts[:i+1], "/"))
		if err != nil {
			return nil, err
		}
		cur = next
		out = append(out, join(cur))
	}
	return out, nil
}

// Resolve returns the path below the root, free of links, that name
// leads to once its links are followed, or a *LinkError for a link that
// is refused.
func (f *FS) Resolve(name string) (string, error) {
	p, err := f.resolvePrefixes("open", name)
	if err != nil {
		return "", err
	}
	return p[len(p)-1], nil
}

// lookup returns a path the base can open for name. Most paths hold no
// link at all, or only links to folders inside the root on the way, which
// the base follows itself (os.Root and git's tree refuse any that leave
// the root): one Lstat tells, and only a link at name itself, or a lookup
// the base refuses, takes the slow way, which resolves every component
// and names the link that is refused.
func (f *FS) lookup(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if st, err := f.base.Lstat(name); err == nil && st.Mode()&fs.ModeSymlink == 0 {
		return name, nil
	}
	p, err := f.resolvePrefixes(op, name)
	if err != nil {
		return "", err
	}
	return p[len(p)-1], nil
}

// Open opens the named file or folder.
func (f *FS) Open(name string) (fs.File, error) {
	real, err := f.lookup("open", name)
	if err != nil {
		return nil, err
	}
	file, err := f.base.Open(real)
	if err != nil {
		return nil, rename(err, name)
	}
	if st, err := file.Stat(); err == nil && st.IsDir() {
		return &dirFile{File: file, fs: f, name: name}, nil
	}
	return file, nil
}

// ReadFile reads the named file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	real, err := f.lookup("read", name)
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(f.base, real)
	return b, rename(err, name)
}

// Stat describes the named file, its links followed.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	real, err := f.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	st, err := fs.Stat(f.base, real)
	if err != nil {
		return nil, rename(err, name)
	}
	return named{st, path.Base(name)}, nil
}

// ReadDir lists the named folder, sorted by name. A link inside the root
// is listed as what it leads to, under its own name; a refused link is
// left out (Check reports it).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, _, err := f.readDir(name)
	return entries, err
}

// readDir is ReadDir that also returns the links it left out.
func (f *FS) readDir(name string) ([]fs.DirEntry, []*LinkError, error) {
	dir, err := f.lookup("readdir", name)
	if err != nil {
		return nil, nil, err
	}
	raw, err := fs.ReadDir(f.base, dir)
	if err != nil {
		return nil, nil, rename(err, name)
	}
	out := make([]fs.DirEntry, 0, len(raw))
	var refused []*LinkError
	var prefixes []string // the real folders on the way, once a link needs them
	for _, d := range raw {
		if d.Type()&fs.ModeSymlink == 0 {
			out = append(out, d)
			continue
		}
		if prefixes == nil {
			// A link is resolved from the folder's real path, so that
			// ".." in it means what it means to the system.
			if prefixes, err = f.resolvePrefixes("readdir", name); err != nil {
				return nil, nil, err
			}
		}
		real := prefixes[len(prefixes)-1]
		link := path.Join(name, d.Name())
		r := &resolver{f: f}
		to, err := r.step(split(real), d.Name(), link)
		var le *LinkError
		if errors.As(err, &le) {
			refused = append(refused, le)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		target := join(to)
		st, err := fs.Stat(f.base, target)
		if err != nil {
			return nil, nil, rename(err, link)
		}
		if st.IsDir() && contains(target, prefixes) {
			refused = append(refused, &LinkError{Name: link, Target: f.show(nil, target), Kind: Loop, Scope: f.scope})
			continue
		}
		out = append(out, fs.FileInfoToDirEntry(named{st, d.Name()}))
	}
	return out, refused, nil
}

// contains reports whether dir is one of the folders on the way to a
// listing, or a folder above one of them: a link to it would lead back
// into itself.
func contains(dir string, prefixes []string) bool {
	if dir == "." {
		return true
	}
	for _, p := range prefixes {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// Check walks the named files and folders (relative to the root; a
// missing one is skipped) and returns every link that is refused, sorted
// by name. Refused links are left out of listings and cannot be opened,
// so a build that reports these errors publishes nothing through them.
func (f *FS) Check(names ...string) []*LinkError {
	var errs []*LinkError
	seen := map[string]bool{}
	add := func(e *LinkError) {
		if !seen[e.Name] {
			seen[e.Name] = true
			errs = append(errs, e)
		}
	}
	var walk func(dir string)
	walk = func(dir string) {
		entries, refused, err := f.readDir(dir)
		for _, e := range refused {
			add(e)
		}
		var le *LinkError
		if errors.As(err, &le) {
			add(le)
		}
		for _, d := range entries {
			if d.IsDir() {
				walk(path.Join(dir, d.Name()))
			}
		}
	}
	for _, name := range names {
		st, err := f.Stat(name)
		var le *LinkError
		switch {
		case errors.As(err, &le):
			add(le)
		case err == nil && st.IsDir():
			walk(name)
		}
	}
	slices.SortFunc(errs, func(a, b *LinkError) int { return strings.Compare(a.Name, b.Name) })
	return errs
}

// rename gives an error from the base the looked-up name instead of the
// resolved one.
func rename(err error, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return err
}

// named is a FileInfo under the name it was looked up by (a link's).
type named struct {
	fs.FileInfo
	name string
}

func (n named) Name() string { return n.name }

// dirFile is an open folder, listed as ReadDir lists it.
type dirFile struct {
	fs.File
	fs      *FS
	name    string
	entries []fs.DirEntry
	read    bool
}

func (d *dirFile) ReadDir(count int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.fs.ReadDir(d.name)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = entries, true
	}
	if count <= 0 {
		rest := d.entries
		d.entries = nil
		return rest, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n := min(count, len(d.entries))
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
