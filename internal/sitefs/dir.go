package sitefs

import "io/fs"

// Folder reads the files of one folder, for a caller that reads many
// files of each folder (content.Load reads every page). The folder is
// looked up once; each file is then opened with one system call relative
// to it, where ReadFile looks up every component of the path twice (an
// lstat through the root, then the open through the root, each a walk of
// openat calls): 4 calls a file (openat, fstat, read, close) instead of
// about 14 (docs/performance.md, session 15).
//
// Nothing is followed out of the site more than through ReadFile: the
// folder is opened through the root, and a file is opened in it with
// O_NOFOLLOW, so that no link at all is followed. Whatever that does not
// read (a link, to a file in the site or out of it; a file that is gone;
// anything but a regular file) is read again through ReadFile, which
// resolves links by the site's rules and names a refused link. A Folder
// is for one pass: it holds the folder open, so a folder renamed since
// would still be read under its old name; Close it when done.
type Folder struct {
	f   *FS
	dir string
	fd  *folderFD // nil: every read goes through f.ReadFile
}

// OpenFolder returns a reader of the files in dir (slash-separated,
// relative to the root). It never fails: without a folder on disk it
// reads through ReadFile.
func (f *FS) OpenFolder(dir string) *Folder {
	d := &Folder{f: f, dir: dir}
	if f.root == nil || !validDir(dir) {
		return d
	}
	if fd, err := openFolderFD(f.root, dir); err == nil {
		d.fd = fd
	}
	return d
}

// validDir reports whether dir names a folder the fast path may open.
func validDir(dir string) bool { return dir == "." || (dir != "" && fs.ValidPath(dir)) }

// ReadFile reads the file name (one component) of the folder; as f's
// ReadFile reads path.Join(dir, name), errors named so too.
func (d *Folder) ReadFile(name string) ([]byte, error) {
	b, _, err := d.ReadFileStat(name)
	return b, err
}

// Close lets go of the folder.
func (d *Folder) Close() error {
	if d.fd != nil {
		return d.fd.Close()
	}
	return nil
}
