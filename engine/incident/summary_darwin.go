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

// statTimes are a raw stat's modification and change times.
func statTimes(st *syscall.Stat_t) (mtime, ctime int64) {
	return st.Mtimespec.Nano(), st.Ctimespec.Nano()
}
