//go:build unix

package journal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens path without following a symbolic link and without
// blocking (a FIFO planted where a journal should be would otherwise hang
// the open), and refuses anything but a regular file. Every file shodo reads
// or writes in an incident directory is opened through it: incident
// directories travel as archives, and a link in one must not make shodo
// read or truncate a file elsewhere.
func openRegular(path string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, perm)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s: %w", path, ErrNotRegular)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s is a %s: %w", path, kindOf(st.Mode()), ErrNotRegular)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// lockFile takes an exclusive flock(2) on f without waiting. The lock
// belongs to f's open file description, so a second Journal in this process
// is refused like one in another; the kernel drops it when the holder dies,
// even by kill -9. Because it is taken on the journal itself, deleting any
// other file cannot release it.
// It returns the function that releases the lock (closing f releases it
// too).
func lockFile(f *os.File) (unlock func() error, locked bool, err error) {
	fd := int(f.Fd())
	for {
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return func() error { return syscall.Flock(fd, syscall.LOCK_UN) }, true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return nil, false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return nil, false, err
	}
}

// links returns how many directory entries name the file: 0 once the
// journal was deleted while open.
func links(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}
