package journal

import (
	"fmt"
	"io/fs"
	"os"
)

// storage is the part of *os.File that Append writes through. It is an
// interface so that tests can inject short writes, ENOSPC and fsync failures.
type storage interface {
	WriteAt(p []byte, off int64) (int, error)
	Truncate(size int64) error
	Sync() error
	Close() error
	Stat() (fs.FileInfo, error)
}

// syncDir fsyncs a directory, making the creation, rename or removal of its
// entries durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}
