package sitefs

import (
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// fileStatOf is the FileStat of what fstat returned.
func fileStatOf(st *syscall.Stat_t) FileStat {
	return FileStat{Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Ino: st.Ino, Dev: uint64(st.Dev)}
}

// stat is one fstatat relative to the folder, not following a link.
func (d *folderFD) stat(name string) (FileStat, bool) {
	defer runtime.KeepAlive(d.f)
	var st unix.Stat_t
	for {
		err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			return FileStat{}, false
		}
		break
	}
	return FileStat{Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Ino: st.Ino, Dev: uint64(st.Dev)}, true
}
