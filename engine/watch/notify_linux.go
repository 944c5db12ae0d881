package watch

import (
	"os"

	"golang.org/x/sys/unix"
)

// notify calls kick whenever something in the incident directory dir
// changes — the journal written or closed (a writer that quits or is
// killed closes it), the holder file replaced by a new writer — and
// returns what stops it; nil when inotify is unavailable (too many
// watches, a file system without it), which leaves the poll.
func notify(dir string, kick func()) func() error {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	const mask = unix.IN_MODIFY | unix.IN_CLOSE_WRITE | unix.IN_CREATE | unix.IN_MOVED_TO |
		unix.IN_DELETE | unix.IN_ATTRIB | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF
	if _, err := unix.InotifyAddWatch(fd, dir, mask); err != nil {
		_ = unix.Close(fd)
		return nil
	}
	// A non-blocking descriptor in an *os.File is read through the
	// runtime's poller, so that Close wakes the reader below.
	f := os.NewFile(uintptr(fd), "inotify "+dir)
	go func() {
		buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
		for {
			// What changed does not matter: the watcher reads the
			// journal and the holder again either way.
			if _, err := f.Read(buf); err != nil {
				return
			}
			kick()
		}
	}()
	return f.Close
}

// hasNotify says that this system tells a watcher of changes.
func hasNotify() bool { return true }
