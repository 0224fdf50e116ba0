//go:build !linux

package sitefs

import "os"

// folderFD reads through an os.Root of the folder on systems other than
// Linux: the syscall package's openat and stat layout differ from system to
// system, and the fast path (dir_linux.go) is only measured and tested on
// Linux. TestOtherSystemsCompile (cmd/varde) keeps this side compiling.
type folderFD struct{ r *os.Root }

func openFolderFD(r *os.Root, dir string) (*folderFD, error) {
	sub, err := r.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &folderFD{r: sub}, nil
}

func (d *folderFD) readFile(name string) ([]byte, FileStat, error) {
	b, err := d.r.ReadFile(name)
	return b, FileStat{}, err
}

func (d *folderFD) stat(name string) (FileStat, bool) { return FileStat{}, false }

func (d *folderFD) Close() error { return d.r.Close() }
