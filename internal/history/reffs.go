package history

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TreeFS is a read-only file system over the tree of one commit: a site as
// it was at a tag or branch. It reads from the object database only (the
// tree is listed once with `git ls-tree`, file contents are read on demand
// through one long-lived `git cat-file --batch` process), so it never
// touches the working tree or the index and can be read while an editor
// works in the same repository.
//
// TreeFS implements fs.FS, fs.StatFS, fs.ReadDirFS, fs.ReadFileFS and
// fs.ReadLinkFS, and is safe for concurrent use. Symbolic links inside
// the tree are followed; links that leave it do not resolve. Submodules
// are left out. Close it when done to end the git process.
type TreeFS struct {
	ref    string
	commit string
	time   time.Time
	nodes  map[string]*node // "." is the root
	cat    *catFile
}

// node is a file, folder or symbolic link of the tree.
type node struct {
	name    string      // base name; "." for the root
	mode    fs.FileMode // type bits and git's permission (0644, 0755)
	size    int64       // bytes, for files and links
	oid     string      // the blob's object name; "" for folders
	target  string      // for a symbolic link: the link text
	entries []fs.DirEntry
}

// RefFS opens the tree of ref (a tag, a branch or any commit name) as a
// file system rooted at root, the site's folder: for a site in a
// subfolder of its repository, the same subfolder of ref. An unknown ref,
// or a ref in which root's folder did not exist, is an error naming it.
func RefFS(ctx context.Context, root, ref string) (*TreeFS, error) {
	prefix, _, err := repoPrefix(ctx, root)
	switch {
	case noGit(err):
		return nil, fmt.Errorf("history: reading git ref %q needs git, which is not installed", ref)
	case notRepo(err):
		return nil, fmt.Errorf("history: cannot read git ref %q: %s is not in a git repository", ref, root)
	case err != nil:
		return nil, fmt.Errorf("history: reading git ref %q: %w", ref, err)
	}
	cat, err := startCatFile(ctx, root)
	if err != nil {
		return nil, fmt.Errorf("history: reading git ref %q: %w", ref, err)
	}
	t, err := openTree(ctx, root, prefix, ref, cat)
	if err != nil {
		_ = cat.close()
		return nil, err
	}
	return t, nil
}

func openTree(ctx context.Context, root, prefix, ref string, cat *catFile) (*TreeFS, error) {
	if ref == "" || strings.ContainsAny(ref, "\n\x00") {
		return nil, fmt.Errorf("history: %q is not a git ref", ref)
	}
	commit, found, err := cat.object(ref + "^{commit}")
	if err != nil {
		return nil, fmt.Errorf("history: reading git ref %q: %w", ref, err)
	}
	if !found {
		return nil, fmt.Errorf("history: unknown git ref %q: no tag, branch or commit of that name in the repository at %s", ref, root)
	}
	t := &TreeFS{ref: ref, commit: commit.name, time: committerTime(commit.data), cat: cat, nodes: map[string]*node{}}
	tree := commit.name + "^{tree}"
	if prefix != "" {
		dir := strings.TrimSuffix(prefix, "/")
		obj, found, err := cat.object(commit.name + ":" + dir)
		if err != nil {
			return nil, fmt.Errorf("history: reading git ref %q: %w", ref, err)
		}
		if !found || obj.typ != "tree" {
			return nil, fmt.Errorf("history: git ref %q has no folder %s", ref, dir)
		}
		tree = obj.name
	}
	out, err := run(ctx, root, "ls-tree", "-r", "-z", "-l", "--full-tree", tree)
	if err != nil {
		return nil, fmt.Errorf("history: listing git ref %q: %w", ref, err)
	}
	if err := t.build(out); err != nil {
		return nil, fmt.Errorf("history: listing git ref %q: %w", ref, err)
	}
	return t, nil
}

// committerTime returns the committer time of a commit object, the zero
// time if it has none that parses.
func committerTime(data []byte) time.Time {
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" {
			break // end of the headers
		}
		rest, ok := strings.CutPrefix(line, "committer ")
		if !ok {
			continue
		}
		f := strings.Fields(rest[strings.LastIndexByte(rest, '>')+1:])
		if len(f) == 2 {
			if sec, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return time.Unix(sec, 0).UTC()
			}
		}
	}
	return time.Time{}
}

// build makes the nodes from `git ls-tree -r -z -l` output: entries
// "<mode> <type> <object> <size>\t<path>", NUL-terminated.
func (t *TreeFS) build(out []byte) error {
	t.nodes["."] = &node{name: ".", mode: fs.ModeDir | 0o755}
	for len(out) > 0 {
		i := bytes.IndexByte(out, 0)
		if i < 0 {
			i = len(out)
		}
		entry := string(out[:i])
		out = out[min(i+1, len(out)):]
		meta, name, ok := strings.Cut(entry, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || !fs.ValidPath(name) {
			return fmt.Errorf("unexpected entry %q", entry)
		}
		var mode fs.FileMode
		switch f[0] {
		case "100644":
			mode = 0o644
		case "100755":
			mode = 0o755
		case "120000":
			mode = fs.ModeSymlink | 0o777
		case "160000":
			continue // a submodule: its files are in another repository
		default:
			return fmt.Errorf("unexpected mode in %q", entry)
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return fmt.Errorf("unexpected size in %q", entry)
		}
		n := &node{name: path.Base(name), mode: mode, size: size, oid: f[2]}
		if mode&fs.ModeSymlink != 0 {
			obj, found, err := t.cat.object(n.oid)
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("missing object %s for %s", n.oid, name)
			}
			n.target = string(obj.data)
		}
		if err := t.add(name, n); err != nil {
			return err
		}
	}
	for _, n := range t.nodes {
		if n.mode.IsDir() {
			sort.Slice(n.entries, func(i, j int) bool { return n.entries[i].Name() < n.entries[j].Name() })
		}
	}
	return nil
}

// add puts n at name, making its parent folders.
func (t *TreeFS) add(name string, n *node) error {
	if _, dup := t.nodes[name]; dup {
		return fmt.Errorf("%s is listed twice", name)
	}
	t.nodes[name] = n
	for {
		dir := path.Dir(name)
		parent := t.nodes[dir]
		made := parent == nil
		if made {
			parent = &node{name: path.Base(dir), mode: fs.ModeDir | 0o755}
			t.nodes[dir] = parent
		} else if !parent.mode.IsDir() {
			return fmt.Errorf("%s is both a file and a folder", dir)
		}
		parent.entries = append(parent.entries, dirEntry{info{n, t.time}})
		if !made {
			return nil
		}
		name, n = dir, parent
	}
}

// Ref returns the ref the file system was opened with.
func (t *TreeFS) Ref() string { return t.ref }

// Commit returns the full object name of the commit the ref pointed to.
func (t *TreeFS) Commit() string { return t.commit }

// Time returns that commit's committer time; every file reports it as its
// modification time.
func (t *TreeFS) Time() time.Time { return t.time }

// Close ends the git process. Reading a file afterwards fails; listing
// folders and Stat keep working, as they need no process.
func (t *TreeFS) Close() error { return t.cat.close() }

// maxLinks bounds how many symbolic links one lookup follows, as the
// operating system does, so that a loop of links ends in an error.
const maxLinks = 40

// lookup finds the node at name, following symbolic links in its folders
// and, when follow is set, a link at name itself.
func (t *TreeFS) lookup(op, name string, follow bool) (*node, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	p := name
	for hops := 0; hops <= maxLinks; hops++ {
		n := t.nodes[p]
		if n != nil && (n.mode&fs.ModeSymlink == 0 || !follow) {
			return n, nil
		}
		if n != nil { // a link to follow
			next, ok := linkTarget(p, n.target)
			if !ok {
				break
			}
			p = next
			continue
		}
		// Not found as such: a folder on the way may be a link.
		next, ok := t.throughLink(p)
		if !ok {
			break
		}
		p = next
	}
	return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
}

// throughLink rewrites p when one of its folders is a symbolic link.
func (t *TreeFS) throughLink(p string) (string, bool) {
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		n := t.nodes[dir]
		if n == nil {
			return "", false
		}
		if n.mode&fs.ModeSymlink != 0 {
			target, ok := linkTarget(dir, n.target)
			if !ok {
				return "", false
			}
			return path.Join(target, strings.Join(parts[i:], "/")), true
		}
	}
	return "", false
}

// linkTarget resolves a link's text against the link's folder; links that
// are absolute or leave the tree do not resolve.
func linkTarget(link, target string) (string, bool) {
	if target == "" || path.IsAbs(target) {
		return "", false
	}
	p := path.Join(path.Dir(link), target)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// Open opens the named file or folder.
func (t *TreeFS) Open(name string) (fs.File, error) {
	n, err := t.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode.IsDir() {
		return &dirFile{info: info{n, t.time}}, nil
	}
	data, err := t.read(n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &file{info: info{n, t.time}, Reader: bytes.NewReader(data)}, nil
}

// ReadFile returns the content of the named file.
func (t *TreeFS) ReadFile(name string) ([]byte, error) {
	n, err := t.lookup("read", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	data, err := t.read(n)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

func (t *TreeFS) read(n *node) ([]byte, error) {
	obj, found, err := t.cat.object(n.oid)
	if err != nil {
		return nil, err
	}
	if !found || obj.typ != "blob" {
		return nil, fmt.Errorf("git object %s is missing from the repository", n.oid)
	}
	return obj.data, nil
}

// Stat describes the named file, following symbolic links.
func (t *TreeFS) Stat(name string) (fs.FileInfo, error) {
	n, err := t.lookup("stat", name, true)
	if err != nil {
		return nil, err
	}
	return info{n, t.time}, nil
}

// Lstat describes the named file without following a link at name.
func (t *TreeFS) Lstat(name string) (fs.FileInfo, error) {
	n, err := t.lookup("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return info{n, t.time}, nil
}

// ReadLink returns the text of the symbolic link at name.
func (t *TreeFS) ReadLink(name string) (string, error) {
	n, err := t.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return n.target, nil
}

// ReadDir lists the named folder, sorted by name.
func (t *TreeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	n, err := t.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if !n.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return append([]fs.DirEntry(nil), n.entries...), nil
}

var (
	errIsDir  = fmt.Errorf("is a directory")
	errNotDir = fmt.Errorf("not a directory")
)

// info is a node seen as fs.FileInfo and, through dirEntry, fs.DirEntry.
type info struct {
	n     *node
	mtime time.Time
}

func (i info) Name() string       { return i.n.name }
func (i info) Size() int64        { return i.n.size }
func (i info) Mode() fs.FileMode  { return i.n.mode }
func (i info) ModTime() time.Time { return i.mtime }
func (i info) IsDir() bool        { return i.n.mode.IsDir() }
func (i info) Sys() any           { return nil }

type dirEntry struct{ info }

func (d dirEntry) Type() fs.FileMode          { return d.n.mode.Type() }
func (d dirEntry) Info() (fs.FileInfo, error) { return d.info, nil }
func (d dirEntry) String() string             { return fs.FormatDirEntry(d) }

// file is an open file; its content was read whole when it was opened.
type file struct {
	info
	*bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

// dirFile is an open folder.
type dirFile struct {
	info
	offset int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.n.name, Err: errIsDir}
}

// ReadDir implements fs.ReadDirFile.
func (d *dirFile) ReadDir(count int) ([]fs.DirEntry, error) {
	rest := d.n.entries[d.offset:]
	if count <= 0 {
		d.offset += len(rest)
		return append([]fs.DirEntry(nil), rest...), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	count = min(count, len(rest))
	d.offset += count
	return append([]fs.DirEntry(nil), rest[:count]...), nil
}
