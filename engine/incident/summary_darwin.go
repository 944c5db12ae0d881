package incident

import (
	"io/fs"
	"syscall"
)

// changeTime is the file's inode change time (ctime) in nanoseconds; see
// summary_linux.go.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctimespec.Nano()
	}
	return 0
}

// fileID is the file's inode and device numbers.
func fileID(fi fs.FileInfo) (ino, dev uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino), uint64(st.Dev)
	}
	return 0, 0
}
