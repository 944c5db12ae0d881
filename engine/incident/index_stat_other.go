//go:build !linux && !darwin

package incident

import "os"

// statProves: here the change time is not read, so a journal whose stat
// matches its index entry is still checked by its last line (see
// indexTrusted and List).
const statProves = false

// statJournal stats the journal file at path without following a last
// symbolic link; ok is false for anything but a regular file.
func statJournal(path string, _ *scratch) (journalID, bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return journalID{}, false
	}
	ino, dev := fileID(fi)
	return journalID{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: changeTime(fi), ino: ino, dev: dev}, true
}

// statDir stats the incidents directory dir; its identity is never
// trusted here (statProves), so a listing always reads the directory.
func statDir(dir string) (journalID, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return journalID{}, err
	}
	return journalID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}, nil
}
