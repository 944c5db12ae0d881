package watch

import "github.com/shodo-dev/shodo/engine/incident"

// Disk says whether the file system that holds the incident can take no
// record now — full for its writer, or mounted read-only — as a look at
// it finds (statfs(2), on Linux; elsewhere it never says so). A watcher in
// another process cannot hear of a failed append from its writer, which
// can write nothing to tell it on such a disk: this is what it can see for
// itself. It is a look at the disk, not at an append: a writer with
// privileges beyond an ordinary user's may still write.
func (w *Watcher) Disk() (incident.FaultCause, bool) { return diskOf(w.dir) }

// stRdonlyFlag is Linux's ST_RDONLY in statfs(2)'s f_flags: the file
// system is mounted read-only.
const stRdonlyFlag = 0x1

// diskFault reads statfs(2)'s figures: no block left for an ordinary user
// (a writer then meets ENOSPC), or the read-only flag (EROFS).
func diskFault(availBlocks uint64, flags int64) (incident.FaultCause, bool) {
	switch {
	case flags&stRdonlyFlag != 0:
		return incident.FaultReadOnly, true
	case availBlocks == 0:
		return incident.FaultDiskFull, true
	}
	return "", false
}
