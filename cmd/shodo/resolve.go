package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// runbookIDPattern is what a runbook id looks like on the command line.
var runbookIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// library is where this environment finds runbooks and scenarios: the
// directories in $SHODO_RUNBOOKS, then ./runbooks, then the shipped ones
// (see engine/library).
func (env environment) library() (*library.Library, error) {
	opt, err := env.loadOptions()
	if err != nil {
		return nil, err
	}
	return library.New(library.Config{
		Shipped: env.shipped,
		Dirs:    env.getenv(library.EnvDirs),
		WorkDir: env.dir,
		Load:    opt,
	}), nil
}

// resolveRunbook loads the runbook a RUNBOOK argument names. An argument
// with a path separator or a .toml suffix is a file; anything else is the id
// of a shipped runbook. The rule is deliberately strict: a bare id always
// means the shipped runbook, so a stray local file never silently replaces
// it, and a local runbook is used by giving its path.
//
// The diagnostics are the runbook's own, warnings included; the runbook is
// nil and err says why when it cannot be used. An unknown id is a usage
// error that lists the ids there are.
func (env environment) resolveRunbook(arg string) (*runbook.Runbook, runbook.Diagnostics, error) {
	opt, err := env.loadOptions()
	if err != nil {
		return nil, nil, err
	}
	if isPathArg(arg) {
		file, err := env.fileArg(arg, "runbook", "shodo validate checks a whole directory")
		if err != nil {
			return nil, nil, err
		}
		rb, diags := runbook.LoadFile(file, opt)
		if rb == nil {
			return nil, diags, fmt.Errorf("runbook %s has errors; run shodo validate %s", file, file)
		}
		return rb, diags, nil
	}
	if !runbookIDPattern.MatchString(arg) {
		return nil, nil, usagef("%q is neither a runbook file (a path, or a name ending in .toml) nor a runbook id", arg)
	}
	shipped := runbook.LoadSetFS(env.shipped, runbook.Options{})
	for _, rb := range shipped.Runbooks {
		if rb.ID == arg {
			// Load it again on its own, for its diagnostics alone.
			rb, diags := runbook.LoadFS(env.shipped, rb.Path, opt)
			if rb == nil {
				return nil, diags, fmt.Errorf("shipped runbook %s has errors; please report this", arg)
			}
			return rb, diags, nil
		}
	}
	return nil, nil, env.unknownRunbook(arg, shipped)
}

// fileArg checks a path argument that must name one file of the given kind
// ("runbook", "scenario"); whole says which command takes a directory.
func (env environment) fileArg(arg, kind, whole string) (string, error) {
	file := env.path(arg)
	st, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%s file %s does not exist", kind, file)
	case err != nil:
		return "", fmt.Errorf("%s file: %w", kind, err)
	case st.IsDir():
		return "", usagef("%s is a directory; name one %s file (%s)", file, kind, whole)
	}
	return file, nil
}

// unknownRunbook explains an id that names no shipped runbook, pointing at
// a local runbook that has it, when there is one.
func (env environment) unknownRunbook(id string, shipped runbook.Set) error {
	ids := make([]string, len(shipped.Runbooks))
	for i, rb := range shipped.Runbooks {
		ids[i] = rb.ID
	}
	msg := fmt.Sprintf("no shipped runbook has id %q; shipped: %s", id, strings.Join(ids, ", "))
	if dirs := env.localDirs(); len(dirs) > 0 {
		for _, rb := range runbook.LoadPaths(dirs, runbook.Options{}).Runbooks {
			if rb.ID == id {
				msg += fmt.Sprintf("; the local runbook %s has that id: pass its path", env.display(rb.Path))
				break
			}
		}
	}
	return usagef("%s", msg)
}

// isPathArg reports whether a RUNBOOK argument names a file rather than an id.
func isPathArg(arg string) bool {
	return strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator) || strings.HasSuffix(arg, ".toml")
}

// path resolves a path argument against the working directory.
func (env environment) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.dir, p)
}

// display shortens a path under the working directory for output.
func (env environment) display(p string) string {
	if rel, err := filepath.Rel(env.dir, p); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return p
}

// localDirs returns the directories of local runbooks that exist:
// ./runbooks, then each directory in $SHODO_RUNBOOKS, each once.
func (env environment) localDirs() []string {
	candidates := []string{filepath.Join(env.dir, "runbooks")}
	for _, d := range filepath.SplitList(env.getenv(envRunbooks)) {
		if d != "" {
			candidates = append(candidates, env.path(d))
		}
	}
	var dirs []string
	seen := map[string]bool{}
	for _, d := range candidates {
		key := d
		if abs, err := filepath.Abs(d); err == nil {
			key = abs
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// completeRunbook completes a RUNBOOK argument: shipped ids with their
// titles, and files when the word looks like a path.
func (env environment) completeRunbook(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if isPathArg(toComplete) {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, rb := range runbook.LoadSetFS(env.shipped, runbook.Options{}).Runbooks {
		if strings.HasPrefix(rb.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(rb.ID, oneLine(rb.Title)))
		}
	}
	// Files stay completable too: a local runbook is named by its path.
	return out, cobra.ShellCompDirectiveDefault
}

// oneLine makes runbook text safe for one line of terminal output: runbook
// files come from other people, so control characters (escape sequences,
// carriage returns, tabs) and bidi overrides are dropped or turned into
// spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return -1
		case r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
}
