package incident

import (
	"io/fs"
	"syscall"
)

// changeTime is the file's inode change time (ctime) in nanoseconds, which
// every write, truncation, chmod and utimes moves and which no one but the
// kernel sets: a journal edited with its size and modification time put
// back still shows as changed.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}

// statTimes are a raw stat's modification and change times.
func statTimes(st *syscall.Stat_t) (mtime, ctime int64) { return st.Mtim.Nano(), st.Ctim.Nano() }
