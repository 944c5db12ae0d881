package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// runbookIDPattern is what a runbook or scenario id looks like on the
// command line.
var runbookIDPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`) })

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

// lazyResolver resolves scenario runbook references through the catalog
// that walk returns, walking the library when a scenario first needs it.
func lazyResolver(walk func() *library.Catalog) drill.Resolver {
	return func(ref, from string) (*runbook.Runbook, runbook.Diagnostics, error) {
		return walk().Resolver()(ref, from)
	}
}

// resolveRunbook loads the runbook a RUNBOOK argument names. An argument
// with a path separator or a .toml suffix is a file; anything else is an
// id that `shodo list` shows, found in the library: $SHODO_RUNBOOKS, then
// ./runbooks, then the shipped runbooks, so that a team's runbook with the
// id of a shipped one is the one that runs.
//
// The runbook is nil and err says why when it cannot be used; the
// diagnostics, when there are any, are the reasons. An unknown id is a
// usage error that lists the ids there are.
func (env environment) resolveRunbook(arg string) (*runbook.Runbook, runbook.Diagnostics, error) {
	lib, err := env.library()
	if err != nil {
		return nil, nil, err
	}
	if library.IsPath(arg) {
		file, err := env.fileArg(arg, library.WhatRunbook)
		if err != nil {
			return nil, nil, err
		}
		rb, diags := lib.RunbookFile(file)
		if rb == nil {
			return nil, diags, say("cli.resolve.runbook-file-errors", "File", file)
		}
		return rb, diags, nil
	}
	if !runbookIDPattern().MatchString(arg) {
		return nil, nil, usage("cli.resolve.not-runbook-arg", "Arg", fmt.Sprintf("%q", arg))
	}
	cat := lib.Walk()
	r, err := cat.Runbook(arg)
	if err != nil {
		return env.runbookLookupFailed(cat, err)
	}
	return r.Runbook, nil, nil
}

// runbookLookupFailed says why an id found no usable runbook.
func (env environment) runbookLookupFailed(cat *library.Catalog, err error) (*runbook.Runbook, runbook.Diagnostics, error) {
	var unknown *library.UnknownIDError
	var broken *library.BrokenError
	switch {
	case errors.As(err, &unknown):
		_, other := cat.Scenario(unknown.ID)
		return nil, nil, usageError{err: unknownID{lookup: unknown, other: other == nil}}
	case errors.As(err, &broken):
		_, diags := cat.ValidateRunbook(broken.Source, broken.Path)
		return nil, diags, env.brokenError(broken)
	}
	return nil, nil, err
}

// unknownID is the CLI's error for an id no source has: the nearest ids
// when it looks like a typo of one, the ids there are, and, when other is
// set, that the id names the other kind (a scenario for a runbook lookup,
// a runbook for a scenario lookup).
type unknownID struct {
	lookup *library.UnknownIDError
	other  bool
}

func (e unknownID) Error() string { return e.in(english()) }
func (e unknownID) Unwrap() error { return e.lookup }

// in says the error in c's language.
func (e unknownID) in(c *i18n.Catalog) string {
	u := e.lookup
	scenario := u.What == library.WhatScenario
	id := fmt.Sprintf("%q", u.ID)
	msg := c.T("cli.unknown.runbook", "ID", id)
	if scenario {
		msg = c.T("cli.unknown.scenario", "ID", id)
	}
	if len(u.Suggestions) > 0 {
		msg += c.T("cli.unknown.did-you-mean", "Suggestions", quoteOr(c, u.Suggestions))
	}
	known := strings.Join(u.Known, c.T("runbook.list.separator"))
	switch {
	case len(u.Known) == 0:
		msg += c.T("cli.unknown.none", "Var", "$"+library.EnvDirs, "Dir", "./"+library.WorkDirName)
	case scenario:
		msg += c.T("cli.unknown.known-scenarios", "IDs", known)
	default:
		msg += c.T("cli.unknown.known-runbooks", "IDs", known)
	}
	switch {
	case e.other && scenario:
		msg += c.T("cli.unknown.is-runbook", "ID", u.ID)
	case e.other:
		msg += c.T("cli.unknown.is-scenario", "ID", u.ID)
	}
	return msg
}

// brokenError says that the file an id finds has errors: its diagnostics
// (printed before) say which.
func (env environment) brokenError(e *library.BrokenError) error {
	file := env.display(e.Path)
	switch {
	case e.What == library.WhatScenario && e.Source.Shipped():
		return say("cli.resolve.shipped-scenario-errors", "ID", e.ID)
	case e.What == library.WhatScenario:
		return say("cli.resolve.scenario-errors", "ID", e.ID, "File", file)
	case e.Source.Shipped():
		return say("cli.resolve.shipped-runbook-errors", "ID", e.ID)
	}
	return say("cli.resolve.runbook-errors", "ID", e.ID, "File", file)
}

// resolveScenario loads the scenario a SCENARIO argument names, validated
// against its runbook: a path (it has a separator or ends in .toml) is a
// file, whose runbook reference is relative to it; anything else is an id
// that `shodo list` shows, found in the library as runbooks are. An unknown
// id is a usage error listing the ids there are.
func (env environment) resolveScenario(arg string) (*drill.Scenario, runbook.Diagnostics, error) {
	lib, err := env.library()
	if err != nil {
		return nil, nil, err
	}
	if library.IsPath(arg) {
		file, err := env.fileArg(arg, library.WhatScenario)
		if err != nil {
			return nil, nil, err
		}
		// Read here (as drill.LoadFile does, without blocking on a FIFO)
		// to resolve the scenario's runbook through the library.
		src, err := runbook.ReadRegular(file)
		if err != nil {
			return nil, runbook.Diagnostics{runbook.ReadError(file, err)}, say("cli.resolve.scenario-file-errors", "File", file)
		}
		sc, diags := drill.Parse(file, src, lazyResolver(sync.OnceValue(lib.Walk)))
		if sc == nil {
			return nil, diags, say("cli.resolve.scenario-file-errors", "File", file)
		}
		return sc, diags, nil
	}
	if !runbookIDPattern().MatchString(arg) {
		return nil, nil, usage("cli.resolve.not-scenario-arg", "Arg", fmt.Sprintf("%q", arg))
	}
	cat := lib.Walk()
	s, err := cat.Scenario(arg)
	var unknown *library.UnknownIDError
	var broken *library.BrokenError
	switch {
	case errors.As(err, &unknown):
		_, other := cat.Runbook(arg)
		return nil, nil, usageError{err: unknownID{lookup: unknown, other: other == nil}}
	case errors.As(err, &broken):
		_, diags := cat.ValidateScenario(broken.Source, broken.Path)
		return nil, diags, env.brokenError(broken)
	case err != nil:
		return nil, nil, err
	}
	sc, diags := cat.ValidateScenario(s.Source, s.Path)
	if sc == nil {
		return nil, diags, env.brokenError(&library.BrokenError{What: library.WhatScenario, ID: s.ID, Path: s.Path, Source: s.Source})
	}
	return sc, diags, nil
}

// fileArg checks a path argument that must name one file of the given kind.
func (env environment) fileArg(arg string, kind library.What) (string, error) {
	file := env.path(arg)
	scenario := kind == library.WhatScenario
	st, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && scenario:
		return "", say("cli.resolve.scenario-file-missing", "File", file)
	case errors.Is(err, fs.ErrNotExist):
		return "", say("cli.resolve.runbook-file-missing", "File", file)
	case err != nil:
		return "", say("cli.resolve.file-unreadable", "Error", err)
	case st.IsDir() && scenario:
		return "", usage("cli.resolve.scenario-file-is-dir", "File", file)
	case st.IsDir():
		return "", usage("cli.resolve.runbook-file-is-dir", "File", file)
	}
	return file, nil
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

// completeRunbook completes a RUNBOOK argument: the ids `shodo list` shows,
// with their titles, and files when the word looks like a path.
func (env environment) completeRunbook(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	lib, err := env.library()
	if library.IsPath(toComplete) || err != nil {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, r := range lib.Walk().Runbooks() {
		if !r.Shadowed && strings.HasPrefix(r.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(r.ID, oneLine(r.Title)))
		}
	}
	// Files stay completable too: a runbook can be named by its path.
	return out, cobra.ShellCompDirectiveDefault
}

// completeScenario completes a SCENARIO argument: the scenario ids `shodo
// list` shows, with their titles, and files when the word looks like a
// path.
func (env environment) completeScenario(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	lib, err := env.library()
	if library.IsPath(toComplete) || err != nil {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, s := range lib.Walk().Scenarios() {
		if !s.Shadowed && strings.HasPrefix(s.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(s.ID, oneLine(s.Title)))
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}
