package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/export"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
)

func newTestCmd(env environment) *cobra.Command {
	var keep string
	lang := newChoiceFlag("", i18n.Codes()...)
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
runbook key). Without a PATH it plays the scenarios built into shodo. A
scenario names its runbook by a shipped id or a path relative to itself, and is
validated against it like a runbook: problems print as file:line:col
diagnostics, and count as failures.

It prints one line per scenario — "ok", its id, the scenario time of the verdict
and how long the run took, or "FAIL", its id and why — then "N passed, M
failed" on the last line.

Exit codes: 0 all passed, 1 a scenario failed or does not validate, 2 usage.`,
		Example: `# Check the runbooks of a repository against its drills, in CI
shodo test ./runbooks/drills

# Keep the drills' journals, and write an after-action report of one
shodo test --keep /tmp/drills ./drills/friday.toml
SHODO_HOME=/tmp/drills shodo export INC-20261127-1A2B --format aar`,
		Args: cobra.ArbitraryArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			c, err := env.catalog(lang.value)
			if err != nil {
				return err
			}
			return env.runTests(args, keep, c)
		}),
	}
	addChoiceFlag(cmd, lang, "lang", "language of the report's words (default from LC_ALL, LC_MESSAGES, LANG); ids, offsets and the ok/FAIL marks stay as they are")
	cmd.Flags().StringVar(&keep, "keep", "", "keep each run's incident under `DIR`/incidents, to export later (default: a temporary directory, removed)")
	return cmd
}

// scenarioFile is one scenario to play, read but not yet parsed.
type scenarioFile struct {
	name    string // as diagnostics show it
	src     []byte
	resolve drill.Resolver
	readErr error
}

// parsedScenario is a scenario file after validation.
type parsedScenario struct {
	file  scenarioFile
	sc    *drill.Scenario
	diags runbook.Diagnostics
}

func (p parsedScenario) label() string {
	if p.sc != nil {
		return p.sc.ID
	}
	return p.file.name
}

// runTests is `shodo test`, its report in c's language.
func (env environment) runTests(args []string, keep string, c *i18n.Catalog) error {
	files, err := env.scenarioFiles(args)
	if err != nil {
		return err
	}
	home := ""
	if keep != "" {
		home = env.path(keep)
	}
	parsed := make([]parsedScenario, len(files))
	width := 0
	for i, f := range files {
		parsed[i].file = f
		if f.readErr == nil {
			parsed[i].sc, parsed[i].diags = drill.Parse(f.name, f.src, f.resolve)
		}
		width = max(width, len(parsed[i].label()))
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
	fmt.Fprintln(env.stdout, c.T("export.test.summary", "Passed", passed, "Failed", failed))
	if failed > 0 {
		return errFindings
	}
	return nil
}

// playScenario runs one scenario and prints its line. It reports whether it
// passed; the error is for output that cannot be written.
func (env environment) playScenario(p parsedScenario, width int, home string, c *i18n.Catalog) (bool, error) {
	label := fmt.Sprintf("%-*s", width, oneLine(p.label()))
	line := func(format string, args ...any) error {
		_, err := fmt.Fprintf(env.stdout, format+"\n", args...)
		return err
	}
	if p.file.readErr != nil {
		fmt.Fprintf(env.stderr, "%s: error: %v\n", p.file.name, p.file.readErr)
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
	return true, line("ok    %s  %-7s  %s%s", label, when, took, kept)
}

// scenarioFiles finds the scenarios to play: the shipped ones without
// arguments, else the files named and the scenarios in the directories.
func (env environment) scenarioFiles(args []string) ([]scenarioFile, error) {
	if len(args) == 0 {
		names, err := fs.Glob(env.shipped, "drills/*.toml")
		if err != nil || len(names) == 0 {
			return nil, usagef("this shodo ships no drill scenarios; name a scenario file or directory")
		}
		resolve := drill.NewResolver(env.shipped, env.shipped, runbook.Options{})
		out := make([]scenarioFile, len(names))
		for i, n := range names {
			src, err := fs.ReadFile(env.shipped, n)
			out[i] = scenarioFile{name: n, src: src, resolve: resolve, readErr: err}
		}
		return out, nil
	}
	resolve := drill.NewResolver(env.shipped, nil, runbook.Options{})
	var out []scenarioFile
	for _, arg := range args {
		p := env.path(arg)
		st, err := os.Stat(p)
		if err != nil {
			return nil, usagef("%s: %v", arg, unwrapPathError(err))
		}
		if !st.IsDir() {
			src, err := readLimited(p)
			out = append(out, scenarioFile{name: env.display(p), src: src, resolve: relativeTo(p, resolve), readErr: err})
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
			src, err := readLimited(name)
			if err == nil && !isScenario(name, src) {
				return nil // a runbook or contacts file beside the drills
			}
			found++
			out = append(out, scenarioFile{name: env.display(name), src: src, resolve: relativeTo(name, resolve), readErr: err})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", arg, err)
		}
		if found == 0 {
			return nil, usagef("no drill scenarios (*.toml files with a runbook key) in %s", arg)
		}
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

// readLimited reads a file of at most runbook.MaxFileSize bytes (and one
// more, so that the parser reports an oversized file).
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, runbook.MaxFileSize+1))
}

// unwrapPathError drops the path an fs.PathError repeats.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
