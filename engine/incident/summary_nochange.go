//go:build !linux && !darwin

package incident

import "io/fs"

// changeTime is 0 where shodo does not read the inode change time: the
// summary is then pinned by size, modification time and last record only.
func changeTime(fs.FileInfo) int64 { return 0 }

// fileID is 0, 0 where shodo does not read inode and device numbers.
func fileID(fs.FileInfo) (ino, dev uint64) { return 0, 0 }
