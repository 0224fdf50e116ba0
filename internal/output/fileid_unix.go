//go:build unix

package output

import (
	"io/fs"
	"syscall"
)

// fileID is what identifies a file's inode: a hard link has its original's.
func fileID(fi fs.FileInfo) (dev, ino uint64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}

// links is the number of names the file has (1 when no other folder shares
// its inode); 0 when unknown, which is never taken for "unshared".
func links(fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	return uint64(st.Nlink)
}
