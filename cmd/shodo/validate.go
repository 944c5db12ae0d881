package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

func newValidateCmd(env environment) *cobra.Command {
	format := newChoiceFlag("text", "text", "json")
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check runbooks and report every problem with file:line:col",
		Long: `Validate checks runbook files and directories (every *.toml below them) and
reports every problem at once, each at the place to fix it: TOML syntax,
unknown keys, missing keys, dangling references, unreachable triage nodes,
bad durations and triggers — and, as warnings, contract gaps such as a
security vendor without an NDA or a review date older than a year.

PATH may also be an id that shodo list shows: the runbook or scenario of that
id is checked. Without a PATH it checks every source that shodo list reads:
the directories in $SHODO_RUNBOOKS, ./runbooks and the runbooks built into
shodo; a file that is a copy of a built-in one (the ./runbooks of a clone of
shodo) is checked and counted once, as built in.

Diagnostics go to stderr, or to stdout as one JSON object with --format json,
in the language of --lang or else of the locale (LC_ALL, LC_MESSAGES, LANG).
Exit codes: 0 clean or warnings only, 1 errors (or warnings with --strict),
2 usage.`,
		Example: `# Check a directory of runbooks and their shared contacts file
shodo validate ./runbooks

# Fail on warnings too, in CI
shodo validate --strict ./runbooks

# Machine-readable diagnostics
shodo validate --format json ./runbooks | jq '.diagnostics[]'`,
		Args: cobra.ArbitraryArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			c := env.words()
			lib, err := env.library()
			if err != nil {
				return err
			}
			// The library is walked when something needs it: not for a
			// directory of runbooks alone.
			walk := sync.OnceValue(lib.Walk)
			var set runbook.Set
			if len(args) == 0 {
				cat := walk()
				for _, s := range cat.DistinctSets() {
					addSet(&set, s.Set, checkScenarios(s.Set, func(name string) runbook.Diagnostics {
						_, diags := cat.ValidateScenario(s.Source, name)
						return diags
					}))
					set.Diagnostics = append(set.Diagnostics, checkOpens(walk, s.Runbooks)...)
				}
			} else {
				var paths []string
				for _, arg := range args {
					if _, err := os.Stat(env.path(arg)); err == nil || library.IsPath(arg) || !runbookIDPattern().MatchString(arg) {
						paths = append(paths, arg)
						continue
					}
					if err := env.validateID(walk(), arg, &set); err != nil {
						return err
					}
				}
				if len(paths) > 0 {
					walked := runbook.LoadPaths(paths, lib.Options())
					resolve := lazyResolver(walk)
					addSet(&set, walked, checkScenarios(walked, func(name string) runbook.Diagnostics {
						doc, ok := walked.ScenarioDocument(name)
						if !ok {
							return nil // a walk lists as scenarios only files it decoded
						}
						_, diags := drill.ParseDocument(doc, resolve)
						return diags
					}))
					set.Diagnostics = append(set.Diagnostics, checkOpens(walk, walked.Runbooks)...)
				}
			}
			set.Diagnostics = set.Diagnostics.Sort()
			if err := reportSet(env, c, set, format.value, strict); err != nil {
				return err
			}
			if fileCount(set) == 0 && len(args) > 0 {
				// An empty directory passing CI would hide a wrong path.
				return say("cli.validate.no-files", "Paths", strings.Join(args, ", "))
			}
			return nil
		}),
	}
	addChoiceFlag(cmd, format, "format", "output format: text or json")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	return cmd
}

// checkScenarios validates the drill scenarios a walk found, against the
// runbooks they name, with check.
func checkScenarios(set runbook.Set, check func(name string) runbook.Diagnostics) runbook.Diagnostics {
	var diags runbook.Diagnostics
	for _, name := range set.Scenarios {
		diags = append(diags, check(name)...)
	}
	return diags
}

// checkOpens checks the runbooks that the verdicts of rbs offer to open:
// each must be one the library finds or one of rbs. The library is walked
// only when a verdict opens one.
func checkOpens(walk func() *library.Catalog, rbs []*runbook.Runbook) runbook.Diagnostics {
	var ids []string
	opens := false
	for _, rb := range rbs {
		ids = append(ids, rb.ID)
		for _, v := range rb.Verdicts {
			opens = opens || len(v.Open) > 0
		}
	}
	if !opens {
		return nil
	}
	cat := walk()
	var diags runbook.Diagnostics
	for _, rb := range rbs {
		diags = append(diags, cat.CheckOpens(rb, ids...)...)
	}
	return diags
}

// addSet adds what src holds to dst, and the scenarios' diagnostics.
func addSet(dst *runbook.Set, src runbook.Set, scenarioDiags runbook.Diagnostics) {
	dst.Runbooks = append(dst.Runbooks, src.Runbooks...)
	dst.Fragments = append(dst.Fragments, src.Fragments...)
	dst.Scenarios = append(dst.Scenarios, src.Scenarios...)
	dst.Failed = append(dst.Failed, src.Failed...)
	dst.Diagnostics = append(append(dst.Diagnostics, src.Diagnostics...), scenarioDiags...)
}

// validateID adds to set the scenario and the runbook that id finds in
// the library, each loaded on its own with every diagnostic; an id that
// finds neither is a usage error.
func (env environment) validateID(cat *library.Catalog, id string, set *runbook.Set) error {
	found := false
	var unknowns []*library.UnknownIDError
	for _, what := range []library.What{library.WhatScenario, library.WhatRunbook} {
		src, file, err := cat.File(what, id)
		if unknown, ok := errors.AsType[*library.UnknownIDError](err); ok {
			unknowns = append(unknowns, unknown)
			continue
		} else if err != nil {
			return err
		}
		found = true
		if what == library.WhatScenario {
			_, diags := cat.ValidateScenario(src, file)
			set.Scenarios = append(set.Scenarios, file)
			set.Diagnostics = append(set.Diagnostics, diags...)
			continue
		}
		rb, diags := cat.ValidateRunbook(src, file)
		if rb != nil {
			set.Runbooks = append(set.Runbooks, rb)
			diags = append(diags, cat.CheckOpens(rb)...)
		} else {
			set.Failed = append(set.Failed, file)
		}
		set.Diagnostics = append(set.Diagnostics, diags...)
	}
	if !found {
		return usage("cli.validate.unknown-arg", "ID", id, "Hint", didYouMean(unknowns))
	}
	return nil
}

// didYouMean is the hint of a PATH argument that is neither a file nor an
// id: the ids it looks like a typo (or the start) of, if any.
type didYouMean []*library.UnknownIDError

func (d didYouMean) Error() string { return d.in(english()) }

func (d didYouMean) in(c *i18n.Catalog) string {
	var near []string
	for _, u := range d {
		for _, s := range u.Suggestions {
			if !slices.Contains(near, s) {
				near = append(near, s)
			}
		}
	}
	if len(near) == 0 {
		return ""
	}
	return c.T("cli.unknown.did-you-mean", "Suggestions", quoteOr(c, near))
}

// validateReport is the JSON shape of `validate --format json`.
type validateReport struct {
	Version     int                      `json:"version"` // jsonVersion
	Diagnostics []runbook.DiagnosticJSON `json:"diagnostics"`
	Errors      int                      `json:"errors"`
	Warnings    int                      `json:"warnings"`
	Files       int                      `json:"files"`
}

// reportSet prints what validation found, in c's language, and decides the
// exit code.
func reportSet(env environment, c *i18n.Catalog, set runbook.Set, format string, strict bool) error {
	errs, warns := set.Diagnostics.Count()
	if format == "json" {
		diags := []runbook.DiagnosticJSON{} // [] rather than null for tools
		for _, d := range set.Diagnostics {
			diags = append(diags, d.JSON(c))
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(validateReport{Version: jsonVersion, Diagnostics: diags, Errors: errs, Warnings: warns, Files: fileCount(set)}); err != nil {
			return say("cli.err.write", "Error", err)
		}
	} else {
		printDiagnostics(env.stderr, c, set.Diagnostics)
		printPreparation(env, c, set)
	}
	fmt.Fprintln(env.stderr, c.T("cli.validate.summary", "Set", setSummary(c, set),
		"Errors", c.T("cli.validate.errors", "Count", errs), "Warnings", c.T("cli.validate.warnings", "Count", warns)))
	if errs > 0 || strict && warns > 0 {
		return errFindings
	}
	return nil
}

// failedFiles returns the files that have errors and were not loaded as a
// runbook, fragment or scenario: runbooks with errors (their own or their
// includes'), files whose TOML could not be read at all, and any other file
// a diagnostic names, so that the summary counts every file.
func failedFiles(set runbook.Set) []string {
	known := map[string]bool{}
	for _, rb := range set.Runbooks {
		known[filepath.Clean(rb.Path)] = true
	}
	for _, p := range append(append(slices.Clone(set.Fragments), set.Scenarios...), set.Failed...) {
		known[filepath.Clean(p)] = true
	}
	failed := slices.Clone(set.Failed)
	for _, d := range set.Diagnostics {
		f := filepath.Clean(d.File)
		if d.Severity == runbook.Error && d.File != "" && !known[f] {
			known[f] = true
			failed = append(failed, f)
		}
	}
	return failed
}

func fileCount(set runbook.Set) int {
	return len(set.Runbooks) + len(set.Fragments) + len(set.Scenarios) + len(failedFiles(set))
}

// setSummary says what a set holds: "3 runbooks, 1 fragment".
func setSummary(c *i18n.Catalog, set runbook.Set) string {
	parts := []string{c.T("cli.validate.runbooks", "Count", len(set.Runbooks))}
	if n := len(set.Fragments); n > 0 {
		parts = append(parts, c.T("cli.validate.fragments", "Count", n))
	}
	if n := len(set.Scenarios); n > 0 {
		parts = append(parts, c.T("cli.validate.scenarios", "Count", n))
	}
	if n := len(failedFiles(set)); n > 0 {
		parts = append(parts, c.T("cli.validate.unusable", "Count", n))
	}
	return strings.Join(parts, c.T("runbook.list.separator"))
}

// printPreparation lists, for each runbook that has them, the preparation
// items that must be in place before an incident: who keeps each and when
// it was last checked (the lint has warned about the stale ones already).
func printPreparation(env environment, c *i18n.Catalog, set runbook.Set) {
	for _, rb := range set.Runbooks {
		if len(rb.Preparation) == 0 {
			continue
		}
		fmt.Fprintln(env.stderr, c.T("cli.validate.preparation", "Runbook", visible(rb.ID), "Count", len(rb.Preparation)))
		for _, p := range rb.Preparation {
			owner := "-"
			if p.Owner != "" {
				owner = visible(rb.ActorTitle(p.Owner))
			}
			verified := c.T("cli.validate.never-verified")
			if !p.Verified.IsZero() {
				verified = p.Verified.Format("2006-01-02")
			}
			fmt.Fprintln(env.stderr, c.T("cli.validate.preparation-item", "Text", oneLine(p.Text), "Owner", owner, "Verified", verified))
		}
	}
}
