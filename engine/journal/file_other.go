//go:build !unix

package journal

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"
)

// openRegular opens path, refusing a symbolic link or anything but a
// regular file. Without O_NOFOLLOW the check precedes the open, so it is a
// best effort on these systems; see file_unix.go.
func openRegular(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is a %s: %w", path, kindOf(st.Mode()), ErrNotRegular)
	}
	return os.OpenFile(path, flag, perm)
}

// lockFile locks the incident's lock file beside f: these systems lock
// byte ranges of the journal itself against the writer's own other handles,
// so the lock lives beside it, and the identity checks before every write
// guard what a deleted lock file would let through.
func lockFile(f *os.File) (unlock func() error, locked bool, err error) {
	fl := flock.New(filepath.Join(filepath.Dir(f.Name()), LockFile), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil || !ok {
		return nil, false, err
	}
	return fl.Unlock, true, nil
}

func links(fs.FileInfo) uint64 { return 1 }
