// Package library finds runbooks and drill scenarios. It is the one place
// that decides where a runbook or scenario comes from — named on the
// command line, offered on the home screen, or named by a scenario's
// `runbook` key — so that every id `shodo list` shows works wherever an id
// is taken.
//
// # Sources
//
// In precedence order:
//
//  1. a file named by its path: an argument with a path separator, or one
//     ending in .toml (IsPath; RunbookFile, Catalog.Resolver);
//  2. each directory listed in $SHODO_RUNBOOKS (Config.Dirs), in order;
//  3. ./runbooks, the runbooks directory of the working directory;
//  4. the runbooks built into shodo (Config.Shipped).
//
// An id found in two sources is the higher one's: a team's own runbook with
// the id of a shipped one replaces it everywhere, and the shipped one is
// listed as shadowed. A local file with errors still claims its id, so
// that a broken team runbook is reported, never silently replaced by the
// shipped one of the same id. A local runbook or scenario that is a
// byte-for-byte copy of a shipped one (shodo run from a clone of itself,
// whose ./runbooks holds the shipped set) is not a source of its own: it
// is the shipped one.
//
// A scenario's `runbook = "<id>"` resolves through the same precedence, a
// shipped scenario's too: a team that copies the shipped set into
// ./runbooks and puts its own contacts in drills the examples on its own
// runbooks, and a team whose runbook of a shipped id is a different one
// sees the shipped examples fail against it rather than drill a runbook
// it does not use. A `runbook` path is relative to the scenario file.
//
// # Cost
//
// Walk reads each directory once and decodes each file once; scenarios are
// parsed on demand from the files the walk decoded. Offers, what a list
// shows, needs no walk when only the shipped runbooks are read: their
// index (IndexFile, written at build time and checked against their bytes)
// answers it.
//
// # Dependencies
//
// library sits above runbook and drill, beside export, and below the CLI
// and the TUI, which both find runbooks only through it. It returns values
// and typed errors (UnknownIDError, BrokenError, MissingFileError), each
// of which says itself as a catalogue message (Msg, [runbook.library] in
// internal/i18n/locales): a scenario's resolver hands that to the
// scenario's diagnostics as a *runbook.Problem. The words around them on a
// command line belong to the CLI and the TUI.
package library

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// EnvDirs is the environment variable that lists directories of local
// runbooks, highest precedence first, separated like PATH
// (os.PathListSeparator).
const EnvDirs = "SHODO_RUNBOOKS"

// WorkDirName is the directory of local runbooks in the working directory.
const WorkDirName = "runbooks"

// Kind is a kind of source. Kinds are declared in precedence order: an id
// found in two sources is the one of the lower Kind (and, between two
// $SHODO_RUNBOOKS directories, of the one listed first).
type Kind int

const (
	// FromPath is a file named by its path.
	FromPath Kind = iota + 1
	// FromEnv is a directory listed in $SHODO_RUNBOOKS.
	FromEnv
	// FromWorkDir is ./runbooks.
	FromWorkDir
	// FromShipped is the runbooks built into shodo.
	FromShipped
)

// String names the kind for logs and tests, not for people: the CLI and
// the TUI have their own words.
func (k Kind) String() string {
	switch k {
	case FromPath:
		return "path"
	case FromEnv:
		return "env"
	case FromWorkDir:
		return "workdir"
	case FromShipped:
		return "shipped"
	}
	return "unknown"
}

// Source is where a runbook or scenario came from.
type Source struct {
	Kind Kind
	// Dir is the directory walked, for FromEnv and FromWorkDir, joined to
	// the working directory when relative; empty for the other kinds.
	Dir string
}

// Shipped reports whether the source is the runbooks built into shodo.
func (s Source) Shipped() bool { return s.Kind == FromShipped }

// Config says where a library looks.
type Config struct {
	// Shipped holds the runbooks built into shodo (runbooks.FS); nil for
	// none.
	Shipped fs.FS
	// Dirs is the value of $SHODO_RUNBOOKS: directories separated by
	// os.PathListSeparator, highest precedence first. Relative ones are
	// relative to WorkDir.
	Dirs string
	// WorkDir is the working directory: its runbooks directory is a
	// source, and relative paths are relative to it.
	WorkDir string
	// Load tunes loading and validation (the date a review is judged
	// against).
	Load runbook.Options
}

// Library is where runbooks and scenarios are looked up. It holds where to
// look, not what was found: Walk reads the sources.
type Library struct {
	shipped fs.FS
	workDir string
	dirs    []Source
	missing []string
	load    runbook.Options
}

// New returns the library that c describes. Of the local directories, it
// keeps those that exist, each once; Missing returns the others that
// $SHODO_RUNBOOKS names.
func New(c Config) *Library {
	l := &Library{shipped: c.Shipped, workDir: c.WorkDir, load: c.Load}
	type candidate struct {
		src      Source
		required bool // named by the user, so worth a word when missing
	}
	var candidates []candidate
	for _, d := range filepath.SplitList(c.Dirs) {
		if d != "" {
			candidates = append(candidates, candidate{Source{Kind: FromEnv, Dir: join(c.WorkDir, d)}, true})
		}
	}
	candidates = append(candidates, candidate{Source{Kind: FromWorkDir, Dir: join(c.WorkDir, WorkDirName)}, false})
	seen := map[string]bool{}
	for _, cand := range candidates {
		key := absPath(cand.src.Dir)
		if seen[key] {
			continue
		}
		seen[key] = true
		if st, err := os.Stat(cand.src.Dir); err == nil && st.IsDir() {
			l.dirs = append(l.dirs, cand.src)
		} else if cand.required {
			l.missing = append(l.missing, cand.src.Dir)
		}
	}
	return l
}

// Dirs returns the local directories the library reads, highest precedence
// first.
func (l *Library) Dirs() []Source { return append([]Source(nil), l.dirs...) }

// Missing returns the directories $SHODO_RUNBOOKS names that are not
// directories (a typo there would otherwise hide a team's runbooks in
// silence).
func (l *Library) Missing() []string { return append([]string(nil), l.missing...) }

// Options returns the load options of the library.
func (l *Library) Options() runbook.Options { return l.load }

// IsPath reports whether a RUNBOOK or SCENARIO argument, or a scenario's
// `runbook` value, names a file rather than an id: it has a path separator
// or ends in .toml. Ids never do.
func IsPath(arg string) bool {
	return strings.ContainsAny(arg, `/\`) || strings.ContainsRune(arg, filepath.Separator) || strings.HasSuffix(arg, ".toml")
}

// RunbookFile loads the runbook file at path (a path named explicitly),
// relative to the working directory when relative. The runbook is nil when
// any diagnostic is an error.
func (l *Library) RunbookFile(path string) (*runbook.Runbook, runbook.Diagnostics) {
	return runbook.LoadFile(join(l.workDir, path), l.load)
}

func join(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}
