package runbook

import (
	"io/fs"
	"time"
)

// Options tune loading and validation.
type Options struct {
	// Now is the moment against which the age of `reviewed` is judged.
	// The zero time skips that check.
	Now time.Time
}

// LoadFile loads the runbook at path, with its includes, from disk. The
// runbook is nil when any diagnostic is an error.
func LoadFile(path string, opt Options) (*Runbook, Diagnostics) {
	panic("TODO")
}

// LoadFS loads the runbook name from fsys (the embedded runbooks, say).
func LoadFS(fsys fs.FS, name string, opt Options) (*Runbook, Diagnostics) {
	panic("TODO")
}

// LoadSources rebuilds a runbook from the sources an incident embedded, the
// runbook first and its includes after it.
func LoadSources(srcs []Source, opt Options) (*Runbook, Diagnostics) {
	panic("TODO")
}

// Set is what a walk over runbook files found.
type Set struct {
	Runbooks []*Runbook
	// Fragments are files that hold only shared roles, parties, milestones
	// and ranks for others to include.
	Fragments []string
	// Scenarios are drill scenario files (they have a `runbook` key); the
	// drill package validates them.
	Scenarios   []string
	Diagnostics Diagnostics
}

// LoadPaths loads every *.toml file under the given files and directories.
func LoadPaths(paths []string, opt Options) Set {
	panic("TODO")
}

// LoadSetFS loads every *.toml file of fsys, as LoadPaths does on disk.
func LoadSetFS(fsys fs.FS, opt Options) Set {
	panic("TODO")
}
