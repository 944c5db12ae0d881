package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/library"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

func newTestCmd(env environment) *cobra.Command {
	var keep string
	var strict bool
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Play drill scenarios headless and check what they expect",
		Long: `Test plays drill scenarios without a terminal: each scenario's scripted steps
answer the triage and do the duties on a simulated clock, the injects arrive at
their times, every deadline on the way is checked when it falls due, and the
result is compared with what the scenario expects — the verdict and how fast,
the duties met on time, the duties that must not start. A scenario of days runs
in milliseconds.

PATH is a scenario file or a directory (every *.toml below it that has a
runbook key), or an id that shodo list shows: a scenario's, or a runbook's,
which plays every scenario on that runbook. Without a PATH it plays every
scenario shodo list shows: those in $SHODO_RUNBOOKS and ./runbooks, and the
ones built into shodo. A scenario names its runbook by an id from shodo list
or a path relative to itself, and is validated against it like a runbook:
problems print as file:line:col diagnostics, and count as failures.

It prints one line per scenario — "ok", its id, the scenario time of the verdict
and how long the run took, or "FAIL", its id and why — then "N passed, M
failed" on the last line.

It also warns about what the runbooks ask and no drill practises: a legal
duty's required report fields that no scenario fills, and required evidence
that no scenario registers. Warnings do not fail the run, unless --strict.

Exit codes: 0 all passed, 1 a scenario failed or does not validate (or,
with --strict, a warning), 2 usage.`,
		Example: `# Check the runbooks of a repository against its drills, in CI
shodo test ./runbooks/drills

# Every drill of one runbook, failing on a report or evidence no drill practises
shodo test --strict service-failure

# Keep the drills' journals, and write an after-action report of one
shodo test --keep /tmp/drills ./drills/friday.toml
SHODO_HOME=/tmp/drills shodo export INC-20261127-1A2B --format aar`,
		Args: cobra.ArbitraryArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return env.runTests(args, keep, strict, env.words())
		}),
	}
	cmd.Flags().StringVar(&keep, "keep", "", "keep each run's incident under `DIR`/incidents, to export later (default: a temporary directory, removed)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too (a report or evidence no drill practises)")
	return cmd
}

// parsedScenario is a scenario to play, after validation.
type parsedScenario struct {
	name    string // the file, as diagnostics show it
	readErr error
	sc      *drill.Scenario
	diags   runbook.Diagnostics
}

func (p parsedScenario) label() string {
	if p.sc != nil {
		return p.sc.ID
	}
	return p.name
}

// runTests is `shodo test`, its report in c's language.
func (env environment) runTests(args []string, keep string, strict bool, c *i18n.Catalog) error {
	parsed, err := env.scenariosToTest(args)
	if err != nil {
		return err
	}
	home := ""
	if keep != "" {
		home = env.path(keep)
	}
	width := 0
	for _, p := range parsed {
		width = max(width, len(p.label()))
	}
	passed, failed := 0, 0
	for _, p := range parsed {
		ok, err := env.playScenario(p, width, home, c)
		if err != nil {
			return err
		}
		if ok {
			passed++
		} else {
			failed++
		}
	}
	warnings := unpractised(parsed)
	printDiagnostics(env.stderr, c, warnings)
	fmt.Fprintln(env.stdout, c.T("export.test.summary", "Passed", passed, "Failed", failed))
	if failed > 0 || strict && len(warnings) > 0 {
		return errFindings
	}
	return nil
}

// playScenario runs one scenario and prints its line. It reports whether it
// passed; the error is for output that cannot be written.
func (env environment) playScenario(p parsedScenario, width int, home string, c *i18n.Catalog) (bool, error) {
	label := fmt.Sprintf("%-*s", width, oneLine(p.label()))
	line := func(format string, args ...any) error {
		_, err := fmt.Fprintln(env.stdout, visible(fmt.Sprintf(format, args...)))
		return err
	}
	if p.readErr != nil {
		fmt.Fprintf(env.stderr, "%s: %s: %s\n", oneLine(p.name), c.T("runbook.severity.error"), describe(c, p.readErr))
		return false, line("FAIL  %s  %s", label, c.T("export.test.unreadable"))
	}
	printDiagnostics(env.stderr, c, p.diags)
	if p.sc == nil {
		errs, _ := p.diags.Count()
		return false, line("FAIL  %s  %s", label, c.T("export.test.invalid", "Count", errs))
	}
	start, err := env.now()
	if err != nil {
		return false, err
	}
	res, runErr := drill.Run(p.sc, drill.RunOptions{Home: home})
	end, err := env.now()
	if err != nil {
		return false, err
	}
	took := fmt.Sprintf("%.2fs", end.Sub(start).Seconds())
	if runErr != nil {
		return false, line("FAIL  %s  %s", label, oneLine(export.Describe(c, runErr)))
	}
	kept := ""
	if home != "" {
		kept = "  " + filepath.Base(res.Dir)
	}
	if !res.Passed() {
		return false, line("FAIL  %s  %s%s", label, oneLine(export.Failures(c, res.Failures)), kept)
	}
	when := "-"
	if v := res.Card.Verdict; v.Reached != "" {
		when = drill.FormatOffset(v.At)
	}
	if e := res.Card.Ending; e.Reached != "" && e.Outcome == drill.EndingCorrect {
		when = drill.FormatOffset(e.At) // the call that it was no incident
	}
	return true, line("ok    %s  %-7s  %s%s", label, when, took, kept)
}

// scenariosToTest finds the scenarios to play and validates them: every
// scenario of the library without arguments; else the files named, the
// scenarios in the directories, and the scenarios that ids name.
func (env environment) scenariosToTest(args []string) ([]parsedScenario, error) {
	lib, err := env.library()
	if err != nil {
		return nil, err
	}
	// The library is walked when something needs it: scenario files named
	// by path may name their runbooks by path too.
	walk := sync.OnceValue(lib.Walk)
	if len(args) == 0 {
		cat := walk()
		out := env.libraryScenarios(cat, func(library.Scenario, *drill.Scenario) bool { return true })
		for _, b := range cat.BrokenScenarios() {
			// Played, and failed, rather than skipped in silence.
			_, diags := cat.ValidateScenario(b.Source, b.Path)
			out = append(out, parsedScenario{name: env.display(b.Path), diags: diags})
		}
		if len(out) == 0 {
			return nil, usage("cli.test.no-scenarios", "Var", "$"+library.EnvDirs, "Dir", "./"+library.WorkDirName)
		}
		return out, nil
	}
	resolve := lazyResolver(walk)
	var out []parsedScenario
	for _, arg := range args {
		p := env.path(arg)
		st, err := os.Stat(p)
		if err != nil && !library.IsPath(arg) && runbookIDPattern().MatchString(arg) {
			found, err := env.scenariosByID(walk(), arg)
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
			continue
		}
		if err != nil {
			return nil, usage("cli.test.bad-path", "Path", arg, "Error", unwrapPathError(err))
		}
		play := func(name string, src []byte, readErr error) {
			ps := parsedScenario{name: env.display(name), readErr: readErr}
			if readErr == nil {
				ps.sc, ps.diags = drill.Parse(ps.name, src, relativeTo(name, resolve))
			}
			out = append(out, ps)
		}
		if !st.IsDir() {
			src, err := runbook.ReadRegular(p)
			play(p, src, err)
			continue
		}
		found := 0
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && name != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(name, ".toml") {
				return nil
			}
			src, err := runbook.ReadRegular(name)
			if err == nil && !isScenario(name, src) {
				return nil // a runbook or contacts file beside the drills
			}
			found++
			play(name, src, err)
			return nil
		})
		if err != nil {
			return nil, say("cli.test.walk", "Path", arg, "Error", err)
		}
		if found == 0 {
			return nil, usage("cli.test.none-in-dir", "Path", arg)
		}
	}
	return out, nil
}

// libraryScenarios validates the scenarios of the library that ids find
// (none that another shadows) and keeps those keep accepts.
func (env environment) libraryScenarios(cat *library.Catalog, keep func(library.Scenario, *drill.Scenario) bool) []parsedScenario {
	var out []parsedScenario
	for _, s := range cat.Scenarios() {
		if s.Shadowed {
			continue
		}
		sc, diags := cat.ValidateScenario(s.Source, s.Path)
		if keep(s, sc) {
			out = append(out, parsedScenario{name: env.display(s.Path), sc: sc, diags: diags})
		}
	}
	return out
}

// scenariosByID finds what an id names for `shodo test`: the scenario of
// that id, or every scenario on the runbook of that id.
func (env environment) scenariosByID(cat *library.Catalog, id string) ([]parsedScenario, error) {
	src, file, err := cat.File(library.WhatScenario, id)
	if err == nil {
		sc, diags := cat.ValidateScenario(src, file)
		return []parsedScenario{{name: env.display(file), sc: sc, diags: diags}}, nil
	}
	unknownScenario, ok := errors.AsType[*library.UnknownIDError](err)
	if !ok {
		return nil, err
	}
	r, err := cat.Runbook(id)
	if unknownRunbook, ok := errors.AsType[*library.UnknownIDError](err); ok {
		return nil, usage("cli.validate.unknown-arg", "ID", id, "Hint", didYouMean{unknownScenario, unknownRunbook})
	} else if err != nil {
		_, _, err := env.runbookLookupFailed(cat, err)
		return nil, err
	}
	// The runbook's scenarios: those that drill this very runbook (the
	// library hands out one value per runbook file), and those that name
	// its id but do not validate, which fail.
	out := env.libraryScenarios(cat, func(s library.Scenario, sc *drill.Scenario) bool {
		if sc == nil {
			return s.RunbookRef == id
		}
		return sc.Runbook == r.Runbook
	})
	if len(out) == 0 {
		return nil, usage("cli.test.no-drills", "ID", fmt.Sprintf("%q", id))
	}
	return out, nil
}

// relativeTo resolves runbook paths relative to the scenario at path, which
// diagnostics show shorter (relative to the working directory).
func relativeTo(path string, resolve drill.Resolver) drill.Resolver {
	return func(ref, _ string) (*runbook.Runbook, runbook.Diagnostics, error) {
		return resolve(ref, path)
	}
}

// isScenario tells a scenario from the runbooks beside it: it has a
// `runbook` key. A file that does not decode at all is played too, so that
// its diagnostics show and it fails, rather than a broken scenario being
// skipped in silence.
func isScenario(name string, src []byte) bool {
	doc, _ := runbook.DecodeDocument(name, src)
	return doc == nil || doc.Root().Has("runbook")
}

// unwrapPathError drops the path an fs.PathError repeats.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// unpractised warns, for each runbook the scenarios play, about the legal
// reports whose required fields no scenario fills and the required
// evidence no scenario registers (warnings: the run passes or fails on its
// scenarios alone, unless --strict).
func unpractised(parsed []parsedScenario) runbook.Diagnostics {
	var runbooks []*runbook.Runbook
	var scenarios []*drill.Scenario
	for _, p := range parsed {
		if p.sc == nil || p.sc.Runbook == nil {
			continue
		}
		scenarios = append(scenarios, p.sc)
		if !slices.ContainsFunc(runbooks, func(rb *runbook.Runbook) bool { return rb.ID == p.sc.Runbook.ID }) {
			runbooks = append(runbooks, p.sc.Runbook)
		}
	}
	var out runbook.Diagnostics
	for _, rb := range runbooks {
		out = append(out, drill.UnpractisedReports(rb, scenarios)...)
		out = append(out, drill.UnpractisedEvidence(rb, scenarios)...)
	}
	return out
}
