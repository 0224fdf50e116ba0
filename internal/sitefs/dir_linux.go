//go:build linux

package sitefs

import (
	"errors"
	"io"
	"os"
	"runtime"
	"syscall"
)

// folderFD is the open folder a Folder reads its files relative to.
type folderFD struct {
	f  *os.File
	fd int
}

// openFolderFD opens dir through the root (no link out of the site is
// followed on the way).
func openFolderFD(r *os.Root, dir string) (*folderFD, error) {
	f, err := r.Open(dir)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.IsDir() {
		f.Close()
		return nil, errors.New("not a folder")
	}
	return &folderFD{f: f, fd: int(f.Fd())}, nil
}

// readFile reads the regular file name of the folder with four system
// calls (openat, fstat, read, close), where os.Root's ReadFile adds a
// poller registration and a read to see the end: O_NOFOLLOW refuses a
// link, which the caller then reads the slow way. A file that grows while
// it is read is read to its end.
func (d *folderFD) readFile(name string) ([]byte, FileStat, error) {
	defer runtime.KeepAlive(d.f)
	var fd int
	var err error
	for {
		fd, err = syscall.Openat(d.fd, name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, FileStat{}, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, FileStat{}, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		// A FIFO or device would block or never end: the slow way
		// reads it as before.
		return nil, FileStat{}, errors.New("not a regular file")
	}
	fst := fileStatOf(&st)
	b := make([]byte, 0, st.Size+1)
	for {
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		if err == syscall.EINTR || err == syscall.EAGAIN {
			continue
		}
		if err != nil {
			return nil, FileStat{}, err
		}
		if n <= 0 {
			return b, fst, nil
		}
		b = b[:len(b)+n]
		if int64(len(b)) == st.Size && len(b) < cap(b) {
			// The size fstat gave is read, with room for one more byte
			// that did not come: a regular file's short read is its end.
			return b, fst, nil
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

func (d *folderFD) Close() error { return d.f.Close() }

var _ io.Closer = (*folderFD)(nil)
