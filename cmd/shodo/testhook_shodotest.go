//go:build shodotest

package main

import (
	"os"
	"syscall"
)

// fullDiskEnv names the variable that, in a binary built with -tags
// shodotest and only there, fills the disk of shodo serve's journals
// without one to fill: while the file it names exists, every journal write
// fails as on a full disk (ENOSPC), and nothing is written. The end-to-end
// test of a disk that fills while serving creates and removes the file.
// A production build has no such file and never reads the variable.
const fullDiskEnv = "SHODO_TEST_FULL_DISK"

// journalWriteFault is the write fault fullDiskEnv asks for, or nil.
func journalWriteFault(getenv func(string) string) func() error {
	path := getenv(fullDiskEnv)
	if path == "" {
		return nil
	}
	return func() error {
		if _, err := os.Stat(path); err == nil {
			return syscall.ENOSPC
		}
		return nil
	}
}
