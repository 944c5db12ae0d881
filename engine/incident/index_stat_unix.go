//go:build linux || darwin

package incident

import (
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// statProves: here the change time is read, and a journal whose stat
// matches its index entry in full is trusted without reading it (see
// indexTrusted).
const statProves = true

// statJournal stats the journal file at path without following a last
// symbolic link: fstatat relative to the incidents directory the scratch
// holds open, where there is one, which spares the kernel the walk from
// the root and costs no allocation (os.Lstat allocates a FileInfo); see
// BenchmarkStatJournal. ok is false for anything but a regular file.
func statJournal(path string, s *scratch) (id journalID, ok bool) {
	dirfd, name := unix.AT_FDCWD, path
	if rel, found := strings.CutPrefix(path, s.dir+string(filepath.Separator)); found && s.dir != "" {
		dirfd, name = s.dirfd, rel
	}
	var st unix.Stat_t
	for {
		err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			return journalID{}, false
		}
		break
	}
	id.size, id.ino, id.dev = st.Size, uint64(st.Ino), uint64(st.Dev)
	id.mtime, id.ctime = st.Mtim.Nano(), st.Ctim.Nano()
	return id, true
}

// statDir stats the incidents directory dir (following a symbolic link to
// it, as reading it does): its size, times, inode and device, for the
// head to record and compare (see listedDir).
func statDir(dir string) (journalID, error) {
	var st unix.Stat_t
	for {
		err := unix.Stat(dir, &st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return journalID{}, &fs.PathError{Op: "stat", Path: dir, Err: err}
		}
		break
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return journalID{}, &fs.PathError{Op: "stat", Path: dir, Err: unix.ENOTDIR}
	}
	return journalID{size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(), ino: uint64(st.Ino), dev: uint64(st.Dev)}, nil
}
