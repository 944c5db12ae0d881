package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/tui"
)

// environment is everything a command may touch outside its arguments.
// main fills it from the process; tests from buffers, a map and a
// temporary directory, so that no test depends on the machine it runs on.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// shipped holds the runbooks built into the binary (runbooks.FS).
	shipped fs.FS
	// dir is the working directory that ./runbooks is looked up in.
	dir string
	// interactive is set when stdin and stdout are a terminal, so that
	// `shodo` alone can open the home screen.
	interactive bool
	// lang is the root's --lang, shared by every command (words.go).
	lang *choiceFlag
	// nameAsker asks the first run's question (askName); nil means
	// tui.AskName. Tests answer it without a terminal.
	nameAsker func(ctx context.Context, opt tui.Options, file string) (tui.NameAnswer, error)
}

// Environment variables shodo reads; library.EnvDirs ($SHODO_RUNBOOKS)
// is read where the library is made.
const (
	// envHideExamples, set to 1, leaves the shipped runbooks and drills
	// off the home screen.
	envHideExamples = tui.EnvHideExamples
	// envBell, set to 0, keeps the terminal bell silent when a duty falls
	// overdue.
	envBell = tui.EnvBell
	// envNow overrides the clock (RFC 3339) so that tests and drills of
	// "is this runbook's review stale?" are reproducible.
	envNow = "SHODO_NOW"
)

// now is the CLI's clock: the one place where shodo reads the real time.
func (env environment) now() (time.Time, error) {
	s := env.getenv(envNow)
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usage("cli.err.bad-now", "Var", envNow, "Value", fmt.Sprintf("%q", s))
	}
	return t, nil
}

// loadOptions are the runbook load options for commands that report
// warnings, such as a stale review date.
func (env environment) loadOptions() (runbook.Options, error) {
	now, err := env.now()
	if err != nil {
		return runbook.Options{}, err
	}
	return runbook.Options{Now: now}, nil
}

func newRootCmd(env environment) *cobra.Command {
	root := &cobra.Command{
		Use:   "shodo",
		Short: "Incident-response runbooks for the first moves",
		Long: `shodo walks the on-call engineer from "the service is failing" to a verdict —
an ordinary fault or a security incident, and which kind — starts the clock of
every duty your team agreed with its vendors, security retainer, legal team and
regulators, and stamps every step on a tamper-evident timeline.

Runbooks are TOML files; the ones shodo ships with work with no files at all.
RUNBOOK and SCENARIO arguments take a path to a file or an id that shodo list
shows: a team's own, from $SHODO_RUNBOOKS or ./runbooks, or a shipped one. A
team's runbook with the id of a shipped one is the one used.

Exit codes: 0 ok, 1 findings or failure, 2 usage.`,
		Example: `# Open the home screen: runbooks to start from, incidents to resume
shodo

# Start an incident on a shipped runbook
shodo run service-failure

# Check your runbooks before you need them
shodo validate ./runbooks

# See which runbooks are available
shodo list

# Draw the triage of a shipped runbook
shodo graph service-failure`,
	}
	if env.lang == nil {
		env.lang = newLangFlag()
	}
	addLangFlag(root, env.lang)
	root.SetOut(env.stdout)
	root.SetErr(env.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{command: cmd.CommandPath(), err: flagError(err)}
	})
	root.AddCommand(
		newValidateCmd(env),
		newListCmd(env),
		newGraphCmd(env),
		newSchemaCmd(env),
		newVerifyCmd(env),
		newExportCmd(env),
		newSealCmd(env),
		newLinkCmd(env),
		newRunCmd(env),
		newResumeCmd(env),
		newWatchCmd(env),
		newServeCmd(env),
		newDrillCmd(env),
		newTestCmd(env),
	)
	// Without a command, shodo opens the home screen.
	home := addAppFlags(root)
	root.Args = usageArgs(cobra.NoArgs)
	root.RunE = runE(func(cmd *cobra.Command, _ []string) error {
		if !env.interactive {
			// In a pipe or a CI log there is no screen to draw: say
			// what there is instead.
			return cmd.Help()
		}
		return runHome(cmd.Context(), env, home)
	})
	return root
}

// choiceFlag is a flag whose value must be one of a fixed list, so that a
// typo is a usage error at parse time and the shell can complete it.
type choiceFlag struct {
	value   string
	choices []string
	// kind is what help calls the value (REGIME) when the choices are
	// too many to list in the flag's column; empty to list them.
	kind string
}

func newChoiceFlag(def string, choices ...string) *choiceFlag {
	return &choiceFlag{value: def, choices: choices}
}

func (f *choiceFlag) String() string { return f.value }

func (f *choiceFlag) Set(s string) error {
	if !slices.Contains(f.choices, s) {
		return wantChoices{choices: f.choices, near: runbook.Suggest(s, f.choices)}
	}
	f.value = s
	return nil
}

func (f *choiceFlag) Type() string {
	if f.kind != "" {
		return f.kind
	}
	return strings.Join(f.choices, "|")
}

// addChoiceFlag defines --name with fixed choices and their completion.
func addChoiceFlag(cmd *cobra.Command, f *choiceFlag, name, usage string) {
	cmd.Flags().Var(f, name, usage)
	_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(f.choices, cobra.ShellCompDirectiveNoFileComp))
}
