//go:build unix

package incident

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockIndex takes the exclusive flock(2) on the index's lock file in dir
// (the incidents directory), creating the file if need be, waiting at most
// patience for another holder. Holders are brief (a listing writing the
// index, a reopen appending one record), so ok is false only when one is
// stuck (stopped, or on a hung file system): the caller then goes on
// without the lock as it can. The kernel drops the lock when its holder
// dies. unlock releases it and closes the file.
func lockIndex(dir string, patience time.Duration) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(filepath.Join(dir, indexLockFile), os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("lock incident index: %w", err)
	}
	fd := int(f.Fd())
	flock := func(how int) error {
		for {
			if err := syscall.Flock(fd, how); !errors.Is(err, syscall.EINTR) {
				return err
			}
		}
	}
	release := func() { _ = f.Close() } // closing releases the lock
	err = flock(syscall.LOCK_EX | syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		// Wait in a goroutine that can be left behind: if the wait
		// outlasts patience, it releases the lock whenever it gets it.
		got := make(chan error, 1)
		go func() { got <- flock(syscall.LOCK_EX) }()
		timeout := time.NewTimer(patience)
		defer timeout.Stop()
		select {
		case err = <-got:
		case <-timeout.C:
			go func() { <-got; release() }()
			return nil, false, nil
		}
	}
	if err != nil {
		release()
		return nil, false, fmt.Errorf("lock incident index: %w", err)
	}
	return release, true, nil
}
