package sitefs

import (
	"io/fs"
	"path"
)

// FileStat is what a file's metadata says about its content, as git's
// index keeps it: size, the modification and change times in nanoseconds,
// inode and device. A build keeps it beside each page it parsed
// (internal/content/persist.go), so that the next build need not read a
// file whose FileStat is the same. The change time (ctime) cannot be set
// by a program, so a tool that writes a file and restores its mtime still
// changes it. The zero FileStat is "unknown" and matches nothing.
type FileStat struct {
	Size         int64
	Mtime, Ctime int64 // nanoseconds since 1970
	Ino, Dev     uint64
}

// Known reports whether s is a real stat (not the zero "unknown").
func (s FileStat) Known() bool { return s != FileStat{} }

// Stat returns the FileStat of the regular file name (one component) of
// the folder, without following a link; false where it cannot tell (no
// folder on disk, a link or anything but a regular file, another system
// than Linux): the caller then reads the file.
func (d *Folder) Stat(name string) (FileStat, bool) {
	if d.fd == nil || !validName(name) {
		return FileStat{}, false
	}
	return d.fd.stat(name)
}

// ReadFileStat is ReadFile, with the FileStat of the file as it was opened
// (the zero FileStat when it was read some other way).
func (d *Folder) ReadFileStat(name string) ([]byte, FileStat, error) {
	if d.fd != nil && validName(name) {
		if b, st, err := d.fd.readFile(name); err == nil {
			return b, st, nil
		}
	}
	b, err := d.f.ReadFile(path.Join(d.dir, name))
	return b, FileStat{}, err
}

// validName reports whether name is one component the fast path may open.
func validName(name string) bool {
	return fs.ValidPath(name) && path.Base(name) == name && name != "."
}
