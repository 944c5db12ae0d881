package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// execute runs the command line on root: help, the version, the man page
// and completions as cobra and this package declare them, and the error a
// command returns reported in the reader's language.
//
// shodo used fang for this until it found that fang (v1.0.0) asks the
// terminal for its background colour — an OSC 11 and a DA1 query written
// to the terminal, whose answers arrive on stdin — before every help page
// and every error whenever stdout is a terminal, with no option to stop
// it. A command run at the shell must write nothing but its output: only
// the TUI asks the terminal anything (tea.RequestBackgroundColor). The
// styles here need no answer: bold, and the terminal's own basic colours,
// which its theme already makes readable on its background.
func execute(ctx context.Context, root *cobra.Command, env environment) error {
	root.SilenceUsage, root.SilenceErrors = true, true
	root.Version = version()
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		writeHelp(env.styledWriter(c.OutOrStdout()), env.words(), c)
	})
	root.AddCommand(newManCmd(env))
	err := root.ExecuteContext(ctx)
	if err != nil {
		reportError(env.styledWriter(env.stderr), env.words(), err)
	}
	return err
}

// styledWriter writes styled text to w as the terminal (or file) behind
// it can show it: colours and attributes removed for a pipe or a file,
// or when NO_COLOR is set.
func (env environment) styledWriter(w io.Writer) *colorprofile.Writer {
	var environ []string
	for _, name := range []string{"NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "COLORTERM", "TERM_PROGRAM", "TMUX", "WT_SESSION"} {
		if v := env.getenv(name); v != "" {
			environ = append(environ, name+"="+v)
		}
	}
	return colorprofile.NewWriter(w, environ)
}

// cliStyles are the styles of help and errors.
type cliStyles struct {
	title, command, flag, errorHeader lipgloss.Style
}

func newCLIStyles() cliStyles {
	return cliStyles{
		title:       lipgloss.NewStyle().Bold(true),
		command:     lipgloss.NewStyle().Foreground(lipgloss.Cyan),
		flag:        lipgloss.NewStyle().Foreground(lipgloss.Green),
		errorHeader: lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
	}
}

// writeHelp prints a command's help: what it does, how to call it, its
// examples, its commands and its flags, in that order.
func writeHelp(w io.Writer, words *i18n.Catalog, c *cobra.Command) {
	cliStyles := newCLIStyles()
	var b strings.Builder
	section := func(title string) { fmt.Fprintf(&b, "\n%s\n", cliStyles.title.Render(title)) }
	b.WriteString(strings.TrimRight(cmp.Or(c.Long, c.Short), "\n") + "\n")
	section(words.T("cli.help.usage"))
	fmt.Fprintf(&b, "  %s\n", cliStyles.command.Render(c.UseLine()))
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "  %s\n", cliStyles.command.Render(c.CommandPath()+" COMMAND"))
	}
	if c.Example != "" {
		section(words.T("cli.help.examples"))
		for _, line := range strings.Split(strings.TrimRight(c.Example, "\n"), "\n") {
			if line != "" {
				line = "  " + line
			}
			b.WriteString(line + "\n")
		}
	}
	if c.HasAvailableSubCommands() {
		section(words.T("cli.help.commands"))
		width := 0
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				width = max(width, len(sub.Name()))
			}
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(&b, "  %s  %s\n", cliStyles.command.Render(fmt.Sprintf("%-*s", width, sub.Name())), sub.Short)
			}
		}
	}
	for _, fs := range []struct {
		title string
		flags *pflag.FlagSet
	}{{words.T("cli.help.flags"), c.LocalFlags()}, {words.T("cli.help.global-flags"), c.InheritedFlags()}} {
		if !fs.flags.HasAvailableFlags() {
			continue
		}
		section(fs.title)
		b.WriteString(styleFlags(cliStyles, fs.flags.FlagUsagesWrapped(100)))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n%s\n", words.T("cli.help.more", "Help", cliStyles.command.Render(c.CommandPath()+" COMMAND --help"), "Man", cliStyles.command.Render("shodo man | man -l -")))
	}
	_, _ = io.WriteString(w, b.String())
}

// styleFlags colours the flag names of pflag's aligned usage lines.
func styleFlags(cliStyles cliStyles, usages string) string {
	lines := strings.Split(strings.TrimRight(usages, "\n"), "\n")
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if !strings.HasPrefix(trimmed, "-") {
			continue // a wrapped continuation
		}
		indent := line[:len(line)-len(trimmed)]
		name, rest, _ := strings.Cut(trimmed, "   ")
		lines[i] = indent + cliStyles.flag.Render(name) + "   " + rest
	}
	return strings.Join(lines, "\n") + "\n"
}
