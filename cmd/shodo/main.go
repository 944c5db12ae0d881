// Command shodo is a terminal incident-response runbook engine: it walks the
// on-call engineer from "the service is failing" to a verdict, starts the
// clocks of every agreed duty and records each step on a tamper-evident
// timeline.
//
// Exit codes: 0 ok, 1 findings or failure, 2 usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	// Runbook calendars name IANA zones: carry the zone database, so that
	// a minimal container without /usr/share/zoneinfo reads them too.
	_ "time/tzdata"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/runbooks"
)

// Exit codes, as documented in DESIGN.md.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

func main() {
	env := environment{
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		getenv:  os.Getenv,
		shipped: runbooks.FS,
		dir:     ".",

		interactive: isTerminal(os.Stdin) && isTerminal(os.Stdout),
	}
	if err := run(context.Background(), os.Args[1:], env); err != nil {
		os.Exit(exitCode(err))
	}
}

// isTerminal reports whether f is a terminal (not merely a character
// device such as /dev/null).
func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }

// run executes one shodo command line. It is main without the exit, so that
// tests drive the whole CLI, fang included, in process.
func run(ctx context.Context, args []string, env environment) error {
	env.lang = newLangFlag()
	root := newRootCmd(env)
	// The flag parser stops at a bad flag: a --lang after it still says
	// the language of the complaint. (Set after the flag is defined, so
	// that help shows no default; parsing sets it again and marks it given;
	// a value shodo does not speak is left for the parser to refuse.)
	_ = env.lang.Set(langArg(args))
	// A nil slice would make cobra read os.Args.
	root.SetArgs(append([]string{}, args...))
	return execute(ctx, root, env)
}

// reportError prints the error a command returned, in c's language (see
// describe). Errors that only carry an exit code print nothing: their
// command has already said what went wrong (validate printed its
// diagnostics). Usage errors point to the command's help.
//
// On a terminal it writes a header and the message; elsewhere (CI logs,
// pipes) one plain line, "shodo: message", that a log reader can grep.
func reportError(w *colorprofile.Writer, c *i18n.Catalog, err error) {
	var exit exitError
	if errors.As(err, &exit) {
		return
	}
	help := ""
	var usage usageError
	switch {
	case errors.As(err, &usage) && usage.command != "":
		help = usage.command + " --help"
	case exitCode(err) == exitUsage:
		help = "shodo --help"
	}
	msg := describe(c, err)
	if w.Profile > colorprofile.NoTTY {
		styles := newCLIStyles()
		fmt.Fprintln(w, styles.errorHeader.Render(c.T("cli.error-header")))
		// Wrapped between words, so that the terminal does not cut a
		// word (a file name) at its edge.
		fmt.Fprintln(w, wrapProse(msg, terminalWidth(w.Forward)))
		if help != "" {
			fmt.Fprintln(w, c.T("cli.try-help", "Command", styles.flag.Render(help)))
		}
		return
	}
	fmt.Fprintf(w, "shodo: %s\n", msg)
	if help != "" {
		fmt.Fprintln(w, c.T("cli.try-help", "Command", "'"+help+"'"))
	}
}

// terminalWidth is the width of the terminal w writes to, at most 100
// columns so that a message stays readable; 80 when it cannot tell.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(f.Fd()); err == nil && width > 0 {
			return min(width, 100)
		}
	}
	return 80
}

// exitError ends the process with code after the command has reported why.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// errFindings is returned by commands that found problems and printed them.
var errFindings = exitError{code: exitFindings}

// usageError is a mistake on the command line: a bad flag, a missing or
// unknown argument. It exits with code 2.
type usageError struct {
	command string // "shodo graph", for the pointer to its help
	err     error
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usage returns a usageError that the catalogue message id says with
// args; runE fills in the command.
func usage(id string, args ...any) error {
	return usageError{err: say(id, args...)}
}

// runE adapts a command's body: a usage error it returns names the command,
// so that the message can point to that command's help.
func runE(body func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := body(cmd, args)
		var usage usageError
		if errors.As(err, &usage) && usage.command == "" {
			usage.command = cmd.CommandPath()
			return usage
		}
		return err
	}
}

// exitCode maps the error a command returned to the process exit code.
func exitCode(err error) int {
	var exit exitError
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		return exit.code
	case errors.As(err, &usage):
		return exitUsage
	case strings.HasPrefix(err.Error(), "unknown command "):
		// cobra reports an unknown subcommand as a plain error from
		// Command.Find, before any hook of ours runs
		// (https://github.com/spf13/cobra/pull/2266).
		return exitUsage
	}
	return exitFindings
}

// version names this build: the module version when installed with
// `go install …@version`, else the VCS revision the binary was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return "devel " + rev
}

// usageArgs wraps a cobra argument check so that its complaint exits with
// the usage code.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{command: cmd.CommandPath(), err: err}
		}
		return nil
	}
}

// noArgs checks that a command got no argument.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return say("cli.args.none", "Command", cmd.Name(), "Arg", fmt.Sprintf("%q", args[0]))
	}
	return nil
}

// exactlyOneIncident checks that a command got one INCIDENT argument.
func exactlyOneIncident(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return say("cli.args.no-incident", "Command", cmd.Name())
	case 1:
		return nil
	}
	return say("cli.args.incidents", "Command", cmd.Name(), "Count", len(args))
}

// atMostOneIncident checks that a command got no more than one INCIDENT
// argument.
func atMostOneIncident(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return say("cli.args.incidents", "Command", cmd.Name(), "Count", len(args))
	}
	return nil
}

// langArg finds the value of --lang in a command line that the flag
// parser may not have read to its end; empty when there is none.
func langArg(args []string) string {
	for i, arg := range args {
		switch {
		case arg == "--":
			return ""
		case arg == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(arg, "--lang="):
			return strings.TrimPrefix(arg, "--lang=")
		}
	}
	return ""
}
